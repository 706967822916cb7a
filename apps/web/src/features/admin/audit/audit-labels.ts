/** Words for the audit trail's codes. Modules add theirs; an unknown code is shown as it is. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.lock': '账号锁定',
  'auth.change_password': '修改本人密码',
  'user.create': '新建用户',
  'user.read': '查看用户',
  'user.update': '修改用户',
  'user.disable': '停用用户',
  'user.enable': '启用用户',
  'user.reset_password': '重置密码',
  'audit.read': '查阅审计日志',
  'region.read': '查看行政区划',
  'personal_data.reveal': '查看完整个人信息',
};

/** Prefixes offered in the action filter (the server matches by prefix). */
export const AUDIT_ACTION_PREFIXES: { value: string; label: string }[] = [
  { value: 'auth.', label: '登录与会话（auth.）' },
  { value: 'user.', label: '用户管理（user.）' },
  ...Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label: `${label}（${value}）` })),
];

export const AUDIT_OBJECT_LABELS: Record<string, string> = {
  user: '用户',
  audit_log: '审计日志',
  region: '行政区划',
};

export const AUDIT_OUTCOMES = {
  success: { label: '成功', color: 'green' },
  denied: { label: '拒绝', color: 'orange' },
  failure: { label: '失败', color: 'red' },
} as const;

export type AuditOutcome = keyof typeof AUDIT_OUTCOMES;

export const isAuditOutcome = (v: string): v is AuditOutcome => v in AUDIT_OUTCOMES;
