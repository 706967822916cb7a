/**
 * The metric catalogue (R-STAT-1): one entry per figure, the same definitions as docs/metrics.md
 * and the triggers of migration 0012. Each concern counts at most once per metric ("the first
 * time"), on the local calendar day (Asia/Shanghai) of the event named in `countedOn`.
 * A suggestion / micro-project / vote metric is one more entry (source 'suggestions' …) with its
 * delta rows written by that module's trigger; nothing else changes.
 */

export const STATS_DIMENSIONS = ['total', 'child', 'category', 'channel', 'station', 'grid', 'deputy', 'deputy_level', 'unit', 'campaign'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

export const STATS_DIMENSION_LABELS: Record<StatsDimension, string> = {
  total: '合计',
  child: '下级区划',
  category: '类别',
  channel: '渠道',
  station: '联络站',
  grid: '网格',
  deputy: '代表',
  deputy_level: '代表层级',
  unit: '承办单位',
  campaign: '主题活动',
};

export type MetricSource = 'concerns' | 'activities' | 'participants' | 'suggestions' | 'projects';

export interface MetricDefinition {
  code: string;
  label: string;
  unit: '条' | '次' | '人次' | '人' | '件' | '元';
  source: MetricSource;
  /** The event whose local day decides the period a record counts in. */
  countedOn: string;
  definition: string;
  dimensions: readonly StatsDimension[];
  /** The records behind the figure: the drill-down list. */
  drillDown: 'concerns' | 'activities' | 'participants' | 'suggestions' | 'projects';
  /** Money is counted in whole fen (分) and shown in yuan (元). */
  valueIn?: 'fen';
}

const CONCERN_DIMS: readonly StatsDimension[] = ['total', 'child', 'category', 'channel', 'station', 'grid', 'deputy', 'deputy_level', 'unit', 'campaign'];
const ACTIVITY_DIMS: readonly StatsDimension[] = ['total', 'child', 'station', 'grid', 'campaign'];
const PARTICIPANT_DIMS: readonly StatsDimension[] = ['total', 'child', 'station', 'grid', 'deputy', 'deputy_level', 'campaign'];

const SUGGESTION_DIMS: readonly StatsDimension[] = ['total', 'child', 'category', 'deputy', 'deputy_level', 'unit'];
const PROJECT_DIMS: readonly StatsDimension[] = ['total', 'child', 'deputy', 'deputy_level', 'unit'];

const concern = <C extends string>(code: C, label: string, countedOn: string, definition: string): MetricDefinition & { code: C } => ({
  code, label, unit: '条', source: 'concerns', countedOn, definition, dimensions: CONCERN_DIMS, drillDown: 'concerns',
});

const suggestion = <C extends string>(code: C, label: string, countedOn: string, definition: string): MetricDefinition & { code: C } => ({
  code, label, unit: '条', source: 'suggestions', countedOn, definition, dimensions: SUGGESTION_DIMS, drillDown: 'suggestions',
});

const project = <C extends string>(code: C, label: string, unit: '件' | '元', countedOn: string, definition: string): MetricDefinition & { code: C } => ({
  code, label, unit, source: 'projects', countedOn, definition, dimensions: PROJECT_DIMS, drillDown: 'projects',
  ...(unit === '元' ? { valueIn: 'fen' as const } : {}),
});

export const METRICS = [
  {
    code: 'activities_held', label: '履职活动', unit: '次', source: 'activities', countedOn: '活动开始时间',
    definition: '登记的代表履职活动（进站、入网格及其他地点），每项活动计1次', dimensions: ACTIVITY_DIMS, drillDown: 'activities',
  },
  {
    code: 'deputy_person_times', label: '代表参加人次', unit: '人次', source: 'participants', countedOn: '活动开始时间',
    definition: '每位代表参加一项活动计1人次', dimensions: PARTICIPANT_DIMS, drillDown: 'participants',
  },
  {
    code: 'constituents_received', label: '接待群众', unit: '人次', source: 'activities', countedOn: '活动开始时间',
    definition: '活动登记的接待（联系）群众人数之和', dimensions: ACTIVITY_DIMS, drillDown: 'activities',
  },
  concern('concerns_collected', '收集群众意见', '登记时间', '登记的群众意见（含后来被合并的）'),
  concern('concerns_dispatched', '交办', '首次交办时间', '首次交办给承办单位的群众意见'),
  concern('concerns_handled', '办理', '首次办理时间', '首次得到办理的群众意见：现场办结、承办单位答复或主件答复转达'),
  concern('concerns_handled_late', '逾期办理', '首次办理时间', '首次办理是承办单位在办理期限之后作出的答复'),
  concern('concerns_closed', '办结', '首次办结时间', '首次办结的群众意见：现场办结、评价后办结或按未评价办结'),
  concern('concerns_closed_on_time', '按期办结', '首次办结时间', '首次办结且首次办理未逾期'),
  concern('concerns_reopened', '重新办理', '首次重新办理时间', '因不满意评价首次重新办理的群众意见'),
  concern('closed_satisfied', '满意', '首次办结时间', '首次办结时评价为满意'),
  concern('closed_basically_satisfied', '基本满意', '首次办结时间', '首次办结时评价为基本满意'),
  concern('closed_dissatisfied', '不满意', '首次办结时间', '首次办结时评价为不满意（重新办理次数用尽后办结）'),
  concern('closed_not_rated', '未评价', '首次办结时间', '答复后到期未评价、按未评价办结（单列，不计入满意率分母）'),
  suggestion('suggestions_formed', '形成代表建议', '提交时间', '代表提交（形成）的建议，含后来并案、不予立案的；草稿不计'),
  suggestion('suggestions_replied', '建议答复', '首次答复时间', '承办单位首次答复的建议（重新办理后的再次答复不重复计）'),
  suggestion('suggestions_replied_a', '答复A类', '首次答复时间', '首次答复类别为A类（已解决或基本解决）'),
  suggestion('suggestions_replied_b', '答复B类', '首次答复时间', '首次答复类别为B类（正在解决）'),
  suggestion('suggestions_replied_c', '答复C类', '首次答复时间', '首次答复类别为C类（列入计划逐步解决）'),
  suggestion('suggestions_replied_d', '答复D类', '首次答复时间', '首次答复类别为D类（留作参考，已说明）'),
  suggestion('suggestions_closed', '办结代表建议', '办结时间', '代表评价后办结的建议（并案、不予立案的不计）'),
  suggestion('suggestions_closed_satisfied', '建议满意', '办结时间', '办结时代表对办理结果评价为满意'),
  suggestion('suggestions_closed_basically_satisfied', '建议基本满意', '办结时间', '办结时代表对办理结果评价为基本满意'),
  suggestion('suggestions_closed_dissatisfied', '建议不满意', '办结时间', '办结时代表对办理结果评价为不满意（重新办理后仍不满意）'),
  suggestion('suggestions_closed_no_opinion', '建议未表态', '办结时间', '办结时代表对办理结果未表态'),
  project('micro_projects_approved', '民生微实事立项', '件', '立项日期', '批准立项的民生微实事（不予立项、已撤销的不计）'),
  project('micro_projects_money', '微实事立项资金', '元', '立项日期', '批准立项的民生微实事的立项资金之和（以分计，显示为元）'),
  project('micro_projects_finished', '民生微实事完工', '件', '完工日期', '已完工（含已验收）的民生微实事'),
  project('livelihood_projects_approved', '票决民生实事项目', '件', '计票日期', '人大代表票决产生的民生实事项目（已撤销的不计）'),
  project('livelihood_projects_money', '票决项目资金', '元', '计票日期', '票决产生的民生实事项目的安排资金之和（以分计，显示为元）'),
  project('livelihood_projects_finished', '民生实事项目完工', '件', '完工日期', '已完工（含已验收）的票决民生实事项目'),
] as const satisfies readonly MetricDefinition[];

export type MetricCode = (typeof METRICS)[number]['code'];
export const METRIC_CODES: MetricCode[] = METRICS.map((m): MetricCode => m.code);
export const METRIC_BY_CODE = {} as Record<MetricCode, MetricDefinition>;
for (const m of METRICS) METRIC_BY_CODE[m.code] = m;

export function isMetricCode(code: string): code is MetricCode {
  return (METRIC_CODES as string[]).includes(code);
}

export function metricHasDimension(code: MetricCode, dim: StatsDimension): boolean {
  return METRIC_BY_CODE[code].dimensions.includes(dim);
}

/** Satisfaction rate: (satisfied + basically satisfied) / rated; not-rated is shown apart. */
export function satisfactionRate(f: { closed_satisfied: number; closed_basically_satisfied: number; closed_dissatisfied: number }): number | null {
  const rated = f.closed_satisfied + f.closed_basically_satisfied + f.closed_dissatisfied;
  if (rated === 0) return null;
  return (f.closed_satisfied + f.closed_basically_satisfied) / rated;
}

/** Suggestions' satisfaction: (satisfied + basically satisfied) / closed with a rating other than "no opinion". */
export function suggestionSatisfactionRate(f: {
  suggestions_closed_satisfied: number;
  suggestions_closed_basically_satisfied: number;
  suggestions_closed_dissatisfied: number;
}): number | null {
  const rated = f.suggestions_closed_satisfied + f.suggestions_closed_basically_satisfied + f.suggestions_closed_dissatisfied;
  if (rated === 0) return null;
  return (f.suggestions_closed_satisfied + f.suggestions_closed_basically_satisfied) / rated;
}

/** Fen as yuan with two decimals, digits grouped: 1216700000000 → "12,167,000,000.00". */
export function formatYuan(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${neg ? '-' : ''}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen for sentences, at most two decimals: in 亿元 from one hundred million yuan (seed 000: "121.67亿元"), else in 万元 ("18万元"). */
export function formatMoneyForText(fen: number): string {
  const [scale, unit] = Math.abs(fen) >= 10_000_000_000 ? [10_000_000_000, '亿元'] : [1_000_000, '万元'];
  const v = Math.round((fen / scale) * 100) / 100;
  return `${Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, '')}${unit}`;
}

/** A figure as shown: money in yuan, counts as they are. */
export function formatMetricValue(code: MetricCode, value: number): string {
  return METRIC_BY_CODE[code].valueIn === 'fen' ? formatYuan(value) : String(value);
}

/** Derived ratios shown next to the counts (null when the denominator is 0). */
export function onTimeRate(f: { concerns_closed: number; concerns_closed_on_time: number }): number | null {
  return f.concerns_closed === 0 ? null : f.concerns_closed_on_time / f.concerns_closed;
}
