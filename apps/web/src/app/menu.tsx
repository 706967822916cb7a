import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined,
  ContainerOutlined,
  TrophyOutlined,
  UnorderedListOutlined,
  InboxOutlined,
  FormOutlined,
  CommentOutlined,
  AuditOutlined,
  BankOutlined,
  BorderOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  CloudUploadOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  HomeOutlined,
  IdcardOutlined,
  PieChartOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
  ToolOutlined,
  CameraOutlined,
  CarryOutOutlined,
  CheckSquareOutlined,
} from '@ant-design/icons';
import { BarChartOutlined, BulbOutlined, ClockCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
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
    key: 'organisation',
    label: '组织架构',
    icon: <ApartmentOutlined />,
    children: [
      { key: 'org-grids', label: '网格', icon: <BorderOutlined />, path: '/organisation/grids', permission: 'organisation.read', page: lazy(() => import('../features/organisation/grids/GridsPage')) },
      { key: 'org-stations', label: '联络站', icon: <EnvironmentOutlined />, path: '/organisation/stations', permission: 'organisation.read', page: lazy(() => import('../features/organisation/stations/StationsPage')) },
      { key: 'org-deputies', label: '人大代表', icon: <UserOutlined />, path: '/organisation/deputies', permission: 'deputy.read', page: lazy(() => import('../features/organisation/deputies/DeputiesPage')) },
      { key: 'org-groups', label: '代表小组', icon: <TeamOutlined />, path: '/organisation/groups', permission: 'deputy.read', page: lazy(() => import('../features/organisation/groups/DeputyGroupsPage')) },
      { key: 'org-links', label: '联系代表', icon: <ApartmentOutlined />, path: '/organisation/links', permission: 'deputy.read', page: lazy(() => import('../features/organisation/links/CommitteeLinksPage')) },
      { key: 'org-units', label: '承办单位', icon: <BankOutlined />, path: '/organisation/units', permission: 'organisation.read', page: lazy(() => import('../features/organisation/units/UnitsPage')) },
      { key: 'org-coverage', label: '覆盖情况', icon: <PieChartOutlined />, path: '/organisation/coverage', permission: 'coverage.read', page: lazy(() => import('../features/organisation/coverage/CoveragePage')) },
      { key: 'org-villages', label: '村（社区）', icon: <EnvironmentOutlined />, path: '/organisation/villages', permission: 'organisation.read', hideInMenu: true, page: lazy(() => import('../features/organisation/villages/VillagesPage')) },
    ],
  },
  {
    key: 'org-import',
    label: '批量导入导出',
    icon: <CloudUploadOutlined />,
    path: '/organisation/import',
    permission: 'deputy.manage',
    page: lazy(() => import('../features/organisation/import/ImportPage')),
  },
  {
    key: 'org-cards',
    label: '代表服务卡',
    icon: <IdcardOutlined />,
    path: '/organisation/service-cards',
    permission: 'deputy.manage',
    page: lazy(() => import('../features/organisation/cards/ServiceCardsPage')),
  },
  {
    key: 'concerns',
    label: '群众意见',
    icon: <CommentOutlined />,
    children: [
      { key: 'concerns-new', label: '登记', icon: <FormOutlined />, path: '/concerns/new', permission: 'concern.create', page: lazy(() => import('../features/concerns/ConcernCreatePage')) },
      { key: 'concerns-all', label: '全部', icon: <UnorderedListOutlined />, path: '/concerns', permission: 'concern.read', page: lazy(() => import('../features/concerns/ConcernsPage')) },
      { key: 'concerns-inbox', label: '待办', icon: <InboxOutlined />, path: '/concerns/inbox', permission: 'concern.act', page: lazy(() => import('../features/concerns/ConcernInboxPage')) },
      { key: 'concerns-detail', label: '群众意见详情', icon: <CommentOutlined />, path: '/concerns/:id', permission: 'concern.read', hideInMenu: true, page: lazy(() => import('../features/concerns/ConcernDetailPage')) },
    ],
  },
  {
    key: 'duty',
    label: '履职管理',
    icon: <ScheduleOutlined />,
    children: [
      { key: 'duty-me', label: '我的履职', icon: <UserOutlined />, path: '/duty/me', permission: 'activity.create', page: lazy(() => import('../features/duty/MyDutyPage')) },
      { key: 'duty-compliance', label: '履职达标', icon: <CheckCircleOutlined />, path: '/duty/compliance', permission: 'duty.manage', page: lazy(() => import('../features/duty/CompliancePage')) },
      { key: 'duty-settings', label: '履职设置', icon: <SettingOutlined />, path: '/duty/settings', permission: 'duty.manage', page: lazy(() => import('../features/duty/DutySettingsPage')) },
      { key: 'duty-rota', label: '排班', icon: <CalendarOutlined />, path: '/duty/rota', permission: 'duty.manage', page: lazy(() => import('../features/duty/RotaPage')) },
      { key: 'duty-activities', label: '履职活动', icon: <SolutionOutlined />, path: '/duty/activities', permission: 'duty.read', page: lazy(() => import('../features/duty/ActivitiesPage')) },
      { key: 'duty-receptions', label: '接待登记', icon: <ContainerOutlined />, path: '/duty/receptions', permission: 'duty.read', page: lazy(() => import('../features/duty/ReceptionsPage')) },
      { key: 'duty-reception-print', label: '接待群众登记表', icon: <ContainerOutlined />, path: '/duty/receptions/:id/print', permission: 'duty.read', hideInMenu: true, page: lazy(() => import('../features/duty/ReceptionPrintPage')) },
      { key: 'duty-performance', label: '履职档案', icon: <TrophyOutlined />, path: '/duty/performance', permission: 'duty.read', page: lazy(() => import('../features/duty/PerformancePage')) },
      { key: 'duty-performance-print', label: '年度履职档案', icon: <TrophyOutlined />, path: '/duty/performance/:deputyId/:year/print', permission: 'duty.read', hideInMenu: true, page: lazy(() => import('../features/duty/PerformancePrintPage')) },
      { key: 'duty-oversight', label: '监督事项', icon: <AuditOutlined />, path: '/duty/oversight', permission: 'duty.read', page: lazy(() => import('../features/duty/OversightPage')) },
      // a handling unit answers the problems dispatched to it on the same page (it holds no duty.read)
      { key: 'duty-oversight-tasks', label: '监督交办', icon: <AuditOutlined />, path: '/duty/oversight-tasks', permission: 'oversight.answer', page: lazy(() => import('../features/duty/OversightPage')) },
      { key: 'duty-campaigns', label: '主题活动', icon: <FlagOutlined />, path: '/duty/campaigns', permission: 'duty.read', page: lazy(() => import('../features/duty/CampaignsPage')) },
    ],
  },
  {
    key: 'suggestions',
    label: '代表建议',
    icon: <BulbOutlined />,
    children: [
      { key: 'suggestions-me', label: '我的建议', icon: <UserOutlined />, path: '/suggestions/me', permission: 'suggestion.create', page: lazy(() => import('../features/suggestions/MySuggestionsPage')) },
      { key: 'suggestions-new', label: '起草建议', icon: <FormOutlined />, path: '/suggestions/new', permission: 'suggestion.create', page: lazy(() => import('../features/suggestions/SuggestionCreatePage')) },
      { key: 'suggestions-all', label: '建议列表', icon: <UnorderedListOutlined />, path: '/suggestions', permission: 'suggestion.read', page: lazy(() => import('../features/suggestions/SuggestionsPage')) },
      { key: 'suggestions-deadlines', label: '逾期与临期', icon: <ClockCircleOutlined />, path: '/suggestions/deadlines', permission: 'suggestion.read', page: lazy(() => import('../features/suggestions/SuggestionDeadlinesPage')) },
      { key: 'suggestions-stats', label: '承办单位统计', icon: <BarChartOutlined />, path: '/suggestions/stats', permission: 'suggestion.read', page: lazy(() => import('../features/suggestions/SuggestionStatsPage')) },
      { key: 'suggestions-detail', label: '建议详情', icon: <BulbOutlined />, path: '/suggestions/:id', permission: 'suggestion.read', hideInMenu: true, page: lazy(() => import('../features/suggestions/SuggestionDetailPage')) },
    ],
  },
  // projects and votes (issue 6): 民生微实事 and 票决
  {
    key: 'projects',
    label: '民生微实事',
    icon: <ToolOutlined />,
    children: [
      { key: 'projects-all', label: '项目', icon: <UnorderedListOutlined />, path: '/projects', permission: 'project.read', page: lazy(() => import('../features/projects/ProjectsPage')) },
      { key: 'projects-inspect', label: '视察项目', icon: <CameraOutlined />, path: '/projects/inspect', permission: 'project.inspect', page: lazy(() => import('../features/projects/MyInspectionsPage')) },
      { key: 'projects-detail', label: '项目详情', icon: <ToolOutlined />, path: '/projects/:id', permission: 'project.read', hideInMenu: true, page: lazy(() => import('../features/projects/ProjectDetailPage')) },
    ],
  },
  {
    key: 'votes',
    label: '票决',
    icon: <CarryOutOutlined />,
    children: [
      { key: 'votes-me', label: '我的票决', icon: <CheckSquareOutlined />, path: '/votes/me', permission: 'vote.cast', page: lazy(() => import('../features/votes/MyVotePage')) },
      { key: 'votes-all', label: '民生实事票决', icon: <CarryOutOutlined />, path: '/votes', permission: 'vote.read', page: lazy(() => import('../features/votes/VoteRoundsPage')) },
      { key: 'votes-detail', label: '票决详情', icon: <CarryOutOutlined />, path: '/votes/:id', permission: 'vote.read', hideInMenu: true, page: lazy(() => import('../features/votes/VoteRoundDetailPage')) },
    ],
  },
  {
    key: 'stats',
    label: '统计分析',
    icon: <PieChartOutlined />,
    children: [
      { key: 'stats-overview', label: '统计总览', icon: <PieChartOutlined />, path: '/stats', permission: 'stats.read', page: lazy(() => import('../features/stats/StatsOverviewPage')) },
      { key: 'stats-map', label: '网格地图', icon: <EnvironmentOutlined />, path: '/stats/map', permission: 'stats.read', page: lazy(() => import('../features/stats/StatsMapPage')) },
      { key: 'stats-screen', label: '数据大屏', icon: <PieChartOutlined />, path: '/stats/screen', permission: 'stats.read', page: lazy(() => import('../features/stats/BigScreenPage')) },
      { key: 'stats-report', label: '统计报告', icon: <SolutionOutlined />, path: '/stats/report', permission: 'stats.read', page: lazy(() => import('../features/stats/ReportPage')) },
    ],
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
      {
        key: 'two-factor-policy',
        label: '动态验证码',
        icon: <SafetyCertificateOutlined />,
        path: '/admin/two-factor',
        permission: 'two_factor.settings',
        page: lazy(() => import('../features/admin/two-factor/TwoFactorPolicyPage')),
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
