import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, TableOutlined } from '@ant-design/icons';
import { ACTIVITY_KIND_LABELS, ACTIVITY_KINDS, type ActivityKind } from '@gridvoice/core';
import { useDeputies, useStations } from '../organisation/organisation.api';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { dayjs, formatDateTime, TIME_ZONE } from '../../app/time';
import { useActivityList, useCreateActivity, type ActivityListItem } from './duty.api';
import { BulkActivitiesDialog } from './BulkActivitiesDialog';

const KIND_OPTIONS = ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] }));

interface ActivityForm {
  kind: ActivityKind;
  startedAt: dayjs.Dayjs;
  stationId: string;
  participantDeputyIds: string[];
  constituentsReceived: number;
  summary: string;
  ledByCongressHead?: boolean;
}

function CreateDialog({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const create = useCreateActivity();
  const [form] = Form.useForm<ActivityForm>();
  const [q, setQ] = useState('');
  const [sq, setSq] = useState('');
  const stations = useStations({ q: sq || undefined, pageSize: 50 });
  const deputies = useDeputies({ q: q || undefined, pageSize: 30 });
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({
        kind: v.kind,
        // the picked local time is Beijing time
        startedAt: dayjs.tz(v.startedAt.format('YYYY-MM-DD HH:mm'), TIME_ZONE).toISOString(),
        place: 'station',
        stationId: v.stationId,
        participantDeputyIds: v.participantDeputyIds,
        constituentsReceived: v.constituentsReceived,
        summary: v.summary,
        ledByCongressHead: !!v.ledByCongressHead,
      });
      message.success('已登记履职活动');
      onClose();
    } catch (err) {
      const general = applyServerErrors(form, err, ['kind', 'startedAt', 'stationId', 'participantDeputyIds', 'constituentsReceived', 'summary']);
      if (general) message.error(general);
    }
  };
  return (
    <Modal title="登记履职活动" open okText="保存" cancelText="取消" confirmLoading={create.isPending} onOk={submit} onCancel={onClose} width={640}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'reception', constituentsReceived: 0 }}>
        <Form.Item name="kind" label="活动类型" rules={[{ required: true, message: '请选择活动类型' }]}>
          <Select options={KIND_OPTIONS} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="startedAt" label="活动时间（北京时间）" rules={[{ required: true, message: '请选择活动时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="stationId" label="联络站" rules={[{ required: true, message: '请选择联络站' }]}>
          <Select showSearch filterOption={false} onSearch={setSq} loading={stations.isFetching} options={(stations.data?.items ?? []).map((s) => ({ value: s.stationId, label: s.name }))} />
        </Form.Item>
        <Form.Item name="participantDeputyIds" label="参加代表" rules={[{ required: true, message: '请选择参加的代表' }]}>
          <Select mode="multiple" showSearch filterOption={false} onSearch={setQ} loading={deputies.isFetching} options={(deputies.data?.items ?? []).map((d) => ({ value: d.deputyId, label: d.name }))} />
        </Form.Item>
        <Form.Item name="constituentsReceived" label="接待群众（人次）">
          <InputNumber min={0} max={100000} />
        </Form.Item>
        <Form.Item name="summary" label="活动内容" rules={[{ required: true, whitespace: true, message: '请填写活动内容' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="ledByCongressHead" label="由镇（街）人大主席（主任）带队" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 履职活动: every duty activity in my scope, with the totals (activities, person-times, constituents received). */
export default function ActivitiesPage() {
  const [params, setParams] = useState<{ page: number; pageSize: number; kind?: string; from?: string; to?: string }>({ page: 1, pageSize: 20 });
  const list = useActivityList(params);
  const [creating, setCreating] = useState(false);
  const [bulk, setBulk] = useState(false);
  const t = list.data?.totals;

  const columns: ColumnsType<ActivityListItem> = [
    { title: '时间', dataIndex: 'startedAt', render: (v: string) => formatDateTime(v).slice(0, 16) },
    { title: '类型', dataIndex: 'kindLabel' },
    { title: '地点', key: 'place', render: (_: unknown, a) => a.placeName ?? a.placeLabel },
    { title: '内容', dataIndex: 'summary', ellipsis: true },
    { title: '参加代表（人次）', dataIndex: 'personTimes' },
    { title: '接待群众', dataIndex: 'constituentsReceived' },
    { title: '计入进站入网格', dataIndex: 'countsAsDuty', render: (v: boolean) => (v ? <Tag color="green">计入</Tag> : <Tag>不计入</Tag>) },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          履职活动
        </Typography.Title>
        <Space>
          {list.data?.canBulkCreate && (
            <Button icon={<TableOutlined />} onClick={() => setBulk(true)}>
              批量录入
            </Button>
          )}
          {list.data?.canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              登记履职活动
            </Button>
          )}
        </Space>
      </Space>
      <Space wrap>
        <Select
          allowClear
          placeholder="活动类型"
          aria-label="活动类型"
          style={{ width: 200 }}
          options={KIND_OPTIONS}
          onChange={(kind?: string) => setParams((p) => ({ ...p, page: 1, kind }))}
        />
        <DatePicker.RangePicker
          placeholder={['开始日期', '结束日期']}
          onChange={(v) =>
            setParams((p) => ({ ...p, page: 1, from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') }))
          }
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={messageOf(list.error)} />}
      <Card size="small">
        <Space size="large" wrap>
          <Statistic title="活动（场）" value={t?.activities ?? 0} />
          <Statistic title="参加代表（人次）" value={t?.personTimes ?? 0} />
          <Statistic title="接待群众（人次）" value={t?.constituentsReceived ?? 0} />
        </Space>
      </Card>
      <Table
        rowKey="activityId"
        size="small"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 场`,
          onChange: (page, pageSize) => setParams((p) => ({ ...p, page, pageSize })),
        }}
      />
      {creating && <CreateDialog onClose={() => setCreating(false)} />}
      {bulk && <BulkActivitiesDialog onClose={() => setBulk(false)} />}
    </Space>
  );
}
