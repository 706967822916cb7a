/**
 * Deadlines in working days (限时办理, R-LOOP-5/6). Pure: dates are passed in; the calendar is
 * the statutory arrangement from `chinese-days` (holidays and make-up working days, 调休) with
 * admin overrides on top.
 *
 * Why the package's data file and not its `isWorkday()`: the package builds its lookup keys
 * with the process's local time zone, so in a zone west of UTC every key (and every weekday)
 * is off by one day. The JSON it ships holds the same arrangement as plain `YYYY-MM-DD` keys,
 * which we combine with our own zone-free weekday — the same rule the package applies
 * (make-up working day, else Monday–Friday that is not a holiday).
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  addCalendarDays,
  calendarDateOf,
  DEFAULT_TIME_ZONE,
  formatCalendarDate,
  parseCalendarDate,
  weekdayOf,
  zonedInstant,
  type CalendarDate,
} from '../common/zoned-time.js';

/** 微事马上办、一般建议速交办、重大建议监督办 (R-LOOP-5). */
export const CONCERN_TIERS = ['minor', 'general', 'major'] as const;
export type ConcernTier = (typeof CONCERN_TIERS)[number];

/** Default time limits per tier, in working days; configurable per region. */
export const DEFAULT_TIER_WORKING_DAYS: Readonly<Record<ConcernTier, number>> = {
  minor: 3,
  general: 15,
  major: 60,
};

export type TierWorkingDays = Partial<Record<ConcernTier, number>>;

/** The limit for a tier: the region's setting when it has one, else the default. */
export function workingDaysForTier(tier: ConcernTier, overrides: TierWorkingDays = {}): number {
  const n = overrides[tier] ?? DEFAULT_TIER_WORKING_DAYS[tier];
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`办理时限应为正整数个工作日：${n}`);
  return n;
}

/** An admin override of one date: it is a working day, or a day off, whatever the package says. */
export type DayOverride = 'workday' | 'holiday';
export type DayOverrides = Readonly<Record<string, DayOverride>> | ReadonlyMap<string, DayOverride>;

const PACKAGE_HOLIDAYS: Readonly<Record<string, string>> = chineseDays.holidays;
const PACKAGE_WORKDAYS: Readonly<Record<string, string>> = chineseDays.workdays;

/** Years for which the package has the State Council's arrangement (any holiday listed). */
const PACKAGE_YEARS: ReadonlySet<number> = new Set(Object.keys(PACKAGE_HOLIDAYS).map((key) => Number(key.slice(0, 4))));

/** True when the installed `chinese-days` holds the holiday arrangement of that year. */
export function isYearCoveredByPackage(year: number): boolean {
  return PACKAGE_YEARS.has(year);
}

/** First and last year of the installed package's data. */
export function packageCalendarYears(): { first: number; last: number } {
  const years = [...PACKAGE_YEARS];
  return { first: Math.min(...years), last: Math.max(...years) };
}

export type DayKind =
  | 'workday' // an ordinary Monday–Friday
  | 'weekend' // an ordinary Saturday or Sunday
  | 'holiday' // a statutory holiday day (放假), from the package
  | 'makeup_workday' // a weekend day worked instead (调休上班), from the package
  | 'override_workday' // set to a working day by an administrator
  | 'override_holiday'; // set to a day off by an administrator

export interface WorkingCalendar {
  isWorkday(d: CalendarDate): boolean;
  dayKind(d: CalendarDate): DayKind;
  /** The year's arrangement is known: in the package, or entered by an administrator. */
  isYearCovered(year: number): boolean;
}

function overrideEntries(overrides: DayOverrides): [string, DayOverride][] {
  return overrides instanceof Map ? [...overrides.entries()] : Object.entries(overrides);
}

/**
 * The calendar deadlines are counted on: `chinese-days` plus the administrator's overrides,
 * which take precedence. Override keys are `YYYY-MM-DD`; a malformed key or value throws.
 */
export function createWorkingCalendar(overrides: DayOverrides = {}): WorkingCalendar {
  const table = new Map<string, DayOverride>();
  const overrideYears = new Set<number>();
  for (const [key, value] of overrideEntries(overrides)) {
    const date = parseCalendarDate(key);
    if (value !== 'workday' && value !== 'holiday') {
      throw new RangeError(`日期 ${key} 的设置应为 workday 或 holiday`);
    }
    table.set(formatCalendarDate(date), value);
    overrideYears.add(date.year);
  }
  const dayKind = (d: CalendarDate): DayKind => {
    const key = formatCalendarDate(d);
    const override = table.get(key);
    if (override === 'workday') return 'override_workday';
    if (override === 'holiday') return 'override_holiday';
    if (PACKAGE_WORKDAYS[key] !== undefined) return 'makeup_workday';
    if (PACKAGE_HOLIDAYS[key] !== undefined) return 'holiday';
    const weekday = weekdayOf(d);
    return weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
  };
  return {
    dayKind,
    isWorkday: (d) => {
      const kind = dayKind(d);
      return kind === 'workday' || kind === 'makeup_workday' || kind === 'override_workday';
    },
    isYearCovered: (year) => PACKAGE_YEARS.has(year) || overrideYears.has(year),
  };
}

/** The package's calendar without overrides. */
export const DEFAULT_WORKING_CALENDAR: WorkingCalendar = createWorkingCalendar();

/** No arrangement leaves a year without a working day; a longer search means a broken calendar. */
const MAX_SCAN_DAYS = 3660;

/**
 * The Nth working day after `start`. The start day itself never counts, whether or not it is a
 * working day: a concern dispatched on Friday with a 3-day limit is due on Wednesday; one
 * dispatched on a Saturday is due on Wednesday too. `n = 0` returns `start`.
 */
export function addWorkingDays(
  start: CalendarDate,
  n: number,
  calendar: WorkingCalendar = DEFAULT_WORKING_CALENDAR,
): CalendarDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数应为非负整数：${n}`);
  let d = start;
  let remaining = n;
  let scanned = 0;
  while (remaining > 0) {
    d = addCalendarDays(d, 1);
    if (calendar.isWorkday(d)) remaining--;
    if (++scanned > MAX_SCAN_DAYS) throw new RangeError('日历中没有足够的工作日，请检查节假日设置');
  }
  return d;
}

/** Working days d with `from` < d ≤ `to` (0 when `to` is not after `from`). */
export function countWorkingDays(
  from: CalendarDate,
  to: CalendarDate,
  calendar: WorkingCalendar = DEFAULT_WORKING_CALENDAR,
): number {
  let count = 0;
  let d = from;
  while (formatCalendarDate(d) < formatCalendarDate(to)) {
    d = addCalendarDays(d, 1);
    if (calendar.isWorkday(d)) count++;
  }
  return count;
}

export interface Deadline {
  /** The last day allowed: the Nth working day after the start day. */
  dueOn: CalendarDate;
  /**
   * The end of `dueOn` in the zone — the first instant of the following day. The work is on
   * time up to and including this instant and overdue after it.
   */
  dueAt: Date;
}

/** The end of a calendar day in the zone (midnight at the start of the next day). */
export function endOfDay(d: CalendarDate, timeZone: string = DEFAULT_TIME_ZONE): Date {
  return zonedInstant(addCalendarDays(d, 1), timeZone);
}

/** A deadline of `workingDays` counted from the instant `start` (the day it falls on does not count). */
export function workingDayDeadline(
  start: Date,
  workingDays: number,
  calendar: WorkingCalendar = DEFAULT_WORKING_CALENDAR,
  timeZone: string = DEFAULT_TIME_ZONE,
): Deadline {
  const dueOn = addWorkingDays(calendarDateOf(start, timeZone), workingDays, calendar);
  return { dueOn, dueAt: endOfDay(dueOn, timeZone) };
}

/** Of the given years, those whose arrangement is neither in the package nor entered by an admin. */
export function missingCalendarYears(
  years: readonly number[],
  calendar: WorkingCalendar = DEFAULT_WORKING_CALENDAR,
): number[] {
  return years.filter((y) => !calendar.isYearCovered(y));
}

/**
 * The console warning for the server's start-up: names this year and the coming year when
 * their holiday arrangement is missing, else null.
 */
export function calendarCoverageWarning(
  today: CalendarDate,
  calendar: WorkingCalendar = DEFAULT_WORKING_CALENDAR,
): string | null {
  const missing = missingCalendarYears([today.year, today.year + 1], calendar);
  if (missing.length === 0) return null;
  return `节假日数据缺少 ${missing.join('、')} 年：请更新 chinese-days 或由管理员录入该年的放假和调休安排，否则办理时限只按周末计算`;
}
