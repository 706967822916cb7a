/**
 * Periods of the statistics: a range of local calendar days (YYYY-MM-DD, `to` inclusive) split into
 * the rollup cells that cover it exactly — whole years, then whole months, then single days.
 */

export interface PeriodCells {
  years: string[];
  months: string[];
  days: string[];
}

const DAY_MS = 86_400_000;

function parse(d: string): number {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, day);
}
function fmt(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
function addMonths(t: number, n: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
}

export function isIsoDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  return fmt(parse(d)) === d;
}

/** Splits [from, to] into year, month and day cells (disjoint, covering every day once). */
export function periodCells(from: string, to: string): PeriodCells {
  const out: PeriodCells = { years: [], months: [], days: [] };
  let t = parse(from);
  const end = parse(to) + DAY_MS; // exclusive
  while (t < end) {
    const d = new Date(t);
    const isYearStart = d.getUTCMonth() === 0 && d.getUTCDate() === 1;
    const isMonthStart = d.getUTCDate() === 1;
    if (isYearStart && Date.UTC(d.getUTCFullYear() + 1, 0, 1) <= end) {
      out.years.push(fmt(t));
      t = Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    } else if (isMonthStart && addMonths(t, 1) <= end) {
      out.months.push(fmt(t));
      t = addMonths(t, 1);
    } else {
      out.days.push(fmt(t));
      t += DAY_MS;
    }
  }
  return out;
}

export type PeriodKind = 'year' | 'quarter' | 'month' | 'day' | 'custom';

/** The range of a named period: 2024, 2024-Q2, 2024-05, 2024-05-03. */
export function periodRange(kind: Exclude<PeriodKind, 'custom'>, value: string): { from: string; to: string } | null {
  const last = (y: number, m: number) => fmt(Date.UTC(y, m, 1) - DAY_MS); // m: 1-based month → its last day
  if (kind === 'year' && /^\d{4}$/.test(value)) return { from: `${value}-01-01`, to: `${value}-12-31` };
  const q = /^(\d{4})-Q([1-4])$/.exec(value);
  if (kind === 'quarter' && q) {
    const y = Number(q[1]);
    const m0 = (Number(q[2]) - 1) * 3 + 1;
    return { from: `${q[1]}-${String(m0).padStart(2, '0')}-01`, to: last(y, m0 + 2) };
  }
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (kind === 'month' && m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { from: `${value}-01`, to: last(Number(m[1]), Number(m[2])) };
  if (kind === 'day' && isIsoDate(value)) return { from: value, to: value };
  return null;
}

/** Month starts of [from, to] (for a monthly trend). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let t = parse(from.slice(0, 7) + '-01');
  const end = parse(to);
  while (t <= end) {
    out.push(fmt(t));
    t = addMonths(t, 1);
  }
  return out;
}
