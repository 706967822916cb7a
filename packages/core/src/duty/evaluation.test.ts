import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PERFORMANCE_ITEMS,
  DEFAULT_PERFORMANCE_SCHEME,
  PERFORMANCE_GRADE_LABELS,
  RATER_STAGES,
  performanceResult,
  performanceGradeOf,
  nextRaterStage,
  submitPerformanceRating,
  validatePerformanceScheme,
  performanceTotal,
  type PerformanceItem,
  type PerformanceScheme,
  type PerformanceGrade,
  type PerformanceGradeBand,
  type PerformanceRating,
  type RaterStage,
  type PerformanceScores,
} from './evaluation.js';

function uniform(score: number, items: readonly PerformanceItem[] = DEFAULT_PERFORMANCE_ITEMS): PerformanceScores {
  return Object.fromEntries(items.map((i) => [i.code, score]));
}

describe('R-DUTY-9 evaluation items and weights', () => {
  it('has the eight default items, weights adding up to 100', () => {
    expect(DEFAULT_PERFORMANCE_ITEMS.map((i) => i.code)).toEqual([
      'session_attendance',
      'deliberation_speeches',
      'suggestions',
      'other_meetings_activities',
      'station_grid_duty',
      'surveys_inspections',
      'group_activities',
      'constituent_contact',
    ]);
    expect(DEFAULT_PERFORMANCE_ITEMS.reduce((s, i) => s + i.weight, 0)).toBe(100);
    expect(validatePerformanceScheme(DEFAULT_PERFORMANCE_SCHEME)).toEqual([]);
  });

  const custom: PerformanceItem[] = [
    { code: 'a', label: '甲', weight: 3, maxScore: 10 },
    { code: 'b', label: '乙', weight: 1, maxScore: 5 },
  ];
  const rows: [name: string, scores: PerformanceScores, items: readonly PerformanceItem[], total: number][] = [
    ['all full marks', uniform(100), DEFAULT_PERFORMANCE_ITEMS, 100],
    ['all zero', uniform(0), DEFAULT_PERFORMANCE_ITEMS, 0],
    ['all 80', uniform(80), DEFAULT_PERFORMANCE_ITEMS, 80],
    ['only station/grid duty (weight 20)', { ...uniform(0), station_grid_duty: 100 }, DEFAULT_PERFORMANCE_ITEMS, 20],
    [
      'only session attendance half (weight 15)',
      { ...uniform(0), session_attendance: 50 },
      DEFAULT_PERFORMANCE_ITEMS,
      7.5,
    ],
    [
      'mixed',
      {
        session_attendance: 100, // 15
        deliberation_speeches: 60, // 6
        suggestions: 80, // 12
        other_meetings_activities: 90, // 9
        station_grid_duty: 95, // 19
        surveys_inspections: 70, // 7
        group_activities: 100, // 10
        constituent_contact: 85, // 8.5
      },
      DEFAULT_PERFORMANCE_ITEMS,
      86.5,
    ],
    ['weights not adding to 100, different maxima', { a: 5, b: 5 }, custom, 62.5],
    ['rounded to two decimals', { a: 1, b: 0 }, custom, 7.5],
    [
      'thirds',
      { a: 0, b: 5 },
      [...custom.slice(0, 1).map((i) => ({ ...i, weight: 2 })), custom[1] as PerformanceItem],
      33.33,
    ],
  ];
  it.each(rows)('%s → %d', (_name, scores, items, total) => {
    expect(performanceTotal(scores, items)).toBe(total);
  });

  it.each([
    ['a score above the maximum', { ...uniform(100), suggestions: 101 }, /提出建议的评分应在0至100之间/],
    ['a negative score', { ...uniform(100), suggestions: -1 }, /提出建议的评分应在0至100之间/],
    ['a missing item', (({ suggestions: _, ...rest }) => rest)(uniform(100)), /缺少评分：提出建议/],
    ['an unknown item', { ...uniform(100), bonus: 5 }, /未知的评价项目：bonus/],
  ] as [string, PerformanceScores, RegExp][])('refuses %s', (_name, scores, message) => {
    expect(() => performanceTotal(scores)).toThrow(message);
  });
});

describe('R-DUTY-9 grade bands', () => {
  const rows: [total: number, grade: PerformanceGrade][] = [
    [100, 'excellent'],
    [90, 'excellent'],
    [89.99, 'competent'],
    [75, 'competent'],
    [74.99, 'basically_competent'],
    [60, 'basically_competent'],
    [59.99, 'incompetent'],
    [0, 'incompetent'],
  ];
  it.each(rows)('default bands: %d → %s', (total, grade) => {
    expect(performanceGradeOf(total)).toBe(grade);
  });

  const custom: PerformanceGradeBand[] = [
    { grade: 'incompetent', minTotal: 0 },
    { grade: 'excellent', minTotal: 85 },
    { grade: 'competent', minTotal: 60 },
  ];
  it.each([
    [85, 'excellent'],
    [84.9, 'competent'],
    [59, 'incompetent'],
  ] as [number, PerformanceGrade][])('configured bands (any order, three grades): %d → %s', (total, grade) => {
    expect(performanceGradeOf(total, custom)).toBe(grade);
  });

  it('labels the grades in Chinese', () => {
    expect(Object.values(PERFORMANCE_GRADE_LABELS)).toEqual(['优秀', '称职', '基本称职', '不称职']);
  });
});

describe('R-DUTY-9 raters in order: self → group → town → deputy affairs office', () => {
  const rating = (stage: RaterStage, score = 80): PerformanceRating => ({
    stage,
    raterId: `${stage}-1`,
    scores: uniform(score),
  });

  it.each([
    [[], 'self'],
    [['self'], 'group'],
    [['self', 'group'], 'town'],
    [['self', 'group', 'town'], 'deputy_affairs_office'],
    [['self', 'group', 'town', 'deputy_affairs_office'], null],
  ] as [RaterStage[], RaterStage | null][])('after %j the next is %s', (done, next) => {
    expect(nextRaterStage(done.map((stage) => ({ stage })))).toBe(next);
  });

  const refusals: [name: string, done: RaterStage[], stage: RaterStage, error: string][] = [
    ['group before self', [], 'group', '应先进行代表自评'],
    ['office before self', [], 'deputy_affairs_office', '应先进行代表自评'],
    ['town before group', ['self'], 'town', '应先进行代表小组评议'],
    ['office skipping town', ['self', 'group'], 'deputy_affairs_office', '应先进行乡镇（街道）人大评议'],
    ['self twice', ['self'], 'self', '代表自评已完成，不能重复评议'],
    ['after all four', ['self', 'group', 'town', 'deputy_affairs_office'], 'self', '评议已全部完成'],
  ];
  it.each(refusals)('refuses %s', (_name, done, stage, error) => {
    expect(
      submitPerformanceRating(
        done.map((s) => rating(s)),
        rating(stage),
      ),
    ).toEqual({ ok: false, error });
  });

  it('refuses invalid scores even in turn', () => {
    const r = submitPerformanceRating([], {
      stage: 'self',
      raterId: 'd1',
      scores: { ...uniform(80), suggestions: 120 },
    });
    expect(r).toEqual({ ok: false, error: '提出建议的评分应在0至100之间' });
  });

  it('refuses when the existing ratings are out of order', () => {
    expect(submitPerformanceRating([rating('group')], rating('town'))).toEqual({
      ok: false,
      error: '已有评议记录的顺序不正确',
    });
  });

  it("accepts the four stages in order; the office's total decides the grade", () => {
    let ratings: PerformanceRating[] = [];
    const scores: [RaterStage, number][] = [
      ['self', 95],
      ['group', 88],
      ['town', 86],
      ['deputy_affairs_office', 91],
    ];
    for (const [stage, score] of scores) {
      expect(performanceResult(ratings)).toBeNull();
      const r = submitPerformanceRating(ratings, rating(stage, score));
      if (!r.ok) throw new Error(r.error);
      ratings = r.ratings;
    }
    expect(ratings.map((r) => r.stage)).toEqual([...RATER_STAGES]);
    expect(performanceResult(ratings)).toEqual({
      total: 91,
      grade: 'excellent',
      gradeLabel: '优秀',
      totalsByStage: { self: 95, group: 88, town: 86, deputy_affairs_office: 91 },
    });
  });

  it('a scheme may leave stages out, keeping the order', () => {
    const scheme: PerformanceScheme = { ...DEFAULT_PERFORMANCE_SCHEME, raterOrder: ['self', 'deputy_affairs_office'] };
    expect(submitPerformanceRating([rating('self')], rating('town'), scheme)).toEqual({
      ok: false,
      error: '本评价方案不包含乡镇（街道）人大评议',
    });
    const r = submitPerformanceRating([rating('self')], rating('deputy_affairs_office', 70), scheme);
    expect(r.ok).toBe(true);
    if (r.ok) expect(performanceResult(r.ratings, scheme)?.grade).toBe('basically_competent');
  });
});

describe('R-DUTY-9 scheme validation', () => {
  const rows: [name: string, scheme: PerformanceScheme, errors: string[]][] = [
    [
      'duplicate item code',
      {
        ...DEFAULT_PERFORMANCE_SCHEME,
        items: [...DEFAULT_PERFORMANCE_ITEMS, { code: 'suggestions', label: '重复', weight: 1, maxScore: 10 }],
      },
      ['评价项目编码重复：suggestions'],
    ],
    [
      'all weights zero',
      { ...DEFAULT_PERFORMANCE_SCHEME, items: [{ code: 'a', label: '甲', weight: 0, maxScore: 10 }] },
      ['权重之和应大于0'],
    ],
    [
      'no band from 0',
      { ...DEFAULT_PERFORMANCE_SCHEME, grades: [{ grade: 'excellent', minTotal: 90 }] },
      ['最低等次的分数线应为0'],
    ],
    [
      'raters out of order',
      { ...DEFAULT_PERFORMANCE_SCHEME, raterOrder: ['group', 'self'] },
      ['评议环节应按 自评→代表小组→乡镇→代表工委 的顺序且不重复'],
    ],
  ];
  it.each(rows)('%s', (_name, scheme, errors) => {
    expect(validatePerformanceScheme(scheme)).toEqual(errors);
  });
});
