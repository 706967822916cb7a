/**
 * Performance evaluation (履职评价, R-DUTY-9): configurable items with weights, each scored
 * 0..maxScore; a weighted total on a 0–100 scale; raters in a fixed order (self → group → town →
 * deputy affairs office); grade bands. Pure.
 */

export interface PerformanceItem {
  code: string;
  label: string;
  /** Relative weight (≥ 0); weights need not add up to 100. */
  weight: number;
  /** Highest score for the item; scores run 0..maxScore. */
  maxScore: number;
}

export const DEFAULT_PERFORMANCE_ITEMS: readonly PerformanceItem[] = [
  { code: 'session_attendance', label: '出席人代会会议', weight: 15, maxScore: 100 },
  { code: 'deliberation_speeches', label: '审议发言', weight: 10, maxScore: 100 },
  { code: 'suggestions', label: '提出建议', weight: 15, maxScore: 100 },
  { code: 'other_meetings_activities', label: '参加其他会议和活动', weight: 10, maxScore: 100 },
  { code: 'station_grid_duty', label: '进站入网格履职', weight: 20, maxScore: 100 },
  { code: 'surveys_inspections', label: '参加调研、视察、执法检查', weight: 10, maxScore: 100 },
  { code: 'group_activities', label: '代表小组活动', weight: 10, maxScore: 100 },
  { code: 'constituent_contact', label: '联系群众', weight: 10, maxScore: 100 },
];

export const PERFORMANCE_GRADES = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
export type PerformanceGrade = (typeof PERFORMANCE_GRADES)[number];

export const PERFORMANCE_GRADE_LABELS: Record<PerformanceGrade, string> = {
  excellent: '优秀',
  competent: '称职',
  basically_competent: '基本称职',
  incompetent: '不称职',
};

/** A grade applies from `minTotal` (inclusive, on the 0–100 scale) up to the next band. */
export interface PerformanceGradeBand {
  grade: PerformanceGrade;
  minTotal: number;
}

export const DEFAULT_PERFORMANCE_GRADE_BANDS: readonly PerformanceGradeBand[] = [
  { grade: 'excellent', minTotal: 90 },
  { grade: 'competent', minTotal: 75 },
  { grade: 'basically_competent', minTotal: 60 },
  { grade: 'incompetent', minTotal: 0 },
];

export const RATER_STAGES = ['self', 'group', 'town', 'deputy_affairs_office'] as const;
export type RaterStage = (typeof RATER_STAGES)[number];

export const RATER_STAGE_LABELS: Record<RaterStage, string> = {
  self: '代表自评',
  group: '代表小组评议',
  town: '乡镇（街道）人大评议',
  deputy_affairs_office: '代表工委审定',
};

export interface PerformanceScheme {
  items: readonly PerformanceItem[];
  grades: readonly PerformanceGradeBand[];
  /** The raters, in order; a subsequence of RATER_STAGES (default: all four). */
  raterOrder: readonly RaterStage[];
}

export const DEFAULT_PERFORMANCE_SCHEME: PerformanceScheme = {
  items: DEFAULT_PERFORMANCE_ITEMS,
  grades: DEFAULT_PERFORMANCE_GRADE_BANDS,
  raterOrder: RATER_STAGES,
};

export type PerformanceScores = Record<string, number>;

export interface PerformanceRating {
  stage: RaterStage;
  raterId: string;
  scores: PerformanceScores;
  comment?: string;
}

/** Problems with a scheme, in Chinese; empty when it is usable. */
export function validatePerformanceScheme(scheme: PerformanceScheme): string[] {
  const errors: string[] = [];
  if (scheme.items.length === 0) errors.push('至少需要一个评价项目');
  const codes = new Set<string>();
  for (const item of scheme.items) {
    if (codes.has(item.code)) errors.push(`评价项目编码重复：${item.code}`);
    codes.add(item.code);
    if (!(item.weight >= 0) || !Number.isFinite(item.weight)) errors.push(`权重应为非负数：${item.label}`);
    if (!(item.maxScore > 0) || !Number.isFinite(item.maxScore)) errors.push(`满分应为正数：${item.label}`);
  }
  if (scheme.items.length > 0 && !(scheme.items.reduce((s, i) => s + i.weight, 0) > 0)) {
    errors.push('权重之和应大于0');
  }
  const grades = new Set<PerformanceGrade>();
  for (const band of scheme.grades) {
    if (grades.has(band.grade)) errors.push(`等次重复：${PERFORMANCE_GRADE_LABELS[band.grade]}`);
    grades.add(band.grade);
    if (!(band.minTotal >= 0 && band.minTotal <= 100)) {
      errors.push(`等次分数线应在0至100之间：${PERFORMANCE_GRADE_LABELS[band.grade]}`);
    }
  }
  if (!scheme.grades.some((b) => b.minTotal === 0)) errors.push('最低等次的分数线应为0');
  if (scheme.raterOrder.length === 0) errors.push('至少需要一个评议环节');
  let last = -1;
  for (const stage of scheme.raterOrder) {
    const i = RATER_STAGES.indexOf(stage);
    if (i <= last) {
      errors.push('评议环节应按 自评→代表小组→乡镇→代表工委 的顺序且不重复');
      break;
    }
    last = i;
  }
  return errors;
}

/** Problems with one rater's scores, in Chinese; empty when every item has a score in range. */
export function validatePerformanceScores(scores: PerformanceScores, items: readonly PerformanceItem[]): string[] {
  const errors: string[] = [];
  const known = new Set(items.map((i) => i.code));
  for (const code of Object.keys(scores)) {
    if (!known.has(code)) errors.push(`未知的评价项目：${code}`);
  }
  for (const item of items) {
    const v = scores[item.code];
    if (v === undefined) errors.push(`缺少评分：${item.label}`);
    else if (!Number.isFinite(v) || v < 0 || v > item.maxScore) {
      errors.push(`${item.label}的评分应在0至${item.maxScore}之间`);
    }
  }
  return errors;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The weighted total on a 0–100 scale: Σ weight × score / maxScore, divided by Σ weight, × 100,
 * rounded to two decimals. Throws on invalid scores.
 */
export function performanceTotal(
  scores: PerformanceScores,
  items: readonly PerformanceItem[] = DEFAULT_PERFORMANCE_ITEMS,
): number {
  const errors = validatePerformanceScores(scores, items);
  if (errors.length > 0) throw new RangeError(errors.join('；'));
  let sum = 0;
  let weights = 0;
  for (const item of items) {
    sum += (item.weight * (scores[item.code] ?? 0)) / item.maxScore;
    weights += item.weight;
  }
  if (!(weights > 0)) throw new RangeError('权重之和应大于0');
  return round2((sum / weights) * 100);
}

/** The grade for a total: the band with the highest `minTotal` not above it. */
export function performanceGradeOf(
  total: number,
  bands: readonly PerformanceGradeBand[] = DEFAULT_PERFORMANCE_GRADE_BANDS,
): PerformanceGrade {
  const sorted = [...bands].sort((a, b) => b.minTotal - a.minTotal);
  for (const band of sorted) {
    if (total >= band.minTotal) return band.grade;
  }
  const lowest = sorted[sorted.length - 1];
  if (!lowest) throw new RangeError('未配置评价等次');
  return lowest.grade;
}

/** Who rates next: the first stage in order that has not rated; null when all have. */
export function nextRaterStage(
  ratings: readonly Pick<PerformanceRating, 'stage'>[],
  raterOrder: readonly RaterStage[] = RATER_STAGES,
): RaterStage | null {
  return raterOrder.find((stage) => !ratings.some((r) => r.stage === stage)) ?? null;
}

export type SubmitPerformanceRatingResult = { ok: true; ratings: PerformanceRating[] } | { ok: false; error: string };

/**
 * Adds one rating if it is the next stage's turn and its scores are valid; otherwise refuses with
 * a Chinese message. The existing ratings must themselves be in order.
 */
export function submitPerformanceRating(
  ratings: readonly PerformanceRating[],
  rating: PerformanceRating,
  scheme: PerformanceScheme = DEFAULT_PERFORMANCE_SCHEME,
): SubmitPerformanceRatingResult {
  for (let i = 0; i < ratings.length; i++) {
    if (ratings[i]?.stage !== scheme.raterOrder[i]) return { ok: false, error: '已有评议记录的顺序不正确' };
  }
  const expected = nextRaterStage(ratings, scheme.raterOrder);
  if (expected === null) return { ok: false, error: '评议已全部完成' };
  if (rating.stage !== expected) {
    if (ratings.some((r) => r.stage === rating.stage)) {
      return { ok: false, error: `${RATER_STAGE_LABELS[rating.stage]}已完成，不能重复评议` };
    }
    if (!scheme.raterOrder.includes(rating.stage)) {
      return { ok: false, error: `本评价方案不包含${RATER_STAGE_LABELS[rating.stage]}` };
    }
    return { ok: false, error: `应先进行${RATER_STAGE_LABELS[expected]}` };
  }
  const errors = validatePerformanceScores(rating.scores, scheme.items);
  if (errors.length > 0) return { ok: false, error: errors.join('；') };
  return { ok: true, ratings: [...ratings, rating] };
}

export interface PerformanceResult {
  /** The last stage's total: the office's decision overrides earlier ratings. */
  total: number;
  grade: PerformanceGrade;
  gradeLabel: string;
  totalsByStage: Partial<Record<RaterStage, number>>;
}

/** The final result once every stage has rated; null while rating is still under way. */
export function performanceResult(
  ratings: readonly PerformanceRating[],
  scheme: PerformanceScheme = DEFAULT_PERFORMANCE_SCHEME,
): PerformanceResult | null {
  if (nextRaterStage(ratings, scheme.raterOrder) !== null) return null;
  const totalsByStage: Partial<Record<RaterStage, number>> = {};
  for (const r of ratings) totalsByStage[r.stage] = performanceTotal(r.scores, scheme.items);
  const finalStage = scheme.raterOrder[scheme.raterOrder.length - 1];
  const total = finalStage === undefined ? undefined : totalsByStage[finalStage];
  if (total === undefined) return null;
  const grade = performanceGradeOf(total, scheme.grades);
  return { total, grade, gradeLabel: PERFORMANCE_GRADE_LABELS[grade], totalsByStage };
}
