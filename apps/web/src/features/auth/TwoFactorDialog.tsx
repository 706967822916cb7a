import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Space, Spin, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TTotpEnrolment, TTwoFactorStatus } from '@gridvoice/core';
import { apiFetch } from '../../app/api';
import { applyServerErrors } from '../../app/form-errors';
import { formatDateTime } from '../../app/time';
import { EnrolmentCard, RecoveryCodesList } from './SecondFactorStep';

const STATUS = ['auth', 'two-factor'] as const;

type Stage =
  | { kind: 'status' }
  | { kind: 'password' }
  | { kind: 'confirm'; enrolment: TTotpEnrolment }
  | { kind: 'codes'; codes: string[] }
  | { kind: 'regenerate' }
  | { kind: 'disable' };

/** 动态验证码 for the signed-in user: bind an authenticator app, new recovery codes, unbind. */
export function TwoFactorDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password?: string; code?: string }>();
  const [stage, setStage] = useState<Stage>({ kind: 'status' });
  const [error, setError] = useState<string | null>(null);
  const status = useQuery({
    queryKey: STATUS,
    queryFn: () => apiFetch<TTwoFactorStatus>('/api/auth/two-factor'),
    enabled: open,
  });
  const call = useMutation({
    mutationFn: ({ path, body }: { path: string; body: Record<string, string> }) =>
      apiFetch<unknown>(path, { method: 'POST', body }),
  });

  const close = () => {
    setStage({ kind: 'status' });
    setError(null);
    form.resetFields();
    onClose();
  };
  const go = (next: Stage) => {
    setError(null);
    form.resetFields();
    setStage(next);
  };

  const submit = async (values: { password?: string; code?: string }) => {
    setError(null);
    try {
      if (stage.kind === 'password') {
        const enrolment = (await call.mutateAsync({
          path: '/api/auth/two-factor/enrolment',
          body: { password: values.password ?? '' },
        })) as TTotpEnrolment;
        go({ kind: 'confirm', enrolment });
      } else if (stage.kind === 'confirm' || stage.kind === 'regenerate') {
        const path =
          stage.kind === 'confirm' ? '/api/auth/two-factor/enrolment/confirm' : '/api/auth/two-factor/recovery-codes';
        const res = (await call.mutateAsync({ path, body: { code: values.code ?? '' } })) as {
          recoveryCodes: string[];
        };
        void message.success(stage.kind === 'confirm' ? '动态验证码已绑定' : '已生成新的恢复码，旧恢复码作废');
        await queryClient.invalidateQueries({ queryKey: STATUS });
        go({ kind: 'codes', codes: res.recoveryCodes });
      } else if (stage.kind === 'disable') {
        await call.mutateAsync({ path: '/api/auth/two-factor/disable', body: { code: values.code ?? '' } });
        void message.success('已解除动态验证码');
        await queryClient.invalidateQueries({ queryKey: STATUS });
        go({ kind: 'status' });
      }
    } catch (err) {
      setError(applyServerErrors(form, err, ['password', 'code']));
    }
  };

  const s = status.data;
  const codeField = (
    <Form.Item
      name="code"
      label="动态验证码"
      rules={[
        { required: true, message: '请输入动态验证码' },
        { pattern: /^\s*\d{6}\s*$/, message: '动态验证码为 6 位数字' },
      ]}
    >
      <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} />
    </Form.Item>
  );

  let body: ReactNode;
  if (!s) body = <Spin />;
  else if (stage.kind === 'status') {
    body = (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label="状态">
            {s.enrolled ? <Tag color="green">已绑定</Tag> : <Tag>未绑定</Tag>}
            {s.required && <Tag color="red">本角色必须使用</Tag>}
          </Descriptions.Item>
          {s.enrolled && (
            <Descriptions.Item label="绑定时间">
              {s.confirmedAt ? formatDateTime(s.confirmedAt) : '—'}
            </Descriptions.Item>
          )}
          {s.enrolled && <Descriptions.Item label="剩余恢复码">{s.recoveryCodesLeft} 个</Descriptions.Item>}
        </Descriptions>
        {!s.eligible && <Alert type="info" showIcon title="您的角色不使用动态验证码。" />}
        {s.eligible && !s.enrolled && (
          <Button type="primary" onClick={() => go({ kind: 'password' })}>
            绑定身份验证器
          </Button>
        )}
        {s.enrolled && (
          <Space wrap>
            <Button onClick={() => go({ kind: 'regenerate' })}>重新生成恢复码</Button>
            {!s.required && (
              <Button danger onClick={() => go({ kind: 'disable' })}>
                解除绑定
              </Button>
            )}
          </Space>
        )}
      </Space>
    );
  } else if (stage.kind === 'codes') {
    body = (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <RecoveryCodesList codes={stage.codes} />
        <Button type="primary" onClick={() => go({ kind: 'status' })}>
          我已保存恢复码
        </Button>
      </Space>
    );
  } else {
    body = (
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        {stage.kind === 'confirm' && <EnrolmentCard enrolment={stage.enrolment} />}
        {stage.kind === 'password' ? (
          <Form.Item name="password" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        ) : (
          codeField
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={call.isPending}>
            {stage.kind === 'password' ? '下一步' : stage.kind === 'disable' ? '确认解除' : '确认'}
          </Button>
          <Button onClick={() => go({ kind: 'status' })}>取消</Button>
        </Space>
      </Form>
    );
  }

  return (
    <Modal open={open} title="动态验证码（两步登录）" footer={null} onCancel={close} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      {body}
    </Modal>
  );
}
