import { describe, it, expect } from 'vitest';
import { addCalendarDays, formatCalendarDate, parseCalendarDate } from '../common/zoned-time.js';
import {
  addWorkingDays,
  calendarCoverageWarning,
  countWorkingDays,
  createWorkingCalendar,
  DEFAULT_TIER_WORKING_DAYS,
  DEFAULT_WORKING_CALENDAR,
  endOfDay,
  isYearCoveredByPackage,
  missingCalendarYears,
  packageCalendarYears,
  workingDayDeadline,
  workingDaysForTier,
  type DayKind,
} from './working-days.js';

const d = parseCalendarDate;
const add = (start: string, n: number, cal = DEFAULT_WORKING_CALENDAR) =>
  formatCalendarDate(addWorkingDays(d(start), n, cal));

describe('working-day calendar from chinese-days', () => {
  it.each<[string, DayKind, boolean]>([
    // National Day and Mid-Autumn 2025: 10-01…10-08 off; Sun 09-28 and Sat 10-11 worked (调休).
    ['2025-09-27', 'weekend', false],
    ['2025-09-28', 'makeup_workday', true],
    ['2025-09-30', 'workday', true],
    ['2025-10-01', 'holiday', false],
    ['2025-10-04', 'holiday', false],
    ['2025-10-08', 'holiday', false],
    ['2025-10-09', 'workday', true],
    ['2025-10-11', 'makeup_workday', true],
    ['2025-10-12', 'weekend', false],
    // Spring Festival 2025: 01-28…02-04 off; Sun 01-26 and Sat 02-08 worked.
    ['2025-01-26', 'makeup_workday', true],
    ['2025-01-27', 'workday', true],
    ['2025-01-28', 'holiday', false],
    ['2025-02-04', 'holiday', false],
    ['2025-02-08', 'makeup_workday', true],
    // 2026 National Day: Sun 09-20 and Sat 10-10 worked.
    ['2026-09-20', 'makeup_workday', true],
    ['2026-10-07', 'holiday', false],
    ['2026-10-10', 'makeup_workday', true],
  ])('R-LOOP-5 %s is %s (working day: %s)', (date, kind, work) => {
    expect(DEFAULT_WORKING_CALENDAR.dayKind(d(date))).toBe(kind);
    expect(DEFAULT_WORKING_CALENDAR.isWorkday(d(date))).toBe(work);
  });

  it.each<[number, boolean]>([
    [2003, false],
    [2004, true],
    [2025, true],
    [2026, true],
    [2027, false],
  ])('package data covers %i: %s', (year, covered) => {
    expect(isYearCoveredByPackage(year)).toBe(covered);
    expect(DEFAULT_WORKING_CALENDAR.isYearCovered(year)).toBe(covered);
  });

  it('reports the range of the package data (2004–2026 in chinese-days 1.5.7)', () => {
    const { first, last } = packageCalendarYears();
    expect(first).toBe(2004);
    expect(last).toBeGreaterThanOrEqual(2026);
  });
});

describe('addWorkingDays: the start day never counts; due at the end of the Nth working day', () => {
  it.each<[string, string, number, string]>([
    ['ordinary week', '2025-06-06', 3, '2025-06-11'], // Fri → Mon, Tue, Wed
    ['start on a Saturday', '2025-06-07', 3, '2025-06-11'],
    ['start on a Sunday', '2025-06-08', 1, '2025-06-09'],
    ['zero days is the start day', '2025-06-06', 0, '2025-06-06'],
    ['Friday before National Day: next is the make-up Sunday 09-28', '2025-09-26', 1, '2025-09-28'],
    ['09-26 + 2 crosses the make-up Sunday', '2025-09-26', 2, '2025-09-29'],
    ['last day before the holiday + 1 jumps to 10-09', '2025-09-30', 1, '2025-10-09'],
    ['… + 3 lands on the make-up Saturday 10-11', '2025-09-30', 3, '2025-10-11'],
    ['… + 4 skips Sunday 10-12', '2025-09-30', 4, '2025-10-13'],
    ['start inside the holiday', '2025-10-01', 1, '2025-10-09'],
    ['start on the holiday’s last day', '2025-10-08', 1, '2025-10-09'],
    ['start on the make-up Sunday itself', '2025-09-28', 1, '2025-09-29'],
    ['general tier (15) over National Day 2025', '2025-09-26', 15, '2025-10-23'],
    ['Spring Festival 2025: Fri 01-24 + 1 is the make-up Sunday', '2025-01-24', 1, '2025-01-26'],
    ['Spring Festival 2025: 01-24 + 3 jumps the holiday', '2025-01-24', 3, '2025-02-05'],
    ['Spring Festival 2025: 02-07 + 1 is the make-up Saturday', '2025-02-07', 1, '2025-02-08'],
    // 2026 New Year: Thu 01-01…Sat 01-03 off, Sunday 01-04 worked.
    ['across the year end onto the make-up Sunday 2026-01-04', '2025-12-31', 1, '2026-01-04'],
  ])('R-LOOP-5 %s: %s + %i → %s', (_name, start, n, due) => {
    expect(add(start, n)).toBe(due);
  });

  it('a year the package does not cover falls back to weekends only (2027-01-01 counts)', () => {
    expect(add('2026-12-31', 1)).toBe('2027-01-01');
  });

  it.each([-1, 1.5, Number.NaN])('rejects %s working days', (n) => {
    expect(() => addWorkingDays(d('2025-06-06'), n)).toThrow(RangeError);
  });

  it('a calendar without working days is refused rather than looped forever', () => {
    const overrides: Record<string, 'holiday'> = {};
    for (let i = 0; i < 4000; i++) overrides[formatCalendarDate(addCalendarDays(d('2030-01-01'), i))] = 'holiday';
    expect(() => addWorkingDays(d('2029-12-31'), 1, createWorkingCalendar(overrides))).toThrow(RangeError);
  });
});

describe('admin overrides take precedence over the package', () => {
  it.each<[string, Record<string, 'workday' | 'holiday'>, string, number, string]>([
    ['an extra day off pushes the deadline', { '2025-10-09': 'holiday' }, '2025-09-30', 1, '2025-10-10'],
    ['a holiday turned into a working day', { '2025-10-04': 'workday' }, '2025-09-30', 1, '2025-10-04'],
    ['a make-up day cancelled', { '2025-09-28': 'holiday' }, '2025-09-26', 1, '2025-09-29'],
    ['an uncovered year entered by hand', { '2027-01-01': 'holiday' }, '2026-12-31', 1, '2027-01-04'],
  ])('R-LOOP-5 %s', (_name, overrides, start, n, due) => {
    expect(add(start, n, createWorkingCalendar(overrides))).toBe(due);
  });

  it('accepts a Map as well as a record', () => {
    const cal = createWorkingCalendar(new Map([['2025-10-09', 'holiday' as const]]));
    expect(cal.dayKind(d('2025-10-09'))).toBe('override_holiday');
    expect(createWorkingCalendar({ '2025-10-04': 'workday' }).dayKind(d('2025-10-04'))).toBe('override_workday');
  });

  it.each<[string, Record<string, string>]>([
    ['a malformed date', { '2025-10-9': 'holiday' }],
    ['a date that does not exist', { '2025-02-30': 'holiday' }],
    ['an unknown value', { '2025-10-09': 'day_off' }],
  ])('rejects %s', (_name, overrides) => {
    expect(() => createWorkingCalendar(overrides as Record<string, 'holiday'>)).toThrow(RangeError);
  });

  it('overrides make a year covered', () => {
    expect(createWorkingCalendar({ '2027-10-01': 'holiday' }).isYearCovered(2027)).toBe(true);
    expect(createWorkingCalendar({ '2027-10-01': 'holiday' }).isYearCovered(2028)).toBe(false);
  });
});

describe('coverage warning for the console', () => {
  it.each<[string, Record<string, 'holiday'>, number[]]>([
    ['2025-06-01', {}, []],
    ['2026-06-01', {}, [2027]],
    ['2026-06-01', { '2027-01-01': 'holiday' }, []],
    ['2027-03-01', {}, [2027, 2028]],
  ])('on %s with overrides %j the missing years are %j', (today, overrides, missing) => {
    const cal = createWorkingCalendar(overrides);
    const t = d(today);
    expect(missingCalendarYears([t.year, t.year + 1], cal)).toEqual(missing);
    const warning = calendarCoverageWarning(t, cal);
    if (missing.length === 0) expect(warning).toBeNull();
    else {
      expect(warning).toContain(String(missing[0]));
      expect(warning).toMatch(/节假日数据缺少/);
    }
  });
});

describe('workingDayDeadline counts from the dispatch instant in the zone', () => {
  it('R-LOOP-5 due at the end of the Nth working day, Beijing time', () => {
    const dispatchedAt = new Date('2025-09-30T02:00:00Z'); // 10:00 in Shanghai
    const { dueOn, dueAt } = workingDayDeadline(dispatchedAt, 1);
    expect(formatCalendarDate(dueOn)).toBe('2025-10-09');
    expect(dueAt.toISOString()).toBe('2025-10-09T16:00:00.000Z'); // 2025-10-10 00:00 +08:00
    expect(endOfDay(dueOn).getTime()).toBe(dueAt.getTime());
  });

  it('the dispatch day is the day in the zone, not in UTC', () => {
    const lateSaturdayUtc = new Date('2025-09-27T16:30:00Z'); // Sunday 09-28 00:30 in Shanghai (make-up day)
    expect(formatCalendarDate(workingDayDeadline(lateSaturdayUtc, 1).dueOn)).toBe('2025-09-29');
    expect(formatCalendarDate(workingDayDeadline(lateSaturdayUtc, 1, DEFAULT_WORKING_CALENDAR, 'UTC').dueOn)).toBe(
      '2025-09-28',
    );
  });
});

describe('countWorkingDays', () => {
  it.each<[string, string, number]>([
    ['2025-09-30', '2025-10-13', 4],
    ['2025-09-26', '2025-10-23', 15],
    ['2025-10-01', '2025-10-08', 0],
    ['2025-10-13', '2025-10-13', 0],
    ['2025-10-13', '2025-10-01', 0],
  ])('working days after %s up to %s: %i', (from, to, n) => {
    expect(countWorkingDays(d(from), d(to))).toBe(n);
  });

  it('is the inverse of addWorkingDays', () => {
    for (const n of [1, 3, 15, 60]) {
      const start = d('2025-09-20');
      expect(countWorkingDays(start, addWorkingDays(start, n))).toBe(n);
    }
  });
});

describe('R-LOOP-5 tiers: default time limits per tier', () => {
  it.each([
    ['minor', 3],
    ['general', 15],
    ['major', 60],
  ] as const)('%s: %i working days', (tier, n) => {
    expect(DEFAULT_TIER_WORKING_DAYS[tier]).toBe(n);
    expect(workingDaysForTier(tier)).toBe(n);
  });

  it('a region may set its own limits', () => {
    expect(workingDaysForTier('minor', { minor: 2 })).toBe(2);
    expect(workingDaysForTier('general', { minor: 2 })).toBe(15);
  });

  it.each([0, -3, 2.5])('refuses a limit of %s', (n) => {
    expect(() => workingDaysForTier('minor', { minor: n })).toThrow(RangeError);
  });
});
