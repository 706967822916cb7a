/** The roles of the platform. A user holds one role with one region scope. */
export const ROLES = [
  'admin',
  'security_admin',
  'auditor',
  'congress_staff',
  'town_staff',
  'station_manager',
  'deputy',
  'unit_handler',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  security_admin: '安全管理员',
  auditor: '审计管理员',
  congress_staff: '人大常委会工作人员',
  town_staff: '乡镇（街道）人大工作人员',
  station_manager: '联络站管理员',
  deputy: '人大代表',
  unit_handler: '承办单位经办人',
  viewer: '只读用户',
};
