import { useState } from 'react';
import { Alert, App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { Role, TUser } from '@gridvoice/core';
import { ROLE_LABELS, ROLES } from '@gridvoice/core/auth/roles';
import { messageOf } from '../../../app/form-errors';
import { formatDateTime } from '../../../app/time';
import { useRegions, useSetUserDisabled, useUsers, type UserListParams } from '../admin.api';
import { UserFormDialog, type UserDialog } from './UserFormDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

function StatusTag({ user }: { user: TUser }) {
  if (user.disabled) return <Tag color="red">已停用</Tag>;
  if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now()) {
    return (
      <Tooltip title={`锁定至 ${formatDateTime(user.lockedUntil)}`}>
        <Tag color="orange">已锁定</Tag>
      </Tooltip>
    );
  }
  return <Tag color="green">正常</Tag>;
}

/** 用户管理: the users within my scope; the buttons on each row are the actions the server allows. */
export default function UsersPage() {
  const { message } = App.useApp();
  const [params, setParams] = useState<UserListParams>({ page: 1, pageSize: 20 });
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<UserDialog | null>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);
  const users = useUsers(params);
  const canCreate = users.data?.canCreate ?? false;
  useRegions(); // warm the region tree for the dialogs
  const setDisabled = useSetUserDisabled();

  const toggleDisabled = async (user: TUser, disabled: boolean) => {
    try {
      await setDisabled.mutateAsync({ userId: user.userId, disabled });
      void message.success(`已${disabled ? '停用' : '启用'}用户“${user.displayName}”`);
    } catch (err) {
      void message.error(messageOf(err));
    }
  };

  const columns: ColumnsType<TUser> = [
    { title: '用户名', dataIndex: 'username', key: 'username', width: 140 },
    { title: '姓名', dataIndex: 'displayName', key: 'displayName', width: 170, ellipsis: true },
    { title: '角色', dataIndex: 'roleLabel', key: 'role', width: 190 },
    {
      title: '管辖区域',
      key: 'scope',
      width: 110,
      ellipsis: true,
      render: (_, u) => <span title={u.scopeRegionCode}>{u.scopeRegionName ?? u.scopeRegionCode}</span>,
    },
    { title: '状态', key: 'status', width: 70, render: (_, u) => <StatusTag user={u} /> },
    { title: '最近登录', key: 'lastLoginAt', width: 165, render: (_, u) => formatDateTime(u.lastLoginAt) },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: 180,
      render: (_, u) =>
        u.actions.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space size={0}>
            {u.actions.includes('update') && (
              <Button type="link" size="small" onClick={() => setDialog({ mode: 'edit', user: u })}>
                编辑
              </Button>
            )}
            {u.actions.includes('disable') && (
              <Popconfirm
                title={`停用用户“${u.displayName}”？`}
                description="停用后该用户立即退出登录，且不能再登录。"
                okText="停用"
                cancelText="取消"
                okButtonProps={{ danger: true }}
                onConfirm={() => toggleDisabled(u, true)}
              >
                <Button type="link" size="small" danger>
                  停用
                </Button>
              </Popconfirm>
            )}
            {u.actions.includes('enable') && (
              <Popconfirm
                title={`启用用户“${u.displayName}”？`}
                okText="启用"
                cancelText="取消"
                onConfirm={() => toggleDisabled(u, false)}
              >
                <Button type="link" size="small">
                  启用
                </Button>
              </Popconfirm>
            )}
            {u.actions.includes('reset_password') && (
              <Button type="link" size="small" onClick={() => setResetting(u)}>
                重置密码
              </Button>
            )}
          </Space>
        ),
    },
  ];

  // A reader who may act on nobody on this page needs no 操作 column.
  const anyActions = (users.data?.items ?? []).some((u) => u.actions.length > 0);
  const shownColumns = anyActions ? columns : columns.filter((c) => c.key !== 'actions');

  return (
    <Card
      title="用户管理"
      extra={
        canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create' })}>
            新建用户
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label="搜索用户"
          placeholder="用户名或姓名"
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => setParams((p) => ({ ...p, q: q.trim() || undefined, page: 1 }))}
          enterButton="搜索"
          style={{ width: 280, maxWidth: '100%' }}
        />
        <Select<Role>
          aria-label="按角色筛选"
          placeholder="全部角色"
          allowClear
          options={ROLE_OPTIONS}
          value={params.role}
          onChange={(role) => setParams((p) => ({ ...p, role, page: 1 }))}
          style={{ width: 220, maxWidth: '100%' }}
        />
      </Space>
      {users.isError && <Alert type="error" showIcon title={messageOf(users.error)} style={{ marginBottom: 16 }} />}
      <Table<TUser>
        rowKey="userId"
        columns={shownColumns}
        dataSource={users.data?.items ?? []}
        loading={users.isFetching}
        scroll={{ x: 'max-content' }}
        size="middle"
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 个用户`,
          onChange: (page, pageSize) => setParams((p) => ({ ...p, page, pageSize })),
        }}
      />
      {dialog && <UserFormDialog dialog={dialog} onClose={() => setDialog(null)} />}
      {resetting && <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}
