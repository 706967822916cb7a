/**
 * Request schemas of the duty API beyond the rule, rota and activity shapes of duty.contract.ts:
 * queries, check-ins, reception registers, campaigns, evaluations and oversight work.
 */
import { z } from 'zod';
import { ZActivityCreateRequest, ZActivityKind, ZPerformanceScheme } from './duty.contract.js';

const ZUuid = (what: string) => z.uuid({ error: `${what}编号格式不正确` });
const ZRegion = z.string({ error: '请选择行政区划' }).regex(/^\d{12}$/, '区划代码应为12位数字');
const ZDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
const ZDateTime = z.iso.datetime({ offset: true, error: '时间格式不正确，应为带时区的 ISO 8601 时间' });
const ZText = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不超过${max}字`);
const ZOptionalText = (label: string, max: number) => z.string().trim().max(max, `${label}不超过${max}字`).optional();
const ZPage = {
  page: z.coerce.number().int().min(1, '页码应从1开始').max(100_000, '页码过大').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多200条').default(50),
};

export const ZRegionQuery = z.strictObject({ regionCode: ZRegion });

/** A range of local calendar days, `to` inclusive; both default to the current year. */
export const ZComplianceQuery = z
  .strictObject({
    regionCode: ZRegion.optional(),
    from: ZDate.optional(),
    to: ZDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type TComplianceQuery = z.infer<typeof ZComplianceQuery>;

export const ZRangeQuery = z
  .strictObject({ from: ZDate, to: ZDate, stationId: ZUuid('联络站').optional(), regionCode: ZRegion.optional() })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, { path: ['to'], message: '查询范围不超过400天' });
export type TRangeQuery = z.infer<typeof ZRangeQuery>;

export const ZAnnouncementRequest = z
  .strictObject({ from: ZDate, to: ZDate, title: ZOptionalText('公示标题', 100) })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type TAnnouncementRequest = z.infer<typeof ZAnnouncementRequest>;

export const ZActivityBulkRequest = z.strictObject({
  activities: z.array(ZActivityCreateRequest, { error: '请提供活动列表' }).min(1, '至少一条活动').max(500, '一次最多录入500条活动'),
});
export type TActivityBulkRequest = z.infer<typeof ZActivityBulkRequest>;

export const ZActivityListQuery = z.strictObject({
  regionCode: ZRegion.optional(),
  stationId: ZUuid('联络站').optional(),
  deputyId: ZUuid('代表').optional(),
  campaignId: ZUuid('主题活动').optional(),
  kind: ZActivityKind.optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
  ...ZPage,
});
export type TActivityListQuery = z.infer<typeof ZActivityListQuery>;

const ZLocation = z.strictObject({
  latitude: z.number({ error: '纬度应为数字' }).min(-90, '纬度不正确').max(90, '纬度不正确'),
  longitude: z.number({ error: '经度应为数字' }).min(-180, '经度不正确').max(180, '经度不正确'),
});

/** A deputy checks in: to an activity they take part in, or to their rota slot (which makes the activity). */
export const ZCheckInRequest = z
  .strictObject({
    activityId: ZUuid('活动').optional(),
    rotaSlotId: z.string().trim().min(1).max(128, '班次编号过长').optional(),
    location: ZLocation.optional(),
  })
  .refine((c) => (c.activityId ? 1 : 0) + (c.rotaSlotId ? 1 : 0) === 1, {
    path: ['activityId'],
    message: '请选择要签到的活动或排班（二选一）',
  });
export type TCheckInRequest = z.infer<typeof ZCheckInRequest>;

export const RECEPTION_ROUTES = ['on_spot', 'concern', 'referred', 'explained'] as const;
export const RECEPTION_ROUTE_LABELS: Record<(typeof RECEPTION_ROUTES)[number], string> = {
  on_spot: '当场解决',
  concern: '转交办理',
  referred: '引导至有关部门',
  explained: '解释说明',
};

export const ZReceptionRequestItem = z.strictObject({
  /** In the visitor's own words. */
  content: ZText('反映事项', 2000),
  title: ZOptionalText('事项标题', 100),
});

export const ZReceptionEntryRequest = z.strictObject({
  stationId: ZUuid('联络站'),
  receivedAt: ZDateTime,
  dutyDeputyIds: z.array(ZUuid('值班代表')).min(1, '请选择值班代表').max(20, '值班代表过多'),
  visitor: z
    .strictObject({
      name: ZOptionalText('来访人姓名', 50),
      phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, '联系电话格式不正确').optional(),
      address: ZOptionalText('住址', 200),
    })
    .default({}),
  visitorCount: z.number().int('来访人数应为整数').min(1, '来访人数至少1人').max(1000, '来访人数过多').default(1),
  requests: z.array(ZReceptionRequestItem, { error: '请填写反映事项' }).min(1, '请至少填写一项反映事项').max(20, '反映事项过多'),
  proposedHandling: ZOptionalText('拟办意见', 2000),
  route: z.enum(RECEPTION_ROUTES, { error: '办理方式不正确' }),
  feedback: ZOptionalText('反馈情况', 2000),
  activityId: ZUuid('活动').optional(),
});
export type TReceptionEntryRequest = z.infer<typeof ZReceptionEntryRequest>;

export const ZReceptionFeedbackRequest = z.strictObject({ feedback: ZText('反馈情况', 2000) });

/** Which requests of an entry become concerns in the closed loop, and how they are filed. */
export const ZReceptionConcernsRequest = z.strictObject({
  items: z
    .array(
      z.strictObject({
        requestIndex: z.number().int().min(0, '事项序号不正确'),
        title: ZText('标题', 100),
        categoryCode: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '类别编码不正确'),
        regionCode: ZRegion,
        tier: z.enum(['minor', 'general', 'major']).default('general'),
      }),
    )
    .min(1, '请选择要转为群众意见的事项')
    .max(20),
});
export type TReceptionConcernsRequest = z.infer<typeof ZReceptionConcernsRequest>;

export const ZReceptionListQuery = z.strictObject({
  stationId: ZUuid('联络站').optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  ...ZPage,
});

/** The "三个一" and the counts a campaign aims at (0 = not a target). */
export const ZCampaignTargets = z.strictObject({
  townHeadActivityPerTown: z.number().int().min(0).max(100).default(1),
  qualitySuggestionPerGroup: z.number().int().min(0).max(100).default(1),
  prominentProblemsSolved: z.number().int().min(0).max(10_000).default(1),
  concernsCollected: z.number().int().min(0).max(1_000_000).default(0),
});

export const ZCampaignRequest = z
  .strictObject({
    name: ZText('活动名称', 100),
    theme: ZText('活动主题', 200),
    regionCode: ZRegion,
    startsOn: ZDate,
    endsOn: ZDate,
    targets: ZCampaignTargets.default({
      townHeadActivityPerTown: 1,
      qualitySuggestionPerGroup: 1,
      prominentProblemsSolved: 1,
      concernsCollected: 0,
    }),
    suggestionsFormed: z.number().int().min(0, '形成建议数不能为负').max(100_000).optional(),
  })
  .refine((c) => c.startsOn <= c.endsOn, { path: ['endsOn'], message: '结束日期不能早于开始日期' });
export type TCampaignRequest = z.infer<typeof ZCampaignRequest>;

export const ZCampaignTagRequest = z
  .strictObject({
    activityIds: z.array(ZUuid('活动')).max(500).default([]),
    concernIds: z.array(ZUuid('群众意见')).max(500).default([]),
  })
  .refine((t) => t.activityIds.length + t.concernIds.length > 0, { path: ['activityIds'], message: '请选择要归入的活动或群众意见' });
export type TCampaignTagRequest = z.infer<typeof ZCampaignTagRequest>;

export const ZPerformanceSchemeRequest = z.strictObject({
  regionCode: ZRegion,
  year: z.number().int().min(2000, '年度不正确').max(2100, '年度不正确'),
  scheme: ZPerformanceScheme,
});
export type TPerformanceSchemeRequest = z.infer<typeof ZPerformanceSchemeRequest>;

export const OVERSIGHT_KINDS = [
  'special_supervision',
  'survey',
  'inspection',
  'law_enforcement_inspection',
  'department_appraisal',
  'special_inquiry',
] as const;
export const OVERSIGHT_KIND_LABELS: Record<(typeof OVERSIGHT_KINDS)[number], string> = {
  special_supervision: '专项监督',
  survey: '专题调研',
  inspection: '视察',
  law_enforcement_inspection: '执法检查',
  department_appraisal: '部门工作评议',
  special_inquiry: '专题询问',
};
/** 问需求 → 深调研 → 商对策 → 面回复 (R-LOOP-7), then done. */
export const OVERSIGHT_STAGES = ['needs', 'research', 'measures', 'reply', 'done'] as const;
export const OVERSIGHT_STAGE_LABELS: Record<(typeof OVERSIGHT_STAGES)[number], string> = {
  needs: '问需求',
  research: '深调研',
  measures: '商对策',
  reply: '面回复',
  done: '已完成',
};

const ZProblem = z.strictObject({
  description: ZText('问题描述', 1000),
  category: ZOptionalText('问题类别', 50),
  unitId: ZUuid('承办单位').optional(),
  dueOn: ZDate.optional(),
});

export const ZOversightCreateRequest = z
  .strictObject({
    kind: z.enum(OVERSIGHT_KINDS, { error: '监督类型不正确' }),
    regionCode: ZRegion,
    title: ZText('标题', 100),
    subject: ZOptionalText('监督对象', 200),
    startsOn: ZDate.optional(),
    endsOn: ZDate.optional(),
    findings: ZOptionalText('发现的问题', 5000),
    suggestions: ZOptionalText('整改建议', 5000),
    problems: z.array(ZProblem).max(200, '问题清单最多200条').default([]),
    campaignId: ZUuid('主题活动').optional(),
  })
  .refine((o) => !o.startsOn || !o.endsOn || o.startsOn <= o.endsOn, { path: ['endsOn'], message: '结束日期不能早于开始日期' });
export type TOversightCreateRequest = z.infer<typeof ZOversightCreateRequest>;

export const ZOversightDispatchRequest = z.strictObject({
  problems: z
    .array(z.strictObject({ problemId: ZUuid('问题'), unitId: ZUuid('承办单位'), dueOn: ZDate.optional() }))
    .min(1, '请选择要交办的问题'),
});
export type TOversightDispatchRequest = z.infer<typeof ZOversightDispatchRequest>;

export const ZOversightAnswerRequest = z.strictObject({ answer: ZText('办理答复', 2000) });
export const ZOversightRevisitRequest = z.strictObject({ note: ZText('回访情况', 2000) });
export const ZOversightStageRequest = z.strictObject({ stage: z.enum(OVERSIGHT_STAGES, { error: '环节不正确' }) });

export const ZWorkLogQuery = z.strictObject({
  from: ZDate.optional(),
  to: ZDate.optional(),
});
