import { useState } from 'react';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { TLoginSecondStep, TSecondFactorResponse, TTotpEnrolment } from '@gridvoice/core';
import { useAuth } from '../../app/auth';
import { messageOf } from '../../app/form-errors';

interface CodeForm {
  code?: string;
  recoveryCode?: string;
}

/** The QR code and the written-out key for an authenticator app (used at login and in 账号安全). */
export function EnrolmentCard({ enrolment }: { enrolment: TTotpEnrolment }) {
  return (
    <Space orientation="vertical" align="center" style={{ width: '100%' }}>
      <Typography.Text>
        用手机上的身份验证器（如微信小程序“腾讯身份验证器”、Google Authenticator）扫描二维码：
      </Typography.Text>
      <img src={enrolment.qrDataUrl} alt="动态验证码绑定二维码" width={180} height={180} />
      <Typography.Text type="secondary">无法扫码时手动输入密钥：</Typography.Text>
      <Typography.Text code copyable data-testid="totp-secret">
        {enrolment.secretBase32}
      </Typography.Text>
    </Space>
  );
}

/** Recovery codes, shown once: the only time they exist in plain text. */
export function RecoveryCodesList({ codes }: { codes: readonly string[] }) {
  return (
    <>
      <Alert
        type="warning"
        showIcon
        title="请立即抄写或打印以下恢复码并妥善保管：每个只能使用一次，手机丢失时凭它登录。本页关闭后不再显示。"
        style={{ marginBottom: 12 }}
      />
      <ol
        aria-label="恢复码"
        style={{ columns: 2, margin: 0, padding: '12px 12px 12px 36px', border: '1px solid #f0f0f0', borderRadius: 8 }}
      >
        {codes.map((c) => (
          <li key={c}>
            <Typography.Text code>{c}</Typography.Text>
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * The second login step after a correct password: the code from the authenticator app, or a
 * recovery code; for a role that requires it and a user not yet bound, binding comes first.
 */
export function SecondFactorStep({
  step,
  onDone,
  onCancel,
}: {
  step: TLoginSecondStep;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { completeSecondFactor, enter } = useAuth();
  const [form] = Form.useForm<CodeForm>();
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [fresh, setFresh] = useState<TSecondFactorResponse | null>(null);

  const submit = async (values: CodeForm) => {
    setError(null);
    setSubmitting(true);
    try {
      const res = await completeSecondFactor({
        challengeToken: step.challengeToken,
        ...(useRecovery ? { recoveryCode: values.recoveryCode } : { code: values.code }),
      });
      if (res.recoveryCodes?.length) setFresh(res);
      else onDone();
    } catch (err) {
      // One input at a time: the server's reason is shown above it, whichever field it names.
      setError(messageOf(err));
      form.resetFields();
    } finally {
      setSubmitting(false);
    }
  };

  if (fresh?.recoveryCodes) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          绑定成功
        </Typography.Title>
        <RecoveryCodesList codes={fresh.recoveryCodes} />
        <Button
          type="primary"
          block
          onClick={() => {
            enter(fresh);
            onDone();
          }}
        >
          我已保存恢复码，进入系统
        </Button>
      </Space>
    );
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        <SafetyCertificateOutlined /> {step.secondStep === 'enrol' ? '绑定动态验证码' : '输入动态验证码'}
      </Typography.Title>
      {step.secondStep === 'enrol' && step.enrolment && (
        <>
          <Alert type="info" showIcon title="您的角色要求登录时使用动态验证码，请先完成绑定。" />
          <EnrolmentCard enrolment={step.enrolment} />
        </>
      )}
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} size="large">
        {useRecovery ? (
          <Form.Item
            name="recoveryCode"
            label="恢复码"
            rules={[{ required: true, whitespace: true, message: '请输入恢复码' }]}
          >
            <Input autoComplete="off" autoFocus placeholder="例如 abcde-12345" />
          </Form.Item>
        ) : (
          <Form.Item
            name="code"
            label="动态验证码"
            extra="身份验证器中显示的 6 位数字，每 30 秒更新"
            rules={[
              { required: true, message: '请输入动态验证码' },
              { pattern: /^\s*\d{6}\s*$/, message: '动态验证码为 6 位数字' },
            ]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" autoFocus maxLength={8} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {step.secondStep === 'enrol' ? '完成绑定并登录' : '验证并登录'}
        </Button>
      </Form>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        {step.secondStep === 'verify' ? (
          <Button
            type="link"
            style={{ padding: 0 }}
            onClick={() => {
              setUseRecovery(!useRecovery);
              setError(null);
              form.resetFields();
            }}
          >
            {useRecovery ? '改用动态验证码' : '手机不在身边？使用恢复码'}
          </Button>
        ) : (
          <span />
        )}
        <Button type="link" style={{ padding: 0 }} onClick={onCancel}>
          返回重新输入密码
        </Button>
      </Space>
    </Space>
  );
}
