import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDateOf, zonedParts } from './zoned-time.js';

/** The oracle: the platform's formatter, instant by instant. */
function oracle(instant: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(instant).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

// Zones with and without daylight saving, half- and quarter-hour offsets, a 30-minute DST shift.
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns'];

describe('zonedParts (offset reused within a 15-minute span)', () => {
  it.each([
    ['2025-12-31T15:59:59Z', 'Asia/Shanghai', { year: 2025, month: 12, day: 31, hour: 23, minute: 59, second: 59 }],
    ['2025-12-31T16:00:00Z', 'Asia/Shanghai', { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 }],
    ['2025-03-09T06:59:59Z', 'America/New_York', { year: 2025, month: 3, day: 9, hour: 1, minute: 59, second: 59 }],
    ['2025-03-09T07:00:00Z', 'America/New_York', { year: 2025, month: 3, day: 9, hour: 3, minute: 0, second: 0 }],
    ['2025-04-05T14:59:59Z', 'Australia/Lord_Howe', { year: 2025, month: 4, day: 6, hour: 1, minute: 59, second: 59 }],
    ['2025-04-05T15:00:00Z', 'Australia/Lord_Howe', { year: 2025, month: 4, day: 6, hour: 1, minute: 30, second: 0 }],
  ])('%s in %s', (at, zone, expected) => {
    expect(zonedParts(new Date(at), zone)).toEqual(expected);
  });

  it('agrees with the formatter for any instant 1950–2100 in zones with odd offsets and DST', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 3 }),
        (ms, zone, near) => {
          // also instants a few seconds either side of the one before (same span, cached offset)
          for (const m of [ms, ms + near * 1000, ms - near * 7_000]) {
            expect(zonedParts(new Date(m), zone)).toEqual(oracle(new Date(m), zone));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with the formatter second by second across a DST change', () => {
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Europe/London']) {
      const from = { 'America/New_York': Date.UTC(2025, 10, 2, 5, 50), 'Australia/Lord_Howe': Date.UTC(2025, 3, 5, 14, 50), 'Europe/London': Date.UTC(2025, 2, 30, 0, 50) }[zone]!;
      for (let m = from; m < from + 20 * 60_000; m += 1000) {
        expect(zonedParts(new Date(m), zone)).toEqual(oracle(new Date(m), zone));
      }
    }
  });

  it('the calendar date in Asia/Shanghai', () => {
    expect(calendarDateOf(new Date('2025-06-30T16:00:00Z'), 'Asia/Shanghai')).toEqual({ year: 2025, month: 7, day: 1 });
  });
});
