import { z } from 'zod';
import { ZRegionCode, ZRole } from '../auth/auth.contract.js';

export const ZUserAction = z.enum(['update', 'disable', 'enable', 'reset_password']);

export const ZUser = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: ZRole,
  roleLabel: z.string(),
  scopeRegionCode: z.string(),
  scopeRegionName: z.string().nullable(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  /** Actions the current user may take on this user (the UI shows only these). */
  actions: z.array(ZUserAction),
});
export type TUser = z.infer<typeof ZUser>;

export const ZUserListQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  role: ZRole.optional(),
  page: z.coerce.number().int().min(1).max(100_000, '页码过大').default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TUserListQuery = z.infer<typeof ZUserListQuery>;

export const ZUserList = z.object({
  items: z.array(ZUser),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  canCreate: z.boolean(),
});

export const ZUsername = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为3至32位字母、数字、下划线、点或连字符');

export const ZUserCreateRequest = z.strictObject({
  username: ZUsername,
  displayName: z.string().trim().min(1, '请输入姓名').max(64, '姓名过长'),
  role: ZRole,
  scopeRegionCode: ZRegionCode,
  password: z.string().min(1, '请输入初始密码').max(128),
});
export type TUserCreateRequest = z.infer<typeof ZUserCreateRequest>;

export const ZUserUpdateRequest = z.strictObject({
  displayName: z.string().trim().min(1, '请输入姓名').max(64, '姓名过长').optional(),
  role: ZRole.optional(),
  scopeRegionCode: ZRegionCode.optional(),
});
export type TUserUpdateRequest = z.infer<typeof ZUserUpdateRequest>;

export const ZResetPasswordRequest = z.strictObject({
  newPassword: z.string().min(1, '请输入新密码').max(128),
});

export const ZAuditEntry = z.object({
  auditId: z.string(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  regionCode: z.string().nullable(),
  outcome: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditListQuery = z.strictObject({
  action: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  objectType: z.string().trim().max(64).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100_000, '页码过大').default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditListQuery = z.infer<typeof ZAuditListQuery>;

export const ZAuditList = z.object({
  items: z.array(ZAuditEntry),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const ZRegion = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parentCode: z.string().nullable(),
});
export type TRegion = z.infer<typeof ZRegion>;
