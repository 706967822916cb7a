/**
 * What the concerns API answers with, and its queries: list filters, inboxes, detail with the
 * timeline and the actions this user may take, the duplicate hint, calendar overrides.
 */
import { z } from 'zod';
import { CONCERN_ACTION_TYPES, CONCERN_STATUSES, OPEN_CONCERN_STATUSES } from './concern.workflow.js';
import {
  ZCategoryCode,
  ZConcernActionRequest,
  ZConcernChannel,
  ZConcernLevel,
  ZConcernStatus,
  ZConcernTier,
  ZConcernVersion,
} from './concern.contract.js';
import { TRAFFIC_LIGHTS } from './traffic-light.js';

export const CONCERN_INBOXES = [
  'mine', // 代表：我的群众意见
  'to-dispatch', // 乡镇（街道）/县：待交办
  'overdue', // 超期
  'assigned', // 承办单位：交办给本单位
  'due-soon', // 承办单位：临期
  'escalated', // 县：上交县级
  'key-supervision', // 县：重点督办
] as const;
export type ConcernInbox = (typeof CONCERN_INBOXES)[number];

export const INBOX_LABELS: Record<ConcernInbox, string> = {
  mine: '我的群众意见',
  'to-dispatch': '待交办',
  overdue: '已超期',
  assigned: '交办给本单位',
  'due-soon': '即将到期',
  escalated: '上交本级',
  'key-supervision': '重点督办',
};

/** Status tabs of the list: one status, every open one, or all. */
export const CONCERN_STATUS_TABS = ['all', 'open', ...CONCERN_STATUSES] as const;
export type ConcernStatusTab = (typeof CONCERN_STATUS_TABS)[number];
export { OPEN_CONCERN_STATUSES };

export const CONCERN_SORTS = ['created_desc', 'created_asc', 'due_asc', 'updated_desc'] as const;

const ZBoolString = z
  .enum(['true', 'false', '1', '0'], { error: () => '应为 true 或 false' })
  .transform((v) => v === 'true' || v === '1');

export const ZConcernListQuery = z.strictObject({
  status: z.enum(CONCERN_STATUS_TABS, { error: () => '状态不正确' }).default('all'),
  /** A region prefix within the user's scope: county, town or village code (12 digits). */
  regionCode: z.string().regex(/^\d{12}$/, '区划代码应为12位数字').optional(),
  gridId: z.uuid('网格编号格式不正确').optional(),
  categoryCode: ZCategoryCode.optional(),
  channel: ZConcernChannel.optional(),
  tier: ZConcernTier.optional(),
  level: ZConcernLevel.optional(),
  light: z.enum(TRAFFIC_LIGHTS, { error: () => '红绿灯应为 green、yellow 或 red' }).optional(),
  overdue: ZBoolString.optional(),
  keySupervision: ZBoolString.optional(),
  unitId: z.uuid('承办单位编号格式不正确').optional(),
  q: z.string().trim().max(100, '搜索词不能超过100字').optional(),
  sort: z.enum(CONCERN_SORTS, { error: () => '排序方式不正确' }).default('created_desc'),
  page: z.coerce.number({ error: () => '页码应为数字' }).int().min(1, '页码至少为 1').max(100_000, '页码过大').default(1),
  pageSize: z.coerce.number({ error: () => '每页条数应为数字' }).int().min(1).max(200, '每页最多200条').default(20),
});
export type TConcernListQuery = z.infer<typeof ZConcernListQuery>;

export const ZConcernInboxQuery = z.strictObject({
  page: z.coerce.number().int().min(1, '页码至少为 1').max(100_000, '页码过大').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多200条').default(20),
});

const ZLight = z.enum(TRAFFIC_LIGHTS).nullable();

export const ZConcernListItem = z.object({
  concernId: z.string(),
  caseNumber: z.string(),
  title: z.string(),
  status: ZConcernStatus,
  statusLabel: z.string(),
  tier: ZConcernTier,
  level: ZConcernLevel,
  channel: z.string(),
  categoryCode: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  gridId: z.string().nullable(),
  leadUnitId: z.string().nullable(),
  dueAt: z.string().nullable(),
  trafficLight: ZLight,
  keySupervision: z.boolean(),
  reopenCount: z.number(),
  rating: z.string().nullable(),
  constituent: z.object({ name: z.string().nullable(), phone: z.string().nullable(), anonymous: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type TConcernListItem = z.infer<typeof ZConcernListItem>;

export const ZConcernList = z.object({
  items: z.array(ZConcernListItem),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const ZConcernTimelineEvent = z.object({
  eventId: z.number(),
  type: z.string(),
  label: z.string(),
  at: z.string(),
  version: z.number(),
  actorRole: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  unitId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const ZConcernDetail = ZConcernListItem.extend({
  content: z.string(),
  microGridId: z.string().nullable(),
  stationId: z.string().nullable(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  address: z.string().nullable(),
  collector: z.object({ kind: z.string(), deputyId: z.string().nullable(), userId: z.string().nullable() }),
  mergedInto: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** The workflow state (units, reply, resolution, rating…), JSON-safe. */
  state: z.record(z.string(), z.unknown()),
  timeline: z.array(ZConcernTimelineEvent),
  /** Only the actions this user may take now. */
  actions: z.array(z.enum(CONCERN_ACTION_TYPES)),
  canReveal: z.boolean(),
  /**
   * When this user may dispatch it: the lead unit the category routing table names for its
   * category and place (most specific active route), to preselect in the dispatch dialog.
   */
  suggestedLeadUnit: z.object({ unitId: z.string(), name: z.string() }).nullable(),
});
export type TConcernDetail = z.infer<typeof ZConcernDetail>;

/** `POST /concerns/:id/actions`: the action plus the version the client saw (or If-Match). */
export const ZConcernActionBody = z.discriminatedUnion(
  'type',
  ZConcernActionRequest.options.map((o) => o.extend({ version: ZConcernVersion.optional() })) as unknown as [
    (typeof ZConcernActionRequest.options)[number],
    ...(typeof ZConcernActionRequest.options)[number][],
  ],
  { error: () => '未知的操作' },
);

export const ZConcernSimilarRequest = z.strictObject({
  regionCode: z.string({ error: () => '请选择所在村（社区）' }).regex(/^\d{12}$/, '区划代码应为12位数字'),
  title: z.string().trim().max(100, '标题不能超过100字').default(''),
  content: z.string().trim().max(5000, '反映内容不能超过5000字').default(''),
});

export const ZConcernSimilarItem = z.object({
  concernId: z.string(),
  caseNumber: z.string(),
  title: z.string(),
  status: ZConcernStatus,
  statusLabel: z.string(),
  regionCode: z.string(),
  similarity: z.number(),
  createdAt: z.string(),
});
export const ZConcernSimilarList = z.object({ items: z.array(ZConcernSimilarItem) });

export const ZRevealedConstituent = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  anonymous: z.boolean(),
});

export const ZCalendarOverride = z.strictObject({
  date: z.string({ error: () => '请输入日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  kind: z.enum(['workday', 'holiday'], { error: () => '应为 workday（上班）或 holiday（放假）' }),
  note: z.string().trim().max(100, '说明不能超过100字').optional(),
});
/** Replaces the overrides of one year. */
export const ZCalendarOverridesPut = z.strictObject({
  year: z.number({ error: () => '请填写年份' }).int().min(2000, '年份不正确').max(2099, '年份不正确'),
  days: z.array(ZCalendarOverride).max(366, '一年最多366天'),
});
export const ZCalendarOverrideList = z.object({
  items: z.array(z.object({ date: z.string(), kind: z.enum(['workday', 'holiday']), note: z.string().nullable() })),
});
export const ZCalendarWarning = z.object({ warning: z.string().nullable(), years: z.array(z.number()) });

export const ZCloseSweepResult = z.object({ closed: z.number() });
