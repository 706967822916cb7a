import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRICS, METRIC_BY_CODE, METRIC_CODES, formatMetricValue, formatMoneyForText, formatYuan, satisfactionRate, suggestionSatisfactionRate, type MetricDefinition } from './metrics.js';
import { monthsBetween, periodCells, periodRange } from './periods.js';
import { fairRanking, wilson } from './ranking.js';
import { periodLabelOf, reportParagraphs, type Figures } from './report.js';

const DAY = 86_400_000;
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};
const expand = (c: ReturnType<typeof periodCells>) => [
  ...c.years.flatMap((y) => days(y, `${y.slice(0, 4)}-12-31`)),
  ...c.months.flatMap((m) => days(m, new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10))),
  ...c.days,
];

describe('R-STAT-1 periods: a range splits into year, month and day cells covering each day once', () => {
  it.each([
    ['2024-01-01', '2024-12-31', { years: ['2024-01-01'], months: [], days: [] }],
    ['2024-04-01', '2024-06-30', { years: [], months: ['2024-04-01', '2024-05-01', '2024-06-01'], days: [] }],
    ['2024-02-28', '2024-03-01', { years: [], months: [], days: ['2024-02-28', '2024-02-29', '2024-03-01'] }],
    ['2023-12-31', '2025-01-01', { years: ['2024-01-01'], months: [], days: ['2023-12-31', '2025-01-01'] }],
  ])('%s … %s', (from, to, cells) => {
    expect(periodCells(from, to)).toEqual(cells);
  });
  it('covers every day of any range exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 800 }), (start, len) => {
        const from = new Date(Date.UTC(2022, 0, 1) + start * DAY).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2022, 0, 1) + (start + len) * DAY).toISOString().slice(0, 10);
        expect(expand(periodCells(from, to)).sort()).toEqual(days(from, to));
      }),
    );
  });
  it('names periods: year, quarter, month, day; refuses nonsense', () => {
    expect(periodRange('year', '2024')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodRange('quarter', '2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodRange('month', '2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange('day', '2024-02-30')).toBeNull();
    expect(periodRange('month', '2024-13')).toBeNull();
    expect(monthsBetween('2024-11-15', '2025-02-01')).toEqual(['2024-11-01', '2024-12-01', '2025-01-01', '2025-02-01']);
    expect(periodLabelOf('2024-01-01', '2024-12-31')).toBe('2024年');
    expect(periodLabelOf('2024-04-01', '2024-06-30')).toBe('2024年第二季度');
    expect(periodLabelOf('2024-05-01', '2024-05-31')).toBe('2024年5月');
    expect(periodLabelOf('2024-03-01', '2024-06-15')).toBe('2024年3月1日至2024年6月15日');
  });
});

describe('R-STAT-1 fair rankings: Wilson interval, hidden below the minimum sample', () => {
  it('Wilson interval of known values', () => {
    const w = wilson(8, 10)!;
    expect(w.rate).toBe(0.8);
    expect(w.low).toBeCloseTo(0.4902, 3);
    expect(w.high).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(3, 2)).toBeNull();
    expect(wilson(0, 5)!.low).toBe(0);
    expect(wilson(5, 5)!.high).toBe(1);
  });
  it('the interval always holds the rate and narrows with volume', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p) => {
        const k = Math.round(n * p);
        const w = wilson(k, n)!;
        expect(w.low).toBeLessThanOrEqual(w.rate + 1e-12);
        expect(w.high).toBeGreaterThanOrEqual(w.rate - 1e-12);
        const w10 = wilson(k * 10, n * 10)!;
        expect(w10.high - w10.low).toBeLessThan(w.high - w.low + 1e-12);
      }),
    );
  });
  it('a unit with 2 cases is neither best nor worst; big volume at 90% beats a lucky 10/10', () => {
    const rows = fairRanking(
      [
        { key: 'tiny', label: '小单位', successes: 0, trials: 2 },
        { key: 'lucky', label: '十件全按期', successes: 10, trials: 10 },
        { key: 'big', label: '大单位', successes: 900, trials: 1000 },
        { key: 'poor', label: '较差单位', successes: 30, trials: 60 },
      ],
      10,
    );
    expect(rows.map((r) => [r.key, r.rank, r.hidden])).toEqual([
      ['big', 1, false],
      ['lucky', 2, false],
      ['poor', 3, false],
      ['tiny', null, true],
    ]);
    expect(rows[3]!.interval).toBeNull();
  });
  it('equal figures share a rank', () => {
    const rows = fairRanking([
      { key: 'a', label: 'A', successes: 5, trials: 10 },
      { key: 'b', label: 'B', successes: 5, trials: 10 },
      { key: 'c', label: 'C', successes: 1, trials: 10 },
    ]);
    expect(rows.map((r) => r.rank)).toEqual([1, 1, 3]);
  });
});

describe('R-STAT-1 catalogue and report text', () => {
  it('every metric is defined with a counting date and the total dimension', () => {
    expect(new Set(METRIC_CODES).size).toBe(METRICS.length);
    for (const m of METRICS) {
      expect(m.definition.length).toBeGreaterThan(4);
      expect(m.countedOn).toMatch(/时间|日期/);
      expect(m.dimensions).toContain('total');
    }
  });
  it('satisfaction leaves not-rated out of the denominator', () => {
    expect(satisfactionRate({ closed_satisfied: 6, closed_basically_satisfied: 2, closed_dissatisfied: 2 })).toBe(0.8);
    expect(satisfactionRate({ closed_satisfied: 0, closed_basically_satisfied: 0, closed_dissatisfied: 0 })).toBeNull();
  });
  it('reads like seed 003', () => {
    const f = Object.fromEntries(METRIC_CODES.map((c) => [c, 0])) as Figures;
    Object.assign(f, { deputy_person_times: 667, activities_held: 134, constituents_received: 712, concerns_collected: 398, concerns_handled: 378 });
    const [first] = reportParagraphs({ regionName: '会城街道', periodLabel: '2024年', figures: f });
    expect(first).toBe('2024年，会城街道共组织各级人大代表667人次开展“进站入网格”履职活动134次，接待（联系）群众712人次，共收集群众意见398条，当年办理378条。');
  });
  const zero = () => Object.fromEntries(METRIC_CODES.map((c) => [c, 0])) as Figures;
  it.each([
    [{ suggestions_formed: 8, suggestions_closed: 8 }, '，形成并办结的代表建议8条。'],
    [{ suggestions_formed: 9, suggestions_closed: 7 }, '，形成代表建议9条、办结7条。'],
    [{ suggestions_formed: 0, suggestions_closed: 2 }, '，形成代表建议0条、办结2条。'],
    [{}, '当年办理0条。'],
  ])('seed 003: suggestions in the first sentence %o', (figures, ending) => {
    const [first] = reportParagraphs({ regionName: '会城街道', periodLabel: '2024年', figures: { ...zero(), ...figures } });
    expect(first!.slice(-ending.length)).toBe(ending);
  });
  it('suggestions, micro-projects and voted projects get their own sentences only when there are some', () => {
    const f = { ...zero(), suggestions_replied: 5, suggestions_replied_a: 3, suggestions_replied_b: 1, suggestions_replied_c: 1, suggestions_closed: 4,
      suggestions_closed_satisfied: 2, suggestions_closed_basically_satisfied: 1, suggestions_closed_dissatisfied: 1, suggestions_closed_no_opinion: 0,
      micro_projects_approved: 3, micro_projects_money: 18_000_000 + 1_234_567, micro_projects_finished: 1,
      livelihood_projects_approved: 10, livelihood_projects_money: 1_216_700_000_000, livelihood_projects_finished: 0 };
    const ps = reportParagraphs({ regionName: '江门市', periodLabel: '2024年', figures: f });
    expect(ps).toContain('代表建议答复5条，其中A类（已解决或基本解决）3条、B类（正在解决）1条、C类（列入计划逐步解决）1条、D类（留作参考）0条；办结4条，代表对办理结果表态4条，满意率75.0%。');
    expect(ps).toContain('民生微实事立项3件，安排资金19.23万元，完工1件；人大代表票决产生民生实事项目10件，安排资金121.67亿元，完工0件。');
    expect(reportParagraphs({ regionName: '江门市', periodLabel: '2024年', figures: zero() })).toHaveLength(3);
  });
  it('suggestion satisfaction leaves "no opinion" out of the denominator', () => {
    expect(suggestionSatisfactionRate({ suggestions_closed_satisfied: 2, suggestions_closed_basically_satisfied: 1, suggestions_closed_dissatisfied: 1 })).toBe(0.75);
    expect(suggestionSatisfactionRate({ suggestions_closed_satisfied: 0, suggestions_closed_basically_satisfied: 0, suggestions_closed_dissatisfied: 0 })).toBeNull();
  });
  it.each([
    [0, '0.00', '0万元'],
    [1, '0.01', '0万元'],
    [18_000_000, '180,000.00', '18万元'],
    [12_500_000, '125,000.00', '12.5万元'],
    [1_234_567, '12,345.67', '1.23万元'],
    [1_216_700_000_000, '12,167,000,000.00', '121.67亿元'],
    [-250, '-2.50', '0万元'],
  ])('money: %d fen is %s yuan, %s', (fen, yuan, wan) => {
    expect(formatYuan(fen)).toBe(yuan);
    expect(formatMoneyForText(fen)).toBe(wan);
  });
  it('money metrics are shown in yuan, counts as they are', () => {
    expect(METRIC_BY_CODE.micro_projects_money.valueIn).toBe('fen');
    expect(formatMetricValue('micro_projects_money', 18_000_000)).toBe('180,000.00');
    expect(formatMetricValue('micro_projects_approved', 3)).toBe('3');
    expect((METRICS as readonly MetricDefinition[]).filter((m) => m.valueIn === 'fen').map((m) => m.code)).toEqual(['micro_projects_money', 'livelihood_projects_money']);
  });
});
