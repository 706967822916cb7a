import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import type { TLoginRequest, TLoginSecondStep } from '@gridvoice/core';
import { useAuth } from '../../app/auth';
import { applyServerErrors } from '../../app/form-errors';
import { BrandMark, DemoTag } from '../../app/brand';
import { safeReturnPath } from '../../app/navigation';
import { SecondFactorStep } from './SecondFactorStep';

const FIELDS = ['username', 'password'] as const;

export function LoginPage() {
  const [form] = Form.useForm<TLoginRequest>();
  const { login, endedBy } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [second, setSecond] = useState<TLoginSecondStep | null>(null);
  const enterConsole = () => void navigate(safeReturnPath(params.get('from')), { replace: true });

  const submit = async (values: TLoginRequest) => {
    setError(null);
    setSubmitting(true);
    try {
      const result = await login(values);
      if (result.kind === 'second') setSecond(result.step);
      else enterConsole();
    } catch (err) {
      setError(applyServerErrors(form, err, FIELDS));
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #fdf1f1 0%, #f5f6f8 45%, #eef3fb 100%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
        <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 24, textAlign: 'center' }}>
          <BrandMark size={48} />
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            民声通
          </Typography.Title>
          <Typography.Text type="secondary">人大代表进站入网格工作平台</Typography.Text>
          <div>
            <DemoTag />
          </div>
        </Space>
        {endedBy === 'expired' && !error && (
          <Alert
            type="info"
            showIcon
            title="登录已失效（长时间未操作或账号状态变化），请重新登录。"
            style={{ marginBottom: 16 }}
          />
        )}
        {second && (
          <SecondFactorStep
            step={second}
            onDone={enterConsole}
            onCancel={() => {
              setSecond(null);
              form.setFieldValue('password', '');
            }}
          />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form
          hidden={second !== null}
          form={form}
          name="login"
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => void submit(v)}
          size="large"
        >
          <Form.Item
            name="username"
            label="用户名"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}
