import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ACTIVITY_KIND_LABELS, ACTIVITY_KINDS, type ActivityKind } from '@gridvoice/core';
import { isApiError } from '../../app/api';
import { messageOf } from '../../app/form-errors';
import { dayjs, TIME_ZONE } from '../../app/time';
import { useDeputies, useStations } from '../organisation/organisation.api';
import { useBulkActivities } from './duty.api';

const KIND_OPTIONS = ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] }));
const FIELD_LABELS: Record<string, string> = {
  kind: '活动类型',
  startedAt: '活动时间',
  stationId: '联络站',
  place: '地点',
  participantDeputyIds: '参加代表',
  constituentsReceived: '接待群众',
  summary: '活动内容',
};

interface Row {
  kind: ActivityKind;
  startedAt?: dayjs.Dayjs;
  stationId?: string;
  participantDeputyIds?: string[];
  constituentsReceived?: number;
  summary?: string;
}

/** One problem of the server's report, placed on its row ("第2行 联络站：…"). */
export function rowReport(fields: { field: string; message: string }[]): string[] {
  return fields.map((p) => {
    const m = /^activities\.(\d+)\.([A-Za-z]+)/.exec(p.field);
    if (!m) return p.message;
    return `第${Number(m[1]) + 1}行 ${FIELD_LABELS[m[2] as string] ?? m[2]}：${p.message}`;
  });
}

/**
 * 批量录入: staff enter a stack of paper activity records at once. The batch is saved whole or
 * not at all; a rejected batch comes back with a report per row and nothing is saved.
 */
export function BulkActivitiesDialog({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const bulk = useBulkActivities();
  const [form] = Form.useForm<{ rows: Row[] }>();
  const [report, setReport] = useState<string[]>([]);
  const [sq, setSq] = useState('');
  const [dq, setDq] = useState('');
  const stations = useStations({ q: sq || undefined, pageSize: 50 });
  const deputies = useDeputies({ q: dq || undefined, pageSize: 30 });
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  const remember = (items: { value: string; label: string }[]) =>
    setKnown((m) => {
      const next = new Map(m);
      for (const it of items) next.set(it.value, it.label);
      return next;
    });
  const withKnown = (opts: { value: string; label: string }[]) => [
    ...opts,
    ...[...known].filter(([v]) => !opts.some((o) => o.value === v)).map(([value, label]) => ({ value, label })),
  ];
  const stationOptions = withKnown((stations.data?.items ?? []).map((s) => ({ value: s.stationId, label: s.name })));
  const deputyOptions = withKnown((deputies.data?.items ?? []).map((d) => ({ value: d.deputyId, label: d.name })));

  const submit = async () => {
    setReport([]);
    const { rows } = await form.validateFields();
    try {
      const out = await bulk.mutateAsync({
        activities: rows.map((r) => ({
          kind: r.kind,
          startedAt: dayjs.tz((r.startedAt as dayjs.Dayjs).format('YYYY-MM-DD HH:mm'), TIME_ZONE).toISOString(),
          place: 'station' as const,
          stationId: r.stationId as string,
          participantDeputyIds: r.participantDeputyIds ?? [],
          constituentsReceived: r.constituentsReceived ?? 0,
          summary: r.summary ?? '',
        })),
      });
      message.success(`已录入 ${out.created} 场活动`);
      onClose();
    } catch (err) {
      setReport(isApiError(err) && err.fields.length ? rowReport(err.fields) : [messageOf(err)]);
    }
  };

  return (
    <Modal title="批量录入履职活动" open width={1100} okText="全部保存" cancelText="取消" confirmLoading={bulk.isPending} onOk={submit} onCancel={onClose}>
      <Typography.Paragraph type="secondary">每行一场活动，一次最多500行。全部通过校验才会保存；有错误时一行也不保存，并逐行列出原因。</Typography.Paragraph>
      {report.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message="未保存，请修改以下问题后重新提交"
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }} aria-label="逐行问题">
              {report.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          }
        />
      )}
      <Form form={form} initialValues={{ rows: [{ kind: 'reception', constituentsReceived: 0 }, { kind: 'reception', constituentsReceived: 0 }] }}>
        <Form.List name="rows">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap role="group" aria-label={`第${i + 1}行`}>
                  <Typography.Text style={{ display: 'inline-block', width: 44, lineHeight: '32px' }}>第{i + 1}行</Typography.Text>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: '请选择类型' }]}>
                    <Select style={{ width: 150 }} options={KIND_OPTIONS} showSearch optionFilterProp="label" aria-label="活动类型" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'startedAt']} rules={[{ required: true, message: '请选择时间' }]}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder="活动时间" aria-label="活动时间" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'stationId']} rules={[{ required: true, message: '请选择联络站' }]}>
                    <Select
                      style={{ width: 200 }}
                      showSearch
                      filterOption={false}
                      onSearch={setSq}
                      placeholder="联络站"
                      aria-label="联络站"
                      options={stationOptions}
                      onChange={(v: string) => remember(stationOptions.filter((o) => o.value === v))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'participantDeputyIds']} rules={[{ required: true, message: '请选择代表' }]}>
                    <Select
                      style={{ width: 220 }}
                      mode="multiple"
                      showSearch
                      filterOption={false}
                      onSearch={setDq}
                      placeholder="参加代表"
                      aria-label="参加代表"
                      options={deputyOptions}
                      onChange={(v: string[]) => remember(deputyOptions.filter((o) => v.includes(o.value)))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'constituentsReceived']}>
                    <InputNumber min={0} max={100000} placeholder="接待人数" aria-label="接待群众" style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'summary']} rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
                    <Input placeholder="活动内容" aria-label="活动内容" maxLength={2000} style={{ width: 220 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={`删除第${i + 1}行`} disabled={fields.length === 1} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} disabled={fields.length >= 500} onClick={() => add({ kind: 'reception', constituentsReceived: 0 })}>
                添加一行
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
