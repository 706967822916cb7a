import { Suspense, useMemo, useState } from 'react';
import { App, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { EnvironmentOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useCurrentUser } from './auth';
import { isMenuGroup, pageForPath, visibleMenu } from './menu';
import { BrandMark, DemoTag } from './brand';
import { FullPageSpin } from './guards';
import { ChangePasswordDialog } from '../features/auth/ChangePasswordDialog';
import { TwoFactorDialog } from '../features/auth/TwoFactorDialog';
import { NotificationBell } from '../features/notifications/NotificationBell';

const { Header, Sider, Content } = Layout;

/** The console: header (platform, demo tag, region, user menu), the sidebar menu by permission, the page. */
export function ConsoleLayout() {
  const user = useCurrentUser();
  const { can, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.lg;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [twoFactorOpen, setTwoFactorOpen] = useState(false);

  const entries = useMemo(() => visibleMenu(can), [can]);
  const items: MenuProps['items'] = entries.map((entry) =>
    isMenuGroup(entry)
      ? {
          key: entry.key,
          icon: entry.icon,
          label: entry.label,
          children: entry.children.map((p) => ({ key: p.path, icon: p.icon, label: p.label })),
        }
      : { key: entry.path, icon: entry.icon, label: entry.label },
  );
  const selected = pageForPath(location.pathname)?.path;
  const groupKeys = entries.filter(isMenuGroup).map((g) => g.key);

  const menu = (
    <Menu
      mode="inline"
      aria-label="主菜单"
      items={items}
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={groupKeys}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const userMenu: MenuProps = {
    items: [
      { key: 'who', type: 'group', label: `${user.displayName}（${user.roleLabel}）` },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
      { key: 'two-factor', icon: <SafetyCertificateOutlined />, label: '动态验证码' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPasswordOpen(true);
      if (key === 'two-factor') setTwoFactorOpen(true);
      if (key === 'logout') {
        // Forgetting the session sends the console to the login page (see RequireAuth).
        void logout()
          .catch(() => undefined)
          .then(() => void message.success('已退出登录'));
      }
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 10,
          height: 56,
          lineHeight: 'normal',
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: isMobile ? 12 : 24,
          background: '#fff',
          borderBottom: '1px solid rgba(5, 5, 5, 0.06)',
        }}
      >
        {isMobile && (
          <Button type="text" icon={<MenuOutlined />} aria-label="打开菜单" onClick={() => setDrawerOpen(true)} />
        )}
        <Space size={8} style={{ cursor: 'pointer', flex: 'none' }} onClick={() => void navigate('/')}>
          <BrandMark />
          <Typography.Text strong style={{ fontSize: 18, whiteSpace: 'nowrap' }}>
            民声通
          </Typography.Text>
          {screens.md && (
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
              人大代表进站入网格工作平台
            </Typography.Text>
          )}
        </Space>
        <DemoTag />
        <div style={{ flex: 1 }} />
        {screens.sm && (
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }} title={user.scopeRegionCode}>
            <EnvironmentOutlined /> {user.scopeRegionName ?? user.scopeRegionCode}
          </Typography.Text>
        )}
        {can('notification.read') && <NotificationBell />}
        <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
          <Button type="text" aria-label="用户菜单" style={{ height: 'auto', paddingInline: 8 }}>
            <Space size={8}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
              {screens.sm && (
                <span style={{ lineHeight: 1.3, textAlign: 'start' }}>
                  <span style={{ display: 'block' }}>{user.displayName}</span>
                  {!isMobile && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {user.roleLabel}
                    </Typography.Text>
                  )}
                </span>
              )}
            </Space>
          </Button>
        </Dropdown>
      </Header>
      <Layout>
        {!isMobile && (
          <Sider
            theme="light"
            width={216}
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            style={{ borderInlineEnd: '1px solid rgba(5, 5, 5, 0.06)' }}
          >
            <nav aria-label="主导航">{menu}</nav>
          </Sider>
        )}
        {isMobile && (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={260}
            title={
              <Space size={8}>
                <BrandMark size={24} />
                民声通
              </Space>
            }
            styles={{ body: { padding: 0 } }}
          >
            <div style={{ padding: '12px 16px', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}>
              <Typography.Text type="secondary">
                <EnvironmentOutlined /> {user.scopeRegionName ?? user.scopeRegionCode} · {user.roleLabel}
              </Typography.Text>
            </div>
            <nav aria-label="主导航">{menu}</nav>
          </Drawer>
        )}
        <Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      <ChangePasswordDialog
        open={passwordOpen || user.mustChangePassword}
        forced={user.mustChangePassword}
        onClose={() => setPasswordOpen(false)}
      />
      <TwoFactorDialog open={twoFactorOpen} onClose={() => setTwoFactorOpen(false)} />
    </Layout>
  );
}
