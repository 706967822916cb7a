import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import { useStations } from '../organisation/organisation.api';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { formatDateTime } from '../../app/time';
import { revealEntry, useEntryFeedback, useReceptionEntries, useReceptionEntry, type ReceptionEntryDetail } from './duty.api';
import { EntryConcernDialog } from './EntryConcernDialog';

const THIS_YEAR = new Date().getFullYear();
const YEAR_OPTIONS = Array.from({ length: 6 }, (_, i) => THIS_YEAR - i).map((y) => ({ value: y, label: `${y}年` }));

/** The visitor in full, fetched (and audited on the server) only when the clerk asks for it. */
function RevealButton({ entryId }: { entryId: string }) {
  const { message, modal } = App.useApp();
  const [loading, setLoading] = useState(false);
  const reveal = async () => {
    setLoading(true);
    try {
      const v = await revealEntry(entryId);
      modal.info({
        title: '来访人完整信息（本次查看已留痕）',
        content: (
          <Descriptions column={1} size="small">
            <Descriptions.Item label="姓名">{v.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{v.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="住址">{v.address ?? '—'}</Descriptions.Item>
          </Descriptions>
        ),
      });
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setLoading(false);
    }
  };
  return (
    <Button size="small" icon={<EyeOutlined />} loading={loading} onClick={reveal}>
      查看完整信息
    </Button>
  );
}

function FeedbackDialog({ entry, onClose }: { entry: ReceptionEntryDetail; onClose: () => void }) {
  const { message } = App.useApp();
  const save = useEntryFeedback();
  const [form] = Form.useForm<{ feedback: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ entryId: entry.entryId, feedback: v.feedback });
      message.success('已保存反馈情况');
      onClose();
    } catch (err) {
      const general = applyServerErrors(form, err, ['feedback']);
      if (general) message.error(general);
    }
  };
  return (
    <Modal title={`反馈情况：${entry.registerNumber}`} open okText="保存" cancelText="取消" confirmLoading={save.isPending} onOk={submit} onCancel={onClose}>
      <Form form={form} layout="vertical" initialValues={{ feedback: entry.feedback ?? '' }}>
        <Form.Item name="feedback" label="反馈情况" rules={[{ required: true, whitespace: true, message: '请填写反馈情况' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EntryDrawer({ entryId, onClose }: { entryId: string; onClose: () => void }) {
  const entry = useReceptionEntry(entryId);
  const [converting, setConverting] = useState<{ index: number; content: string } | null>(null);
  const [feedback, setFeedback] = useState(false);
  const e = entry.data;
  const can = (a: ReceptionEntryDetail['actions'][number]) => e?.actions.includes(a) ?? false;
  return (
    <Drawer
      title={e ? `接待登记 ${e.registerNumber}` : '接待登记'}
      open
      width={640}
      onClose={onClose}
      extra={
        e && (
          <Space>
            {can('reveal') && <RevealButton entryId={e.entryId} />}
            <Link to={`/duty/receptions/${e.entryId}/print`}>
              <Button size="small" icon={<PrinterOutlined />}>
                打印登记表
              </Button>
            </Link>
          </Space>
        )
      }
    >
      {entry.error && <Alert type="error" showIcon message={messageOf(entry.error)} />}
      {e && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="联络站">{e.stationName}</Descriptions.Item>
            <Descriptions.Item label="接待时间">{formatDateTime(e.receivedAt).slice(0, 16)}</Descriptions.Item>
            <Descriptions.Item label="值班代表">{e.dutyDeputies.map((d) => d.name).join('、')}</Descriptions.Item>
            <Descriptions.Item label="来访人">
              {[e.visitor.name, e.visitor.phone, e.visitor.address].filter(Boolean).join('，') || '未留信息'}（{e.visitor.count}人）
            </Descriptions.Item>
            <Descriptions.Item label="办理方式">{e.routeLabel}</Descriptions.Item>
            <Descriptions.Item label="拟办意见">{e.proposedHandling ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="反馈情况">
              <Space direction="vertical" size={4}>
                <span>{e.feedback ?? '尚未反馈'}</span>
                {can('feedback') && (
                  <Button size="small" onClick={() => setFeedback(true)}>
                    {e.feedback ? '修改反馈' : '填写反馈'}
                  </Button>
                )}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <List
            header={<Typography.Text strong>反映事项（来访人原话）</Typography.Text>}
            bordered
            dataSource={e.requests}
            renderItem={(r) => (
              <List.Item
                actions={[
                  r.concern ? (
                    <Link key="c" to={`/concerns/${r.concern.concernId}`}>
                      {r.concern.caseNumber}
                    </Link>
                  ) : (
                    can('create_concerns') && (
                      <Button key="c" size="small" onClick={() => setConverting({ index: r.index, content: r.content })}>
                        转为群众意见
                      </Button>
                    )
                  ),
                ]}
              >
                {r.index + 1}. {r.content}
              </List.Item>
            )}
          />
        </Space>
      )}
      {e && converting && <EntryConcernDialog entry={e} request={converting} onClose={() => setConverting(null)} />}
      {e && feedback && <FeedbackDialog entry={e} onClose={() => setFeedback(false)} />}
    </Drawer>
  );
}

/** 接待登记: the reception register of the stations in my scope, numbered per station and year. */
export default function ReceptionsPage() {
  const [params, setParams] = useState<{ page: number; pageSize: number; year?: number; stationId?: string }>({ page: 1, pageSize: 20 });
  const [sq, setSq] = useState('');
  const stations = useStations({ q: sq || undefined, pageSize: 50 });
  const list = useReceptionEntries(params);
  const [open, setOpen] = useState<string | null>(null);

  const columns: ColumnsType<ReceptionEntryDetail> = [
    {
      title: '编号',
      dataIndex: 'registerNumber',
      render: (v: string, e) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(e.entryId)}>
          {v}
        </Button>
      ),
    },
    { title: '接待时间', dataIndex: 'receivedAt', render: (v: string) => formatDateTime(v).slice(0, 16) },
    { title: '联络站', dataIndex: 'stationName' },
    { title: '值班代表', key: 'deputies', render: (_: unknown, e) => e.dutyDeputies.map((d) => d.name).join('、') },
    { title: '来访人', key: 'visitor', render: (_: unknown, e) => `${e.visitor.name ?? '未留姓名'}（${e.visitor.count}人）` },
    { title: '反映事项', key: 'requests', render: (_: unknown, e) => `${e.requests.length}项` },
    { title: '办理方式', dataIndex: 'routeLabel' },
    {
      title: '转为群众意见',
      key: 'concerns',
      render: (_: unknown, e) => {
        const n = e.requests.filter((r) => r.concern).length;
        return n ? <Tag color="blue">{n}件</Tag> : <Tag>无</Tag>;
      },
    },
    { title: '反馈', dataIndex: 'feedback', render: (v: string | null) => (v ? <Tag color="green">已反馈</Tag> : <Tag color="orange">待反馈</Tag>) },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        接待登记
      </Typography.Title>
      <Space wrap>
        <Select
          allowClear
          placeholder="年度"
          aria-label="年度"
          style={{ width: 120 }}
          options={YEAR_OPTIONS}
          onChange={(year?: number) => setParams((p) => ({ ...p, page: 1, year }))}
        />
        <Select
          allowClear
          showSearch
          filterOption={false}
          placeholder="联络站"
          aria-label="联络站"
          style={{ width: 260 }}
          onSearch={setSq}
          loading={stations.isFetching}
          options={(stations.data?.items ?? []).map((s) => ({ value: s.stationId, label: s.name }))}
          onChange={(stationId?: string) => setParams((p) => ({ ...p, page: 1, stationId }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={messageOf(list.error)} />}
      <Table
        rowKey="entryId"
        size="small"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 条`,
          onChange: (page, pageSize) => setParams((p) => ({ ...p, page, pageSize })),
        }}
      />
      {open && <EntryDrawer entryId={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}
