import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  caseNumberPartsError,
  formatCaseNumber,
  isCaseNumber,
  parseCaseNumber,
  type CaseNumberParts,
} from './case-number.js';

describe('R-LOOP-1 case numbers <county>-<year>-<sequence>', () => {
  it.each<[CaseNumberParts, string]>([
    [{ countyCode: '440784', year: 2025, sequence: 824 }, '440784-2025-000824'],
    [{ countyCode: '440784', year: 2025, sequence: 1 }, '440784-2025-000001'],
    [{ countyCode: '445322', year: 2024, sequence: 999_999 }, '445322-2024-999999'],
    [{ countyCode: '110101', year: 2000, sequence: 10 }, '110101-2000-000010'],
    [{ countyCode: '440703', year: 2099, sequence: 123_456 }, '440703-2099-123456'],
  ])('%j ↔ %s', (parts, s) => {
    expect(formatCaseNumber(parts)).toBe(s);
    expect(parseCaseNumber(s)).toEqual(parts);
    expect(isCaseNumber(s)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['no separators', '4407842025000824'],
    ['short sequence', '440784-2025-824'],
    ['long sequence', '440784-2025-0000824'],
    ['sequence zero', '440784-2025-000000'],
    ['5-digit county', '44078-2025-000824'],
    ['12-digit region code', '440784000000-2025-000824'],
    ['province code', '440000-2025-000824'],
    ['prefecture code', '440700-2025-000824'],
    ['leading zeros in county', '000784-2025-000824'],
    ['two-digit year', '440784-25-000824'],
    ['year before 2000', '440784-1999-000824'],
    ['year after 2099', '440784-2100-000824'],
    ['letters', '44O784-2025-000824'],
    ['full-width dash', '440784－2025－000824'],
    ['spaces', ' 440784-2025-000824'],
    ['trailing newline', '440784-2025-000824\n'],
  ])('rejects %s: %j', (_name, s) => {
    expect(parseCaseNumber(s)).toBeNull();
    expect(isCaseNumber(s)).toBe(false);
  });

  it.each<[string, CaseNumberParts, RegExp]>([
    ['county code of 5 digits', { countyCode: '44078', year: 2025, sequence: 1 }, /6位数字/],
    ['prefecture code', { countyCode: '440700', year: 2025, sequence: 1 }, /县级区划代码不正确/],
    ['year 1999', { countyCode: '440784', year: 1999, sequence: 1 }, /年份/],
    ['fractional year', { countyCode: '440784', year: 2025.5, sequence: 1 }, /年份/],
    ['sequence 0', { countyCode: '440784', year: 2025, sequence: 0 }, /流水号/],
    ['sequence over 999999', { countyCode: '440784', year: 2025, sequence: 1_000_000 }, /流水号/],
    ['fractional sequence', { countyCode: '440784', year: 2025, sequence: 1.5 }, /流水号/],
  ])('refuses to format %s, with a Chinese reason', (_name, parts, reason) => {
    expect(caseNumberPartsError(parts)).toMatch(reason);
    expect(() => formatCaseNumber(parts)).toThrow(RangeError);
  });

  it('numbers never repeat: distinct parts give distinct numbers, and parse inverts format', () => {
    const parts = fc.record({
      countyCode: fc.constantFrom('440784', '440703', '445322', '441802'),
      year: fc.integer({ min: 2000, max: 2099 }),
      sequence: fc.integer({ min: 1, max: 999_999 }),
    });
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const sa = formatCaseNumber(a);
        expect(parseCaseNumber(sa)).toEqual(a);
        const same = a.countyCode === b.countyCode && a.year === b.year && a.sequence === b.sequence;
        expect(sa === formatCaseNumber(b)).toBe(same);
      }),
    );
  });

  it('numbers of one county and year sort in sequence order', () => {
    const numbers = [1, 2, 9, 10, 99, 100, 824, 999_999].map((sequence) =>
      formatCaseNumber({ countyCode: '440784', year: 2025, sequence }),
    );
    expect([...numbers].sort()).toEqual(numbers);
  });
});
