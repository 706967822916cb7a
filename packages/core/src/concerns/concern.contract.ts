/**
 * The concern's wire contract: zod schemas with Chinese messages, and the Chinese labels of
 * every enumeration the UI shows.
 */
import { z } from 'zod';
import { parseCalendarDate, type CalendarDate } from '../common/zoned-time.js';
import { CASE_NUMBER_PATTERN, isCaseNumber } from './case-number.js';
import {
  CLOSING_RATINGS,
  COLLECTOR_KINDS,
  CONCERN_ACTION_TYPES,
  CONCERN_LEVELS,
  CONCERN_RATINGS,
  CONCERN_STATUSES,
  HANDLING_MODES,
  MAX_WORKING_DAYS,
  UNIT_ROLES,
  type ClosingRating,
  type CollectorKind,
  type ConcernActionType,
  type ConcernEventType,
  type ConcernLevel,
  type ConcernStatus,
  type HandlingMode,
  type UnitAssignmentStatus,
  type UnitRole,
} from './concern.workflow.js';
import { CONCERN_TIERS, type ConcernTier } from './working-days.js';

// ─── Enumerations and their labels ──────────────────────────────────────────────────────────

/** Channels (R-LOOP-2). `online` covers the 数字人大 platform and the QR code. */
export const CONCERN_CHANNELS = [
  'station_reception',
  'grid_visit',
  'home_visit',
  'evening_visit',
  'market_stall',
  'phone',
  'wechat',
  'yuezhengyi',
  'online',
  'other',
] as const;
export type ConcernChannel = (typeof CONCERN_CHANNELS)[number];

export const CHANNEL_LABELS: Record<ConcernChannel, string> = {
  station_reception: '联络站接待',
  grid_visit: '网格走访',
  home_visit: '入户走访',
  evening_visit: '入户夜访',
  market_stall: '摆摊听民意',
  phone: '电话',
  wechat: '微信',
  yuezhengyi: '粤政易',
  online: '网上平台（扫码）',
  other: '其他',
};

export const STATUS_LABELS: Record<ConcernStatus, string> = {
  registered: '已登记',
  resolved_on_spot: '已就地解决',
  awaiting_dispatch: '待交办',
  dispatched: '已交办',
  in_progress: '办理中',
  replied: '已答复',
  closed: '已办结',
  merged: '已合并',
};

export const TIER_LABELS: Record<ConcernTier, string> = {
  minor: '微事马上办',
  general: '一般事项速交办',
  major: '重大事项监督办',
};

export const RATING_LABELS: Record<ClosingRating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  not_rated: '未评价',
};

export const LEVEL_LABELS: Record<ConcernLevel, string> = {
  town: '乡镇（街道）',
  county: '县（市、区）',
  city: '地级市',
};

export const UNIT_ROLE_LABELS: Record<UnitRole, string> = {
  lead: '主办',
  assisting: '协办',
  joint: '会办',
};

export const UNIT_ASSIGNMENT_STATUS_LABELS: Record<UnitAssignmentStatus, string> = {
  assigned: '待签收',
  accepted: '办理中',
  opinion_given: '已提交意见',
  replied: '已答复',
  returned: '已退回',
  withdrawn: '已撤回',
};

export const HANDLING_MODE_LABELS: Record<HandlingMode, string> = {
  immediate: '接单即办',
  on_site: '现场协办',
  joint: '联合会办',
};

export const COLLECTOR_KIND_LABELS: Record<CollectorKind, string> = {
  deputy: '人大代表',
  envoy: '民情使者',
  staff: '工作人员',
  online: '群众网上提交',
};

export const ACTION_LABELS: Record<ConcernActionType, string> = {
  resolve_on_spot: '就地解决',
  send_for_dispatch: '提交分办',
  dispatch: '交办',
  accept: '签收',
  return: '退回',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  refuse_extension: '不予延期',
  give_opinion: '提交协办意见',
  reply: '答复',
  escalate: '上交上级',
  urge: '催办',
  set_key_supervision: '重点督办',
  rate: '评价',
  close_not_rated: '未评价办结',
  merge_into: '合并',
  relay_master_reply: '转发主件答复',
  link_suggestion: '转为代表建议',
};

export const EVENT_LABELS: Record<ConcernEventType, string> = {
  registered: '登记',
  resolved_on_spot: '就地解决',
  sent_for_dispatch: '提交分办',
  dispatched: '交办',
  accepted: '签收',
  returned: '退回',
  extension_requested: '申请延期',
  extension_approved: '批准延期',
  extension_refused: '不予延期',
  opinion_given: '协办意见',
  replied: '答复',
  escalated: '上交上级',
  urged: '催办',
  key_supervision_set: '列为重点督办',
  key_supervision_cleared: '取消重点督办',
  rated: '群众评价',
  reopened: '重新办理',
  closed: '办结',
  closed_not_rated: '未评价办结',
  merged: '合并',
  master_reply_relayed: '收到主件答复',
  suggestion_linked: '转为代表建议',
};

/** The default category list; regions may extend it (codes are stable, labels may change). */
export const DEFAULT_CONCERN_CATEGORIES = [
  { code: 'infrastructure', label: '基础设施' },
  { code: 'transport', label: '交通出行' },
  { code: 'ecology', label: '生态环境' },
  { code: 'living_environment', label: '人居环境' },
  { code: 'education', label: '教育' },
  { code: 'health', label: '医疗卫生' },
  { code: 'social_security', label: '社会保障' },
  { code: 'public_safety', label: '治安消防' },
  { code: 'agriculture', label: '农业农村' },
  { code: 'economy', label: '产业经济' },
  { code: 'other', label: '其他' },
] as const;
export type DefaultConcernCategoryCode = (typeof DEFAULT_CONCERN_CATEGORIES)[number]['code'];

// ─── Field schemas ──────────────────────────────────────────────────────────────────────────

const enumOf = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.enum(values, { error: () => message });

export const ZConcernChannel = enumOf(CONCERN_CHANNELS, '请选择反映渠道');
export const ZConcernTier = enumOf(CONCERN_TIERS, '请选择办理层级（微事、一般、重大）');
export const ZConcernStatus = enumOf(CONCERN_STATUSES, '状态不正确');
export const ZConcernLevel = enumOf(CONCERN_LEVELS, '层级应为乡镇、县或市');
export const ZConcernRating = enumOf(CONCERN_RATINGS, '请选择满意、基本满意或不满意');
export const ZClosingRating = enumOf(CLOSING_RATINGS, '评价结果不正确');
export const ZUnitRole = enumOf(UNIT_ROLES, '承办方式应为主办、协办或会办');
export const ZHandlingMode = enumOf(HANDLING_MODES, '办理方式不正确');
export const ZCollectorKind = enumOf(COLLECTOR_KINDS, '收集人类型不正确');
export const ZConcernActionType = enumOf(CONCERN_ACTION_TYPES, '未知的操作');

export const ZCaseNumber = z
  .string({ error: () => '请输入案件编号' })
  .regex(CASE_NUMBER_PATTERN, '案件编号格式应为“县级代码-年份-六位流水号”，如 440784-2025-000824')
  .refine(isCaseNumber, '案件编号不正确');

/** Category code of the configurable tree: lower-case letters, digits and underscores. */
export const ZCategoryCode = z
  .string({ error: () => '请选择问题分类' })
  .regex(/^[a-z][a-z0-9_]{1,39}$/, '问题分类代码不正确');

/** Mobile (1xxxxxxxxxx) or landline with area code (0xx-xxxxxxx). */
export const ZPhone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '手机号或电话号码格式不正确');

export const ZCalendarDateString = z
  .string({ error: () => '请输入日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .transform((s, ctx): CalendarDate => {
    try {
      return parseCalendarDate(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: '日期不存在' });
      return z.NEVER;
    }
  });

/** A strict object whose unknown-key error is in Chinese too (not only with the zh-CN locale). */
const strict = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `不支持的字段：${iss.keys.join('、')}` : undefined),
  });

const ZId = (what: string) =>
  z
    .string({ error: () => `缺少${what}` })
    .trim()
    .min(1, `缺少${what}`)
    .max(64, `${what}过长`);

const ZText = (what: string, max: number) =>
  z
    .string({ error: () => `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}不能超过${max}字`);

const ZOptionalText = (what: string, max: number) => z.string().trim().max(max, `${what}不能超过${max}字`).optional();

const ZWorkingDays = z
  .number({ error: () => '请填写工作日数' })
  .int('工作日数应为整数')
  .min(1, '工作日数至少为 1')
  .max(MAX_WORKING_DAYS, `工作日数不能超过 ${MAX_WORKING_DAYS}`);

// ─── Create ─────────────────────────────────────────────────────────────────────────────────

export const ZConcernConstituent = strict({
  /** Guarded personal fields: stored encrypted, shown masked. */
  name: z.string().trim().max(32, '姓名不能超过32字').optional(),
  phone: ZPhone.optional(),
  /** Do not show the constituent's identity to handling units. */
  anonymous: z.boolean({ error: () => '请选择是否匿名' }).default(false),
});

export const ZConcernLocation = strict({
  latitude: z
    .number({ error: () => '纬度应为数字' })
    .min(-90, '纬度应在 -90 至 90 之间')
    .max(90, '纬度应在 -90 至 90 之间'),
  longitude: z
    .number({ error: () => '经度应为数字' })
    .min(-180, '经度应在 -180 至 180 之间')
    .max(180, '经度应在 -180 至 180 之间'),
});

export const ZConcernCreateRequest = strict({
  title: ZText('标题', 100),
  /** In the constituent's own words. */
  content: ZText('反映内容', 5000),
  channel: ZConcernChannel,
  categoryCode: ZCategoryCode,
  tier: ZConcernTier.default('general'),
  /** The village or community (12-digit statistical code). */
  regionCode: z.string({ error: () => '请选择所在村（社区）' }).regex(/^\d{12}$/, '区划代码应为12位数字'),
  gridId: ZId('网格').optional(),
  microGridId: ZId('微网格').optional(),
  stationId: ZId('联络站').optional(),
  address: ZOptionalText('地址', 200),
  location: ZConcernLocation.optional(),
  constituent: ZConcernConstituent.default({ anonymous: false }),
  collectorKind: ZCollectorKind,
  /** The collecting deputy, when a deputy collected it. */
  deputyId: ZId('收集代表').optional(),
  /** Attachments uploaded beforehand (type and size checked at upload). */
  attachmentIds: z
    .array(ZId('附件'), { error: () => '附件列表不正确' })
    .max(20, '附件不能超过20个')
    .default([]),
  /** Registered for a campaign (主题活动), if any. */
  campaignId: ZId('主题活动').optional(),
}).superRefine((v, ctx) => {
  if (v.collectorKind === 'deputy' && !v.deputyId) {
    ctx.addIssue({ code: 'custom', path: ['deputyId'], message: '由代表收集的群众意见须选择收集代表' });
  }
  if (v.microGridId && !v.gridId) {
    ctx.addIssue({ code: 'custom', path: ['gridId'], message: '填写微网格时须同时选择网格' });
  }
});
export type TConcernCreateRequest = z.infer<typeof ZConcernCreateRequest>;

// ─── Actions ────────────────────────────────────────────────────────────────────────────────

export const ZDispatchUnit = strict({
  unitId: ZId('承办单位'),
  role: ZUnitRole,
  workingDays: ZWorkingDays.optional(),
  dueOn: ZCalendarDateString.optional(),
}).refine((u) => u.workingDays === undefined || u.dueOn === undefined, {
  message: '办理时限请填工作日数或截止日期，不能同时填写',
  path: ['dueOn'],
});

/**
 * The body of `POST /concerns/:id/actions`: the action plus the version the client saw
 * (409 when stale). The workflow re-checks everything; this only shapes the input.
 */
export const ZConcernActionRequest = z.discriminatedUnion(
  'type',
  [
    strict({ type: z.literal('resolve_on_spot'), result: ZText('就地解决情况', 2000) }),
    strict({ type: z.literal('send_for_dispatch'), level: ZConcernLevel.optional(), note: ZOptionalText('说明', 500) }),
    strict({
      type: z.literal('dispatch'),
      units: z
        .array(ZDispatchUnit, { error: () => '请选择承办单位' })
        .min(1, '请选择承办单位')
        .max(20, '承办单位不能超过20个')
        .refine((us) => us.filter((u) => u.role === 'lead').length === 1, '须指定且只能指定一个主办单位')
        .refine((us) => new Set(us.map((u) => u.unitId)).size === us.length, '同一单位不能重复交办'),
      tier: ZConcernTier.optional(),
      handlingMode: ZHandlingMode.optional(),
      note: ZOptionalText('交办意见', 1000),
    }),
    strict({ type: z.literal('accept') }),
    strict({ type: z.literal('return'), reason: ZText('退回理由', 1000) }),
    strict({ type: z.literal('request_extension'), workingDays: ZWorkingDays, reason: ZText('延期理由', 1000) }),
    strict({
      type: z.literal('approve_extension'),
      unitId: ZId('承办单位'),
      workingDays: ZWorkingDays.optional(),
      note: ZOptionalText('说明', 500),
    }),
    strict({ type: z.literal('refuse_extension'), unitId: ZId('承办单位'), reason: ZText('不予延期理由', 1000) }),
    strict({ type: z.literal('give_opinion'), opinion: ZText('协办意见', 5000) }),
    strict({ type: z.literal('reply'), content: ZText('答复内容', 5000) }),
    strict({ type: z.literal('escalate'), reason: ZText('上交理由', 1000) }),
    strict({ type: z.literal('urge'), unitId: ZId('承办单位').optional(), note: ZOptionalText('催办意见', 500) }),
    strict({
      type: z.literal('set_key_supervision'),
      on: z.boolean({ error: () => '请指定是否列为重点督办' }),
      reason: ZOptionalText('督办理由', 500),
    }),
    strict({ type: z.literal('rate'), rating: ZConcernRating, comment: ZOptionalText('评价意见', 1000) }),
    strict({ type: z.literal('close_not_rated') }),
    strict({ type: z.literal('merge_into'), masterId: ZId('主件'), reason: ZOptionalText('合并理由', 500) }),
    strict({ type: z.literal('link_suggestion'), suggestionId: ZId('代表建议') }),
  ],
  { error: () => '未知的操作' },
);
export type TConcernActionRequest = z.infer<typeof ZConcernActionRequest>;

/** The version the client saw, sent with every action (or as If-Match). */
export const ZConcernVersion = z.coerce
  .number({ error: () => '缺少版本号' })
  .int('版本号应为整数')
  .min(1, '版本号应为正整数');
