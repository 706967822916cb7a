import { useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { TGrid, TGridCreateRequest, TGridUpdateRequest } from '@gridvoice/core';
import { isApiError } from '../../../app/api';
import { applyServerErrors } from '../../../app/form-errors';
import { enc, useOrgMutation } from '../organisation.api';
import { RegionPicker } from '../shared';

export type GridDialog =
  { mode: 'create'; villageCode?: string } | { mode: 'create_micro'; parent: TGrid } | { mode: 'edit'; grid: TGrid };

interface Values {
  villageCode?: string;
  name: string;
  sequence?: number | null;
  centreLat?: number | null;
  centreLng?: number | null;
  editWorkers?: boolean;
  workers?: { name: string; phone?: string }[];
}

const FIELDS = ['villageCode', 'parentGridId', 'name', 'sequence', 'centreLat', 'centreLng', 'workers'] as const;

/** 新建网格 / 新建微网格 / 编辑网格. */
export function GridFormDialog({ dialog, onClose }: { dialog: GridDialog; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useOrgMutation();
  const editing = dialog.mode === 'edit' ? dialog.grid : null;
  const editWorkers = Form.useWatch('editWorkers', form);
  const showWorkers = !editing || editWorkers;

  const submit = async (v: Values) => {
    setFormError(null);
    const workers = (v.workers ?? [])
      .filter((w) => w.name?.trim())
      .map((w) => ({ name: w.name.trim(), phone: w.phone?.trim() ? w.phone.trim() : null }));
    const centre = { centreLat: v.centreLat ?? null, centreLng: v.centreLng ?? null };
    try {
      if (editing) {
        const body: TGridUpdateRequest = { name: v.name.trim(), ...centre, version: editing.version };
        if (v.editWorkers) body.workers = workers;
        await save.mutateAsync({ method: 'PATCH', path: `/grids/${enc(editing.gridId)}`, body });
        void message.success(`已保存“${v.name.trim()}”`);
      } else {
        const body: TGridCreateRequest = {
          name: v.name.trim(),
          ...(dialog.mode === 'create_micro'
            ? { parentGridId: dialog.parent.gridId }
            : { villageCode: v.villageCode! }),
          ...(v.sequence ? { sequence: v.sequence } : {}),
          ...(centre.centreLat !== null ? centre : {}),
          workers,
        };
        await save.mutateAsync({ method: 'POST', path: '/grids', body });
        void message.success(`已新建${dialog.mode === 'create_micro' ? '微网格' : '网格'}“${v.name.trim()}”`);
      }
      onClose();
    } catch (err) {
      // A worker's problem (workers.0.phone) goes under that worker's own input.
      const workerProblems = isApiError(err)
        ? err.fields.filter((f) => /^workers\.\d+\.(name|phone)$/.test(f.field))
        : [];
      if (workerProblems.length > 0 && workerProblems.length === (isApiError(err) ? err.fields.length : 0)) {
        form.setFields(
          workerProblems.map((f) => {
            const [, i, key] = f.field.split('.');
            return {
              name: ['workers', Number(i), key as 'name' | 'phone'] as ['workers', number, 'phone'],
              errors: [f.message],
            };
          }),
        );
        return;
      }
      setFormError(applyServerErrors(form, err, FIELDS));
    }
  };

  const title =
    dialog.mode === 'edit'
      ? `编辑${dialog.grid.kindLabel}：${dialog.grid.code}`
      : dialog.mode === 'create_micro'
        ? '新建微网格'
        : '新建网格';

  return (
    <Modal
      open
      title={title}
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
            ? { name: editing.name, centreLat: editing.centre?.lat, centreLng: editing.centre?.lng }
            : { villageCode: dialog.mode === 'create' ? dialog.villageCode : undefined, workers: [{ name: '' }] }
        }
        onFinish={(v) => void submit(v)}
      >
        {dialog.mode === 'create' && (
          <Form.Item
            name="villageCode"
            label="所属村（社区）"
            extra="网格只能设在村（社区）之下"
            rules={[{ required: true, message: '请选择所属村（社区）' }]}
          >
            <RegionPicker levels={['village']} placeholder="选择村（社区）" />
          </Form.Item>
        )}
        {dialog.mode === 'create_micro' && (
          <Form.Item label="所属网格">
            <Typography.Text strong>
              {dialog.parent.name}（{dialog.parent.code}）
            </Typography.Text>
          </Form.Item>
        )}
        {editing && (
          <Form.Item label="所属">
            <Typography.Text>
              {editing.townName} / {editing.villageName}
              {editing.parentName ? ` / ${editing.parentName}` : ''}
            </Typography.Text>
          </Form.Item>
        )}
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入网格名称' }]}>
          <Input maxLength={64} />
        </Form.Item>
        {!editing && (
          <Form.Item name="sequence" label="序号" extra="留空则自动取下一个序号；编码由上级编码加序号生成">
            <InputNumber min={1} max={999} style={{ width: 160 }} />
          </Form.Item>
        )}
        <Space.Compact block>
          <Form.Item name="centreLng" label="中心点经度" style={{ flex: 1 }}>
            <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="centreLat" label="中心点纬度" style={{ flex: 1 }}>
            <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        {editing && (
          <Form.Item name="editWorkers" valuePropName="checked" extra="修改时须重新填写全部网格员及电话">
            <Checkbox>修改网格员（当前：{editing.workers.map((w) => w.name).join('、') || '无'}）</Checkbox>
          </Form.Item>
        )}
        {showWorkers && (
          <Form.List name="workers">
            {(fields, { add, remove }) => (
              <Form.Item label="网格员">
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'name']} style={{ marginBottom: 8 }}>
                      <Input placeholder="姓名" aria-label={`网格员${i + 1}姓名`} maxLength={32} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'phone']} style={{ marginBottom: 8 }}>
                      <Input placeholder="电话" aria-label={`网格员${i + 1}电话`} maxLength={20} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label="移除网格员" onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                  添加网格员
                </Button>
              </Form.Item>
            )}
          </Form.List>
        )}
      </Form>
    </Modal>
  );
}
