import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DUTY_RULE,
  DEPUTY_LEVELS,
  HESHAN_631_RULE,
  PERIOD_TYPES,
  computeCompliance,
  daysLeftInPeriod,
  dutyReminder,
  effectiveRule,
  periodFromKey,
  periodOf,
  periodsBetween,
  type DeputyLevel,
  type DutyRule,
  type PeriodType,
} from './duty-rule.js';

const TZ = 'Asia/Shanghai';
const d = (iso: string): Date => new Date(iso);

// Local midnights in Asia/Shanghai (UTC+8) used below, as UTC instants.
//   2025-01-01 00:00 = 2024-12-31T16:00Z   2025-04-01 00:00 = 2025-03-31T16:00Z
//   2025-07-01 00:00 = 2025-06-30T16:00Z   2025-10-01 00:00 = 2025-09-30T16:00Z
//   2026-01-01 00:00 = 2025-12-31T16:00Z

describe('R-DUTY-1 periodOf: boundaries at local midnight in Asia/Shanghai (process in UTC)', () => {
  const rows: [instant: string, type: PeriodType, key: string, start: string, end: string][] = [
    // just before / at / after local midnight ending June (month, quarter, half-year end)
    ['2025-06-30T15:59:59.999Z', 'month', '2025-06', '2025-05-31T16:00:00.000Z', '2025-06-30T16:00:00.000Z'],
    ['2025-06-30T16:00:00.000Z', 'month', '2025-07', '2025-06-30T16:00:00.000Z', '2025-07-31T16:00:00.000Z'],
    ['2025-06-30T15:59:59.999Z', 'quarter', '2025-Q2', '2025-03-31T16:00:00.000Z', '2025-06-30T16:00:00.000Z'],
    ['2025-06-30T16:00:00.000Z', 'quarter', '2025-Q3', '2025-06-30T16:00:00.000Z', '2025-09-30T16:00:00.000Z'],
    ['2025-06-30T16:30:00.000Z', 'quarter', '2025-Q3', '2025-06-30T16:00:00.000Z', '2025-09-30T16:00:00.000Z'],
    ['2025-06-30T15:59:59.999Z', 'half_year', '2025-H1', '2024-12-31T16:00:00.000Z', '2025-06-30T16:00:00.000Z'],
    ['2025-06-30T16:30:00.000Z', 'half_year', '2025-H2', '2025-06-30T16:00:00.000Z', '2025-12-31T16:00:00.000Z'],
    ['2025-06-30T16:30:00.000Z', 'year', '2025', '2024-12-31T16:00:00.000Z', '2025-12-31T16:00:00.000Z'],
    // quarter ends in March and September
    ['2025-03-31T15:59:59.000Z', 'quarter', '2025-Q1', '2024-12-31T16:00:00.000Z', '2025-03-31T16:00:00.000Z'],
    ['2025-03-31T16:00:00.000Z', 'quarter', '2025-Q2', '2025-03-31T16:00:00.000Z', '2025-06-30T16:00:00.000Z'],
    ['2025-03-31T16:00:00.000Z', 'month', '2025-04', '2025-03-31T16:00:00.000Z', '2025-04-30T16:00:00.000Z'],
    ['2025-09-30T15:59:59.000Z', 'quarter', '2025-Q3', '2025-06-30T16:00:00.000Z', '2025-09-30T16:00:00.000Z'],
    ['2025-09-30T16:00:00.000Z', 'quarter', '2025-Q4', '2025-09-30T16:00:00.000Z', '2025-12-31T16:00:00.000Z'],
    // year end: every period type rolls over
    ['2025-12-31T15:59:59.999Z', 'month', '2025-12', '2025-11-30T16:00:00.000Z', '2025-12-31T16:00:00.000Z'],
    ['2025-12-31T15:59:59.999Z', 'quarter', '2025-Q4', '2025-09-30T16:00:00.000Z', '2025-12-31T16:00:00.000Z'],
    ['2025-12-31T15:59:59.999Z', 'half_year', '2025-H2', '2025-06-30T16:00:00.000Z', '2025-12-31T16:00:00.000Z'],
    ['2025-12-31T15:59:59.999Z', 'year', '2025', '2024-12-31T16:00:00.000Z', '2025-12-31T16:00:00.000Z'],
    ['2025-12-31T16:00:00.000Z', 'month', '2026-01', '2025-12-31T16:00:00.000Z', '2026-01-31T16:00:00.000Z'],
    ['2025-12-31T16:00:00.000Z', 'quarter', '2026-Q1', '2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    ['2025-12-31T16:00:00.000Z', 'half_year', '2026-H1', '2025-12-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z'],
    ['2025-12-31T16:00:00.000Z', 'year', '2026', '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    // the UTC date is still January, the local date is already February
    ['2025-01-31T20:00:00.000Z', 'month', '2025-02', '2025-01-31T16:00:00.000Z', '2025-02-28T16:00:00.000Z'],
    // leap February
    ['2024-02-29T15:59:59.000Z', 'month', '2024-02', '2024-01-31T16:00:00.000Z', '2024-02-29T16:00:00.000Z'],
    ['2024-02-29T16:00:00.000Z', 'month', '2024-03', '2024-02-29T16:00:00.000Z', '2024-03-31T16:00:00.000Z'],
  ];

  it.each(rows)('%s as %s is %s [%s, %s)', (instant, type, key, start, end) => {
    const p = periodOf(d(instant), type, TZ);
    expect(p).toEqual({ type, key, start: d(start), end: d(end) });
  });

  it.each(rows)('the key of %s (%s) names the same period', (instant, type) => {
    const p = periodOf(d(instant), type, TZ);
    expect(periodFromKey(p.key, TZ)).toEqual(p);
  });

  it('defaults to Asia/Shanghai', () => {
    expect(periodOf(d('2025-06-30T16:30:00Z'), 'quarter').key).toBe('2025-Q3');
  });

  it('uses the configured zone, not the process zone', () => {
    expect(periodOf(d('2025-06-30T16:30:00Z'), 'quarter', 'UTC').key).toBe('2025-Q2');
  });

  it.each(['2025-Q5', '2025-H3', '2025-13', '25-01', ''])('periodFromKey rejects %j', (key) => {
    expect(() => periodFromKey(key, TZ)).toThrow(/周期编号/);
  });
});

describe('R-DUTY-1 periodsBetween', () => {
  const year2025 = { from: d('2024-12-31T16:00:00Z'), to: d('2025-12-31T16:00:00Z') };
  const rows: [name: string, from: Date, to: Date, type: PeriodType, keys: string[]][] = [
    ['a local year by quarter', year2025.from, year2025.to, 'quarter', ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']],
    ['a local year by half-year', year2025.from, year2025.to, 'half_year', ['2025-H1', '2025-H2']],
    ['a local year by year', year2025.from, year2025.to, 'year', ['2025']],
    [
      'mid-quarter to mid-quarter',
      d('2025-05-10T00:00:00Z'),
      d('2025-08-10T00:00:00Z'),
      'quarter',
      ['2025-Q2', '2025-Q3'],
    ],
    ['to one ms after a boundary', year2025.from, d('2025-03-31T16:00:00.001Z'), 'quarter', ['2025-Q1', '2025-Q2']],
    [
      'across a year end',
      d('2025-11-15T00:00:00Z'),
      d('2026-02-15T00:00:00Z'),
      'month',
      ['2025-11', '2025-12', '2026-01', '2026-02'],
    ],
    ['an empty range', year2025.to, year2025.to, 'month', []],
    ['a reversed range', year2025.to, year2025.from, 'month', []],
  ];
  it.each(rows)('%s', (_name, from, to, type, keys) => {
    expect(periodsBetween(from, to, type, TZ).map((p) => p.key)).toEqual(keys);
  });

  it('a local year has twelve contiguous months', () => {
    const months = periodsBetween(year2025.from, year2025.to, 'month', TZ);
    expect(months).toHaveLength(12);
    for (let i = 1; i < months.length; i++) {
      expect(months[i]?.start).toEqual(months[i - 1]?.end);
    }
  });
});

describe('R-DUTY-1 effectiveRule: the strictest level applies', () => {
  const countyTwicePerQuarter: DutyRule = {
    name: 'test',
    frequencies: {
      county: { periodType: 'quarter', minCount: 2 },
      township: { periodType: 'quarter', minCount: 1 },
      provincial: { periodType: 'year', minCount: 3 },
    },
  };
  const rows: [name: string, levels: DeputyLevel[], rule: DutyRule, expected: ReturnType<typeof effectiveRule>][] = [
    [
      'provincial + township → monthly (township)',
      ['provincial', 'township'],
      HESHAN_631_RULE,
      { level: 'township', periodType: 'month', minCount: 1 },
    ],
    [
      'township + provincial (order does not matter)',
      ['township', 'provincial'],
      HESHAN_631_RULE,
      { level: 'township', periodType: 'month', minCount: 1 },
    ],
    [
      'prefectural + county → quarterly (county)',
      ['prefectural', 'county'],
      HESHAN_631_RULE,
      { level: 'county', periodType: 'quarter', minCount: 1 },
    ],
    [
      'national + provincial → half-yearly',
      ['national', 'provincial'],
      HESHAN_631_RULE,
      { level: 'national', periodType: 'half_year', minCount: 1 },
    ],
    ['county alone → quarterly', ['county'], HESHAN_631_RULE, { level: 'county', periodType: 'quarter', minCount: 1 }],
    [
      'township alone → monthly',
      ['township'],
      HESHAN_631_RULE,
      { level: 'township', periodType: 'month', minCount: 1 },
    ],
    [
      'tie on period → higher count',
      ['township', 'county'],
      countyTwicePerQuarter,
      { level: 'county', periodType: 'quarter', minCount: 2 },
    ],
    [
      'shorter period beats higher count',
      ['provincial', 'township'],
      countyTwicePerQuarter,
      { level: 'township', periodType: 'quarter', minCount: 1 },
    ],
    [
      'a level without a rule is ignored',
      ['national', 'county'],
      countyTwicePerQuarter,
      { level: 'county', periodType: 'quarter', minCount: 2 },
    ],
    ['no level with a rule → null', ['national'], countyTwicePerQuarter, null],
    ['no levels → null', [], HESHAN_631_RULE, null],
  ];
  it.each(rows)('%s', (_name, levels, rule, expected) => {
    expect(effectiveRule(levels, rule)).toEqual(expected);
  });

  it('the default rule is 631 and covers every level with at least once per period', () => {
    expect(DEFAULT_DUTY_RULE).toBe(HESHAN_631_RULE);
    for (const level of DEPUTY_LEVELS) {
      expect(HESHAN_631_RULE.frequencies[level]?.minCount).toBe(1);
    }
  });
});

describe('R-DUTY-1 computeCompliance', () => {
  const q1 = { from: d('2024-12-31T16:00:00Z'), to: d('2025-03-31T16:00:00Z') };
  const year2025 = { from: d('2024-12-31T16:00:00Z'), to: d('2025-12-31T16:00:00Z') };

  it('a provincial + township deputy is measured monthly', () => {
    const rows = computeCompliance({
      levels: ['provincial', 'township'],
      visits: [
        d('2025-01-05T02:00:00Z'),
        d('2025-01-20T02:00:00Z'),
        d('2025-01-31T16:30:00Z'), // 1 Feb 00:30 local → February
        d('2025-03-31T15:59:00Z'), // 31 Mar 23:59 local → March
        d('2025-03-31T16:00:00Z'), // 1 Apr 00:00 local → April, outside Q1
      ],
      rule: HESHAN_631_RULE,
      periodRange: q1,
      timeZone: TZ,
    });
    expect(rows.map((r) => [r.periodKey, r.required, r.done, r.compliant])).toEqual([
      ['2025-01', 1, 2, true],
      ['2025-02', 1, 1, true],
      ['2025-03', 1, 1, true],
    ]);
  });

  const cases: [
    name: string,
    levels: DeputyLevel[],
    visits: string[],
    expected: [string, number, number, boolean][],
  ][] = [
    [
      'provincial: the 2025-06-30T16:30Z visit is in H2, not H1',
      ['provincial'],
      ['2025-06-30T16:30:00Z'],
      [
        ['2025-H1', 1, 0, false],
        ['2025-H2', 1, 1, true],
      ],
    ],
    [
      'provincial: a visit one ms before local midnight stays in H1',
      ['provincial'],
      ['2025-06-30T15:59:59.999Z'],
      [
        ['2025-H1', 1, 1, true],
        ['2025-H2', 1, 0, false],
      ],
    ],
    [
      'county: quarterly, two visits in Q3 and none in Q4',
      ['county'],
      ['2025-02-01T00:00:00Z', '2025-05-01T00:00:00Z', '2025-06-30T16:00:00Z', '2025-09-30T15:00:00Z'],
      [
        ['2025-Q1', 1, 1, true],
        ['2025-Q2', 1, 1, true],
        ['2025-Q3', 1, 2, true],
        ['2025-Q4', 1, 0, false],
      ],
    ],
    [
      'county + prefectural: quarterly',
      ['prefectural', 'county'],
      ['2025-12-31T15:59:59Z', '2025-12-31T16:00:00Z'],
      [
        ['2025-Q1', 1, 0, false],
        ['2025-Q2', 1, 0, false],
        ['2025-Q3', 1, 0, false],
        ['2025-Q4', 1, 1, true],
      ],
    ],
    ['a level without a rule: nothing to report', [], ['2025-02-01T00:00:00Z'], []],
  ];
  it.each(cases)('%s', (_name, levels, visits, expected) => {
    const rows = computeCompliance({ levels, visits: visits.map(d), periodRange: year2025, timeZone: TZ });
    expect(rows.map((r) => [r.periodKey, r.required, r.done, r.compliant])).toEqual(expected);
  });

  it('a count above one is required when the rule says so', () => {
    const rule: DutyRule = { name: 'twice', frequencies: { county: { periodType: 'quarter', minCount: 2 } } };
    const rows = computeCompliance({
      levels: ['county'],
      visits: [d('2025-01-10T00:00:00Z'), d('2025-04-10T00:00:00Z'), d('2025-05-10T00:00:00Z')],
      rule,
      periodRange: { from: q1.from, to: d('2025-06-30T16:00:00Z') },
      timeZone: TZ,
    });
    expect(rows.map((r) => [r.periodKey, r.required, r.done, r.compliant])).toEqual([
      ['2025-Q1', 2, 1, false],
      ['2025-Q2', 2, 2, true],
    ]);
  });

  it('marks the running period as in progress', () => {
    const rows = computeCompliance({
      levels: ['township'],
      visits: [],
      periodRange: q1,
      timeZone: TZ,
      asOf: d('2025-02-28T15:59:59Z'),
    });
    expect(rows.map((r) => [r.periodKey, r.inProgress])).toEqual([
      ['2025-01', false],
      ['2025-02', true],
      ['2025-03', false],
    ]);
  });

  it('counts every visit of a period the range covers only in part', () => {
    const rows = computeCompliance({
      levels: ['county'],
      visits: [d('2025-01-02T00:00:00Z')],
      periodRange: { from: d('2025-03-01T00:00:00Z'), to: d('2025-03-02T00:00:00Z') },
      timeZone: TZ,
    });
    expect(rows).toMatchObject([{ periodKey: '2025-Q1', done: 1, compliant: true }]);
  });

  it('equals an independent recount for every level over three years (UTC+8 arithmetic)', () => {
    // Deterministic pseudo-random visits; Asia/Shanghai has been UTC+8 without DST since 1992.
    let seed = 20250701;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const from = d('2023-12-31T16:00:00Z');
    const to = d('2026-12-31T16:00:00Z');
    const span = to.getTime() - from.getTime();
    const visits = Array.from({ length: 60 }, () => new Date(from.getTime() + Math.floor(rand() * span)));
    // Add visits right at local midnights at period ends.
    visits.push(d('2024-06-30T15:59:59.999Z'), d('2024-06-30T16:00:00Z'), d('2025-09-30T16:00:00Z'));
    const months = { month: 1, quarter: 3, half_year: 6, year: 12 } as const;
    const recount = (type: PeriodType): Map<number, number> => {
      const m = new Map<number, number>();
      for (const v of visits) {
        const local = new Date(v.getTime() + 8 * 3_600_000);
        const index = local.getUTCFullYear() * 12 + Math.floor(local.getUTCMonth() / months[type]) * months[type];
        m.set(index, (m.get(index) ?? 0) + 1);
      }
      return m;
    };
    for (const level of DEPUTY_LEVELS) {
      const type = HESHAN_631_RULE.frequencies[level]?.periodType ?? 'year';
      const expected = recount(type);
      const rows = computeCompliance({ levels: [level], visits, periodRange: { from, to }, timeZone: TZ });
      expect(rows).toHaveLength(36 / months[type]);
      for (const r of rows) {
        const local = new Date(r.start.getTime() + 8 * 3_600_000);
        expect(local.getUTCHours()).toBe(0);
        const index = local.getUTCFullYear() * 12 + local.getUTCMonth();
        expect(r.done, `${level} ${r.periodKey}`).toBe(expected.get(index) ?? 0);
        expect(r.compliant).toBe(r.done >= 1);
      }
      expect(rows.reduce((s, r) => s + r.done, 0)).toBe(visits.length);
    }
    expect(PERIOD_TYPES).toHaveLength(4);
  });
});

describe('R-DUTY-1 days left and reminders', () => {
  const rows: [now: string, type: PeriodType, key: string, daysLeft: number][] = [
    ['2025-06-30T15:00:00Z', 'month', '2025-06', 1], // 30 Jun 23:00 local: the last day
    ['2025-06-30T16:00:00Z', 'month', '2025-07', 31], // 1 Jul 00:00 local: the first day
    ['2025-06-23T15:59:59Z', 'month', '2025-06', 8], // 23 Jun 23:59 local
    ['2025-06-23T16:00:00Z', 'month', '2025-06', 7], // 24 Jun 00:00 local
    ['2025-09-23T16:00:00Z', 'quarter', '2025-Q3', 7], // 24 Sep 00:00 local
    ['2025-12-24T16:00:00Z', 'half_year', '2025-H2', 7], // 25 Dec local
    ['2024-12-31T16:00:00Z', 'year', '2025', 365],
    ['2024-02-28T16:00:00Z', 'month', '2024-02', 1], // 29 Feb local (leap year)
  ];
  it.each(rows)('%s in a %s period: %s, %i days left', (now, type, key, daysLeft) => {
    const r = daysLeftInPeriod(d(now), type, TZ);
    expect(r.period.key).toBe(key);
    expect(r.daysLeft).toBe(daysLeft);
  });

  const reminders: [
    name: string,
    now: string,
    levels: DeputyLevel[],
    visits: string[],
    daysBefore: number,
    due: boolean,
  ][] = [
    ['township, 7 days left, no visit → due', '2025-06-23T16:00:00Z', ['township'], [], 7, true],
    ['township, 8 days left, no visit → not yet', '2025-06-23T15:59:59Z', ['township'], [], 7, false],
    [
      'township, visited this month → not due',
      '2025-06-29T00:00:00Z',
      ['township'],
      ['2025-06-01T00:00:00Z'],
      7,
      false,
    ],
    [
      'township, visited last month only → due',
      '2025-06-29T00:00:00Z',
      ['township'],
      ['2025-05-31T15:00:00Z'],
      7,
      true,
    ],
    ['county, 10 days left, window 10 → due', '2025-09-20T16:00:00Z', ['county'], [], 10, true],
    ['county, 11 days left, window 10 → not yet', '2025-09-19T16:00:00Z', ['county'], [], 10, false],
    [
      'provincial + township follows the month',
      '2025-01-28T00:00:00Z',
      ['provincial', 'township'],
      ['2024-12-01T00:00:00Z'],
      7,
      true,
    ],
  ];
  it.each(reminders)('%s', (_name, now, levels, visits, daysBefore, due) => {
    const r = dutyReminder({ now: d(now), levels, visits: visits.map(d), timeZone: TZ, daysBefore });
    expect(r?.reminderDue).toBe(due);
  });

  it('reports the period and counts', () => {
    expect(
      dutyReminder({ now: d('2025-06-25T00:00:00Z'), levels: ['county'], visits: [d('2025-04-02T00:00:00Z')] }),
    ).toEqual({
      level: 'county',
      periodKey: '2025-Q2',
      periodType: 'quarter',
      periodEnd: d('2025-06-30T16:00:00Z'),
      daysLeft: 6,
      required: 1,
      done: 1,
      compliant: true,
      reminderDue: false,
    });
  });

  it('is null for a deputy without a rule', () => {
    const rule: DutyRule = { name: 'x', frequencies: {} };
    expect(dutyReminder({ now: d('2025-06-25T00:00:00Z'), levels: ['county'], visits: [], rule })).toBeNull();
  });
});
