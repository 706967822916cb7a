import { Suspense, type ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { Navigate, useLocation } from 'react-router';
import type { Permission } from '@gridvoice/core';
import { useAuth } from './auth';
import { ForbiddenPage } from '../features/errors/ErrorPages';

export function FullPageSpin({ tip = '正在加载…' }: { tip?: string }) {
  return (
    <div style={{ minHeight: '60vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" description={tip} />
    </div>
  );
}

/** Only logged-in users pass; others go to the login page and come back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, loadError, endedBy, refresh } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'anonymous') {
    if (loadError) {
      return (
        <Result
          status="warning"
          title="无法连接服务器"
          subTitle={loadError.message}
          extra={
            <Button type="primary" onClick={() => void refresh()}>
              重试
            </Button>
          }
        />
      );
    }
    // After a deliberate logout the next person starts afresh; otherwise come back here after login.
    const from = `${location.pathname}${location.search}`;
    const back = endedBy !== 'logout' && from !== '/';
    return <Navigate to={back ? `/login?from=${encodeURIComponent(from)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

/** A page needing a permission the user lacks shows 403 in place (the address stays). */
export function RequirePermission({ permission, children }: { permission: Permission | null; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(permission)) return <ForbiddenPage />;
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}
