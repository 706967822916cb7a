import { describe, expect, it } from 'vitest';
import { addCalendarMonths } from '../suggestions/suggestion-dates.js';
import {
  anonymisationDueOn,
  isDueForAnonymisation,
  latestPossiblyDueClosing,
  redactPersonalJson,
  redactPersonalText,
  REDACTION_MARK as M,
} from './retention.js';

const SH = 'Asia/Shanghai';

describe('isDueForAnonymisation', () => {
  // closed at (instant), months, now (instant), zone → due?
  it.each([
    ['not closed', null, 36, '2030-01-01T00:00:00Z', SH, false],
    ['closed yesterday', '2026-12-06T02:00:00Z', 36, '2026-12-07T02:00:00Z', SH, false],
    // closed 2023-03-15 14:00 Shanghai: kept through 2026-03-15, due from 2026-03-16 00:00 Shanghai
    ['on the anniversary day, its last second', '2023-03-15T06:00:00Z', 36, '2026-03-15T15:59:59Z', SH, false],
    ['the day after the anniversary, 00:00 Shanghai', '2023-03-15T06:00:00Z', 36, '2026-03-15T16:00:00Z', SH, true],
    ['years later', '2023-03-15T06:00:00Z', 36, '2029-01-01T00:00:00Z', SH, true],
    // 2023-03-15 23:30 Shanghai is still 15:30 UTC on the 15th; 2023-03-15 16:30 UTC is the 16th in Shanghai
    ['closing day taken in the zone (late evening)', '2023-03-15T16:30:00Z', 36, '2026-03-16T15:59:59Z', SH, false],
    ['closing day taken in the zone (next day)', '2023-03-15T16:30:00Z', 36, '2026-03-16T16:00:00Z', SH, true],
    ['the same instants in UTC', '2023-03-15T16:30:00Z', 36, '2026-03-16T00:00:00Z', 'UTC', true],
    // 31 August + 6 months = 28 February (clamped); due 1 March
    ['month-end clamp, 28 Feb', '2025-08-31T04:00:00Z', 6, '2026-02-28T12:00:00Z', SH, false],
    ['month-end clamp, 1 Mar', '2025-08-31T04:00:00Z', 6, '2026-02-28T16:00:00Z', SH, true],
    ['leap year: 29 Feb + 12 months = 28 Feb', '2024-02-29T04:00:00Z', 12, '2025-02-28T16:00:00Z', SH, true],
    ['leap year, a day earlier', '2024-02-29T04:00:00Z', 12, '2025-02-27T16:00:00Z', SH, false],
    ['a shorter setting makes it due', '2025-01-10T04:00:00Z', 6, '2025-07-11T00:00:00Z', SH, true],
    ['a longer setting keeps it', '2025-01-10T04:00:00Z', 120, '2025-07-11T00:00:00Z', SH, false],
    ['10 years', '2016-01-10T04:00:00Z', 120, '2026-01-10T16:00:00Z', SH, true],
    ['nonsense months are never due', '2016-01-10T04:00:00Z', 0, '2026-01-10T16:00:00Z', SH, false],
    ['fractional months are never due', '2016-01-10T04:00:00Z', 1.5, '2026-01-10T16:00:00Z', SH, false],
  ] as const)('%s', (_name, closedAt, months, now, zone, due) => {
    expect(
      isDueForAnonymisation({ closedAt: closedAt ? new Date(closedAt) : null, months, now: new Date(now), timeZone: zone }),
    ).toBe(due);
  });

  it('an anonymised concern is never due again', () => {
    expect(
      isDueForAnonymisation({
        closedAt: new Date('2020-01-01T00:00:00Z'),
        anonymisedAt: new Date('2024-01-01T00:00:00Z'),
        months: 36,
        now: new Date('2026-01-01T00:00:00Z'),
        timeZone: SH,
      }),
    ).toBe(false);
  });

  it.each([
    [{ year: 2025, month: 1, day: 31 }, 1, { year: 2025, month: 2, day: 28 }],
    [{ year: 2025, month: 11, day: 30 }, 3, { year: 2026, month: 2, day: 28 }],
    [{ year: 2023, month: 12, day: 31 }, 2, { year: 2024, month: 2, day: 29 }],
    [{ year: 2023, month: 3, day: 15 }, 36, { year: 2026, month: 3, day: 15 }],
    [{ year: 2023, month: 3, day: 15 }, 0, { year: 2023, month: 3, day: 15 }],
  ])('addCalendarMonths(%o, %i)', (d, n, expected) => {
    expect(addCalendarMonths(d, n)).toEqual(expected);
  });

  it('the due day is the day after the anniversary', () => {
    expect(anonymisationDueOn(new Date('2023-12-31T15:00:00Z'), 2, SH)).toEqual({ year: 2024, month: 3, day: 1 });
  });

  it('the query bound never leaves out a due concern', () => {
    for (const months of [6, 7, 12, 36, 120]) {
      for (const closed of ['2023-01-31T15:59:59Z', '2023-02-28T16:00:00Z', '2024-08-31T03:00:00Z', '2024-12-31T23:00:00Z']) {
        const closedAt = new Date(closed);
        const due = anonymisationDueOn(closedAt, months, SH);
        const dueStart = new Date(Date.UTC(due.year, due.month - 1, due.day) - 8 * 3600_000);
        expect(closedAt.getTime()).toBeLessThanOrEqual(latestPossiblyDueClosing(dueStart, months).getTime());
      }
    }
  });
});

describe('redactPersonalText', () => {
  it.each([
    ['the name as given', '张三反映门口路灯不亮', ['张三'], `${M}反映门口路灯不亮`],
    ['the address as given', '沙坪街道中山路1号门口积水', ['中山路1号'], `沙坪街道${M}门口积水`],
    ['a mobile number', '请回电13812341234谢谢', [], `请回电${M}谢谢`],
    ['a mobile number with spaces', '电话 138 1234 1234。', [], `电话 ${M}。`],
    ['a mobile number with +86', '+8613812341234', [], M],
    ['an ID number', '身份证44078419800101123X。', [], `身份证${M}。`],
    ['a landline', '座机0750-8881234', [], `座机${M}`],
    ['not a phone: longer digit run', '编号123138123412345', [], '编号123138123412345'],
    ['not a phone: a year and an amount', '2024年修路花了13000元', [], '2024年修路花了13000元'],
    ['one-character name left alone (too common to match)', '王先生说李', ['李'], '王先生说李'],
    ['the longer identifier first', '张三丰和张三', ['张三', '张三丰'], `${M}和${M}`],
    ['nothing known, nothing shaped', '路灯不亮', [null, undefined, ''], '路灯不亮'],
  ] as const)('%s', (_name, text, ids, expected) => {
    expect(redactPersonalText(text, ids)).toBe(expected);
  });

  it('walks JSON: free-text keys redacted, ids, numbers, dates and other keys kept', () => {
    const v = {
      content: '张三同志：已修复',
      caseNumber: '张三',
      reply: { content: '13812341234', at: '2024-05-01T00:00:00.000Z' },
      reasons: ['张三'],
      opinions: [{ unitId: '9f0c1a2b-1111-4222-8333-138123412345', content: '联系13812341234' }],
      at: '2024-05-01T00:00:00.000Z',
      n: 3,
      ok: true,
      none: null,
    };
    expect(redactPersonalJson(v, ['张三'])).toEqual({
      content: `${M}同志：已修复`,
      caseNumber: '张三',
      reply: { content: M, at: '2024-05-01T00:00:00.000Z' },
      reasons: ['张三'],
      opinions: [{ unitId: '9f0c1a2b-1111-4222-8333-138123412345', content: `联系${M}` }],
      at: '2024-05-01T00:00:00.000Z',
      n: 3,
      ok: true,
      none: null,
    });
  });
});
