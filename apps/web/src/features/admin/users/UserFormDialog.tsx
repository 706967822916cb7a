import { useMemo, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import type { Role, TUser, TUserCreateRequest, TUserUpdateRequest } from '@gridvoice/core';
import { assignableRoles } from '@gridvoice/core/auth/auth.policy';
import { ROLE_LABELS } from '@gridvoice/core/auth/roles';
import { useCurrentUser } from '../../../app/auth';
import { applyServerErrors } from '../../../app/form-errors';
import { useCreateUser, useUpdateUser } from '../admin.api';
import { RegionTreeSelect } from './RegionTreeSelect';

type Values = TUserCreateRequest;

const FIELDS = ['username', 'displayName', 'role', 'scopeRegionCode', 'password'] as const;

export type UserDialog = { mode: 'create' } | { mode: 'edit'; user: TUser };

/** 新建用户 / 编辑用户. Roles offered are those the current user may hand out (never above their own). */
export function UserFormDialog({ dialog, onClose }: { dialog: UserDialog; onClose: () => void }) {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreateUser();
  const update = useUpdateUser();
  const editing = dialog.mode === 'edit' ? dialog.user : null;
  const isSelf = editing?.userId === me.userId;

  const roleOptions = useMemo(() => {
    const allowed = assignableRoles({
      userId: me.userId,
      username: me.username,
      role: me.role,
      scopeRegionCode: me.scopeRegionCode,
    });
    const roles: Role[] = editing && !allowed.includes(editing.role) ? [editing.role, ...allowed] : allowed;
    return roles.map((r) => ({ value: r, label: ROLE_LABELS[r], disabled: !allowed.includes(r) }));
  }, [me, editing]);

  const submit = async (values: Values) => {
    setFormError(null);
    try {
      if (editing) {
        const body: TUserUpdateRequest = {};
        if (values.displayName.trim() !== editing.displayName) body.displayName = values.displayName.trim();
        if (!isSelf && values.role !== editing.role) body.role = values.role;
        if (!isSelf && values.scopeRegionCode !== editing.scopeRegionCode) {
          body.scopeRegionCode = values.scopeRegionCode;
        }
        if (Object.keys(body).length > 0) {
          await update.mutateAsync({ userId: editing.userId, body });
          void message.success(`已保存用户“${editing.username}”`);
        }
      } else {
        await create.mutateAsync({
          ...values,
          username: values.username.trim(),
          displayName: values.displayName.trim(),
        });
        void message.success(`已创建用户“${values.username.trim()}”，首次登录时须修改密码`);
      }
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(form, err, FIELDS));
    }
  };

  return (
    <Modal
      open
      title={editing ? `编辑用户：${editing.username}` : '新建用户'}
      okText={editing ? '保存' : '创建'}
      cancelText="取消"
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        name={editing ? 'user-edit' : 'user-create'}
        layout="vertical"
        autoComplete="off"
        initialValues={
          editing
            ? { displayName: editing.displayName, role: editing.role, scopeRegionCode: editing.scopeRegionCode }
            : {}
        }
        onFinish={(v) => void submit(v)}
      >
        {editing ? (
          <Form.Item label="用户名">
            <Typography.Text strong>{editing.username}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item
            name="username"
            label="用户名"
            extra="3 至 32 位字母、数字、下划线、点或连字符，创建后不能修改"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
          >
            <Input autoComplete="off" maxLength={32} />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="role"
          label="角色"
          rules={[{ required: true, message: '请选择角色' }]}
          extra={isSelf ? '不能修改本人的角色' : undefined}
        >
          <Select options={roleOptions} disabled={isSelf} placeholder="选择角色" />
        </Form.Item>
        <Form.Item
          name="scopeRegionCode"
          label="管辖区域"
          rules={[{ required: true, message: '请选择管辖区域' }]}
          extra={isSelf ? '不能修改本人的管辖区域' : '用户只能查看和处理该区域及其下级区域的事项'}
        >
          <RegionTreeSelect disabled={isSelf} />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="password"
            label="初始密码"
            extra="至少 8 位，且不能包含用户名；用户首次登录时须修改密码"
            rules={[{ required: true, message: '请输入初始密码' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
