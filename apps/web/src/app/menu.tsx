import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { AuditOutlined, HomeOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import type { Permission } from '@gridvoice/core';

/** A page of the console: one line here gives it a menu entry, a route and a permission guard. */
export interface MenuPage {
  key: string;
  label: string;
  icon: ReactNode;
  path: string;
  /** The permission needed to see the entry and open the page; null = every logged-in user. */
  permission: Permission | null;
  page: LazyExoticComponent<ComponentType>;
  /** A route without a menu entry (e.g. a detail page `/concerns/:id`). */
  hideInMenu?: boolean;
}

/** A heading that groups pages; shown only when the user may open at least one of them. */
export interface MenuGroup {
  key: string;
  label: string;
  icon: ReactNode;
  children: MenuPage[];
}

export type MenuEntry = MenuPage | MenuGroup;

export const isMenuGroup = (entry: MenuEntry): entry is MenuGroup => 'children' in entry;

/**
 * The sidebar, in order. Each module adds its line(s) here, e.g.
 *   { key: 'concerns', label: '群众意见', icon: <CommentOutlined />, path: '/concerns', permission: 'concern.read',
 *     page: lazy(() => import('../features/concerns/ConcernsPage')) },
 * Modules to come: 组织架构 (organisation), 群众意见 (concerns), 履职管理 (duty), 代表建议 (suggestions),
 * 民生微实事 (projects), 票决 (votes), 统计分析 (stats).
 */
export const MENU: MenuEntry[] = [
  {
    key: 'home',
    label: '工作台',
    icon: <HomeOutlined />,
    path: '/',
    permission: null,
    page: lazy(() => import('../features/home/HomePage')),
  },
  {
    key: 'system',
    label: '系统管理',
    icon: <SettingOutlined />,
    children: [
      {
        key: 'users',
        label: '用户管理',
        icon: <TeamOutlined />,
        path: '/admin/users',
        permission: 'user.read',
        page: lazy(() => import('../features/admin/users/UsersPage')),
      },
      {
        key: 'audit',
        label: '审计日志',
        icon: <AuditOutlined />,
        path: '/admin/audit',
        permission: 'audit.read',
        page: lazy(() => import('../features/admin/audit/AuditPage')),
      },
    ],
  },
];

/** Every page, flattened (for the router). */
export function allPages(menu: readonly MenuEntry[] = MENU): MenuPage[] {
  return menu.flatMap((entry) => (isMenuGroup(entry) ? entry.children : [entry]));
}

/** The menu as this user may see it: pages they lack permission for, and empty groups, are left out. */
export function visibleMenu(
  can: (permission: Permission | null) => boolean,
  menu: readonly MenuEntry[] = MENU,
): MenuEntry[] {
  return menu.flatMap((entry): MenuEntry[] => {
    if (isMenuGroup(entry)) {
      const children = entry.children.filter((p) => !p.hideInMenu && can(p.permission));
      return children.length ? [{ ...entry, children }] : [];
    }
    return !entry.hideInMenu && can(entry.permission) ? [entry] : [];
  });
}

/** The page whose path best matches the location (for highlighting the menu). */
export function pageForPath(pathname: string, menu: readonly MenuEntry[] = MENU): MenuPage | undefined {
  return allPages(menu)
    .filter((p) => !p.hideInMenu && (p.path === pathname || (p.path !== '/' && pathname.startsWith(`${p.path}/`))))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
