import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Calendar, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useDeputies } from '../organisation/organisation.api';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { dayjs, TIME_ZONE } from '../../app/time';
import { useAnnounce, useRetireRotaTemplate, useRotaCalendar, useRotaTemplates, useSwap, type RotaSlot, type RotaTemplate } from './duty.api';
import { RotaTemplateDialog } from './RotaTemplateDialog';

const hm = (iso: string) => dayjs(iso).tz(TIME_ZONE).format('HH:mm');

function AnnounceDialog({ template, onClose }: { template: RotaTemplate; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const announce = useAnnounce();
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs] | null>(null);
  const submit = async () => {
    if (!range) return;
    try {
      const r = await announce.mutateAsync({ templateId: template.templateId, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
      onClose();
      if (r.late.length) {
        modal.warning({ title: '已公示', content: `共 ${r.slots.length} 个班次，其中 ${r.late.length} 个未提前3天公示。` });
      } else {
        message.success(`已公示 ${r.slots.length} 个班次`);
      }
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  return (
    <Modal title={`公示值班安排：${template.name}`} open okText="公示" cancelText="取消" okButtonProps={{ disabled: !range }} confirmLoading={announce.isPending} onOk={submit} onCancel={onClose}>
      <Typography.Paragraph type="secondary">值班安排应至少提前3天公示，公示后在联络站公开页面展示。</Typography.Paragraph>
      <DatePicker.RangePicker style={{ width: '100%' }} onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)} />
    </Modal>
  );
}

function SwapDialog({ slot, onClose }: { slot: RotaSlot; onClose: () => void }) {
  const { message } = App.useApp();
  const swap = useSwap();
  const [q, setQ] = useState('');
  const deputies = useDeputies({ q: q || undefined, pageSize: 20 });
  const [form] = Form.useForm<{ fromDeputyId: string; toDeputyId: string; reason?: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await swap.mutateAsync({ slotId: slot.slotId, ...v, ...(v.reason ? {} : { reason: undefined }) });
      message.success('已调班');
      onClose();
    } catch (err) {
      const general = applyServerErrors(form, err, ['fromDeputyId', 'toDeputyId', 'reason']);
      if (general) message.error(general);
    }
  };
  return (
    <Modal title={`调班：${slot.date} ${hm(slot.start)}–${hm(slot.end)} ${slot.place.name ?? ''}`} open okText="调班" cancelText="取消" confirmLoading={swap.isPending} onOk={submit} onCancel={onClose}>
      <Form form={form} layout="vertical">
        <Form.Item name="fromDeputyId" label="原值班代表" rules={[{ required: true, message: '请选择原值班代表' }]}>
          <Select options={slot.deputies.map((d) => ({ value: d.deputyId, label: d.name ?? d.deputyId }))} />
        </Form.Item>
        <Form.Item name="toDeputyId" label="替班代表" rules={[{ required: true, message: '请选择替班代表' }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={deputies.isFetching}
            options={(deputies.data?.items ?? []).map((d) => ({ value: d.deputyId, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="reason" label="调换原因">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 排班: the fixed rota (三定) — templates, the calendar they make, announcements and swaps. */
export default function RotaPage() {
  const templates = useRotaTemplates();
  const [month, setMonth] = useState(() => dayjs().tz(TIME_ZONE).startOf('month'));
  const from = month.startOf('month').format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');
  const calendar = useRotaCalendar(from, to);
  const [announcing, setAnnouncing] = useState<RotaTemplate | null>(null);
  const [swapping, setSwapping] = useState<RotaSlot | null>(null);
  const [editing, setEditing] = useState<RotaTemplate | 'new' | null>(null);
  const retire = useRetireRotaTemplate();
  const { message, modal } = App.useApp();
  const confirmRetire = (t: RotaTemplate) =>
    modal.confirm({
      title: `停用排班“${t.name}”？`,
      content: '停用后不再生成新的班次，已有的签到和活动记录不受影响。',
      okText: '停用',
      cancelText: '取消',
      onOk: async () => {
        try {
          await retire.mutateAsync(t.templateId);
          message.success('已停用');
        } catch (err) {
          message.error(messageOf(err));
        }
      },
    });
  const canSwap = (slot: RotaSlot) => templates.data?.items.find((t) => t.templateId === slot.templateId)?.actions.includes('swap') ?? false;

  const columns: ColumnsType<RotaTemplate> = [
    { title: '排班名称', dataIndex: 'name' },
    { title: '用途', dataIndex: 'purposeLabel' },
    { title: '地点', key: 'place', render: (_: unknown, t) => t.place.name ?? '—' },
    { title: '时间', key: 'time', render: (_: unknown, t) => `${t.recurrenceLabel} ${t.startTime}–${t.endTime}` },
    { title: '值班代表', key: 'deputies', render: (_: unknown, t) => t.deputies.map((d) => d.name).join('、') || '轮值' },
    { title: '有效期', key: 'valid', render: (_: unknown, t) => `${t.validFrom} 起${t.validUntil ? `至 ${t.validUntil}` : ''}` },
    { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>) },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, t) => (
        <Space size="small">
          {t.actions.includes('update') && (
            <Button size="small" onClick={() => setEditing(t)}>
              修改
            </Button>
          )}
          {t.actions.includes('announce') && (
            <Button size="small" onClick={() => setAnnouncing(t)}>
              公示
            </Button>
          )}
          {t.actions.includes('delete') && (
            <Button size="small" danger onClick={() => confirmRetire(t)}>
              停用
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const slotsOn = (day: string) => (calendar.data?.slots ?? []).filter((s) => s.date === day);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        排班
      </Typography.Title>
      {templates.error && <Alert type="error" showIcon message={messageOf(templates.error)} />}
      <Card
        title="排班模板（定时、定点、定人）"
        size="small"
        extra={
          templates.data?.canCreate && (
            <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新建排班
            </Button>
          )
        }
      >
        <Table rowKey="templateId" size="small" loading={templates.isLoading} columns={columns} dataSource={templates.data?.items ?? []} pagination={{ pageSize: 10 }} scroll={{ x: 'max-content' }} />
      </Card>
      <Card title="值班日历" size="small">
        {calendar.error && <Alert type="error" showIcon message={messageOf(calendar.error)} />}
        <Calendar
          value={month}
          onPanelChange={(d) => setMonth(d.startOf('month'))}
          onSelect={(d, info) => info.source !== 'date' && setMonth(d.startOf('month'))}
          cellRender={(d, info) => {
            if (info.type !== 'date') return null;
            return (
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                {slotsOn(d.format('YYYY-MM-DD')).map((s) => (
                  <Tag
                    key={s.slotId}
                    color={s.purpose === 'direct_contact_day' ? 'purple' : 'blue'}
                    style={{ whiteSpace: 'normal', cursor: canSwap(s) ? 'pointer' : 'default' }}
                    onClick={() => canSwap(s) && setSwapping(s)}
                    title={`${s.place.name ?? ''} ${hm(s.start)}–${hm(s.end)}`}
                  >
                    {hm(s.start)} {s.deputies.map((x) => x.name).join('、')}
                  </Tag>
                ))}
              </Space>
            );
          }}
        />
      </Card>
      {announcing && <AnnounceDialog template={announcing} onClose={() => setAnnouncing(null)} />}
      {swapping && <SwapDialog slot={swapping} onClose={() => setSwapping(null)} />}
      {editing && <RotaTemplateDialog template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}
