import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import type { TUser } from '@gridvoice/core';
import { applyServerErrors } from '../../../app/form-errors';
import { useResetPassword } from '../admin.api';

interface Values {
  newPassword: string;
  confirmPassword: string;
}

/** 重置密码: the user must change it at next login, and is logged out everywhere now. */
export function ResetPasswordDialog({ user, onClose }: { user: TUser; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);
  const reset = useResetPassword();

  const submit = async (values: Values) => {
    setFormError(null);
    try {
      await reset.mutateAsync({ userId: user.userId, newPassword: values.newPassword });
    } catch (err) {
      setFormError(applyServerErrors(form, err, ['newPassword']));
      return;
    }
    void message.success(`已重置“${user.displayName}”的密码`);
    onClose();
  };

  return (
    <Modal
      open
      title={`重置密码：${user.displayName}（${user.username}）`}
      okText="重置密码"
      cancelText="取消"
      okButtonProps={{ danger: true }}
      confirmLoading={reset.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="重置后该用户将立即退出登录，下次登录时须修改密码。请通过安全渠道把新密码告知本人。"
      />
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} name="reset-password" layout="vertical" autoComplete="off" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="至少 8 位，且不能包含用户名"
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
