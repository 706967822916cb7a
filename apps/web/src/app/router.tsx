import { createBrowserRouter, Navigate, useSearchParams } from 'react-router';
import { ConsoleLayout } from './ConsoleLayout';
import { RequireAuth, RequirePermission, FullPageSpin } from './guards';
import { allPages } from './menu';
import { useAuth } from './auth';
import { safeReturnPath } from './navigation';
import { LoginPage } from '../features/auth/LoginPage';
import { ForbiddenPage, NotFoundPage } from '../features/errors/ErrorPages';

/** A logged-in user who opens /login goes where they were heading (or home). */
function LoginRoute() {
  const { status } = useAuth();
  const [params] = useSearchParams();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'authenticated') return <Navigate to={safeReturnPath(params.get('from'))} replace />;
  return <LoginPage />;
}

export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginRoute /> },
    {
      path: '/',
      element: (
        <RequireAuth>
          <ConsoleLayout />
        </RequireAuth>
      ),
      children: [
        ...allPages().map(({ path, permission, page: Page }) => ({
          ...(path === '/' ? { index: true } : { path: path.slice(1) }),
          element: (
            <RequirePermission permission={permission}>
              <Page />
            </RequirePermission>
          ),
        })),
        { path: '403', element: <ForbiddenPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
