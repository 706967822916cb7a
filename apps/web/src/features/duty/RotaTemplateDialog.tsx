import { useState } from 'react';
import { App, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, TimePicker } from 'antd';
import { ROTA_PURPOSE_LABELS, ROTA_PURPOSES, ROTA_WEEKDAY_LABELS, type TRotaTemplateRequest } from '@gridvoice/core';
import { useDeputies, useGrids, useStations } from '../organisation/organisation.api';
import { applyServerErrors } from '../../app/form-errors';
import { dayjs } from '../../app/time';
import { useSaveRotaTemplate, type RotaTemplate } from './duty.api';

const WEEKDAY_OPTIONS = [1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: d, label: ROTA_WEEKDAY_LABELS[d] }));
const NTH_OPTIONS = [1, 2, 3, 4, 5, -1].map((n) => ({ value: n, label: n === -1 ? '最后一个' : `第${n}个` }));
const DAY_OPTIONS = Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: `${i + 1}日` }));

type Recurrence = TRotaTemplateRequest['recurrence'];

interface TemplateForm {
  name: string;
  purpose: TRotaTemplateRequest['purpose'];
  placeKind: 'station' | 'grid';
  placeId: string;
  kind: Recurrence['kind'];
  weekdays?: number[];
  weekday?: number;
  nths?: number[];
  days?: number[];
  startTime: dayjs.Dayjs;
  endTime: dayjs.Dayjs;
  deputyIds: string[];
  valid: [dayjs.Dayjs, dayjs.Dayjs | null];
}

/** "09:30" as a picker value (today, at that time). */
const timeOfDay = (hm: string) => {
  const [h, m] = hm.split(':').map(Number);
  return dayjs().startOf('day').hour(h ?? 0).minute(m ?? 0);
};

function initialOf(t: RotaTemplate | null): Partial<TemplateForm> {
  if (!t) return { purpose: 'station_duty', placeKind: 'station', kind: 'monthly_nth_weekday', weekday: 4, nths: [2], deputyIds: [] };
  const r = t.recurrence;
  return {
    name: t.name,
    purpose: t.purpose,
    placeKind: t.place.kind === 'grid' ? 'grid' : 'station',
    ...(t.place.id ? { placeId: t.place.id } : {}),
    kind: r.kind,
    ...(r.kind === 'weekly' ? { weekdays: r.weekdays } : r.kind === 'monthly_nth_weekday' ? { weekday: r.weekday, nths: r.nths } : { days: r.days }),
    startTime: timeOfDay(t.startTime),
    endTime: timeOfDay(t.endTime),
    deputyIds: t.deputies.map((d) => d.deputyId),
    valid: [dayjs(t.validFrom), t.validUntil ? dayjs(t.validUntil) : null],
  };
}

function recurrenceOf(v: TemplateForm): Recurrence {
  if (v.kind === 'weekly') return { kind: 'weekly', weekdays: (v.weekdays ?? []) as (0 | 1 | 2 | 3 | 4 | 5 | 6)[] };
  if (v.kind === 'monthly_day') return { kind: 'monthly_day', days: v.days ?? [] };
  return {
    kind: 'monthly_nth_weekday',
    weekday: (v.weekday ?? 4) as 0 | 1 | 2 | 3 | 4 | 5 | 6,
    nths: (v.nths ?? []) as (1 | 2 | 3 | 4 | 5 | -1)[],
  };
}

/**
 * 新建／修改排班模板 (三定: 定时、定点、定人): e.g. "每月第二个星期四 9:00–11:30，某联络站，代表甲、乙".
 * A rotation of deputy groups, where a template has one, is kept as it is on edit.
 */
export function RotaTemplateDialog({ template, onClose }: { template: RotaTemplate | null; onClose: () => void }) {
  const { message } = App.useApp();
  const save = useSaveRotaTemplate();
  const [form] = Form.useForm<TemplateForm>();
  const placeKind = Form.useWatch('placeKind', form) ?? 'station';
  const kind = Form.useWatch('kind', form) ?? 'monthly_nth_weekday';
  const [pq, setPq] = useState('');
  const [dq, setDq] = useState('');
  const stations = useStations({ q: pq || undefined, pageSize: 50 }, placeKind === 'station');
  const grids = useGrids({ q: pq || undefined, pageSize: 50 }, placeKind === 'grid');
  const deputies = useDeputies({ q: dq || undefined, pageSize: 30 });

  const placeOptions =
    placeKind === 'station'
      ? (stations.data?.items ?? []).map((s) => ({ value: s.stationId, label: s.name }))
      : (grids.data?.items ?? []).map((g) => ({ value: g.gridId, label: g.name }));
  if (template?.place.id && template.place.kind === placeKind && !placeOptions.some((o) => o.value === template.place.id)) {
    placeOptions.unshift({ value: template.place.id, label: template.place.name ?? template.place.id });
  }
  const deputyOptions = (deputies.data?.items ?? []).map((d) => ({ value: d.deputyId, label: d.name }));
  for (const d of template?.deputies ?? []) {
    if (!deputyOptions.some((o) => o.value === d.deputyId)) deputyOptions.push({ value: d.deputyId, label: d.name ?? d.deputyId });
  }

  const submit = async () => {
    const v = await form.validateFields();
    const body: TRotaTemplateRequest = {
      name: v.name,
      purpose: v.purpose,
      place: { kind: v.placeKind, id: v.placeId },
      recurrence: recurrenceOf(v),
      startTime: v.startTime.format('HH:mm'),
      endTime: v.endTime.format('HH:mm'),
      deputyIds: v.deputyIds,
      ...(template && template.rotation.length ? { rotation: template.rotation.map((g) => g.map((d) => d.deputyId)) } : {}),
      validFrom: v.valid[0].format('YYYY-MM-DD'),
      validUntil: v.valid[1] ? v.valid[1].format('YYYY-MM-DD') : null,
    };
    try {
      await save.mutateAsync({ ...(template ? { templateId: template.templateId } : {}), body });
      message.success(template ? '已修改排班' : '已新建排班');
      onClose();
    } catch (err) {
      const general = applyServerErrors(form, err, ['name', 'purpose', 'startTime', 'endTime', 'deputyIds']);
      if (general) message.error(general);
    }
  };

  return (
    <Modal
      title={template ? `修改排班：${template.name}` : '新建排班'}
      open
      width={640}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={submit}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" initialValues={initialOf(template)}>
        <Form.Item name="name" label="排班名称" rules={[{ required: true, whitespace: true, message: '请输入排班名称' }]}>
          <Input maxLength={64} placeholder="如：沙坪街道联络站每月第二个星期四接待" />
        </Form.Item>
        <Form.Item name="purpose" label="用途" rules={[{ required: true, message: '请选择用途' }]}>
          <Radio.Group options={ROTA_PURPOSES.map((p) => ({ value: p, label: ROTA_PURPOSE_LABELS[p] }))} />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="placeKind" label="地点类型">
            <Radio.Group
              options={[
                { value: 'station', label: '联络站' },
                { value: 'grid', label: '网格' },
              ]}
              onChange={() => form.setFieldValue('placeId', undefined)}
            />
          </Form.Item>
          <Form.Item name="placeId" label={placeKind === 'station' ? '联络站' : '网格'} rules={[{ required: true, message: '请选择值班地点' }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setPq}
              style={{ width: 300 }}
              aria-label="值班地点"
              loading={stations.isFetching || grids.isFetching}
              options={placeOptions}
            />
          </Form.Item>
        </Space>
        <Form.Item name="kind" label="重复规则">
          <Radio.Group
            options={[
              { value: 'monthly_nth_weekday', label: '每月第几个星期几' },
              { value: 'weekly', label: '每周' },
              { value: 'monthly_day', label: '每月几日' },
            ]}
          />
        </Form.Item>
        {kind === 'weekly' && (
          <Form.Item name="weekdays" label="星期" rules={[{ required: true, message: '请至少选择一个星期几' }]}>
            <Checkbox.Group options={WEEKDAY_OPTIONS} />
          </Form.Item>
        )}
        {kind === 'monthly_nth_weekday' && (
          <Space align="start" wrap>
            <Form.Item name="nths" label="第几个" rules={[{ required: true, message: '请至少选择一个“第几个”' }]}>
              <Checkbox.Group options={NTH_OPTIONS} />
            </Form.Item>
            <Form.Item name="weekday" label="星期" rules={[{ required: true, message: '请选择星期几' }]}>
              <Select style={{ width: 110 }} options={WEEKDAY_OPTIONS} aria-label="星期" />
            </Form.Item>
          </Space>
        )}
        {kind === 'monthly_day' && (
          <Form.Item name="days" label="日期" rules={[{ required: true, message: '请至少选择一天' }]}>
            <Select mode="multiple" options={DAY_OPTIONS} aria-label="每月日期" />
          </Form.Item>
        )}
        <Space align="start" wrap>
          <Form.Item name="startTime" label="开始时间（北京时间）" rules={[{ required: true, message: '请选择开始时间' }]}>
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} placeholder="开始时间" />
          </Form.Item>
          <Form.Item name="endTime" label="结束时间" rules={[{ required: true, message: '请选择结束时间' }]}>
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} placeholder="结束时间" />
          </Form.Item>
        </Space>
        <Form.Item
          name="deputyIds"
          label={template?.rotation.length ? `固定值班代表（另有${template.rotation.length}个轮值组）` : '值班代表'}
          rules={template?.rotation.length ? [] : [{ required: true, message: '请至少安排一位代表' }]}
        >
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setDq}
            loading={deputies.isFetching}
            aria-label="值班代表"
            options={deputyOptions}
          />
        </Form.Item>
        <Form.Item name="valid" label="有效期（结束日期可不填）" rules={[{ required: true, message: '请选择开始日期' }]}>
          <DatePicker.RangePicker allowEmpty={[false, true]} placeholder={['开始日期', '长期有效']} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
