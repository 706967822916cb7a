import { z } from 'zod';

export const ZNotification = z.object({
  notificationId: z.string(),
  topic: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationListQuery = z.strictObject({
  unread: z.enum(['1', '0']).optional(),
  page: z.coerce.number().int().min(1).max(100_000, '页码过大').default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const ZNotificationList = z.object({
  items: z.array(ZNotification),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const ZMarkReadRequest = z.union([
  z.strictObject({ all: z.literal(true) }),
  z.strictObject({ ids: z.array(z.uuid('通知编号格式不正确')).min(1, '请选择通知').max(200) }),
]);

export const ZNotificationPreferences = z.object({
  sms: z.boolean(),
  email: z.boolean(),
  webhook: z.boolean(),
  dailyDigest: z.boolean(),
  phoneMasked: z.string().nullable(),
  emailMasked: z.string().nullable(),
});

export const ZNotificationPreferencesUpdate = z
  .strictObject({
    sms: z.boolean(),
    email: z.boolean(),
    webhook: z.boolean(),
    dailyDigest: z.boolean(),
    /** leave out to keep the stored number; '' to remove it */
    phoneNumber: z.union([z.literal(''), z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号码')]).optional(),
    /** leave out to keep the stored address; '' to remove it */
    emailAddress: z.union([z.literal(''), z.email('电子邮箱格式不正确')]).optional(),
  })
  .refine((p) => !p.sms || p.phoneNumber !== '', { message: '开启短信通知须填写手机号码', path: ['phoneNumber'] })
  .refine((p) => !p.email || p.emailAddress !== '', { message: '开启邮件通知须填写电子邮箱', path: ['emailAddress'] });
export type TNotificationPreferencesUpdate = z.infer<typeof ZNotificationPreferencesUpdate>;
