import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { EChartsOption } from 'echarts';
import { METRIC_BY_CODE, formatMetricValue, suggestionSatisfactionRate, type MetricCode } from '@gridvoice/core';
import { EChart } from './EChart';
import { RecordsDrawer } from './RecordsDrawer';
import { pct, useOverview, useRanking, yearRange, type DrillTarget, type RankRow } from './stats.api';

const KPIS: MetricCode[] = [
  'activities_held', 'deputy_person_times', 'constituents_received', 'concerns_collected',
  'concerns_dispatched', 'concerns_handled', 'concerns_closed', 'concerns_closed_on_time', 'concerns_handled_late', 'concerns_reopened',
];
// deputies' suggestions, micro-projects and the projects chosen by the deputies' vote
const RECORD_KPIS: MetricCode[] = [
  'suggestions_formed', 'suggestions_replied', 'suggestions_closed', 'micro_projects_approved', 'micro_projects_money',
  'micro_projects_finished', 'livelihood_projects_approved', 'livelihood_projects_money', 'livelihood_projects_finished',
];
const RATINGS: MetricCode[] = ['closed_satisfied', 'closed_basically_satisfied', 'closed_dissatisfied', 'closed_not_rated'];

export function FoldNote(props: { fold: { lagSeconds: number; pendingDeltas: number; asOf: string } }) {
  return (
    <Typography.Text type="secondary">
      数据截至 {new Date(props.fold.asOf).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}；汇总表落后 {props.fold.lagSeconds} 秒（{props.fold.pendingDeltas} 条变动待汇总，已计入上述数字）
    </Typography.Text>
  );
}

/** The last five years, counted from the server's year (its clock decides "this year"). */
export function yearOptions(serverYear: number | null) {
  const y = serverYear ?? new Date().getFullYear();
  return [0, 1, 2, 3, 4].map((k) => ({ value: y - k, label: `${y - k}年` }));
}

/** 统计总览: the figures of the user's region scope; every number and bar opens its records. */
export default function StatsOverviewPage() {
  const [chosen, setYear] = useState<number | null>(null);
  const q = useOverview(chosen === null ? {} : yearRange(chosen));
  const year = chosen ?? (q.data ? Number(q.data.from.slice(0, 4)) : null);
  const range = year === null ? {} : yearRange(year);
  const units = useRanking({ ...range, of: 'unit' });
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const d = q.data;
  const children = useMemo(() => (d?.byChild ?? []).filter((r) => r.figures.concerns_collected || r.figures.activities_held), [d]);

  const trendOption: EChartsOption = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['收集', '办理', '办结'] },
    grid: { left: 48, right: 16, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: (d?.trend ?? []).map((t) => t.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '收集', type: 'line', data: (d?.trend ?? []).map((t) => t.concerns_collected) },
      { name: '办理', type: 'line', data: (d?.trend ?? []).map((t) => t.concerns_handled) },
      { name: '办结', type: 'line', data: (d?.trend ?? []).map((t) => t.concerns_closed) },
    ],
  }), [d]);
  const childMetrics: MetricCode[] = ['concerns_collected', 'concerns_handled', 'concerns_closed'];
  const childOption: EChartsOption = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: childMetrics.map((m) => METRIC_BY_CODE[m].label) },
    grid: { left: 48, right: 16, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: children.map((c) => c.label), axisLabel: { interval: 0, rotate: children.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: childMetrics.map((m) => ({ name: METRIC_BY_CODE[m].label, type: 'bar', data: children.map((c) => c.figures[m]) })),
  }), [children]);
  const cats = d?.byCategory ?? [];
  const catOption: EChartsOption = useMemo(() => ({
    tooltip: {},
    grid: { left: 90, right: 24 },
    yAxis: { type: 'category', data: cats.map((c) => c.label) },
    xAxis: { type: 'value', minInterval: 1 },
    series: [{ name: '收集群众意见', type: 'bar', data: cats.map((c) => c.figures.concerns_collected) }],
  }), [cats]);
  const overdueOption: EChartsOption = useMemo(() => ({
    tooltip: {},
    grid: { left: 48, right: 16, bottom: 60 },
    xAxis: { type: 'category', data: children.map((c) => c.label), axisLabel: { interval: 0, rotate: children.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: '逾期办理', type: 'bar', itemStyle: { color: '#cf1322' }, data: children.map((c) => c.figures.concerns_handled_late) }],
  }), [children]);
  const satOption: EChartsOption = useMemo(() => ({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', stillShowZeroSum: false, radius: ['40%', '68%'], data: RATINGS.map((m) => ({ name: METRIC_BY_CODE[m].label, value: d?.figures[m] ?? 0 })) }],
  }), [d]);

  const open = (title: string, metric: MetricCode, dim: DrillTarget['dim'], key: string, shown: number) => setDrill({ title, metric, dim, key, shown });

  // a figure that opens its records (money shown in yuan)
  const kpiCard = (m: MetricCode) => {
    // counts stay numbers (the statistic groups their digits); money is the yuan string
    const shown = d ? (METRIC_BY_CODE[m].valueIn === 'fen' ? formatMetricValue(m, d.figures[m]) : d.figures[m]) : null;
    return (
      <Col key={m} xs={12} md={8} lg={6} xl={4}>
        <Card size="small" hoverable onClick={() => d && open(`${METRIC_BY_CODE[m].label}（${year}年）`, m, 'total', '', d.figures[m])} aria-label={`${METRIC_BY_CODE[m].label}：${shown ?? ''}`}>
          <Statistic title={METRIC_BY_CODE[m].label} value={shown ?? '—'} suffix={METRIC_BY_CODE[m].unit} />
        </Card>
      </Col>
    );
  };

  const rankColumns = [
    { title: '名次', dataIndex: 'rank', render: (r: number | null, row: RankRow) => (row.hidden ? <Tag>样本不足</Tag> : r) },
    { title: '承办单位', dataIndex: 'label' },
    { title: '按期办结 / 办结', key: 'n', render: (_: unknown, r: RankRow) => `${r.successes} / ${r.trials}` },
    { title: '按期办结率', key: 'rate', render: (_: unknown, r: RankRow) => (r.interval ? pct(r.interval.rate) : '—') },
    { title: '95%置信区间', key: 'ci', render: (_: unknown, r: RankRow) => (r.interval ? `${pct(r.interval.low)} ~ ${pct(r.interval.high)}` : `少于${units.data?.minSample ?? 10}件不排名`) },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          统计总览{d?.regionName ? ` · ${d.regionName}` : ''}
        </Typography.Title>
        <Space>
          <Select aria-label="统计年度" value={year} options={yearOptions(q.data ? Number(q.data.from.slice(0, 4)) : null)} onChange={setYear} style={{ width: 120 }} />
          <Button icon={<DownloadOutlined />} href={`/api/stats/export.xlsx${year === null ? '' : `?from=${year}-01-01&to=${year}-12-31`}`}>
            导出 Excel
          </Button>
        </Space>
      </Space>
      {q.error && <Alert type="error" message={(q.error).message} />}
      {d && <FoldNote fold={d.fold} />}
      <Row gutter={[12, 12]}>
        {KPIS.map(kpiCard)}
        <Col xs={12} md={8} lg={6} xl={4}>
          <Card size="small">
            <Statistic title="满意率" value={pct(d?.satisfactionRate ?? null)} />
          </Card>
        </Col>
        <Col xs={12} md={8} lg={6} xl={4}>
          <Card size="small">
            <Statistic title={d?.compliance ? `履职达标率（${d.compliance.compliant}/${d.compliance.deputies}人）` : '履职达标率'} value={d?.compliance && d.compliance.deputies ? pct(d.compliance.compliant / d.compliance.deputies) : '—'} />
            {d?.compliance?.asOf && d.compliance.asOf < d.fold.asOf && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                代表人数多，每分钟计算一次；截至 {new Date(d.compliance.asOf).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' })}
              </Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ margin: 0 }}>代表建议与民生实事</Typography.Title>
      <Row gutter={[12, 12]}>
        {RECORD_KPIS.map(kpiCard)}
        <Col xs={12} md={8} lg={6} xl={4}>
          <Card size="small">
            <Statistic title="建议满意率" value={pct(d ? suggestionSatisfactionRate(d.figures) : null)} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card title="月度趋势" size="small">
            <EChart ariaLabel="月度趋势图" option={trendOption} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="按下级区划（点击柱子查看明细）" size="small">
            <EChart
              ariaLabel="按下级区划统计图"
              option={childOption}
              onClick={(p) => {
                const c = children[p.dataIndex];
                const m = childMetrics[p.seriesIndex];
                if (c && m) open(`${c.label} · ${METRIC_BY_CODE[m].label}`, m, 'child', c.key, c.figures[m]);
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="按类别" size="small">
            <EChart
              ariaLabel="按类别统计图"
              option={catOption}
              onClick={(p) => {
                const c = cats[p.dataIndex];
                if (c) open(`${c.label} · 收集群众意见`, 'concerns_collected', 'category', c.drillKey, c.figures.concerns_collected);
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="逾期办理" size="small">
            <EChart
              ariaLabel="逾期办理统计图"
              option={overdueOption}
              onClick={(p) => {
                const c = children[p.dataIndex];
                if (c) open(`${c.label} · 逾期办理`, 'concerns_handled_late', 'child', c.key, c.figures.concerns_handled_late);
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={`群众评价（满意率 ${pct(d?.satisfactionRate ?? null)}，未评价单列）`} size="small">
            <EChart
              ariaLabel="群众评价图"
              option={satOption}
              onClick={(p) => {
                const m = RATINGS[p.dataIndex];
                if (m && d) open(METRIC_BY_CODE[m].label, m, 'total', '', d.figures[m]);
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="承办单位按期办结排名（按置信区间下限，样本不足不排名）" size="small">
            <Table size="small" rowKey="key" dataSource={units.data?.rows ?? []} columns={rankColumns} pagination={{ pageSize: 8 }} />
          </Card>
        </Col>
      </Row>
      <RecordsDrawer target={drill} range={range} onClose={() => setDrill(null)} />
    </Space>
  );
}
