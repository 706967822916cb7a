import { z } from 'zod';
import { ROLES } from './roles.js';
import { PERMISSIONS } from './permissions.js';

export const ZRole = z.enum(ROLES);
export const ZPermission = z.enum(PERMISSIONS);
export const ZRegionCode = z.string().regex(/^\d{12}$/, '区划代码应为12位数字');

export const ZLoginRequest = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: z.string().min(1, '请输入密码').max(128, '密码过长'),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZCurrentUser = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: ZRole,
  roleLabel: z.string(),
  scopeRegionCode: z.string(),
  scopeRegionName: z.string().nullable(),
  permissions: z.array(ZPermission),
  mustChangePassword: z.boolean(),
});
export type TCurrentUser = z.infer<typeof ZCurrentUser>;

export const ZLoginResponse = z.object({ user: ZCurrentUser, csrfToken: z.string() });
export type TLoginResponse = z.infer<typeof ZLoginResponse>;

/** The user's previous successful login (before the current session), shown so they can spot misuse. */
export const ZPreviousLogin = z.object({ at: z.string(), ip: z.string().nullable() });
export type TPreviousLogin = z.infer<typeof ZPreviousLogin>;

export const ZSessionResponse = z.object({
  user: ZCurrentUser,
  csrfToken: z.string(),
  previousLogin: ZPreviousLogin.nullable(),
});
export type TSessionResponse = z.infer<typeof ZSessionResponse>;

export const ZChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1, '请输入当前密码').max(128),
  newPassword: z.string().min(1, '请输入新密码').max(128),
});
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;
