/**
 * The suggestion's wire contract: zod schemas with Chinese messages, and the Chinese labels of
 * every enumeration the UI shows.
 */
import { z } from 'zod';
import { SUGGESTION_PERIODS, type SuggestionPeriod } from './suggestion-number.js';
import {
  COMMUNICATION_FORMS,
  CONSULTATION_FORMS,
  REPLY_CATEGORIES,
  SUGGESTION_ACTION_TYPES,
  SUGGESTION_CATEGORIES,
  SUGGESTION_RATINGS,
  SUGGESTION_STATUSES,
  SUGGESTION_UNIT_ROLES,
  type CommunicationForm,
  type ConsultationForm,
  type ReplyCategory,
  type SuggestionActionType,
  type SuggestionCategory,
  type SuggestionEventType,
  type SuggestionRating,
  type SuggestionStatus,
  type SuggestionUnitRole,
} from './suggestion.workflow.js';

export const SUGGESTION_STATUS_LABELS: Record<SuggestionStatus, string> = {
  drafting: '起草沟通中',
  filed: '待审查',
  registered: '已立案',
  merged: '已并案',
  not_registered: '不予立案',
  dispatched: '办理中',
  replied: '已答复',
  rehandling: '重新办理',
  closed: '已办结',
};

export const SUGGESTION_CATEGORY_LABELS: Record<SuggestionCategory, string> = {
  politics_law: '政治法律',
  finance_economy: '财政经济',
  urban_environment: '城建环保',
  education_culture_health: '教科文卫',
  agriculture_rural: '农业农村',
  other: '其他',
};

export const SUGGESTION_PERIOD_LABELS: Record<SuggestionPeriod, string> = {
  session: '会议期间',
  between_sessions: '闭会期间',
};

export const SUGGESTION_UNIT_ROLE_LABELS: Record<SuggestionUnitRole, string> = { lead: '主办', assisting: '协办', joint: '会办' };
export const CONSULTATION_FORM_LABELS: Record<ConsultationForm, string> = { meeting: '座谈', visit: '走访', phone: '电话' };
export const COMMUNICATION_FORM_LABELS: Record<CommunicationForm, string> = { meeting: '座谈', visit: '走访', phone: '电话', other: '其他' };
export const REPLY_CATEGORY_LABELS: Record<ReplyCategory, string> = {
  A: 'A类（已解决或基本解决）',
  B: 'B类（正在解决）',
  C: 'C类（列入计划逐步解决）',
  D: 'D类（留作参考，已说明）',
};
export const SUGGESTION_RATING_LABELS: Record<SuggestionRating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  no_opinion: '未表态',
};

export const SUGGESTION_ACTION_LABELS: Record<SuggestionActionType, string> = {
  record_communication: '登记沟通',
  cosign: '附议',
  file: '提交',
  register: '立案',
  merge: '并案',
  refuse_registration: '不予立案',
  dispatch: '交办',
  give_opinion: '提交协办意见',
  record_consultation: '登记面商',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  reply: '答复',
  rate: '评价',
  set_key_supervision: '重点督办',
};

export const SUGGESTION_EVENT_LABELS: Record<SuggestionEventType, string> = {
  drafted: '起草',
  communication_recorded: '提交前沟通',
  cosigned: '附议',
  filed: '提交',
  registered: '立案',
  merged: '并案',
  not_registered: '不予立案',
  dispatched: '交办',
  opinion_given: '协办意见',
  consultation_recorded: '面商',
  extension_requested: '申请延期',
  extension_approved: '批准延期',
  extension_refused: '不予延期',
  replied: '答复',
  rated: '代表评价',
  rehandling_started: '不满意，重新办理',
  closed: '办结',
  key_supervision_set: '列入重点督办',
  key_supervision_cleared: '取消重点督办',
};

// ─── Requests ───────────────────────────────────────────────────────────────────────────────

const day = (what: string) => z.string({ error: () => `请填写${what}` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${what}格式应为 YYYY-MM-DD`);
const uuid = (what: string) => z.string({ error: () => `请选择${what}` }).uuid(`${what}编号格式不正确`);
const str = (what: string, max: number) =>
  z.string({ error: () => `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `${what}不能超过 ${max} 字`);

export const ZSuggestionCategory = z.enum(SUGGESTION_CATEGORIES, { error: () => '请选择建议类别' });
export const ZSuggestionPeriod = z.enum(SUGGESTION_PERIODS, { error: () => '请选择提出时间（会议期间或闭会期间）' });

export const ZSuggestionCreateRequest = z.strictObject({
  title: str('建议标题', 120),
  content: str('建议内容', 20_000),
  category: ZSuggestionCategory,
  period: ZSuggestionPeriod,
  term: z.number({ error: () => '请填写届次' }).int('届次应为整数').min(1, '届次应为 1 至 99').max(99, '届次应为 1 至 99'),
  session: z.number({ error: () => '请填写会议次数' }).int('会议次数应为整数').min(1, '会议次数应为 1 至 99').max(99, '会议次数应为 1 至 99'),
  isPublic: z.boolean({ error: () => '请选择是否公开' }).default(true),
  leadDeputyId: uuid('领衔代表'),
  cosignerDeputyIds: z.array(uuid('附议代表')).max(50, '附议代表不能超过 50 人').default([]),
  concernIds: z.array(uuid('群众意见')).max(50, '关联的群众意见不能超过 50 件').default([]),
});
export type TSuggestionCreateRequest = z.infer<typeof ZSuggestionCreateRequest>;

const version = z.number({ error: () => '缺少版本号' }).int().min(1);

export const ZSuggestionActionBody = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('record_communication'),
      version,
      form: z.enum(COMMUNICATION_FORMS, { error: () => '请选择沟通方式' }),
      on: day('沟通日期'),
      withWhom: str('沟通对象', 200),
      note: str('沟通情况', 2000),
    }),
    z.strictObject({ type: z.literal('cosign'), version }),
    z.strictObject({ type: z.literal('file'), version }),
    z.strictObject({ type: z.literal('register'), version, note: z.string().max(500).optional() }),
    z.strictObject({ type: z.literal('merge'), version, mergedInto: uuid('并入的建议'), reason: z.string().max(500).optional() }),
    z.strictObject({ type: z.literal('refuse_registration'), version, reason: str('不予立案理由', 1000) }),
    z.strictObject({
      type: z.literal('dispatch'),
      version,
      units: z
        .array(z.strictObject({ unitId: uuid('承办单位'), role: z.enum(SUGGESTION_UNIT_ROLES, { error: () => '请选择主办、协办或会办' }) }))
        .min(1, '请选择承办单位')
        .max(10, '承办单位不能超过 10 个'),
      opinionDays: z.number().int('应为整数').min(1, '协办意见期限至少 1 天').max(60, '协办意见期限不能超过 60 天').optional(),
      dueOn: day('办理期限').optional(),
    }),
    z.strictObject({ type: z.literal('give_opinion'), version, content: str('协办意见', 5000) }),
    z.strictObject({
      type: z.literal('record_consultation'),
      version,
      form: z.enum(CONSULTATION_FORMS, { error: () => '请选择面商方式（座谈、走访、电话）' }),
      on: day('面商日期'),
      people: z.array(str('参加人员', 50)).min(1, '请填写参加面商的人员').max(30),
      note: z.string().max(2000).default(''),
    }),
    z.strictObject({ type: z.literal('request_extension'), version, dueOn: day('延期后的期限'), reason: str('延期理由', 1000) }),
    z.strictObject({ type: z.literal('decide_extension'), version, approve: z.boolean({ error: () => '请选择是否批准' }), note: z.string().max(1000).optional() }),
    z.strictObject({
      type: z.literal('reply'),
      version,
      category: z.enum(REPLY_CATEGORIES, { error: () => '请选择答复类别（A、B、C、D）' }),
      content: str('答复内容', 20_000),
      documentNumber: str('答复文号', 100),
      signer: str('签发人', 50),
      contact: str('联系人及电话', 100),
      itemsDone: z.array(str('已办事项', 500)).max(50).default([]),
      itemsPlanned: z.array(z.strictObject({ item: str('计划事项', 500), dueOn: day('计划完成日期') })).max(50).default([]),
    }),
    z.strictObject({
      type: z.literal('rate'),
      version,
      handling: z.enum(SUGGESTION_RATINGS, { error: () => '请评价办理工作' }),
      result: z.enum(SUGGESTION_RATINGS, { error: () => '请评价办理结果' }),
      comment: z.string().max(2000).optional(),
    }),
    z.strictObject({
      type: z.literal('set_key_supervision'),
      version,
      on: z.boolean({ error: () => '请选择是否重点督办' }),
      leader: z.string().max(50).optional(),
      deputyIds: z.array(uuid('代表')).max(20).optional(),
      note: z.string().max(1000).optional(),
    }),
  ],
  { error: () => '没有该操作' },
);
export type TSuggestionActionBody = z.infer<typeof ZSuggestionActionBody>;

export const SUGGESTION_VIEWS = ['all', 'mine', 'to-review', 'to-dispatch', 'handling', 'overdue', 'due-soon', 'key-supervision', 'to-cosign', 'to-rate'] as const;
export type SuggestionView = (typeof SUGGESTION_VIEWS)[number];

export const ZSuggestionListQuery = z.strictObject({
  view: z.enum(SUGGESTION_VIEWS, { error: () => '没有该列表' }).default('all'),
  status: z.enum(SUGGESTION_STATUSES, { error: () => '状态不正确' }).optional(),
  category: ZSuggestionCategory.optional(),
  period: ZSuggestionPeriod.optional(),
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).max(100_000, '页码过大').default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TSuggestionListQuery = z.infer<typeof ZSuggestionListQuery>;

// ─── Responses ──────────────────────────────────────────────────────────────────────────────

export const ZSuggestionListItem = z.object({
  suggestionId: z.string(),
  caseNumber: z.string().nullable(),
  title: z.string(),
  category: ZSuggestionCategory,
  categoryLabel: z.string(),
  period: ZSuggestionPeriod,
  term: z.number(),
  session: z.number(),
  isPublic: z.boolean(),
  status: z.enum(SUGGESTION_STATUSES),
  statusLabel: z.string(),
  leadDeputyId: z.string(),
  leadDeputyName: z.string(),
  leadUnitId: z.string().nullable(),
  leadUnitName: z.string().nullable(),
  dueOn: z.string().nullable(),
  dueStanding: z.enum(['overdue', 'due_soon', 'on_track']).nullable(),
  daysLeft: z.number().nullable(),
  keySupervision: z.boolean(),
  lastReplyCategory: z.enum(REPLY_CATEGORIES).nullable(),
  createdAt: z.string(),
  version: z.number(),
});
export type TSuggestionListItem = z.infer<typeof ZSuggestionListItem>;

export const ZSuggestionList = z.object({
  items: z.array(ZSuggestionListItem),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const ZSuggestionDetail = ZSuggestionListItem.extend({
  content: z.string(),
  countyCode: z.string(),
  state: z.record(z.string(), z.unknown()),
  deputies: z.array(z.object({ deputyId: z.string(), name: z.string(), role: z.enum(['lead', 'cosigner']), confirmedAt: z.string().nullable() })),
  units: z.array(z.object({ unitId: z.string(), name: z.string(), role: z.enum(SUGGESTION_UNIT_ROLES), roleLabel: z.string() })),
  concerns: z.array(z.object({ concernId: z.string(), caseNumber: z.string(), title: z.string(), statusLabel: z.string() })),
  timeline: z.array(
    z.object({
      type: z.string(),
      label: z.string(),
      at: z.string(),
      version: z.number(),
      actorRole: z.string(),
      actorName: z.string().nullable(),
      unitName: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  actions: z.array(z.enum(SUGGESTION_ACTION_TYPES)),
});
export type TSuggestionDetail = z.infer<typeof ZSuggestionDetail>;

export const ZSuggestionUnitStats = z.object({
  items: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      total: z.number(),
      asLead: z.number(),
      replied: z.number(),
      repliedOnTime: z.number(),
      overdue: z.number(),
      byCategory: z.record(z.string(), z.number()),
      byReplyCategory: z.record(z.string(), z.number()),
      /** Ratings of the result (办理结果) of the latest rating per suggestion. */
      satisfaction: z.record(z.string(), z.number()),
    }),
  ),
});
export type TSuggestionUnitStats = z.infer<typeof ZSuggestionUnitStats>;

/** What a constituent sees of a suggestion formed from their concern (public tracking page). */
export const ZPublicSuggestionSummary = z.object({
  caseNumber: z.string().nullable(),
  title: z.string(),
  statusLabel: z.string(),
  reply: z.object({ categoryLabel: z.string(), summary: z.string(), at: z.string() }).nullable(),
});
export type TPublicSuggestionSummary = z.infer<typeof ZPublicSuggestionSummary>;
