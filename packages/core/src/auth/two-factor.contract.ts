import { z } from 'zod';
import { ZCurrentUser } from './auth.contract.js';
import { ROLES } from './roles.js';

/** What an authenticator app needs: the QR code (data URL), the otpauth URI and the secret to type in. */
export const ZTotpEnrolment = z.object({
  secretBase32: z.string(),
  otpauthUri: z.string(),
  qrDataUrl: z.string(),
});
export type TTotpEnrolment = z.infer<typeof ZTotpEnrolment>;

/** The password was right; a second step follows (give a code, or enrol first and give a code). */
export const ZLoginSecondStep = z.object({
  secondStep: z.enum(['verify', 'enrol']),
  challengeToken: z.string(),
  enrolment: ZTotpEnrolment.nullable(),
});
export type TLoginSecondStep = z.infer<typeof ZLoginSecondStep>;

export const ZLoginOutcome = z.union([
  z.object({ user: ZCurrentUser, csrfToken: z.string() }),
  ZLoginSecondStep,
]);
export type TLoginOutcome = z.infer<typeof ZLoginOutcome>;

const ZCode = z.string().trim().max(16, '验证码过长');

export const ZSecondFactorRequest = z
  .strictObject({
    challengeToken: z.string().min(1, '登录已失效，请重新输入密码').max(128),
    code: ZCode.optional(),
    recoveryCode: z.string().trim().max(32, '恢复码过长').optional(),
  })
  .refine((v) => Boolean(v.code) !== Boolean(v.recoveryCode), {
    message: '请输入动态验证码或恢复码（二选一）',
    path: ['code'],
  });
export type TSecondFactorRequest = z.infer<typeof ZSecondFactorRequest>;

export const ZSecondFactorResponse = z.object({
  user: ZCurrentUser,
  csrfToken: z.string(),
  /** Only right after enrolling at login: shown once, then only their hashes remain. */
  recoveryCodes: z.array(z.string()).nullable(),
});
export type TSecondFactorResponse = z.infer<typeof ZSecondFactorResponse>;

export const ZTwoFactorStatus = z.object({
  enrolled: z.boolean(),
  required: z.boolean(),
  eligible: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  confirmedAt: z.string().nullable(),
});
export type TTwoFactorStatus = z.infer<typeof ZTwoFactorStatus>;

export const ZStartEnrolmentRequest = z.strictObject({
  password: z.string().min(1, '请输入当前密码').max(128),
});
export const ZConfirmEnrolmentRequest = z.strictObject({
  code: z.string().trim().min(1, '请输入动态验证码').max(16, '验证码过长'),
});
export const ZRecoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });
export const ZDisableTwoFactorRequest = z.strictObject({
  code: z.string().trim().min(1, '请输入动态验证码').max(16, '验证码过长'),
});

/** The per-role switch (setting `auth.two_factor`), kept by the security administrator. */
export const ZTwoFactorPolicy = z.object({
  required: z.record(z.enum(ROLES), z.boolean()),
});
export const ZTwoFactorPolicyUpdate = z.strictObject({
  required: z.partialRecord(z.enum(ROLES), z.boolean()),
});
export type TTwoFactorPolicy = z.infer<typeof ZTwoFactorPolicy>;
