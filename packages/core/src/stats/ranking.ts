/**
 * Fair rankings (R-STAT-1): a rate (e.g. closed on time / closed) with its Wilson score interval,
 * hidden below a minimum sample, ranked by the interval's lower bound so a unit with 2 cases is
 * never "best" or "worst" on luck.
 */

export interface WilsonInterval {
  rate: number;
  low: number;
  high: number;
}

/** Wilson score interval for k successes in n trials (z = 1.96 ≈ 95%). */
export function wilson(k: number, n: number, z = 1.96): WilsonInterval | null {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n <= 0 || k < 0 || k > n) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface RankInput {
  key: string;
  label: string;
  successes: number;
  trials: number;
}

export interface RankRow extends RankInput {
  rank: number | null;
  interval: WilsonInterval | null;
  /** Below the minimum sample: shown with its counts but not ranked. */
  hidden: boolean;
}

export const DEFAULT_MIN_SAMPLE = 10;

/**
 * Ranks by the lower bound of the interval (then rate, then volume, then key): ties share a rank.
 * Rows with fewer than `minSample` trials are returned last, unranked.
 */
export function fairRanking(rows: readonly RankInput[], minSample = DEFAULT_MIN_SAMPLE): RankRow[] {
  const ranked = rows
    .filter((r) => r.trials >= minSample && r.trials > 0)
    .map((r) => ({ ...r, interval: wilson(r.successes, r.trials), hidden: false, rank: null as number | null }))
    .sort((a, b) => b.interval!.low - a.interval!.low || b.interval!.rate - a.interval!.rate || b.trials - a.trials || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let prev: RankRow | null = null;
  ranked.forEach((r, i) => {
    r.rank = prev && prev.interval!.low === r.interval!.low && prev.interval!.rate === r.interval!.rate ? prev.rank : i + 1;
    prev = r;
  });
  const hidden = rows
    .filter((r) => !(r.trials >= minSample && r.trials > 0))
    .map((r) => ({ ...r, interval: null, hidden: true, rank: null }))
    .sort((a, b) => b.trials - a.trials || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return [...ranked, ...hidden];
}
