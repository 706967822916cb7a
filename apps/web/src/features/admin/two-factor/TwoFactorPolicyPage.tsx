import { Alert, App, Card, Switch, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLE_LABELS, ROLES, TWO_FACTOR_ELIGIBLE_ROLES, type Role, type TTwoFactorPolicy } from '@gridvoice/core';
import { apiFetch } from '../../../app/api';
import { messageOf } from '../../../app/form-errors';

const POLICY = ['auth', 'two-factor', 'policy'] as const;

/** 动态验证码策略: which roles must give a code from an authenticator app after their password. */
export default function TwoFactorPolicyPage() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const policy = useQuery({
    queryKey: POLICY,
    queryFn: () => apiFetch<TTwoFactorPolicy>('/api/auth/two-factor/policy'),
  });
  const update = useMutation({
    mutationFn: (required: Partial<Record<Role, boolean>>) =>
      apiFetch<TTwoFactorPolicy>('/api/auth/two-factor/policy', { method: 'PUT', body: { required } }),
    onSuccess: (data) => {
      queryClient.setQueryData(POLICY, data);
      void message.success('已保存，下次登录起生效');
    },
    onError: (err) => void message.error(messageOf(err)),
  });

  const rows = ROLES.filter((r) => TWO_FACTOR_ELIGIBLE_ROLES.includes(r)).map((role) => ({ role }));
  return (
    <Card title="动态验证码策略">
      <Typography.Paragraph type="secondary">
        开启后，该角色的用户输入密码后还须输入手机身份验证器上的 6 位动态验证码；尚未绑定的用户在下次登录时先完成绑定。
        系统管理员、安全管理员、审计管理员默认必须使用。
      </Typography.Paragraph>
      {policy.error && <Alert type="error" showIcon title={messageOf(policy.error)} />}
      <Table
        rowKey="role"
        loading={policy.isPending}
        pagination={false}
        dataSource={policy.data ? rows : []}
        columns={[
          { title: '角色', dataIndex: 'role', render: (r: Role) => ROLE_LABELS[r] },
          {
            title: '必须使用动态验证码',
            key: 'required',
            render: (_: unknown, { role }: { role: Role }) => (
              <Switch
                aria-label={`${ROLE_LABELS[role]}必须使用动态验证码`}
                checked={policy.data?.required[role] ?? false}
                loading={update.isPending}
                onChange={(checked) => update.mutate({ [role]: checked })}
              />
            ),
          },
          {
            title: '说明',
            key: 'note',
            render: (_: unknown, { role }: { role: Role }) =>
              policy.data?.required[role] ? <Tag color="red">登录需两步验证</Tag> : <Tag>可自愿绑定</Tag>,
          },
        ]}
      />
    </Card>
  );
}
