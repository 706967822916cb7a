import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import type { TChangePasswordRequest } from '@gridvoice/core';
import { apiFetch } from '../../app/api';
import { useAuth } from '../../app/auth';
import { applyServerErrors } from '../../app/form-errors';

interface Values extends TChangePasswordRequest {
  confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;

/**
 * 修改密码. `forced` (first login, or after an administrator reset the password): the dialog
 * cannot be dismissed until the password is changed.
 */
export function ChangePasswordDialog({
  open,
  forced,
  onClose,
}: {
  open: boolean;
  forced: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const { refresh } = useAuth();
  const { message } = App.useApp();
  const change = useMutation({
    mutationFn: (body: TChangePasswordRequest) => apiFetch('/api/auth/password', { method: 'POST', body }),
  });

  const submit = async (values: Values) => {
    setFormError(null);
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
    } catch (err) {
      setFormError(applyServerErrors(form, err, FIELDS));
      return;
    }
    void message.success('密码已修改');
    form.resetFields();
    await refresh();
    onClose();
  };

  return (
    <Modal
      open={open}
      title="修改密码"
      okText="确认修改"
      cancelText="取消"
      confirmLoading={change.isPending}
      onOk={() => form.submit()}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      keyboard={!forced}
      mask={{ closable: !forced }}
      cancelButtonProps={forced ? { style: { display: 'none' } } : {}}
      destroyOnHidden
    >
      {forced && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="为保障账号安全，首次登录或密码被重置后须先修改密码。"
        />
      )}
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form form={form} name="change-password" layout="vertical" onFinish={(v) => void submit(v)} autoComplete="off">
        <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="至少 8 位，不能包含用户名"
          rules={[{ required: true, message: '请输入新密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
