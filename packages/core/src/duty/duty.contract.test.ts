import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ZActivityCreateRequest,
  ZDutyRule,
  ZPerformanceScheme,
  ZPerformanceRatingRequest,
  ZRegionDutyRuleRequest,
  ZRotaSwapRequest,
  ZRotaTemplate,
  ZRotaTemplateRequest,
} from './duty.contract.js';
import { HESHAN_631_RULE, effectiveRule, type DutyRule } from './duty-rule.js';
import { expandRota, type RotaTemplate } from './rota.js';
import { DEFAULT_PERFORMANCE_SCHEME, type PerformanceScheme } from './evaluation.js';

function firstMessage(schema: z.ZodType, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
}

describe('R-DUTY-1 duty rule contract', () => {
  it('accepts the 631 rule and the parsed rule is a DutyRule', () => {
    const rule: DutyRule = ZDutyRule.parse(HESHAN_631_RULE);
    expect(effectiveRule(['county', 'township'], rule)).toEqual({
      level: 'township',
      periodType: 'month',
      minCount: 1,
    });
  });

  it('accepts a rule for some levels only, and a region request with a default reminder window', () => {
    const r = ZRegionDutyRuleRequest.parse({
      regionCode: '440784000000',
      rule: { name: '本地规则', frequencies: { county: { periodType: 'quarter', minCount: 2 } } },
    });
    expect(r.reminderDaysBefore).toBe(7);
  });

  const rows: [name: string, value: unknown, message: string][] = [
    ['count 0', { name: 'x', frequencies: { county: { periodType: 'quarter', minCount: 0 } } }, '每个周期至少1次'],
    [
      'fractional count',
      { name: 'x', frequencies: { county: { periodType: 'quarter', minCount: 1.5 } } },
      '次数应为整数',
    ],
    ['unknown period', { name: 'x', frequencies: { county: { periodType: 'week', minCount: 1 } } }, '周期类型不正确'],
    ['no level', { name: 'x', frequencies: {} }, '至少为一个代表层级设置频次'],
    ['blank name', { name: '  ', frequencies: { county: { periodType: 'quarter', minCount: 1 } } }, '请输入规则名称'],
  ];
  it.each(rows)('rejects %s', (_name, value, message) => {
    expect(firstMessage(ZDutyRule, value)).toBe(message);
  });

  it('rejects an unknown level', () => {
    expect(
      ZDutyRule.safeParse({ name: 'x', frequencies: { village: { periodType: 'month', minCount: 1 } } }).success,
    ).toBe(false);
  });
});

describe('R-DUTY-2 / R-DUTY-3 rota template contract', () => {
  const valid = {
    name: '第二个星期四驻站',
    purpose: 'station_duty',
    place: { kind: 'station', id: 'station-x' },
    recurrence: { kind: 'monthly_nth_weekday', weekday: 4, nths: [2] },
    startTime: '09:00',
    endTime: '11:30',
    deputyIds: ['A', 'B'],
    validFrom: '2025-01-01',
  };

  it('accepts a template and the parsed template expands', () => {
    const t: RotaTemplate = ZRotaTemplate.parse({ ...valid, id: 'tpl' });
    const slots = expandRota(t, { from: new Date('2025-06-30T16:00:00Z'), to: new Date('2025-07-31T16:00:00Z') });
    expect(slots.map((s) => s.date)).toEqual(['2025-07-10']);
    expect(ZRotaTemplateRequest.safeParse(valid).success).toBe(true);
  });

  it('accepts a direct-contact day every Thursday', () => {
    expect(
      ZRotaTemplateRequest.safeParse({
        ...valid,
        purpose: 'direct_contact_day',
        recurrence: { kind: 'weekly', weekdays: [4] },
      }).success,
    ).toBe(true);
  });

  const rows: [name: string, patch: object, message: string][] = [
    ['end before start', { endTime: '08:00' }, '结束时间应晚于开始时间'],
    ['bad time', { startTime: '9:00' }, '时间格式应为 HH:MM'],
    ['bad date', { validFrom: '2025-13-01' }, '日期格式应为 YYYY-MM-DD'],
    ['validUntil before validFrom', { validUntil: '2024-12-31' }, '停止日期不能早于开始日期'],
    ['no deputies', { deputyIds: [] }, '请至少安排一位代表'],
    ['duplicate deputies', { deputyIds: ['A', 'A'] }, '代表不能重复'],
    ['weekday 7', { recurrence: { kind: 'weekly', weekdays: [7] } }, '星期应为0（星期日）至6（星期六）'],
    [
      '6th Thursday',
      { recurrence: { kind: 'monthly_nth_weekday', weekday: 4, nths: [6] } },
      '第几个星期应为1至5，或-1表示最后一个',
    ],
    ['day 32', { recurrence: { kind: 'monthly_day', days: [32] } }, '日期应为1至31'],
    ['no weekdays', { recurrence: { kind: 'weekly', weekdays: [] } }, '请至少选择一个星期几'],
    ['unknown purpose', { purpose: 'party' }, '排班用途不正确'],
    ['rotation group overlapping fixed deputies', { rotation: [['A']] }, '轮值组内代表重复或与固定代表重复'],
  ];
  it.each(rows)('rejects %s', (_name, patch, message) => {
    expect(firstMessage(ZRotaTemplateRequest, { ...valid, ...patch })).toBe(message);
  });

  it('a rotation alone is enough deputies', () => {
    expect(ZRotaTemplateRequest.safeParse({ ...valid, deputyIds: [], rotation: [['A'], ['B']] }).success).toBe(true);
  });

  it.each([
    [{ slotId: 'tpl@2025-07-10', fromDeputyId: 'A', toDeputyId: 'C' }, undefined],
    [{ slotId: 'tpl@2025-07-10', fromDeputyId: 'A', toDeputyId: 'A' }, '调换前后不能是同一位代表'],
    [{ slotId: '', fromDeputyId: 'A', toDeputyId: 'C' }, '编号不能为空'],
  ])('swap request %j → %s', (value, message) => {
    expect(firstMessage(ZRotaSwapRequest, value)).toBe(message);
  });
});

describe('R-DUTY-4 activity creation contract', () => {
  const valid = {
    kind: 'reception',
    startedAt: '2025-07-10T09:00:00+08:00',
    endedAt: '2025-07-10T11:30:00+08:00',
    place: 'station',
    stationId: 'station-x',
    participantDeputyIds: ['A', 'B'],
    constituentsReceived: 12,
    summary: '接待群众12人次，收集意见5条',
  };

  it('accepts a reception at a station, and an activity elsewhere with a description', () => {
    expect(ZActivityCreateRequest.safeParse(valid).success).toBe(true);
    expect(
      ZActivityCreateRequest.safeParse({
        ...valid,
        kind: 'survey',
        place: 'other',
        stationId: undefined,
        placeDescription: '某工业园区',
        constituentsReceived: 0,
      }).success,
    ).toBe(true);
  });

  const rows: [name: string, patch: object, message: string][] = [
    ['negative constituents', { constituentsReceived: -1 }, '接待群众人数不能为负数'],
    ['fractional constituents', { constituentsReceived: 1.5 }, '接待群众人数应为整数'],
    ['no deputies', { participantDeputyIds: [] }, '至少有一位代表参加'],
    ['duplicate deputies', { participantDeputyIds: ['A', 'A'] }, '参加代表不能重复'],
    ['a station activity without a station', { stationId: undefined }, '请选择联络站'],
    ['a grid activity without a grid', { place: 'grid' }, '请选择网格'],
    ['elsewhere without a description', { place: 'other' }, '请填写活动地点'],
    ['unknown kind', { kind: 'party' }, '活动类型不正确'],
    ['unknown place', { place: 'home' }, '地点应为联络站、网格或其他'],
    ['time without an offset', { startedAt: '2025-07-10T09:00:00' }, '时间格式不正确，应为带时区的 ISO 8601 时间'],
    ['end before start', { endedAt: '2025-07-10T08:00:00+08:00' }, '结束时间应晚于开始时间'],
    ['empty summary', { summary: '   ' }, '请填写活动内容'],
    ['summary too long', { summary: '字'.repeat(2001) }, '活动内容不超过2000字'],
  ];
  it.each(rows)('rejects %s', (_name, patch, message) => {
    expect(firstMessage(ZActivityCreateRequest, { ...valid, ...patch })).toBe(message);
  });
});

describe('R-DUTY-9 evaluation contract', () => {
  it('accepts the default scheme and the parsed scheme is an PerformanceScheme', () => {
    const scheme: PerformanceScheme = ZPerformanceScheme.parse(DEFAULT_PERFORMANCE_SCHEME);
    expect(scheme.items).toHaveLength(8);
  });

  it('reports scheme problems in Chinese', () => {
    expect(firstMessage(ZPerformanceScheme, { ...DEFAULT_PERFORMANCE_SCHEME, raterOrder: ['town', 'self'] })).toBe(
      '评议环节应按 自评→代表小组→乡镇→代表工委 的顺序且不重复',
    );
  });

  it.each([
    [{ stage: 'self', scores: { suggestions: 90 } }, undefined],
    [{ stage: 'boss', scores: {} }, '评议环节不正确'],
    [{ stage: 'self', scores: { suggestions: -1 } }, '评分不能为负数'],
  ])('rating request %j → %s', (value, message) => {
    expect(firstMessage(ZPerformanceRatingRequest, value)).toBe(message);
  });
});
