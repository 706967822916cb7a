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

export type MetricSource = 'concerns' | 'activities' | 'participants';

export interface MetricDefinition {
  code: string;
  label: string;
  unit: '条' | '次' | '人次' | '人';
  source: MetricSource;
  /** The event whose local day decides the period a record counts in. */
  countedOn: string;
  definition: string;
  dimensions: readonly StatsDimension[];
  /** The records behind the figure: the drill-down list. */
  drillDown: 'concerns' | 'activities' | 'participants';
}

const CONCERN_DIMS: readonly StatsDimension[] = ['total', 'child', 'category', 'channel', 'station', 'grid', 'deputy', 'deputy_level', 'unit', 'campaign'];
const ACTIVITY_DIMS: readonly StatsDimension[] = ['total', 'child', 'station', 'grid', 'campaign'];
const PARTICIPANT_DIMS: readonly StatsDimension[] = ['total', 'child', 'station', 'grid', 'deputy', 'deputy_level', 'campaign'];

const concern = <C extends string>(code: C, label: string, countedOn: string, definition: string): MetricDefinition & { code: C } => ({
  code, label, unit: '条', source: 'concerns', countedOn, definition, dimensions: CONCERN_DIMS, drillDown: 'concerns',
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
] as const satisfies readonly MetricDefinition[];

export type MetricCode = (typeof METRICS)[number]['code'];
export const METRIC_CODES: MetricCode[] = METRICS.map((m): MetricCode => m.code);
export const METRIC_BY_CODE = {} as Record<MetricCode, MetricDefinition>;
for (const m of METRICS) METRIC_BY_CODE[m.code] = m;

/** Metrics added when their modules land (listed in docs/metrics.md; one entry each here then). */
export const PLANNED_METRICS = [
  'suggestions_formed', 'suggestions_replied', 'suggestions_by_reply_category', 'suggestions_by_satisfaction',
  'projects_done', 'projects_money', 'vote_items',
] as const;

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

/** Derived ratios shown next to the counts (null when the denominator is 0). */
export function onTimeRate(f: { concerns_closed: number; concerns_closed_on_time: number }): number | null {
  return f.concerns_closed === 0 ? null : f.concerns_closed_on_time / f.concerns_closed;
}
