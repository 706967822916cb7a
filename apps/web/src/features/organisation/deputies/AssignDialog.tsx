import { useState } from 'react';
import { Alert, App, Form, Modal, Select } from 'antd';
import type { TAssignmentCreateRequest, TAssignmentUpdateRequest, TDeputyDetail } from '@gridvoice/core';
import { ASSIGNMENT_BASIS_LABELS } from '../labels';
import { applyServerErrors } from '../../../app/form-errors';
import { enc, useOrgMutation } from '../organisation.api';
import { GridPicker, StationPicker } from '../pickers';

type Assignment = TDeputyDetail['assignments'][number];

/**
 * 新增进站入网格安排, or 修改 an existing one (its basis, station or grid): the bases offered are
 * those R-ORG-5 allows for this deputy.
 */
export function AssignDialog({
  deputy,
  assignment,
  onClose,
}: {
  deputy: TDeputyDetail;
  assignment?: Assignment;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TAssignmentCreateRequest>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useOrgMutation();
  const submit = async (v: TAssignmentCreateRequest) => {
    setFormError(null);
    try {
      if (assignment) {
        const body: TAssignmentUpdateRequest = {
          basis: v.basis,
          stationId: v.stationId ?? null,
          gridId: v.gridId ?? null,
        };
        await save.mutateAsync({
          method: 'PATCH',
          path: `/deputies/${enc(deputy.deputyId)}/assignments/${enc(assignment.assignmentId)}`,
          body,
        });
        void message.success('已修改安排');
      } else {
        await save.mutateAsync({ method: 'POST', path: `/deputies/${enc(deputy.deputyId)}/assignments`, body: v });
        void message.success('已安排');
      }
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(form, err, ['stationId', 'gridId', 'basis']));
    }
  };
  const bases = assignment && !deputy.allowedBases.includes(assignment.basis) ? [assignment.basis, ...deputy.allowedBases] : deputy.allowedBases;
  return (
    <Modal
      open
      title={`${assignment ? '修改' : '安排'}进站入网格：${deputy.name}`}
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
        initialValues={
          assignment
            ? { basis: assignment.basis, stationId: assignment.station?.id, gridId: assignment.grid?.id }
            : { basis: deputy.allowedBases[0] }
        }
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="basis" label="依据">
          <Select aria-label="依据" options={bases.map((b) => ({ value: b, label: ASSIGNMENT_BASIS_LABELS[b] }))} />
        </Form.Item>
        <Form.Item name="stationId" label="联络站">
          <StationPicker
            aria-label="联络站"
            placeholder="搜索联络站"
            {...(assignment?.station
              ? { knownOption: { value: assignment.station.id, label: `${assignment.station.name}（${assignment.station.code}）` } }
              : {})}
          />
        </Form.Item>
        <Form.Item name="gridId" label="网格">
          <GridPicker
            aria-label="网格"
            placeholder="搜索网格"
            {...(assignment?.grid ? { knownOption: { value: assignment.grid.id, label: assignment.grid.name } } : {})}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
