import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import type { TStation, TStationCreateRequest, TStationUpdateRequest } from '@gridvoice/core';
import { applyServerErrors } from '../../../app/form-errors';
import { enc, useOrgMutation } from '../organisation.api';
import { RegionPicker } from '../shared';
import { STATION_KIND_OPTIONS } from '../labels';

export type StationDialog = { mode: 'create' } | { mode: 'edit'; station: TStation };

interface Values {
  kind: TStationCreateRequest['kind'];
  regionCode: string;
  name: string;
  address?: string;
  openingHours?: string;
  contactName?: string;
  contactPhone?: string;
  description?: string;
  villageCodes?: string[];
}

const FIELDS = [
  'kind',
  'regionCode',
  'name',
  'address',
  'openingHours',
  'contactName',
  'contactPhone',
  'description',
  'villageCodes',
] as const;

/** 新建联络站 / 编辑联络站 (with the villages it covers when created). */
export function StationFormDialog({ dialog, onClose }: { dialog: StationDialog; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useOrgMutation();
  const editing = dialog.mode === 'edit' ? dialog.station : null;
  const submit = async (v: Values) => {
    setFormError(null);
    const details = {
      name: v.name.trim(),
      address: v.address ?? null,
      openingHours: v.openingHours ?? null,
      contactName: v.contactName ?? null,
      contactPhone: v.contactPhone?.trim() || null,
      description: v.description ?? null,
    };
    try {
      if (editing) {
        const body: TStationUpdateRequest = { ...details, version: editing.version };
        await save.mutateAsync({ method: 'PATCH', path: `/stations/${enc(editing.stationId)}`, body });
        void message.success(`已保存“${details.name}”`);
      } else {
        const body: TStationCreateRequest = { kind: v.kind, regionCode: v.regionCode, ...details };
        await save.mutateAsync({ method: 'POST', path: '/stations', body });
        void message.success(`已新建“${details.name}”`);
      }
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(form, err, FIELDS));
    }
  };
  return (
    <Modal
      open
      title={editing ? `编辑联络站：${editing.code}` : '新建联络站'}
      okText={editing ? '保存' : '创建'}
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
        initialValues={
          editing
            ? {
                kind: editing.kind,
                regionCode: editing.regionCode,
                name: editing.name,
                address: editing.address ?? undefined,
                openingHours: editing.openingHours ?? undefined,
                contactName: editing.contactName ?? undefined,
                contactPhone: editing.contactPhone ?? undefined,
                description: editing.description ?? undefined,
              }
            : {}
        }
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择联络站类型' }]}>
          <Select options={STATION_KIND_OPTIONS} disabled={!!editing} />
        </Form.Item>
        <Form.Item name="regionCode" label="所在区划" rules={[{ required: true, message: '请选择所在区划' }]}>
          <RegionPicker disabled={!!editing} levels={['county', 'town', 'village']} />
        </Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入联络站名称' }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input maxLength={128} />
        </Form.Item>
        <Form.Item name="openingHours" label="开放时间">
          <Input maxLength={128} placeholder="如：每周四 9:00-12:00" />
        </Form.Item>
        <Form.Item name="contactName" label="联系人">
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话" extra="联络站的公开办公电话">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="description" label="简介">
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
