import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { CONGRESS_LEVEL_LABELS } from '@gridvoice/core';
import { useAuth } from '../../app/auth';
import { applyServerErrors } from '../../app/form-errors';
import { formatDateTime } from '../../app/time';
import { VOTES_API, useRoundMutation, useRounds, type RoundSummary } from './votes.api';

export const PHASE_COLORS: Record<string, string> = {
  collecting: 'default',
  screening: 'gold',
  published: 'blue',
  ballot_pending: 'blue',
  ballot_open: 'processing',
  ballot_closed: 'orange',
  counted: 'green',
};

interface CreateForm {
  title: string;
  year: number;
  congressLevel: 'county' | 'prefectural' | 'township';
  term: number;
  seats: number;
  secret: boolean;
}

/** 票决: the yearly livelihood vote rounds. */
export default function VoteRoundsPage() {
  const { message } = App.useApp();
  const { user } = useAuth();
  const list = useRounds();
  const mutate = useRoundMutation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CreateForm>();

  const submit = async () => {
    const v = await form.validateFields();
    const scope = user?.scopeRegionCode ?? '';
    const congressRegionCode = v.congressLevel === 'prefectural' ? `${scope.slice(0, 4)}00000000` : v.congressLevel === 'county' ? `${scope.slice(0, 6)}000000` : `${scope.slice(0, 9)}000`;
    try {
      const r = await mutate.mutateAsync({ path: VOTES_API, body: { ...v, congressRegionCode } });
      message.success(`已新建：${r.title}`);
      setOpen(false);
    } catch (err) {
      const general = applyServerErrors(form, err, ['title', 'year', 'congressLevel', 'term', 'seats']);
      if (general) message.error(general);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          民生实事项目票决
        </Typography.Title>
        {list.data?.actions.includes('create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            新建票决
          </Button>
        )}
      </Space>
      <Typography.Text type="secondary">征集候选项目 → 审查筛选 → 公布候选名单和资金 → 人大代表投票 → 计票 → 票决项目跟踪实施 → 年终代表评价。</Typography.Text>
      <Card size="small">
        <Table<RoundSummary>
          rowKey="roundId"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={false}
          columns={[
            { title: '票决', dataIndex: 'title', render: (v: string, r) => <Link to={`/votes/${r.roundId}`}>{v}</Link> },
            { title: '年度', dataIndex: 'year', width: 80 },
            { title: '人民代表大会', render: (_: unknown, r) => `${r.congressRegionName}第${r.term}届` },
            { title: '应选', dataIndex: 'seats', width: 70 },
            { title: '方式', dataIndex: 'secret', width: 90, render: (v: boolean) => (v ? '无记名' : '记名') },
            { title: '阶段', dataIndex: 'phase', width: 120, render: (_: string, r) => <Tag color={PHASE_COLORS[r.phase]}>{r.phaseLabel}</Tag> },
            { title: '投票截止', dataIndex: 'closesAt', width: 170, render: (v: string | null) => formatDateTime(v) },
          ]}
        />
      </Card>
      <Modal title="新建民生实事项目票决" open={open} onOk={submit} onCancel={() => setOpen(false)} okText="新建" confirmLoading={mutate.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ year: new Date().getFullYear(), congressLevel: 'county', term: 17, seats: 10, secret: true }}>
          <Form.Item name="title" label="名称" rules={[{ required: true, message: '请填写票决名称' }]}>
            <Input placeholder="例如 2026年十件民生实事项目票决" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="year" label="年度" rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} precision={0} />
            </Form.Item>
            <Form.Item name="congressLevel" label="人大层级" rules={[{ required: true }]}>
              <Select style={{ width: 220 }} options={Object.entries(CONGRESS_LEVEL_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="term" label="届次" rules={[{ required: true }]}>
              <InputNumber min={1} max={99} precision={0} />
            </Form.Item>
            <Form.Item name="seats" label="应选项目数" rules={[{ required: true }]}>
              <InputNumber min={1} max={100} precision={0} />
            </Form.Item>
          </Space>
          <Form.Item name="secret" label="无记名投票" valuePropName="checked">
            <Switch checkedChildren="无记名" unCheckedChildren="记名" />
          </Form.Item>
          <Typography.Text type="secondary">表决规则默认：赞成票超过全体代表的半数为通过；投票人数须达全体代表的三分之二。</Typography.Text>
        </Form>
      </Modal>
    </Space>
  );
}
