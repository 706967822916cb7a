import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  COMMUNICATION_FORM_LABELS,
  CONSULTATION_FORM_LABELS,
  REPLY_CATEGORY_LABELS,
  SUGGESTION_ACTION_LABELS,
  SUGGESTION_RATING_LABELS,
  SUGGESTION_UNIT_ROLE_LABELS,
  type SuggestionActionType,
  type TSuggestionActionBody,
  type TSuggestionDetail,
} from '@gridvoice/core';
import { isApiError } from '../../app/api';
import { applyServerErrors } from '../../app/form-errors';
import { dayjs, TIME_ZONE } from '../../app/time';
import { UnitPicker } from '../organisation/pickers';
import { useSuggestionAction, useSuggestionList } from './suggestions.api';

type Values = Record<string, unknown>;
const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const today = () => dayjs().tz(TIME_ZONE);
const day = (v: unknown) => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : undefined);
const lines = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/** Taken with a confirmation only. */
const NO_FORM = new Set<SuggestionActionType>(['cosign', 'file']);

function MergeTarget({ value, onChange, exclude }: { value?: string; onChange?: (v?: string) => void; exclude: string }) {
  const [q, setQ] = useState('');
  const list = useSuggestionList({ view: 'all', q: q || undefined, pageSize: 20 });
  return (
    <Select
      aria-label="并入的建议"
      value={value}
      onChange={(v?: string) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="输入案号或标题搜索"
      options={(list.data?.items ?? [])
        .filter((s) => s.suggestionId !== exclude && s.caseNumber && !['merged', 'not_registered', 'drafting'].includes(s.status))
        .map((s) => ({ value: s.suggestionId, label: `${s.caseNumber ?? ''} ${s.title}` }))}
    />
  );
}

function Fields({ type, s }: { type: SuggestionActionType; s: TSuggestionDetail }) {
  const text = (name: string, label: string, required = true, rows = 4) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []}>
      <Input.TextArea rows={rows} maxLength={5000} />
    </Form.Item>
  );
  const date = (name: string, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: `请选择${label}` }]}>
      <DatePicker format="YYYY-MM-DD" style={{ width: 180 }} />
    </Form.Item>
  );
  const rating = (name: string, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: `请评价${label}` }]}>
      <Radio.Group options={optionsOf(SUGGESTION_RATING_LABELS)} optionType="button" />
    </Form.Item>
  );
  switch (type) {
    case 'record_communication':
      return (
        <>
          <Form.Item name="form" label="沟通方式" rules={[{ required: true, message: '请选择沟通方式' }]}>
            <Radio.Group options={optionsOf(COMMUNICATION_FORM_LABELS)} optionType="button" />
          </Form.Item>
          {date('on', '沟通日期')}
          <Form.Item name="withWhom" label="沟通对象" rules={[{ required: true, whitespace: true, message: '请填写沟通对象' }]}>
            <Input maxLength={200} placeholder="如：共和镇政府、市水利局" />
          </Form.Item>
          {text('note', '沟通情况')}
        </>
      );
    case 'cosign':
    case 'file':
      return null;
    case 'register':
      return text('note', '立案说明', false, 2);
    case 'merge':
      return (
        <>
          <Form.Item name="mergedInto" label="并入的建议" rules={[{ required: true, message: '请选择并入的建议' }]}>
            <MergeTarget exclude={s.suggestionId} />
          </Form.Item>
          {text('reason', '并案说明', false, 2)}
        </>
      );
    case 'refuse_registration':
      return text('reason', '不予立案理由');
    case 'dispatch':
      return (
        <>
          <Form.List name="units">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'unitId']} label={i === 0 ? '承办单位' : undefined} rules={[{ required: true, message: '请选择承办单位' }]}>
                      <UnitPicker aria-label={`承办单位${i + 1}`} style={{ width: 260 }} placeholder="选择承办单位" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'role']} label={i === 0 ? '承办方式' : undefined} rules={[{ required: true, message: '请选择' }]}>
                      <Select aria-label={`承办方式${i + 1}`} options={optionsOf(SUGGESTION_UNIT_ROLE_LABELS)} style={{ width: 90 }} />
                    </Form.Item>
                    {i > 0 && <Button type="text" aria-label="移除" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} style={{ marginTop: i === 0 ? 30 : 0 }} />}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'assisting' })} style={{ marginBottom: 16 }}>
                  添加协办、会办单位
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="opinionDays" label="协办意见期限（天）" extra="协办、会办单位在此期限内向主办单位提出意见">
            <InputNumber min={1} max={60} />
          </Form.Item>
          <Form.Item name="dueOn" label="办理期限" extra="不填则为交办之日起三个月">
            <DatePicker format="YYYY-MM-DD" style={{ width: 180 }} />
          </Form.Item>
        </>
      );
    case 'give_opinion':
      return text('content', '协办意见');
    case 'record_consultation':
      return (
        <>
          <Form.Item name="form" label="面商方式" rules={[{ required: true, message: '请选择面商方式' }]}>
            <Radio.Group options={optionsOf(CONSULTATION_FORM_LABELS)} optionType="button" />
          </Form.Item>
          {date('on', '面商日期')}
          <Form.Item name="people" label="参加人员" rules={[{ required: true, message: '请填写参加面商的人员' }]}>
            <Select mode="tags" aria-label="参加人员" placeholder="输入姓名后回车" tokenSeparators={['，', ',', '、']} />
          </Form.Item>
          {text('note', '面商情况', false, 3)}
        </>
      );
    case 'request_extension':
      return (
        <>
          <Form.Item name="dueOn" label="延期至" rules={[{ required: true, message: '请选择延期后的期限' }]} extra={`自交办之日起总计不超过六个月（最迟 ${(s.state as { maxDueOn?: string | null }).maxDueOn ?? ''}）`}>
            <DatePicker format="YYYY-MM-DD" style={{ width: 180 }} />
          </Form.Item>
          {text('reason', '延期理由')}
        </>
      );
    case 'decide_extension': {
      const p = s.state.pendingExtension as { dueOn: string; reason: string } | null;
      return (
        <>
          {p && <Alert type="info" showIcon title={`申请延期至 ${p.dueOn}：${p.reason}`} style={{ marginBottom: 16 }} />}
          <Form.Item name="approve" label="审批" rules={[{ required: true, message: '请选择是否批准' }]}>
            <Radio.Group options={[{ value: true, label: '批准延期' }, { value: false, label: '不予延期' }]} optionType="button" />
          </Form.Item>
          {text('note', '审批意见', false, 2)}
        </>
      );
    }
    case 'reply':
      return (
        <>
          <Form.Item name="category" label="答复类别" rules={[{ required: true, message: '请选择答复类别' }]}>
            <Radio.Group options={optionsOf(REPLY_CATEGORY_LABELS)} style={{ display: 'flex', flexDirection: 'column' }} />
          </Form.Item>
          {text('content', '答复内容', true, 5)}
          <Space wrap>
            <Form.Item name="documentNumber" label="文号" rules={[{ required: true, whitespace: true, message: '请填写答复文号' }]}>
              <Input maxLength={100} placeholder="如：鹤水函〔2025〕36号" style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="signer" label="签发人" rules={[{ required: true, whitespace: true, message: '请填写签发人' }]}>
              <Input maxLength={50} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="contact" label="联系人及电话" rules={[{ required: true, whitespace: true, message: '请填写联系人及电话' }]}>
              <Input maxLength={100} style={{ width: 220 }} />
            </Form.Item>
          </Space>
          <Form.Item name="itemsDone" label="已办事项" extra="每行一项">
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.List name="itemsPlanned">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'item']} label={i === 0 ? '计划事项' : undefined} rules={[{ required: true, whitespace: true, message: '请填写计划事项' }]}>
                      <Input aria-label={`计划事项${i + 1}`} style={{ width: 280 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'dueOn']} label={i === 0 ? '完成时间' : undefined} rules={[{ required: true, message: '请选择完成时间' }]}>
                      <DatePicker aria-label={`完成时间${i + 1}`} format="YYYY-MM-DD" />
                    </Form.Item>
                    <Button type="text" aria-label="移除计划事项" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  添加计划事项（B、C类须填写）
                </Button>
              </>
            )}
          </Form.List>
        </>
      );
    case 'rate':
      return (
        <>
          {rating('handling', '办理工作')}
          {rating('result', '办理结果')}
          {text('comment', '意见（不满意时必填）', false, 3)}
        </>
      );
    case 'set_key_supervision':
      return s.keySupervision ? (
        <p>确定取消该建议的重点督办？</p>
      ) : (
        <>
          <Form.Item name="leader" label="督办的常委会领导" rules={[{ required: true, whitespace: true, message: '请填写督办的常委会领导' }]}>
            <Input maxLength={50} placeholder="如：市人大常委会副主任 陈某" />
          </Form.Item>
          <p style={{ color: 'rgba(0,0,0,.55)' }}>由常委会领导与领衔代表共同督办。</p>
          {text('note', '督办要求', false, 2)}
        </>
      );
  }
}

function bodyOf(type: SuggestionActionType, v: Values, s: TSuggestionDetail): Values {
  const clean = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== ''));
  switch (type) {
    case 'record_communication':
    case 'record_consultation':
      return { ...clean, on: day(v.on) };
    case 'request_extension':
      return { ...clean, dueOn: day(v.dueOn) };
    case 'dispatch':
      return { ...clean, dueOn: day(v.dueOn) };
    case 'reply':
      return {
        ...clean,
        itemsDone: lines(v.itemsDone),
        itemsPlanned: ((v.itemsPlanned as { item: string; dueOn: unknown }[] | undefined) ?? []).map((p) => ({ item: p.item, dueOn: day(p.dueOn) })),
      };
    case 'set_key_supervision':
      return { ...clean, on: !s.keySupervision };
    case 'cosign':
    case 'file':
    case 'register':
    case 'merge':
    case 'refuse_registration':
    case 'give_opinion':
    case 'decide_extension':
    case 'rate':
      return clean;
  }
}

/** One action's dialog; sends the version the page saw, and on 409 refreshes the page. */
export function SuggestionActionDialog({ type, s, onClose, onStale }: { type: SuggestionActionType; s: TSuggestionDetail; onClose: () => void; onStale: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const act = useSuggestionAction(s.suggestionId);
  const [formError, setFormError] = useState<string | null>(null);
  const label = type === 'set_key_supervision' && s.keySupervision ? '取消重点督办' : SUGGESTION_ACTION_LABELS[type];

  const submit = async (values: Values) => {
    setFormError(null);
    try {
      await act.mutateAsync({ ...bodyOf(type, values, s), type, version: s.version } as TSuggestionActionBody);
    } catch (err) {
      if (isApiError(err) && err.status === 409 && err.code === 'version_conflict') {
        void message.warning('已被他人更新，请刷新');
        onStale();
        onClose();
        return;
      }
      setFormError(applyServerErrors(form, err, Object.keys(values)));
      return;
    }
    void message.success(`${label}：已完成`);
    onClose();
  };

  const initial: Values =
    type === 'dispatch'
      ? { units: [{ role: 'lead' }], opinionDays: 15 }
      : type === 'record_communication' || type === 'record_consultation'
        ? { on: today(), form: type === 'record_consultation' ? 'meeting' : 'visit' }
        : {};

  return (
    <Modal
      open
      title={label}
      okText="确定"
      cancelText="取消"
      confirmLoading={act.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      width={type === 'dispatch' || type === 'reply' ? 680 : 540}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      {NO_FORM.has(type) && <p>{type === 'cosign' ? '确定附议该建议？' : '确定提交该建议？提交后将编定案号，交代表工作机构审查。'}</p>}
      <Form<Values> form={form} name={`suggestion-action-${type}`} layout="vertical" autoComplete="off" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Fields type={type} s={s} />
      </Form>
    </Modal>
  );
}
