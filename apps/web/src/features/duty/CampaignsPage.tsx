import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Progress, Select, Space, Spin, Typography } from 'antd';
import { PlusOutlined, TagsOutlined } from '@ant-design/icons';
import { useCurrentUser } from '../../app/auth';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { dayjs, formatDateTime } from '../../app/time';
import { useActivities, useCampaigns, useCreateCampaign, useRecentConcerns, useTagCampaign, type Campaign } from './duty.api';

interface CampaignForm {
  name: string;
  theme: string;
  period: [dayjs.Dayjs, dayjs.Dayjs];
  prominentProblemsSolved: number;
}

function TagDialog({ campaign, onClose }: { campaign: Campaign; onClose: () => void }) {
  const { message } = App.useApp();
  const activities = useActivities({ from: campaign.startsOn, to: campaign.endsOn, pageSize: 200 });
  const concerns = useRecentConcerns(true);
  const tag = useTagCampaign();
  const [activityIds, setActivityIds] = useState<string[]>([]);
  const [concernIds, setConcernIds] = useState<string[]>([]);
  const submit = async () => {
    try {
      await tag.mutateAsync({ campaignId: campaign.campaignId, body: { activityIds, concernIds } });
      message.success('已归入主题活动');
      onClose();
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  return (
    <Modal title={`归入「${campaign.name}」`} open okText="归入" cancelText="取消" confirmLoading={tag.isPending} onOk={submit} onCancel={onClose}>
      <Form layout="vertical">
        <Form.Item label="履职活动" htmlFor="tag-activities">
          <Select
            id="tag-activities"
            mode="multiple"
            loading={activities.isLoading}
            value={activityIds}
            onChange={setActivityIds}
            optionFilterProp="label"
            options={(activities.data?.items ?? []).map((a) => ({
              value: a.activityId,
              label: `${formatDateTime(a.startedAt).slice(0, 16)} ${a.kindLabel ?? a.kind} ${a.summary ?? ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item label="群众意见" htmlFor="tag-concerns">
          <Select
            id="tag-concerns"
            mode="multiple"
            loading={concerns.isLoading}
            value={concernIds}
            onChange={setConcernIds}
            optionFilterProp="label"
            options={(concerns.data?.items ?? []).map((c) => ({ value: c.concernId, label: `${c.caseNumber} ${c.title}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CampaignCard({ c, onTag }: { c: Campaign; onTag: () => void }) {
  const p = c.progress;
  return (
    <Card
      title={c.name}
      size="small"
      extra={
        c.actions.includes('tag') && (
          <Button size="small" icon={<TagsOutlined />} onClick={onTag}>
            归入活动和意见
          </Button>
        )
      }
      aria-label={`主题活动 ${c.name}`}
      role="region"
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label="主题">{c.theme}</Descriptions.Item>
        <Descriptions.Item label="期间">
          {c.startsOn} 至 {c.endsOn}
        </Descriptions.Item>
        <Descriptions.Item label="范围">{c.regionName ?? c.regionCode}</Descriptions.Item>
        <Descriptions.Item label="活动">{p.activities} 场</Descriptions.Item>
        <Descriptions.Item label="参加代表">{p.personTimes} 人次</Descriptions.Item>
        <Descriptions.Item label="接待群众">{p.constituentsReceived} 人次</Descriptions.Item>
        <Descriptions.Item label="收集意见">{p.concernsCollected} 条</Descriptions.Item>
        <Descriptions.Item label="期内解决">{p.concernsSolvedInPeriod} 条</Descriptions.Item>
        <Descriptions.Item label="形成建议">{p.suggestionsFormed} 条</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>三个一</Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        {p.threeOnes.map((t) => (
          <div key={t.code}>
            <Typography.Text>
              {t.label}：{t.done} / {t.target}
            </Typography.Text>
            <Progress percent={t.target ? Math.round((Math.min(t.done, t.target) / t.target) * 100) : 100} size="small" />
            {t.missing.length > 0 && (
              <Typography.Text type="secondary">尚未完成：{t.missing.map((m) => m.name).join('、')}</Typography.Text>
            )}
          </div>
        ))}
      </Space>
      <Alert style={{ marginTop: 12 }} type="info" message={`成效：${c.summary}`} />
    </Card>
  );
}

/** 主题活动: campaigns with live progress against the "三个一" and the summary sentence. */
export default function CampaignsPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const list = useCampaigns();
  const create = useCreateCampaign();
  const [creating, setCreating] = useState(false);
  const [tagging, setTagging] = useState<Campaign | null>(null);
  const [form] = Form.useForm<CampaignForm>();

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({
        name: v.name,
        theme: v.theme,
        regionCode: user.scopeRegionCode.padEnd(12, '0'),
        startsOn: v.period[0].format('YYYY-MM-DD'),
        endsOn: v.period[1].format('YYYY-MM-DD'),
        targets: { townHeadActivityPerTown: 1, qualitySuggestionPerGroup: 1, prominentProblemsSolved: v.prominentProblemsSolved, concernsCollected: 0 },
      });
      setCreating(false);
      form.resetFields();
      message.success('已新建主题活动');
    } catch (err) {
      const general = applyServerErrors(form, err, ['name', 'theme']);
      if (general) message.error(general);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          主题活动
        </Typography.Title>
        {list.data?.canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建主题活动
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon message={messageOf(list.error)} />}
      {list.isLoading && <Spin />}
      {list.data && list.data.items.length === 0 && <Empty description="暂无主题活动" />}
      {list.data?.items.map((c) => <CampaignCard key={c.campaignId} c={c} onTag={() => setTagging(c)} />)}
      {tagging && <TagDialog campaign={tagging} onClose={() => setTagging(null)} />}
      <Modal title="新建主题活动" open={creating} okText="保存" cancelText="取消" confirmLoading={create.isPending} onOk={submit} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ prominentProblemsSolved: 1 }}>
          <Form.Item name="name" label="活动名称" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="theme" label="活动主题" rules={[{ required: true, whitespace: true, message: '请填写活动主题' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="period" label="活动期间" rules={[{ required: true, message: '请选择活动期间' }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="prominentProblemsSolved" label="推动解决突出问题（目标数）">
            <InputNumber min={0} max={10000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
