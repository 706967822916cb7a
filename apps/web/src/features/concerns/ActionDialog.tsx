import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ACTION_LABELS,
  RATING_LABELS,
  UNIT_ROLE_LABELS,
  type ConcernActionType,
  type TConcernActionRequest,
  type TConcernDetail,
} from '@gridvoice/core';
import { isApiError } from '../../app/api';
import { applyServerErrors } from '../../app/form-errors';
import { UnitPicker } from '../organisation/pickers';
import { useConcernAction, useConcernList } from './concerns.api';
import { optionsOf } from './shared';

type Values = Record<string, unknown>;

interface UnitState {
  unitId: string;
  round: number;
  status: string;
  extension: { workingDays: number; reason: string } | null;
}

const ROLE_OPTIONS = optionsOf(UNIT_ROLE_LABELS);
const RATING_OPTIONS = (['satisfied', 'basically_satisfied', 'dissatisfied'] as const).map((r) => ({ value: r, label: RATING_LABELS[r] }));

/** Actions taken with one click (a confirmation is enough). */
const NO_FORM = new Set<ConcernActionType>(['accept', 'close_not_rated']);

function MasterPicker({ value, onChange, exclude }: { value?: string; onChange?: (v?: string) => void; exclude: string }) {
  const [q, setQ] = useState('');
  const list = useConcernList({ status: 'open', q: q || undefined, pageSize: 20 });
  return (
    <Select
      value={value}
      onChange={(v?: string) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="输入编号或标题搜索"
      loading={list.isFetching}
      options={(list.data?.items ?? [])
        .filter((c) => c.concernId !== exclude)
        .map((c) => ({ value: c.concernId, label: `${c.caseNumber} ${c.title}` }))}
    />
  );
}

function Fields({ type, concern, unitNames }: { type: ConcernActionType; concern: TConcernDetail; unitNames: Map<string, string> }) {
  const units = ((concern.state.units as UnitState[] | undefined) ?? []).filter(
    (u) => u.round === (concern.state.dispatchRound as number),
  );
  const pending = units.filter((u) => u.extension);
  const unitOptions = (list: UnitState[]) => list.map((u) => ({ value: u.unitId, label: unitNames.get(u.unitId) ?? u.unitId }));
  const text = (name: string, label: string, required = true, rows = 4) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []}>
      <Input.TextArea rows={rows} maxLength={5000} />
    </Form.Item>
  );
  switch (type) {
    case 'resolve_on_spot':
      return text('result', '就地解决情况');
    case 'send_for_dispatch':
      return text('note', '说明', false, 2);
    case 'dispatch':
      return (
        <>
          {concern.suggestedLeadUnit && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={`按“分类交办”设置，建议牵头单位：${concern.suggestedLeadUnit.name}（已预选，可更改）`}
            />
          )}
          <Form.List name="units">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'unitId']} label={i === 0 ? '承办单位' : undefined} rules={[{ required: true, message: '请选择承办单位' }]}>
                      <UnitPicker
                        aria-label={`承办单位${i + 1}`}
                        style={{ width: 220 }}
                        placeholder="选择承办单位"
                        {...(i === 0 && concern.suggestedLeadUnit
                          ? { knownOption: { value: concern.suggestedLeadUnit.unitId, label: concern.suggestedLeadUnit.name } }
                          : {})}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'role']} label={i === 0 ? '承办方式' : undefined} rules={[{ required: true, message: '请选择' }]}>
                      <Select aria-label={`承办方式${i + 1}`} options={ROLE_OPTIONS} style={{ width: 90 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'workingDays']} label={i === 0 ? '时限（工作日）' : undefined}>
                      <InputNumber aria-label={`时限${i + 1}`} min={1} max={365} placeholder="按层级默认" style={{ width: 120 }} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button type="text" aria-label="移除" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} style={{ marginTop: i === 0 ? 30 : 0 }} />
                    )}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'assisting' })} style={{ marginBottom: 16 }}>
                  添加协办单位
                </Button>
              </>
            )}
          </Form.List>
          {text('note', '交办意见', false, 2)}
        </>
      );
    case 'return':
      return text('reason', '退回理由');
    case 'request_extension':
      return (
        <>
          <Form.Item name="workingDays" label="延长工作日数" rules={[{ required: true, message: '请填写工作日数' }]}>
            <InputNumber min={1} max={365} />
          </Form.Item>
          {text('reason', '延期理由')}
        </>
      );
    case 'approve_extension':
    case 'refuse_extension':
      return (
        <>
          <Form.Item name="unitId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
            <Select
              options={pending.map((u) => ({
                value: u.unitId,
                label: `${unitNames.get(u.unitId) ?? u.unitId}：申请 ${u.extension?.workingDays} 个工作日（${u.extension?.reason}）`,
              }))}
            />
          </Form.Item>
          {type === 'approve_extension' ? (
            <>
              <Form.Item name="workingDays" label="批准工作日数（默认按申请）">
                <InputNumber min={1} max={365} />
              </Form.Item>
              {text('note', '说明', false, 2)}
            </>
          ) : (
            text('reason', '不予延期理由')
          )}
        </>
      );
    case 'give_opinion':
      return text('opinion', '协办意见');
    case 'reply':
      return text('content', '答复内容', true, 6);
    case 'escalate':
      return text('reason', '上交理由');
    case 'urge':
      return (
        <>
          <Form.Item name="unitId" label="催办单位（默认全部）">
            <Select allowClear options={unitOptions(units)} />
          </Form.Item>
          {text('note', '催办意见', false, 2)}
        </>
      );
    case 'set_key_supervision':
      return text('reason', '督办理由', false, 2);
    case 'rate':
      return (
        <>
          <Form.Item name="rating" label="群众评价" rules={[{ required: true, message: '请选择评价' }]}>
            <Radio.Group options={RATING_OPTIONS} />
          </Form.Item>
          {text('comment', '评价意见', false, 3)}
        </>
      );
    case 'merge_into':
      return (
        <>
          <Form.Item name="masterId" label="合并到（主件）" rules={[{ required: true, message: '请选择主件' }]}>
            <MasterPicker exclude={concern.concernId} />
          </Form.Item>
          {text('reason', '合并理由', false, 2)}
        </>
      );
    case 'link_suggestion':
      return (
        <Form.Item name="suggestionId" label="代表建议编号" rules={[{ required: true, whitespace: true, message: '请填写代表建议编号' }]}>
          <Input />
        </Form.Item>
      );
    case 'accept':
    case 'close_not_rated':
    case 'relay_master_reply':
      return null;
  }
}

const trimEmpty = (v: Values): Values =>
  Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== ''));

/** One action's dialog; sends the version the page saw, and on 409 refreshes the page. */
export function ActionDialog({
  type,
  concern,
  unitNames,
  onClose,
  onStale,
}: {
  type: ConcernActionType;
  concern: TConcernDetail;
  unitNames: Map<string, string>;
  onClose: () => void;
  onStale: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const act = useConcernAction(concern.concernId);
  const [formError, setFormError] = useState<string | null>(null);
  const label = type === 'set_key_supervision' && concern.keySupervision ? '取消重点督办' : ACTION_LABELS[type];

  const submit = async (values: Values) => {
    setFormError(null);
    let body = { ...trimEmpty(values), type } as Values;
    if (type === 'dispatch') {
      body.units = ((values.units as Values[] | undefined) ?? []).map(trimEmpty);
    }
    if (type === 'set_key_supervision') body = { ...body, on: !concern.keySupervision };
    try {
      await act.mutateAsync({ ...(body as TConcernActionRequest), version: concern.version });
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
      width={type === 'dispatch' ? 640 : 520}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      {NO_FORM.has(type) && <p>确定{label}该群众意见？</p>}
      <Form<Values>
        form={form}
        name={`action-${type}`}
        layout="vertical"
        autoComplete="off"
        initialValues={
          type === 'dispatch'
            ? { units: [{ role: 'lead', ...(concern.suggestedLeadUnit ? { unitId: concern.suggestedLeadUnit.unitId } : {}) }] }
            : {}
        }
        onFinish={(v) => void submit(v)}
      >
        <Fields type={type} concern={concern} unitNames={unitNames} />
      </Form>
    </Modal>
  );
}
