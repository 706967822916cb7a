import { useState } from 'react';
import { Alert, App, Form, Modal, Select } from 'antd';
import type { TAssignmentCreateRequest, TDeputyDetail } from '@gridvoice/core';
import { ASSIGNMENT_BASIS_LABELS } from '../labels';
import { applyServerErrors } from '../../../app/form-errors';
import { enc, useOrgMutation } from '../organisation.api';
import { GridPicker, StationPicker } from '../pickers';

/** 新增进站入网格安排: the bases offered are those R-ORG-5 allows for this deputy. */
export function AssignDialog({ deputy, onClose }: { deputy: TDeputyDetail; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TAssignmentCreateRequest>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useOrgMutation();
  const submit = async (v: TAssignmentCreateRequest) => {
    setFormError(null);
    try {
      await save.mutateAsync({ method: 'POST', path: `/deputies/${enc(deputy.deputyId)}/assignments`, body: v });
      void message.success('已安排');
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(form, err, ['stationId', 'gridId', 'basis']));
    }
  };
  return (
    <Modal
      open
      title={`安排进站入网格：${deputy.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ basis: deputy.allowedBases[0] }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="basis" label="依据">
          <Select options={deputy.allowedBases.map((b) => ({ value: b, label: ASSIGNMENT_BASIS_LABELS[b] }))} />
        </Form.Item>
        <Form.Item name="stationId" label="联络站">
          <StationPicker placeholder="搜索联络站" />
        </Form.Item>
        <Form.Item name="gridId" label="网格">
          <GridPicker placeholder="搜索网格" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
