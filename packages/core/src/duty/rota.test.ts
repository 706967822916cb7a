import { describe, expect, it } from 'vitest';
import {
  announcementDeadline,
  applySwaps,
  buildRotaCalendar,
  describeRecurrence,
  expandRota,
  isAnnouncedInTime,
  isDirectContactDay,
  nextDutyOf,
  type RotaRecurrence,
  type RotaSlot,
  type RotaSwap,
  type RotaTemplate,
} from './rota.js';
import { zonedInstant } from '../common/zoned-time.js';

const TZ = 'Asia/Shanghai';
const d = (iso: string): Date => new Date(iso);

/** [first day of `from` month, first day of the month after `to`) in local time. */
function months(from: string, to: string): { from: Date; to: Date } {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return {
    from: zonedInstant({ year: fy, month: fm, day: 1 }, TZ),
    to: zonedInstant({ year: tm === 12 ? ty + 1 : ty, month: tm === 12 ? 1 : tm + 1, day: 1 }, TZ),
  };
}

function template(recurrence: RotaRecurrence, extra: Partial<RotaTemplate> = {}): RotaTemplate {
  return {
    id: 'tpl',
    name: '联络站驻站接待',
    purpose: 'station_duty',
    place: { kind: 'station', id: 'station-x' },
    recurrence,
    startTime: '09:00',
    endTime: '11:30',
    deputyIds: ['A', 'B'],
    validFrom: '2025-01-01',
    ...extra,
  };
}

const secondThursday: RotaRecurrence = { kind: 'monthly_nth_weekday', weekday: 4, nths: [2] };
const everyThursday: RotaRecurrence = { kind: 'weekly', weekdays: [4] };

describe('R-DUTY-2 rota expansion: "second Thursday of each month 09:00–11:30"', () => {
  it('gives one slot a month at 09:00–11:30 local (01:00–03:30 UTC)', () => {
    const slots = expandRota(template(secondThursday), months('2025-06', '2025-08'), TZ);
    expect(slots.map((s) => [s.slotId, s.date, s.start.toISOString(), s.end.toISOString(), s.deputyIds])).toEqual([
      ['tpl@2025-06-12', '2025-06-12', '2025-06-12T01:00:00.000Z', '2025-06-12T03:30:00.000Z', ['A', 'B']],
      ['tpl@2025-07-10', '2025-07-10', '2025-07-10T01:00:00.000Z', '2025-07-10T03:30:00.000Z', ['A', 'B']],
      ['tpl@2025-08-14', '2025-08-14', '2025-08-14T01:00:00.000Z', '2025-08-14T03:30:00.000Z', ['A', 'B']],
    ]);
    expect(slots[0]).toMatchObject({
      templateId: 'tpl',
      purpose: 'station_duty',
      place: { kind: 'station', id: 'station-x' },
      swaps: [],
    });
  });

  const rows: [month: string, dates: string[]][] = [
    ['2025-01', ['2025-01-09']], // Thursday 1st is the 2nd → second is the 9th
    ['2025-05', ['2025-05-08']], // 1 May is a Thursday
    ['2025-10', ['2025-10-09']],
    ['2026-01', ['2026-01-08']],
  ];
  it.each(rows)('in %s the second Thursday is %j', (month, dates) => {
    expect(expandRota(template(secondThursday), months(month, month), TZ).map((s) => s.date)).toEqual(dates);
  });
});

describe('R-DUTY-3 direct-contact day: every Thursday, months with 4 and 5 Thursdays', () => {
  const rows: [month: string, count: number, dates: string[]][] = [
    ['2025-01', 5, ['2025-01-02', '2025-01-09', '2025-01-16', '2025-01-23', '2025-01-30']],
    ['2025-02', 4, ['2025-02-06', '2025-02-13', '2025-02-20', '2025-02-27']],
    ['2025-06', 4, ['2025-06-05', '2025-06-12', '2025-06-19', '2025-06-26']],
    ['2025-07', 5, ['2025-07-03', '2025-07-10', '2025-07-17', '2025-07-24', '2025-07-31']],
  ];
  it.each(rows)('%s has %i Thursdays', (month, count, dates) => {
    const slots = expandRota(template(everyThursday, { purpose: 'direct_contact_day' }), months(month, month), TZ);
    expect(slots).toHaveLength(count);
    expect(slots.map((s) => s.date)).toEqual(dates);
    expect(slots.every((s) => s.purpose === 'direct_contact_day')).toBe(true);
  });

  it('June + July together give 9 slots, continuous across the month end', () => {
    expect(expandRota(template(everyThursday), months('2025-06', '2025-07'), TZ)).toHaveLength(9);
  });

  it.each([
    ['2025-07-09T16:30:00Z', true], // Thursday 10 Jul 00:30 local, still Wednesday in UTC
    ['2025-07-10T15:59:59Z', true], // Thursday 23:59 local
    ['2025-07-10T16:00:00Z', false], // Friday 00:00 local, still Thursday in UTC
    ['2025-07-09T15:59:59Z', false],
  ] as const)('isDirectContactDay(%s, Thursday) is %s', (instant, expected) => {
    expect(isDirectContactDay(d(instant), [4], TZ)).toBe(expected);
  });
});

describe('R-DUTY-2 other recurrences', () => {
  const rows: [name: string, rec: RotaRecurrence, from: string, to: string, dates: string[]][] = [
    [
      'first and third Monday',
      { kind: 'monthly_nth_weekday', weekday: 1, nths: [1, 3] },
      '2025-07',
      '2025-09',
      ['2025-07-07', '2025-07-21', '2025-08-04', '2025-08-18', '2025-09-01', '2025-09-15'],
    ],
    [
      'fifth Thursday: only months that have one',
      { kind: 'monthly_nth_weekday', weekday: 4, nths: [5] },
      '2025-01',
      '2025-07',
      ['2025-01-30', '2025-05-29', '2025-07-31'],
    ],
    [
      'last Thursday',
      { kind: 'monthly_nth_weekday', weekday: 4, nths: [-1] },
      '2025-06',
      '2025-07',
      ['2025-06-26', '2025-07-31'],
    ],
    [
      'the 15th of each month',
      { kind: 'monthly_day', days: [15] },
      '2025-01',
      '2025-03',
      ['2025-01-15', '2025-02-15', '2025-03-15'],
    ],
    [
      'the 31st is skipped in short months',
      { kind: 'monthly_day', days: [31] },
      '2025-06',
      '2025-09',
      ['2025-07-31', '2025-08-31'],
    ],
    [
      'Tuesdays and Fridays',
      { kind: 'weekly', weekdays: [5, 2] },
      '2025-07',
      '2025-07',
      [
        '2025-07-01',
        '2025-07-04',
        '2025-07-08',
        '2025-07-11',
        '2025-07-15',
        '2025-07-18',
        '2025-07-22',
        '2025-07-25',
        '2025-07-29',
      ],
    ],
  ];
  it.each(rows)('%s', (_name, rec, from, to, dates) => {
    expect(expandRota(template(rec), months(from, to), TZ).map((s) => s.date)).toEqual(dates);
  });

  it.each([
    [secondThursday, '每月第二个星期四'],
    [everyThursday, '每周星期四'],
    [{ kind: 'monthly_nth_weekday', weekday: 1, nths: [3, 1] }, '每月第一个和第三个星期一'],
    [{ kind: 'monthly_nth_weekday', weekday: 5, nths: [-1] }, '每月最后一个星期五'],
    [{ kind: 'monthly_day', days: [15, 1] }, '每月1日、15日'],
    [{ kind: 'weekly', weekdays: [0, 1] }, '每周星期一、星期日'],
  ] as [RotaRecurrence, string][])('describeRecurrence %j → %s', (rec, text) => {
    expect(describeRecurrence(rec)).toBe(text);
  });
});

describe('R-DUTY-2 rota expansion in the zone, validity and rotation', () => {
  it('an early-morning slot belongs to its local date although it starts the UTC day before', () => {
    const slots = expandRota(
      template(secondThursday, { startTime: '07:00', endTime: '08:00' }),
      months('2025-07', '2025-07'),
      TZ,
    );
    expect(slots.map((s) => [s.date, s.start.toISOString()])).toEqual([['2025-07-10', '2025-07-09T23:00:00.000Z']]);
  });

  it('a slot is in the range when its start is: [from, to)', () => {
    const t = template(secondThursday);
    expect(expandRota(t, { from: d('2025-07-10T01:00:00Z'), to: d('2025-07-10T01:00:01Z') }, TZ)).toHaveLength(1);
    expect(expandRota(t, { from: d('2025-07-10T01:00:01Z'), to: d('2025-08-01T00:00:00Z') }, TZ)).toHaveLength(0);
    expect(expandRota(t, { from: d('2025-07-01T00:00:00Z'), to: d('2025-07-10T01:00:00Z') }, TZ)).toHaveLength(0);
  });

  it.each([
    ['validFrom in the middle', { validFrom: '2025-07-01' }, ['2025-07-10', '2025-08-14']],
    ['validUntil inclusive', { validUntil: '2025-07-10' }, ['2025-06-12', '2025-07-10']],
    ['validUntil the day before', { validUntil: '2025-07-09' }, ['2025-06-12']],
    ['open-ended', { validUntil: null }, ['2025-06-12', '2025-07-10', '2025-08-14']],
  ] as [string, Partial<RotaTemplate>, string[]][])('%s', (_name, extra, dates) => {
    expect(expandRota(template(secondThursday, extra), months('2025-06', '2025-08'), TZ).map((s) => s.date)).toEqual(
      dates,
    );
  });

  it('rotating groups take turns counted from validFrom, whatever range is asked', () => {
    const t = template(secondThursday, { deputyIds: ['HEAD'], rotation: [['A'], ['B', 'C'], ['D']] });
    const year = expandRota(t, months('2025-01', '2025-12'), TZ);
    expect(year.map((s) => s.deputyIds)).toEqual([
      ['HEAD', 'A'],
      ['HEAD', 'B', 'C'],
      ['HEAD', 'D'],
      ['HEAD', 'A'],
      ['HEAD', 'B', 'C'],
      ['HEAD', 'D'],
      ['HEAD', 'A'],
      ['HEAD', 'B', 'C'],
      ['HEAD', 'D'],
      ['HEAD', 'A'],
      ['HEAD', 'B', 'C'],
      ['HEAD', 'D'],
    ]);
    const august = expandRota(t, months('2025-08', '2025-08'), TZ);
    expect(august).toEqual(year.filter((s) => s.date.startsWith('2025-08')));
  });

  it('rejects an end time not after the start time', () => {
    expect(() => expandRota(template(secondThursday, { endTime: '09:00' }), months('2025-07', '2025-07'), TZ)).toThrow(
      /结束时间/,
    );
  });
});

describe('R-DUTY-2 swaps', () => {
  const slots = (): RotaSlot[] => expandRota(template(secondThursday), months('2025-06', '2025-08'), TZ);

  const rows: [name: string, swaps: RotaSwap[], july: string[], rejected: string[]][] = [
    ['A replaced by C', [{ slotId: 'tpl@2025-07-10', fromDeputyId: 'A', toDeputyId: 'C' }], ['C', 'B'], []],
    [
      'chained: A → C, then C → D',
      [
        { slotId: 'tpl@2025-07-10', fromDeputyId: 'A', toDeputyId: 'C' },
        { slotId: 'tpl@2025-07-10', fromDeputyId: 'C', toDeputyId: 'D' },
      ],
      ['D', 'B'],
      [],
    ],
    [
      'deputy not on the slot',
      [{ slotId: 'tpl@2025-07-10', fromDeputyId: 'Z', toDeputyId: 'C' }],
      ['A', 'B'],
      ['被调换的代表不在该班次'],
    ],
    [
      'replacement already on the slot',
      [{ slotId: 'tpl@2025-07-10', fromDeputyId: 'A', toDeputyId: 'B' }],
      ['A', 'B'],
      ['接替的代表已在该班次'],
    ],
    [
      'same deputy',
      [{ slotId: 'tpl@2025-07-10', fromDeputyId: 'A', toDeputyId: 'A' }],
      ['A', 'B'],
      ['调换前后不能是同一位代表'],
    ],
    [
      'a slot outside the range is ignored',
      [{ slotId: 'tpl@2025-12-11', fromDeputyId: 'A', toDeputyId: 'C' }],
      ['A', 'B'],
      [],
    ],
  ];
  it.each(rows)('%s', (_name, swaps, july, rejected) => {
    const original = slots();
    const result = applySwaps(original, swaps);
    const julySlot = result.slots.find((s) => s.date === '2025-07-10');
    expect(julySlot?.deputyIds).toEqual(july);
    expect(result.rejected.map((r) => r.reason)).toEqual(rejected);
    // other slots and the input are untouched
    expect(result.slots.filter((s) => s.date !== '2025-07-10').every((s) => s.deputyIds.join() === 'A,B')).toBe(true);
    expect(original.every((s) => s.deputyIds.join() === 'A,B' && s.swaps.length === 0)).toBe(true);
  });

  it('records the swap on the slot', () => {
    const { slots: out } = applySwaps(slots(), [{ slotId: 'tpl@2025-07-10', fromDeputyId: 'B', toDeputyId: 'E' }]);
    expect(out.find((s) => s.date === '2025-07-10')?.swaps).toEqual([{ fromDeputyId: 'B', toDeputyId: 'E' }]);
  });

  it("a calendar merges templates in time order with swaps, and finds a deputy's next duty", () => {
    const station = template(secondThursday, { id: 'station' });
    const grid = template(everyThursday, {
      id: 'grid',
      purpose: 'direct_contact_day',
      place: { kind: 'grid', id: 'grid-1' },
      startTime: '14:30',
      endTime: '17:00',
      deputyIds: ['C'],
    });
    const { slots: cal, rejected } = buildRotaCalendar(
      [grid, station],
      months('2025-07', '2025-07'),
      [{ slotId: 'station@2025-07-10', fromDeputyId: 'A', toDeputyId: 'C' }],
      TZ,
    );
    expect(rejected).toEqual([]);
    expect(cal.map((s) => s.slotId).slice(0, 4)).toEqual([
      'grid@2025-07-03',
      'station@2025-07-10',
      'grid@2025-07-10',
      'grid@2025-07-17',
    ]);
    expect(nextDutyOf('A', cal, d('2025-07-01T00:00:00Z'))).toBeNull();
    expect(nextDutyOf('B', cal, d('2025-07-01T00:00:00Z'))?.slotId).toBe('station@2025-07-10');
    // C's morning station slot is still running at 10:00 local on 10 July
    expect(nextDutyOf('C', cal, d('2025-07-10T02:00:00Z'))?.slotId).toBe('station@2025-07-10');
    expect(nextDutyOf('C', cal, d('2025-07-10T03:30:00Z'))?.slotId).toBe('grid@2025-07-10');
  });
});

describe('R-DUTY-2 announcement at least 3 days ahead', () => {
  // Slot on Thursday 10 July 2025 09:00 local = 01:00Z.
  const slot = d('2025-07-10T01:00:00Z');
  const rows: [name: string, publishedAt: string, minDays: number, expected: boolean][] = [
    ['Monday 7 July 23:59:59 local (3 days) → in time', '2025-07-07T15:59:59Z', 3, true],
    ['Tuesday 8 July 00:00 local → late', '2025-07-07T16:00:00Z', 3, false],
    ['Tuesday 8 July 00:30 local, still 7 July in UTC → late', '2025-07-07T16:30:00Z', 3, false],
    ['Monday 7 July 08:00 local, 6 July in UTC → in time', '2025-07-07T00:00:00Z', 3, true],
    ['a week ahead → in time', '2025-07-03T01:00:00Z', 3, true],
    ['5 days required, published 5 days ahead', '2025-07-05T15:59:59Z', 5, true],
    ['5 days required, published 4 days ahead', '2025-07-05T16:00:00Z', 5, false],
    ['1 day required: the evening before → in time', '2025-07-09T15:59:59Z', 1, true],
    ['1 day required: the same morning → late', '2025-07-09T16:00:00Z', 1, false],
    ['0 days: before the start the same day → in time', '2025-07-10T00:59:59Z', 0, true],
    ['0 days: after the start → late', '2025-07-10T01:00:01Z', 0, false],
  ];
  it.each(rows)('%s', (_name, publishedAt, minDays, expected) => {
    expect(isAnnouncedInTime(slot, d(publishedAt), minDays, TZ)).toBe(expected);
  });

  it('defaults to 3 days in Asia/Shanghai', () => {
    expect(isAnnouncedInTime(slot, d('2025-07-07T15:59:59Z'))).toBe(true);
    expect(isAnnouncedInTime(slot, d('2025-07-07T16:00:00Z'))).toBe(false);
    expect(announcementDeadline(slot)).toEqual(d('2025-07-07T16:00:00Z'));
  });
});
