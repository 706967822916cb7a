/**
 * Case numbers (编号登记, R-LOOP-1): `<county code>-<year>-<sequence>`, e.g. `440784-2025-000824`.
 * The county code is the 6-digit GB/T 2260 code; the sequence counts from 1 per county and year
 * and is padded to six digits. Assigning the next sequence is the database's job.
 */
export interface CaseNumberParts {
  countyCode: string;
  year: number;
  sequence: number;
}

export const CASE_NUMBER_PATTERN = /^(\d{6})-(\d{4})-(\d{6})$/;
export const MAX_CASE_SEQUENCE = 999_999;
export const MIN_CASE_YEAR = 2000;
export const MAX_CASE_YEAR = 2099;

/** Why the parts cannot make a case number, in Chinese; null when they can. */
export function caseNumberPartsError(parts: CaseNumberParts): string | null {
  const { countyCode, year, sequence } = parts;
  if (!/^\d{6}$/.test(countyCode)) return '县级区划代码应为6位数字';
  if (countyCode.startsWith('00') || countyCode.slice(4) === '00') {
    return '县级区划代码不正确（省、市两级代码不能用于编号）';
  }
  if (!Number.isInteger(year) || year < MIN_CASE_YEAR || year > MAX_CASE_YEAR) {
    return `年份应在 ${MIN_CASE_YEAR} 至 ${MAX_CASE_YEAR} 之间`;
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_CASE_SEQUENCE) {
    return `流水号应在 1 至 ${MAX_CASE_SEQUENCE} 之间`;
  }
  return null;
}

export function formatCaseNumber(parts: CaseNumberParts): string {
  const error = caseNumberPartsError(parts);
  if (error) throw new RangeError(error);
  return `${parts.countyCode}-${parts.year}-${String(parts.sequence).padStart(6, '0')}`;
}

/** The parts of a well-formed case number, or null. */
export function parseCaseNumber(s: string): CaseNumberParts | null {
  const m = CASE_NUMBER_PATTERN.exec(s);
  if (!m) return null;
  const parts = { countyCode: m[1] ?? '', year: Number(m[2]), sequence: Number(m[3]) };
  return caseNumberPartsError(parts) === null ? parts : null;
}

export function isCaseNumber(s: string): boolean {
  return parseCaseNumber(s) !== null;
}
