import { useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { TDeputyDetail, TMandateUpdateRequest } from '@gridvoice/core';
import { applyServerErrors } from '../../../app/form-errors';
import { enc, useOrgMutation } from '../organisation.api';
import { DEPUTY_LEVEL_OPTIONS } from '../labels';

type Mandate = TDeputyDetail['mandates'][number];
interface Values {
  level: Mandate['level'];
  term: number;
  constituency?: string | null;
  status: Mandate['status'];
  startedOn?: string;
  endedOn?: string;
}

export const MANDATE_STATUS_OPTIONS = [
  { value: 'active', label: '在任' },
  { value: 'ended', label: '已终止' },
];

/** 修改代表资格: level (its congress follows), term, constituency, status and the dates of the mandate. */
export function MandateDialog({ deputy, mandate, onClose }: { deputy: TDeputyDetail; mandate: Mandate; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useOrgMutation();
  const status = Form.useWatch('status', form);
  const submit = async (v: Values) => {
    setFormError(null);
    const body: TMandateUpdateRequest = {
      ...(v.level !== mandate.level ? { level: v.level } : {}),
      term: v.term,
      constituency: v.constituency?.trim() || null,
      status: v.status,
      startedOn: v.startedOn || null,
      endedOn: v.endedOn || null,
    };
    try {
      await save.mutateAsync({
        method: 'PATCH',
        path: `/deputies/${enc(deputy.deputyId)}/mandates/${enc(mandate.mandateId)}`,
        body,
      });
      void message.success('已保存代表资格');
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(form, err, ['level', 'term', 'constituency', 'status', 'startedOn', 'endedOn']));
    }
  };
  return (
    <Modal
      open
      title={`修改代表资格：${deputy.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        autoComplete="off"
        initialValues={{
          level: mandate.level,
          term: mandate.term,
          constituency: mandate.constituency,
          status: mandate.status,
          startedOn: mandate.startedOn ?? '',
          endedOn: mandate.endedOn ?? '',
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="level" label="层级" extra="改变层级时，所属人大随之改为该层级的人大">
          <Select options={DEPUTY_LEVEL_OPTIONS} />
        </Form.Item>
        <Form.Item name="term" label="届次" rules={[{ required: true, message: '请输入届次' }]}>
          <InputNumber min={1} max={99} precision={0} addonBefore="第" addonAfter="届" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="constituency" label="选区">
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select options={MANDATE_STATUS_OPTIONS} />
        </Form.Item>
        <Form.Item name="startedOn" label="任期开始日期">
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="endedOn"
          label="任期结束日期"
          extra={status === 'ended' ? '终止代表资格时请填写结束日期' : undefined}
        >
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
