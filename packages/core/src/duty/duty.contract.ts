import { z } from 'zod';
import { ZRegionCode } from '../auth/auth.contract.js';
import { ACTIVITY_KINDS, ACTIVITY_PLACES } from './activity-kinds.js';
import { DEPUTY_LEVELS, PERIOD_TYPES } from './duty-rule.js';
import { ROTA_PURPOSES } from './rota.js';
import { PERFORMANCE_GRADES, RATER_STAGES, validatePerformanceScheme } from './evaluation.js';

const ZId = z.string({ error: '编号不正确' }).trim().min(1, '编号不能为空').max(64, '编号过长');

function hasDuplicates(values: readonly unknown[]): boolean {
  return new Set(values).size !== values.length;
}

// ---------------------------------------------------------------------------------------------
// Duty frequency rules (R-DUTY-1)

export const ZDeputyLevel = z.enum(DEPUTY_LEVELS, { error: '代表层级不正确' });
export const ZPeriodType = z.enum(PERIOD_TYPES, { error: '周期类型不正确' });

export const ZDutyFrequency = z.strictObject({
  periodType: ZPeriodType,
  minCount: z
    .number({ error: '次数应为数字' })
    .int('次数应为整数')
    .min(1, '每个周期至少1次')
    .max(100, '每个周期次数过多'),
});
export type TDutyFrequency = z.infer<typeof ZDutyFrequency>;

export const ZDutyRule = z.strictObject({
  name: z.string({ error: '请输入规则名称' }).trim().min(1, '请输入规则名称').max(64, '规则名称过长'),
  frequencies: z
    .partialRecord(ZDeputyLevel, ZDutyFrequency)
    .refine((f) => Object.keys(f).length > 0, '至少为一个代表层级设置频次'),
});
export type TDutyRule = z.infer<typeof ZDutyRule>;

/** A region's own rule; regions without one use the default (631). */
export const ZRegionDutyRuleRequest = z.strictObject({
  regionCode: ZRegionCode,
  rule: ZDutyRule,
  reminderDaysBefore: z.number().int('提醒天数应为整数').min(0, '提醒天数不能为负').max(90, '提醒天数过大').default(7),
});
export type TRegionDutyRuleRequest = z.infer<typeof ZRegionDutyRuleRequest>;

// ---------------------------------------------------------------------------------------------
// Fixed rota (R-DUTY-2) and direct-contact day (R-DUTY-3)

const ZCalendarDateString = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
const ZTimeOfDay = z.string({ error: '请输入时间' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
export const ZRotaWeekday = z.literal([0, 1, 2, 3, 4, 5, 6], { error: '星期应为0（星期日）至6（星期六）' });
export const ZRotaNthWeekday = z.literal([1, 2, 3, 4, 5, -1], { error: '第几个星期应为1至5，或-1表示最后一个' });

export const ZRotaRecurrence = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('weekly'),
      weekdays: z
        .array(ZRotaWeekday)
        .min(1, '请至少选择一个星期几')
        .refine((a) => !hasDuplicates(a), '星期几不能重复'),
    }),
    z.strictObject({
      kind: z.literal('monthly_nth_weekday'),
      weekday: ZRotaWeekday,
      nths: z
        .array(ZRotaNthWeekday)
        .min(1, '请至少选择一个“第几个”')
        .refine((a) => !hasDuplicates(a), '“第几个”不能重复'),
    }),
    z.strictObject({
      kind: z.literal('monthly_day'),
      days: z
        .array(z.number().int('日期应为整数').min(1, '日期应为1至31').max(31, '日期应为1至31'))
        .min(1, '请至少选择一天')
        .refine((a) => !hasDuplicates(a), '日期不能重复'),
    }),
  ],
  { error: '重复规则不正确' },
);

export const ZRotaPlace = z.strictObject({
  kind: z.enum(['station', 'grid'], { error: '地点应为联络站或网格' }),
  id: ZId,
});

const rotaTemplateFields = {
  name: z.string({ error: '请输入排班名称' }).trim().min(1, '请输入排班名称').max(64, '排班名称过长'),
  purpose: z.enum(ROTA_PURPOSES, { error: '排班用途不正确' }),
  place: ZRotaPlace,
  recurrence: ZRotaRecurrence,
  startTime: ZTimeOfDay,
  endTime: ZTimeOfDay,
  deputyIds: z.array(ZId).max(50, '代表人数过多'),
  rotation: z.array(z.array(ZId).min(1, '轮值组不能为空')).max(52, '轮值组过多').optional(),
  validFrom: ZCalendarDateString,
  validUntil: ZCalendarDateString.nullable().optional(),
};

type RotaTemplateShape = {
  startTime: string;
  endTime: string;
  deputyIds: string[];
  rotation?: string[][] | undefined;
  validFrom: string;
  validUntil?: string | null | undefined;
};

function checkRotaTemplate(t: RotaTemplateShape, ctx: z.RefinementCtx): void {
  if (t.endTime <= t.startTime) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: '结束时间应晚于开始时间' });
  }
  if (t.validUntil && t.validUntil < t.validFrom) {
    ctx.addIssue({ code: 'custom', path: ['validUntil'], message: '停止日期不能早于开始日期' });
  }
  if (t.deputyIds.length === 0 && (t.rotation ?? []).length === 0) {
    ctx.addIssue({ code: 'custom', path: ['deputyIds'], message: '请至少安排一位代表' });
  }
  if (hasDuplicates(t.deputyIds)) {
    ctx.addIssue({ code: 'custom', path: ['deputyIds'], message: '代表不能重复' });
  }
  (t.rotation ?? []).forEach((group, i) => {
    if (hasDuplicates(group) || group.some((id) => t.deputyIds.includes(id))) {
      ctx.addIssue({ code: 'custom', path: ['rotation', i], message: '轮值组内代表重复或与固定代表重复' });
    }
  });
}

/** Creating or replacing a rota template. */
export const ZRotaTemplateRequest = z.strictObject(rotaTemplateFields).superRefine(checkRotaTemplate);
export type TRotaTemplateRequest = z.infer<typeof ZRotaTemplateRequest>;

/** A stored rota template (the shape of `RotaTemplate` in rota.ts). */
export const ZRotaTemplate = z.strictObject({ id: ZId, ...rotaTemplateFields }).superRefine(checkRotaTemplate);
export type TRotaTemplate = z.infer<typeof ZRotaTemplate>;

export const ZRotaSwapRequest = z
  .strictObject({
    slotId: ZId.max(128, '班次编号过长'),
    fromDeputyId: ZId,
    toDeputyId: ZId,
    reason: z.string().trim().max(200, '调换原因过长').optional(),
  })
  .refine((s) => s.fromDeputyId !== s.toDeputyId, {
    path: ['toDeputyId'],
    message: '调换前后不能是同一位代表',
  });
export type TRotaSwapRequest = z.infer<typeof ZRotaSwapRequest>;

// ---------------------------------------------------------------------------------------------
// Activities (R-DUTY-4, R-DUTY-6)

export const ZActivityKind = z.enum(ACTIVITY_KINDS, { error: '活动类型不正确' });
export const ZActivityPlace = z.enum(ACTIVITY_PLACES, { error: '地点应为联络站、网格或其他' });

const ZDateTime = z.iso.datetime({ offset: true, error: '时间格式不正确，应为带时区的 ISO 8601 时间' });

export const ZActivityCreateRequest = z
  .strictObject({
    kind: ZActivityKind,
    startedAt: ZDateTime,
    endedAt: ZDateTime.optional(),
    place: ZActivityPlace,
    stationId: ZId.optional(),
    gridId: ZId.optional(),
    placeDescription: z.string().trim().min(1, '请填写活动地点').max(200, '地点描述过长').optional(),
    participantDeputyIds: z
      .array(ZId, { error: '请选择参加的代表' })
      .min(1, '至少有一位代表参加')
      .max(500, '参加代表过多')
      .refine((a) => !hasDuplicates(a), '参加代表不能重复'),
    constituentsReceived: z
      .number({ error: '接待群众人数应为数字' })
      .int('接待群众人数应为整数')
      .min(0, '接待群众人数不能为负数')
      .max(100_000, '接待群众人数过大'),
    summary: z.string({ error: '请填写活动内容' }).trim().min(1, '请填写活动内容').max(2000, '活动内容不超过2000字'),
    rotaSlotId: ZId.max(128, '班次编号过长').optional(),
    campaignId: ZId.optional(),
    /** Led by the town congress head (the first of the "三个一" campaign targets). */
    ledByCongressHead: z.boolean({ error: '是否由人大主席（主任）带队应为是或否' }).optional(),
    location: z
      .strictObject({
        latitude: z.number().min(-90, '纬度不正确').max(90, '纬度不正确'),
        longitude: z.number().min(-180, '经度不正确').max(180, '经度不正确'),
      })
      .optional(),
  })
  .superRefine((a, ctx) => {
    if (a.place === 'station' && !a.stationId) {
      ctx.addIssue({ code: 'custom', path: ['stationId'], message: '请选择联络站' });
    }
    if (a.place === 'grid' && !a.gridId) {
      ctx.addIssue({ code: 'custom', path: ['gridId'], message: '请选择网格' });
    }
    if (a.place === 'other' && !a.placeDescription) {
      ctx.addIssue({ code: 'custom', path: ['placeDescription'], message: '请填写活动地点' });
    }
    if (a.endedAt && Date.parse(a.endedAt) <= Date.parse(a.startedAt)) {
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: '结束时间应晚于开始时间' });
    }
  });
export type TActivityCreateRequest = z.infer<typeof ZActivityCreateRequest>;

// ---------------------------------------------------------------------------------------------
// Performance evaluation (R-DUTY-9)

export const ZRaterStage = z.enum(RATER_STAGES, { error: '评议环节不正确' });
export const ZPerformanceGrade = z.enum(PERFORMANCE_GRADES, { error: '等次不正确' });

export const ZPerformanceItem = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '项目编码应为小写字母、数字和下划线'),
  label: z.string().trim().min(1, '请输入项目名称').max(64, '项目名称过长'),
  weight: z.number({ error: '权重应为数字' }).min(0, '权重不能为负数').max(1000, '权重过大'),
  maxScore: z.number({ error: '满分应为数字' }).positive('满分应大于0').max(1000, '满分过大'),
});

export const ZPerformanceGradeBand = z.strictObject({
  grade: ZPerformanceGrade,
  minTotal: z.number({ error: '分数线应为数字' }).min(0, '分数线应在0至100之间').max(100, '分数线应在0至100之间'),
});

export const ZPerformanceScheme = z
  .strictObject({
    items: z.array(ZPerformanceItem).min(1, '至少需要一个评价项目').max(50, '评价项目过多'),
    grades: z.array(ZPerformanceGradeBand).min(1, '至少需要一个等次'),
    raterOrder: z.array(ZRaterStage).min(1, '至少需要一个评议环节'),
  })
  .superRefine((s, ctx) => {
    for (const message of validatePerformanceScheme(s)) ctx.addIssue({ code: 'custom', message });
  });
export type TPerformanceScheme = z.infer<typeof ZPerformanceScheme>;

export const ZPerformanceRatingRequest = z.strictObject({
  stage: ZRaterStage,
  scores: z.record(z.string(), z.number({ error: '评分应为数字' }).min(0, '评分不能为负数').max(1000, '评分过大')),
  comment: z.string().trim().max(500, '评语不超过500字').optional(),
});
export type TPerformanceRatingRequest = z.infer<typeof ZPerformanceRatingRequest>;
