/**
 * Compliance with the duty frequency rule (R-DUTY-1) for many deputies at once: the rule of each
 * deputy's region (nearest up the tree, else 631), the strictest frequency among their levels
 * (effectiveRule), then one set-based count of their duty visits at an assigned station or grid
 * per period. The API report and the benchmark both run this.
 */
import {
  DEFAULT_DUTY_RULE,
  DEFAULT_DUTY_REMINDER_DAYS_BEFORE,
  PERIOD_MONTHS,
  addCalendarDays,
  calendarDateOf,
  effectiveRule,
  parentRegionCode,
  periodsBetween,
  zonedInstant,
  type CalendarDate,
  type DeputyLevel,
  type DutyPeriod,
  type DutyRule,
  type PeriodType,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import * as repo from './duty.repository.js';

export interface ResolvedRule {
  rule: DutyRule;
  /** The region whose rule applies; null for the default. */
  fromRegionCode: string | null;
  reminderDaysBefore: number;
  directContactWeekdays: number[];
}

export const DEFAULT_RESOLVED_RULE: ResolvedRule = {
  rule: DEFAULT_DUTY_RULE,
  fromRegionCode: null,
  reminderDaysBefore: DEFAULT_DUTY_REMINDER_DAYS_BEFORE,
  directContactWeekdays: [],
};

/** Resolves rules up the region tree, from the rules table loaded once. */
export function ruleResolver(rows: repo.DutyRuleRow[]): (regionCode: string) => ResolvedRule {
  const byRegion = new Map(rows.map((r) => [r.region_code, r]));
  const cache = new Map<string, ResolvedRule>();
  return (regionCode) => {
    const hit = cache.get(regionCode);
    if (hit) return hit;
    let code: string | null = regionCode;
    let found: ResolvedRule = DEFAULT_RESOLVED_RULE;
    while (code) {
      const r = byRegion.get(code);
      if (r) {
        found = {
          rule: r.rule as DutyRule,
          fromRegionCode: r.region_code,
          reminderDaysBefore: r.reminder_days_before,
          directContactWeekdays: r.direct_contact_weekdays,
        };
        break;
      }
      code = parentRegionCode(code);
    }
    cache.set(regionCode, found);
    return found;
  };
}

export async function loadRuleResolver(q: Queryable): Promise<(regionCode: string) => ResolvedRule> {
  return ruleResolver(await repo.listDutyRules(q));
}

/** Month index (year × 12 + month − 1) of an instant in the zone: what activity_participants stores. */
export function localMonthOf(instant: Date, timeZone: string): number {
  const d = calendarDateOf(instant, timeZone);
  return d.year * 12 + d.month - 1;
}

export interface DeputyCompliance {
  deputyId: string;
  name: string;
  regionCode: string;
  /** The town (or the county, for deputies the county manages). */
  townCode: string;
  levels: DeputyLevel[];
  /** The level whose frequency applies (the strictest). */
  level: DeputyLevel;
  periodType: PeriodType;
  required: number;
  ruleRegionCode: string | null;
  totalPeriods: number;
  compliantPeriods: number;
  /** Ended periods below the requirement, with the visits they had. */
  nonCompliantPeriods: { periodKey: string; done: number }[];
  /** The running period, when it is in the range and not yet compliant. */
  pendingPeriod: { periodKey: string; done: number } | null;
  compliant: boolean;
}

export interface ComplianceRange {
  /** Local calendar days, both inclusive. */
  from: CalendarDate;
  to: CalendarDate;
}

function townOf(regionCode: string): string {
  return regionCode.slice(6, 9) === '000' ? regionCode : `${regionCode.slice(0, 9)}000`;
}

const CHUNK_YEARS = 4;

/** True when any of bits [lo, hi) of a non-negative integer below 2^53 is set. */
function anyBit(mask: number, lo: number, hi: number): boolean {
  return Math.floor(mask / 2 ** lo) % 2 ** (hi - lo) !== 0;
}

/**
 * Compliance of every active deputy managed within `prefix`, over every period (of each deputy's
 * type) overlapping the range. A period still running at `now` is pending, not non-compliant.
 * Set-based: one query per four years gives every deputy's months with a visit at an assigned
 * station or grid; deputies whose rule asks for more than one visit a period also get counts.
 */
export async function computeComplianceFor(
  q: Queryable,
  opts: { prefix: string; range: ComplianceRange; now: Date; timeZone: string; deputyIds?: string[] },
): Promise<DeputyCompliance[]> {
  const { timeZone, now } = opts;
  const resolve = await loadRuleResolver(q);
  const fromI = zonedInstant(opts.range.from, timeZone);
  const toI = zonedInstant(addCalendarDays(opts.range.to, 1), timeZone);
  // every period of the range lies within these years (periods are aligned within a year)
  const firstYear = calendarDateOf(fromI, timeZone).year;
  const lastYear = calendarDateOf(new Date(toI.getTime() - 1), timeZone).year;
  const county = opts.prefix.length >= 6 ? opts.prefix.slice(0, 6) : '';
  let deputies = await repo.complianceBasis(q, opts.prefix, county, firstYear);
  if (opts.deputyIds) {
    const keep = new Set(opts.deputyIds);
    deputies = deputies.filter((d) => keep.has(d.deputy_id));
  }

  const periodsByType = new Map<PeriodType, { periods: DutyPeriod[]; startMonths: number[] }>();
  const periodsOf = (type: PeriodType) => {
    let p = periodsByType.get(type);
    if (!p) {
      const periods = periodsBetween(fromI, toI, type, timeZone);
      p = { periods, startMonths: periods.map((x) => localMonthOf(x.start, timeZone)) };
      periodsByType.set(type, p);
    }
    return p;
  };

  const plan: { d: repo.ComplianceDeputyRow; level: DeputyLevel; type: PeriodType; min: number; ruleRegion: string | null }[] = [];
  const masks = new Map<string, number[]>();
  for (const d of deputies) {
    const r = resolve(d.region_code);
    const eff = effectiveRule(d.levels, r.rule);
    if (!eff) continue;
    periodsOf(eff.periodType);
    plan.push({ d, level: eff.level, type: eff.periodType, min: eff.minCount, ruleRegion: r.fromRegionCode });
    if (d.mask !== null) masks.set(d.deputy_id, [d.mask]);
  }
  if (plan.length === 0) return [];
  for (let y = firstYear + CHUNK_YEARS, chunk = 1; y <= lastYear; y += CHUNK_YEARS, chunk++) {
    for (const row of await repo.dutyMonthMasks(q, county, y)) {
      const list = masks.get(row.deputy_id) ?? [];
      list[chunk] = row.mask;
      masks.set(row.deputy_id, list);
    }
  }
  const counted = plan.filter((x) => x.min > 1).map((x) => x.d.deputy_id);
  const counts = new Map<string, Map<number, number[]>>();
  for (const row of await repo.dutyMonthCounts(q, county, counted, firstYear, lastYear)) {
    const byYear = counts.get(row.deputy_id) ?? new Map<number, number[]>();
    const sum = byYear.get(row.year) ?? Array.from({ length: 12 }, () => 0);
    row.counts.forEach((c, i) => (sum[i] = (sum[i] ?? 0) + c));
    byYear.set(row.year, sum);
    counts.set(row.deputy_id, byYear);
  }
  const nowMs = now.getTime();

  return plan.map(({ d, level, type, min, ruleRegion }) => {
    const { periods, startMonths } = periodsOf(type);
    const months = PERIOD_MONTHS[type];
    const mine = masks.get(d.deputy_id);
    const byYear = counts.get(d.deputy_id);
    const nonCompliant: { periodKey: string; done: number }[] = [];
    let pending: { periodKey: string; done: number } | null = null;
    let compliantPeriods = 0;
    periods.forEach((p, i) => {
      const start = startMonths[i] as number;
      let done: number;
      if (min > 1) {
        const year = byYear?.get(Math.floor(start / 12));
        done = 0;
        for (let m = start % 12; m < (start % 12) + months; m++) done += year?.[m] ?? 0;
      } else {
        const offset = start - firstYear * 12;
        const chunk = Math.floor(offset / (CHUNK_YEARS * 12));
        const bit = offset % (CHUNK_YEARS * 12);
        // with one visit required, a period below it had none
        done = anyBit(mine?.[chunk] ?? 0, bit, bit + months) ? 1 : 0;
      }
      if (done >= min) compliantPeriods += 1;
      else if (p.end.getTime() <= nowMs) nonCompliant.push({ periodKey: p.key, done });
      else if (p.start.getTime() <= nowMs) pending = { periodKey: p.key, done };
    });
    return {
      deputyId: d.deputy_id,
      name: d.name,
      regionCode: d.region_code,
      townCode: townOf(d.region_code),
      levels: d.levels,
      level,
      periodType: type,
      required: min,
      ruleRegionCode: ruleRegion,
      totalPeriods: periods.length,
      compliantPeriods,
      nonCompliantPeriods: nonCompliant,
      pendingPeriod: pending,
      compliant: nonCompliant.length === 0,
    };
  });
}
