import { useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { KeyOutlined, RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useAuth, useCurrentUser } from '../../app/auth';
import { isMenuGroup, visibleMenu, type MenuPage } from '../../app/menu';
import { PERMISSION_LABELS } from '../../app/permission-labels';
import { formatDateTime } from '../../app/time';
import { ChangePasswordDialog } from '../auth/ChangePasswordDialog';

/** 工作台: who I am, what I may do, and the way to each part of the console open to me. */
export default function HomePage() {
  const user = useCurrentUser();
  const { can, previousLogin } = useAuth();
  const navigate = useNavigate();
  const [passwordOpen, setPasswordOpen] = useState(false);

  const links = visibleMenu(can)
    .flatMap((entry): (MenuPage & { group: string | null })[] =>
      isMenuGroup(entry) ? entry.children.map((p) => ({ ...p, group: entry.label })) : [{ ...entry, group: null }],
    )
    .filter((p) => p.path !== '/');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        您好，{user.displayName}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            title="我的账号"
            extra={
              <Button icon={<KeyOutlined />} onClick={() => setPasswordOpen(true)}>
                修改密码
              </Button>
            }
          >
            <Descriptions
              column={1}
              size="small"
              styles={{ label: { width: 96 } }}
              items={[
                { key: 'name', label: '姓名', children: user.displayName },
                { key: 'username', label: '用户名', children: user.username },
                { key: 'role', label: '角色', children: <Tag color="blue">{user.roleLabel}</Tag> },
                {
                  key: 'scope',
                  label: '管辖区域',
                  children: (
                    <span>
                      {user.scopeRegionName ?? '—'}{' '}
                      <Typography.Text type="secondary">（{user.scopeRegionCode}）</Typography.Text>
                    </span>
                  ),
                },
                {
                  key: 'last-login',
                  label: '上次登录',
                  children: previousLogin ? (
                    <span>
                      {formatDateTime(previousLogin.at)}
                      {previousLogin.ip && (
                        <Typography.Text type="secondary">（IP {previousLogin.ip}）</Typography.Text>
                      )}
                    </span>
                  ) : (
                    <Typography.Text type="secondary">无记录（首次登录）</Typography.Text>
                  ),
                },
                {
                  key: 'permissions',
                  label: '我的权限',
                  children: (
                    <Space size={[4, 4]} wrap>
                      {user.permissions
                        .filter((p) => PERMISSION_LABELS[p])
                        .map((p) => (
                          <Tag key={p}>{PERMISSION_LABELS[p]}</Tag>
                        ))}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="常用功能">
            {links.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description="您的角色暂无可用的管理功能；群众意见、履职等业务模块上线后将在此显示。"
              />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {links.map((p) => (
                  <Button
                    key={p.key}
                    block
                    size="large"
                    icon={p.icon}
                    onClick={() => void navigate(p.path)}
                    style={{ justifyContent: 'flex-start' }}
                  >
                    <span style={{ flex: 1, textAlign: 'start' }}>
                      {p.label}
                      {p.group && (
                        <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                          {p.group}
                        </Typography.Text>
                      )}
                    </span>
                    <RightOutlined />
                  </Button>
                ))}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <ChangePasswordDialog open={passwordOpen} forced={false} onClose={() => setPasswordOpen(false)} />
    </Space>
  );
}
