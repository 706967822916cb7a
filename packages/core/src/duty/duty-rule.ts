/**
 * Duty frequency rules (R-DUTY-1): how often a deputy of each level must serve at the assigned
 * station or grid. The rule is data; the default is Heshan's "631". Periods are calendar periods
 * in a configured time zone. Pure: every instant is passed in.
 */
import {
  DEFAULT_TIME_ZONE,
  addCalendarDays,
  calendarDateOf,
  zonedInstant,
  type CalendarDate,
} from '../common/zoned-time.js';

export const DEPUTY_LEVELS = ['national', 'provincial', 'prefectural', 'county', 'township'] as const;
export type DeputyLevel = (typeof DEPUTY_LEVELS)[number];

export const DEPUTY_LEVEL_LABELS: Record<DeputyLevel, string> = {
  national: '全国人大代表',
  provincial: '省人大代表',
  prefectural: '市人大代表',
  county: '县（市、区）人大代表',
  township: '乡镇人大代表',
};

export const PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export const PERIOD_TYPE_LABELS: Record<PeriodType, string> = {
  month: '每月',
  quarter: '每季度',
  half_year: '每半年',
  year: '每年',
};

/** Length of each period type in months; shorter is stricter. */
export const PERIOD_MONTHS: Record<PeriodType, number> = {
  month: 1,
  quarter: 3,
  half_year: 6,
  year: 12,
};

/** At least `minCount` station/grid duties in every period of `periodType`. */
export interface DutyFrequency {
  periodType: PeriodType;
  minCount: number;
}

/**
 * A region's duty frequency rule. A level without an entry has no station/grid requirement
 * (e.g. a place that sets rules only for the deputies it elects).
 */
export interface DutyRule {
  name: string;
  frequencies: Partial<Record<DeputyLevel, DutyFrequency>>;
}

/** Heshan's 631 rule (631 工作制度), the default. */
export const HESHAN_631_RULE: DutyRule = {
  name: '631 工作制度',
  frequencies: {
    national: { periodType: 'half_year', minCount: 1 },
    provincial: { periodType: 'half_year', minCount: 1 },
    prefectural: { periodType: 'half_year', minCount: 1 },
    county: { periodType: 'quarter', minCount: 1 },
    township: { periodType: 'month', minCount: 1 },
  },
};

export const DEFAULT_DUTY_RULE: DutyRule = HESHAN_631_RULE;

/** The frequency that applies to one deputy, and the level it comes from. */
export interface EffectiveDutyRule extends DutyFrequency {
  level: DeputyLevel;
}

/** True when frequency `a` is stricter than `b`: a shorter period, or on a tie a higher count. */
export function isStricterFrequency(a: DutyFrequency, b: DutyFrequency): boolean {
  const ma = PERIOD_MONTHS[a.periodType];
  const mb = PERIOD_MONTHS[b.periodType];
  return ma < mb || (ma === mb && a.minCount > b.minCount);
}

/**
 * The rule for a deputy holding the given levels: the strictest among them (shortest period; on
 * a tie the higher count). Null when none of the levels has a requirement.
 */
export function effectiveRule(
  levels: readonly DeputyLevel[],
  rule: DutyRule = DEFAULT_DUTY_RULE,
): EffectiveDutyRule | null {
  let best: EffectiveDutyRule | null = null;
  // Iterate in DEPUTY_LEVELS order so that the result does not depend on the input order.
  for (const level of DEPUTY_LEVELS) {
    if (!levels.includes(level)) continue;
    const f = rule.frequencies[level];
    if (!f) continue;
    if (best === null || isStricterFrequency(f, best)) {
      best = { level, periodType: f.periodType, minCount: f.minCount };
    }
  }
  return best;
}

/** One calendar period in the zone: [start, end). */
export interface DutyPeriod {
  type: PeriodType;
  /** '2025' · '2025-H1' · '2025-Q3' · '2025-07' */
  key: string;
  start: Date;
  /** Exclusive. */
  end: Date;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function periodKey(type: PeriodType, year: number, startMonth: number): string {
  switch (type) {
    case 'month':
      return `${year}-${pad2(startMonth)}`;
    case 'quarter':
      return `${year}-Q${(startMonth - 1) / 3 + 1}`;
    case 'half_year':
      return `${year}-H${startMonth === 1 ? 1 : 2}`;
    case 'year':
      return String(year);
  }
}

function periodStartingAt(type: PeriodType, year: number, startMonth: number, timeZone: string): DutyPeriod {
  const months = PERIOD_MONTHS[type];
  const next = startMonth - 1 + months; // months since January of `year`, 0-based
  const endDate: CalendarDate = { year: year + Math.floor(next / 12), month: (next % 12) + 1, day: 1 };
  return {
    type,
    key: periodKey(type, year, startMonth),
    start: zonedInstant({ year, month: startMonth, day: 1 }, timeZone),
    end: zonedInstant(endDate, timeZone),
  };
}

/** The period of the given type that contains the instant, with boundaries at local midnight. */
export function periodOf(instant: Date, periodType: PeriodType, timeZone: string = DEFAULT_TIME_ZONE): DutyPeriod {
  const { year, month } = calendarDateOf(instant, timeZone);
  const months = PERIOD_MONTHS[periodType];
  const startMonth = Math.floor((month - 1) / months) * months + 1;
  return periodStartingAt(periodType, year, startMonth, timeZone);
}

const KEY_PATTERNS: Record<PeriodType, RegExp> = {
  year: /^(\d{4})$/,
  half_year: /^(\d{4})-H([12])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
};

/** The period named by a key ('2025', '2025-H1', '2025-Q3', '2025-07'). */
export function periodFromKey(key: string, timeZone: string = DEFAULT_TIME_ZONE): DutyPeriod {
  for (const type of PERIOD_TYPES) {
    const m = KEY_PATTERNS[type].exec(key);
    if (!m) continue;
    const year = Number(m[1]);
    const index = m[2] === undefined ? 1 : Number(m[2]);
    const startMonth = (index - 1) * PERIOD_MONTHS[type] + 1;
    return periodStartingAt(type, year, startMonth, timeZone);
  }
  throw new RangeError(`周期编号格式不正确：${key}`);
}

/** The period right after the given one. */
export function nextPeriod(period: DutyPeriod, timeZone: string = DEFAULT_TIME_ZONE): DutyPeriod {
  return periodOf(period.end, period.type, timeZone);
}

/**
 * The periods of the given type that overlap the half-open range [from, to), in order. Empty
 * when `to` is not after `from`.
 */
export function periodsBetween(
  from: Date,
  to: Date,
  periodType: PeriodType,
  timeZone: string = DEFAULT_TIME_ZONE,
): DutyPeriod[] {
  const result: DutyPeriod[] = [];
  if (to.getTime() <= from.getTime()) return result;
  let p = periodOf(from, periodType, timeZone);
  while (p.start.getTime() < to.getTime()) {
    result.push(p);
    p = nextPeriod(p, timeZone);
  }
  return result;
}

export interface PeriodCompliance {
  periodKey: string;
  periodType: PeriodType;
  start: Date;
  end: Date;
  required: number;
  done: number;
  compliant: boolean;
  /** True when `asOf` was given and falls inside the period: it may still become compliant. */
  inProgress: boolean;
}

export interface ComplianceInput {
  levels: readonly DeputyLevel[];
  /**
   * Instants of the deputy's station/grid duties at the assigned station or grid (the caller
   * filters activities with `countsAsStationGridDuty` and the assignment).
   */
  visits: readonly Date[];
  rule?: DutyRule;
  /** Half-open [from, to); every period overlapping it is reported in full. */
  periodRange: { from: Date; to: Date };
  timeZone?: string;
  /** "Now", to mark the running period as in progress. */
  asOf?: Date;
}

/**
 * Compliance per period under the deputy's effective rule. Each period counts every visit in the
 * whole period, also when the range covers only part of it. Empty when no level has a rule.
 */
export function computeCompliance(input: ComplianceInput): PeriodCompliance[] {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const eff = effectiveRule(input.levels, input.rule ?? DEFAULT_DUTY_RULE);
  if (!eff) return [];
  const periods = periodsBetween(input.periodRange.from, input.periodRange.to, eff.periodType, timeZone);
  const times = input.visits.map((v) => v.getTime()).sort((a, b) => a - b);
  const asOf = input.asOf?.getTime();
  return periods.map((p) => {
    const s = p.start.getTime();
    const e = p.end.getTime();
    const done = countInRange(times, s, e);
    return {
      periodKey: p.key,
      periodType: p.type,
      start: p.start,
      end: p.end,
      required: eff.minCount,
      done,
      compliant: done >= eff.minCount,
      inProgress: asOf !== undefined && asOf >= s && asOf < e,
    };
  });
}

/** Number of sorted values in [lo, hi). */
function countInRange(sorted: readonly number[], lo: number, hi: number): number {
  return lowerBound(sorted, hi) - lowerBound(sorted, lo);
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function dayNumber(d: CalendarDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
}

/**
 * Calendar days left in the current period, counting today: 1 on the period's last day.
 */
export function daysLeftInPeriod(
  now: Date,
  periodType: PeriodType,
  timeZone: string = DEFAULT_TIME_ZONE,
): { period: DutyPeriod; daysLeft: number; lastDay: CalendarDate } {
  const period = periodOf(now, periodType, timeZone);
  const today = calendarDateOf(now, timeZone);
  const endDay = calendarDateOf(period.end, timeZone); // first day of the next period
  return {
    period,
    daysLeft: dayNumber(endDay) - dayNumber(today),
    lastDay: addCalendarDays(endDay, -1),
  };
}

export const DEFAULT_DUTY_REMINDER_DAYS_BEFORE = 7;

export interface DutyReminder {
  level: DeputyLevel;
  periodKey: string;
  periodType: PeriodType;
  periodEnd: Date;
  /** Calendar days left, counting today. */
  daysLeft: number;
  required: number;
  done: number;
  compliant: boolean;
  /** Not yet compliant and within the last `daysBefore` days of the period. */
  reminderDue: boolean;
}

/**
 * Where a deputy stands in the current period and whether to remind them. A reminder is due
 * when the deputy is not yet compliant and `daysLeft <= daysBefore` (with 7, from the 24th of a
 * 30-day month). Null when no level has a rule.
 */
export function dutyReminder(input: {
  now: Date;
  levels: readonly DeputyLevel[];
  visits: readonly Date[];
  rule?: DutyRule;
  timeZone?: string;
  daysBefore?: number;
}): DutyReminder | null {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const daysBefore = input.daysBefore ?? DEFAULT_DUTY_REMINDER_DAYS_BEFORE;
  const eff = effectiveRule(input.levels, input.rule ?? DEFAULT_DUTY_RULE);
  if (!eff) return null;
  const { period, daysLeft } = daysLeftInPeriod(input.now, eff.periodType, timeZone);
  const s = period.start.getTime();
  const e = period.end.getTime();
  const done = input.visits.filter((v) => v.getTime() >= s && v.getTime() < e).length;
  const compliant = done >= eff.minCount;
  return {
    level: eff.level,
    periodKey: period.key,
    periodType: period.type,
    periodEnd: period.end,
    daysLeft,
    required: eff.minCount,
    done,
    compliant,
    reminderDue: !compliant && daysLeft <= daysBefore,
  };
}
