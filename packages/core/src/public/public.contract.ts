/**
 * The citizens' pages (issue 7): requests and answers of /api/public/*. The web's public entry
 * imports only the types (zod stays out of its bundle).
 */
import { z } from 'zod';
import { CONCERN_RATINGS } from '../concerns/concern.workflow.js';

export const PRIVACY_NOTICE_VERSION = '2025-01';

const ZMobile = z
  .string({ error: () => '请填写手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号');

export const ZPublicCodeRequest = z.strictObject({ phone: ZMobile });
export type TPublicCodeRequest = z.infer<typeof ZPublicCodeRequest>;

export const ZPublicPhoto = z.strictObject({
  attachmentId: z.uuid('照片编号不正确'),
  uploadToken: z.string().regex(/^[\w-]{20,64}$/, '照片上传凭据不正确'),
});

export const ZPublicConcernRequest = z
  .strictObject({
    stationCode: z.string().regex(/^[0-9]{6}[HCAVIPKS][0-9]{3}$/, '联络站编号不正确').optional(),
    gridCode: z.string().regex(/^[0-9]{15}([0-9]{2,3})?$/, '网格编号不正确').optional(),
    deputyPublicId: z.string().regex(/^[2-9A-HJKMNP-TV-Z]{8}$/, '代表编号不正确').optional(),
    categoryCode: z.string({ error: () => '请选择问题分类' }).regex(/^[a-z][a-z0-9_]{1,39}$/, '请选择问题分类'),
    title: z.string().trim().max(50, '标题不能超过50字').optional(),
    content: z
      .string({ error: () => '请写下您要反映的问题' })
      .trim()
      .min(5, '请把问题写清楚一些（至少 5 个字）')
      .max(2000, '内容不能超过2000字'),
    photos: z.array(ZPublicPhoto).max(3, '最多上传 3 张照片').default([]),
    name: z.string().trim().max(20, '姓名不能超过20字').optional(),
    phone: ZMobile,
    code: z.string({ error: () => '请填写验证码' }).trim().regex(/^\d{6}$/, '验证码为 6 位数字'),
    anonymous: z.boolean().default(false),
    privacyNoticeVersion: z.literal(PRIVACY_NOTICE_VERSION, { error: () => '请阅读并同意最新的个人信息保护说明' }),
    /** Honeypot: people never see this field; anything in it means a robot. */
    website: z.string().max(200).optional(),
  })
  .refine((v) => [v.stationCode, v.gridCode, v.deputyPublicId].filter(Boolean).length === 1, {
    message: '请从联络站、网格或代表的页面提交',
    path: ['stationCode'],
  });
export type TPublicConcernRequest = z.infer<typeof ZPublicConcernRequest>;

export const ZPublicConcernReceipt = z.object({ caseNumber: z.string(), trackingUrl: z.string() });
export type TPublicConcernReceipt = z.infer<typeof ZPublicConcernReceipt>;

export const ZPublicRatingRequest = z.strictObject({
  rating: z.enum(CONCERN_RATINGS, { error: () => '请选择满意、基本满意或不满意' }),
  comment: z.string().trim().max(500, '评价意见不能超过500字').optional(),
});
export type TPublicRatingRequest = z.infer<typeof ZPublicRatingRequest>;

const ZPublicDeputyCard = z.object({
  publicId: z.string(),
  name: z.string(),
  levels: z.array(z.string()),
  photoUrl: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  occupation: z.string().nullable(),
});
export type TPublicDeputyCard = z.infer<typeof ZPublicDeputyCard>;

const ZPlaceRef = z.object({ code: z.string(), name: z.string() });

export const ZPublicStation = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  regionName: z.string().nullable(),
  address: z.string().nullable(),
  openingHours: z.string().nullable(),
  contactPhone: z.string().nullable(),
  description: z.string().nullable(),
  deputies: z.array(ZPublicDeputyCard),
  duty: z.object({
    /** False while the rota of this station is not kept on the platform. */
    available: z.boolean(),
    days: z.array(
      z.object({ date: z.string(), start: z.string(), end: z.string(), label: z.string(), deputies: z.array(z.string()) }),
    ),
  }),
});
export type TPublicStation = z.infer<typeof ZPublicStation>;

export const ZPublicGrid = z.object({
  code: z.string(),
  name: z.string(),
  villageName: z.string().nullable(),
  deputies: z.array(ZPublicDeputyCard),
  workers: z.array(z.object({ name: z.string(), phoneMasked: z.string().nullable() })),
  stations: z.array(ZPlaceRef.extend({ address: z.string().nullable(), openingHours: z.string().nullable() })),
});
export type TPublicGrid = z.infer<typeof ZPublicGrid>;

export const ZPublicDeputy = ZPublicDeputyCard.extend({
  stations: z.array(ZPlaceRef),
  grids: z.array(ZPlaceRef),
});
export type TPublicDeputy = z.infer<typeof ZPublicDeputy>;

export const ZPublicCategory = z.object({ code: z.string(), label: z.string() });
export type TPublicCategory = z.infer<typeof ZPublicCategory>;

export const ZPublicTracking = z.object({
  caseNumber: z.string(),
  title: z.string(),
  categoryLabel: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  submittedAt: z.string(),
  dueAt: z.string().nullable(),
  reply: z.object({ content: z.string(), at: z.string() }).nullable(),
  rating: z.string().nullable(),
  canRate: z.boolean(),
  reopenCount: z.number().int(),
  timeline: z.array(z.object({ at: z.string(), label: z.string(), note: z.string().nullable() })),
  // R-LOOP-8: the deputies' suggestions formed from this concern, and their replies
  suggestions: z
    .array(z.object({ caseNumber: z.string().nullable(), title: z.string(), statusLabel: z.string(), reply: z.object({ categoryLabel: z.string(), summary: z.string(), at: z.string() }).nullable() }))
    .default([]),
});
export type TPublicTracking = z.infer<typeof ZPublicTracking>;
