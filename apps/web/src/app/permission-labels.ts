/**
 * What each permission lets a user do, in words, for the 工作台 page. Modules add their lines;
 * a permission without a label is simply not listed.
 */
export const PERMISSION_LABELS: Record<string, string> = {
  'user.read': '查看用户',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.disable': '停用/启用用户',
  'user.reset_password': '重置用户密码',
  'audit.read': '查阅审计日志',
  'region.read': '查看行政区划',
  'personal_data.reveal': '查看完整个人信息',
  'organisation.read': '查看组织架构',
  'grid.manage': '管理网格',
  'station.manage': '管理联络站',
  'station.update': '维护联络站信息',
  'deputy.read': '查看代表',
  'deputy.manage': '管理代表',
  'deputy.reveal_phone': '查看代表完整电话',
  'unit.manage': '管理承办单位',
  'coverage.read': '查看覆盖情况',
  'attachment.upload': '上传附件',
  'attachment.read': '查看附件',
  'concern.read': '查看群众意见',
  'concern.create': '登记群众意见',
  'concern.act': '办理群众意见',
  'concern.export': '导出群众意见',
  'concern.reveal': '查看群众联系方式',
  'concern.settings': '设置群众意见办理规则',
};
