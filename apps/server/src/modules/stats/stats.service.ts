/**
 * Statistics (R-STAT-1): figures of the actor's region scope from the rollups (+ pending deltas),
 * cuts by one dimension, fair rankings, drill-down to the records, report packs and xlsx.
 */
import ExcelJS from 'exceljs';
import {
  CHANNEL_LABELS,
  DEFAULT_CONCERN_CATEGORIES,
  DEPUTY_LEVEL_LABELS,
  METRICS,
  METRIC_BY_CODE,
  METRIC_CODES,
  PROJECT_STATUS_LABELS,
  STATS_DIMENSION_LABELS,
  SUGGESTION_CATEGORY_LABELS,
  SUGGESTION_STATUS_LABELS,
  calendarDateOf,
  fairRanking,
  formatCalendarDate,
  isMetricCode,
  monthsBetween,
  onTimeRate,
  periodCells,
  periodLabelOf,
  regionPrefix,
  reportParagraphs,
  satisfactionRate,
  suggestionSatisfactionRate,
  type Figures,
  type MetricCode,
  type StatsDimension,
  type TStatsCutQuery,
  type TStatsQuery,
  type TStatsRankingQuery,
  type TStatsRecordsQuery,
} from '@gridvoice/core';
import { requireAccess } from '../../lib/access.js';
import { badRequest } from '../../lib/errors.js';
import type { AppDeps, RequestContext } from '../../types.js';
import { createDutyService } from '../duty/duty.service.js';
import * as repo from './stats.repository.js';

const CATEGORY_LABELS = new Map<string, string>(DEFAULT_CONCERN_CATEGORIES.map((c) => [c.code, c.label]));
// the category dimension keys concerns' and suggestions' categories (their one shared code, other, reads 其他 in both)
const ANY_CATEGORY_LABELS = new Map<string, string>([...Object.entries(SUGGESTION_CATEGORY_LABELS), ...CATEGORY_LABELS]);

export function emptyFigures(): Figures {
  return Object.fromEntries(METRIC_CODES.map((c) => [c, 0])) as Figures;
}

/** A figure in a sheet: money in yuan (fen / 100, the nearest number to the exact amount). */
function xlsxValue(code: MetricCode, value: number): number {
  return METRIC_BY_CODE[code].valueIn === 'fen' ? value / 100 : value;
}

function columnLabel(code: MetricCode): string {
  return METRIC_BY_CODE[code].valueIn === 'fen' ? `${METRIC_BY_CODE[code].label}（元）` : METRIC_BY_CODE[code].label;
}

/** The 12-digit code of a prefix key (child regions). */
function padCode(prefix: string): string {
  return prefix.padEnd(12, '0');
}

export function createStatsService(deps: AppDeps) {
  const { db, clock, config } = deps;
  const tz = config.timeZone;

  async function scope(ctx: RequestContext, q: { regionCode?: string | undefined; from?: string | undefined; to?: string | undefined }) {
    const actor = await requireAccess(deps, ctx, 'stats.read', q.regionCode ? { regionCode: q.regionCode } : {}, { type: 'stats' });
    const regionCode = q.regionCode ?? actor.scopeRegionCode;
    const year = calendarDateOf(clock.now(), tz).year;
    const from = q.from ?? (q.to ? `${q.to.slice(0, 4)}-01-01` : `${year}-01-01`);
    const to = q.to ?? `${from.slice(0, 4)}-12-31`;
    if (from > to) throw badRequest('结束日期不能早于开始日期', [{ field: 'to', message: '结束日期不能早于开始日期' }]);
    return { actor, regionCode, prefix: regionPrefix(regionCode), from, to };
  }

  /** The rollup cells of a range, or a Chinese 400 naming what the rollups cannot answer. */
  function cellsFor(from: string, to: string, dim: StatsDimension, prefix: string) {
    const cells = periodCells(from, to);
    if (cells.days.length > 0 && (dim !== 'total' || prefix.length > 6)) {
      throw badRequest(
        dim === 'total' ? '镇街、村（社区）的统计按整月：起止日期须为某月1日至某月末' : '按维度统计时，起止日期须为整月（某月1日至某月末）',
        [{ field: 'from', message: '起止日期须为整月' }],
      );
    }
    if ((dim === 'deputy' || dim === 'deputy_level') && cells.months.length > 0) {
      throw badRequest('按代表统计按整年：起止日期须为某年1月1日至某年12月31日', [{ field: 'from', message: '按代表统计起止日期须为整年' }]);
    }
    // one row per station, grid, deputy or campaign of a whole city or province is a register, not a
    // figure (12,800 stations in Guangdong): those cuts start at a county (deputy levels are kept for
    // counties, cities and the province: migration 0019)
    if ((dim === 'station' || dim === 'grid' || dim === 'deputy' || dim === 'campaign') && prefix.length < 6) {
      throw badRequest(`按${STATS_DIMENSION_LABELS[dim]}统计请先选择县（市、区）`, [{ field: 'regionCode', message: '请选择县（市、区）或更小的范围' }]);
    }
    if ((dim === 'category' || dim === 'channel') && prefix.length > 9) {
      throw badRequest('按类别、渠道统计最细到镇（街道）', [{ field: 'regionCode', message: '按类别、渠道统计最细到镇（街道）' }]);
    }
    return cells;
  }

  /** Per key of a dimension: every metric summed over the range. */
  async function byKey(prefix: string, dim: StatsDimension, metrics: readonly MetricCode[], from: string, to: string): Promise<Map<string, Figures>> {
    const cells = cellsFor(from, to, dim, prefix);
    // deputy levels: kept for a county and wider; in a town or village, the levels of its deputies' rows
    const levelsFromDeputies = dim === 'deputy_level' && prefix.length > 6;
    const rows = await repo.readCells(db, prefix, levelsFromDeputies ? 'deputy' : dim, metrics, cells, levelsFromDeputies);
    const out = new Map<string, Figures>();
    const add = (key: string, metric: MetricCode, v: number) => {
      let f = out.get(key);
      if (!f) out.set(key, (f = emptyFigures()));
      f[metric] += v;
    };
    for (const r of rows) add(r.key, r.metric, r.value);
    return out;
  }

  async function totals(prefix: string, from: string, to: string): Promise<Figures> {
    return (await byKey(prefix, 'total', METRIC_CODES, from, to)).get('') ?? emptyFigures();
  }

  async function labelOf(dim: StatsDimension, keys: string[]): Promise<Map<string, string>> {
    if (dim === 'category') return new Map(keys.map((k) => [k, ANY_CATEGORY_LABELS.get(k) ?? k]));
    if (dim === 'channel') return new Map(keys.map((k) => [k, (CHANNEL_LABELS as Record<string, string>)[k] ?? k]));
    if (dim === 'deputy_level') return new Map(keys.map((k) => [k, (DEPUTY_LEVEL_LABELS as Record<string, string>)[k] ?? k]));
    if (dim === 'child') {
      const names = await repo.labels(db, 'child', keys.map(padCode));
      return new Map(keys.map((k) => [k, names.get(padCode(k)) ?? k]));
    }
    return repo.labels(db, dim, keys);
  }

  async function lag() {
    const s = await repo.foldState(db);
    const now = clock.now();
    return {
      foldedAt: s.foldedAt?.toISOString() ?? null,
      pendingDeltas: s.pending,
      /** How far the rollups are behind; the figures include the pending deltas, so they are exact. */
      lagSeconds: s.lagSeconds,
      asOf: now.toISOString(),
    };
  }

  async function cutRows(prefix: string, dim: StatsDimension, metrics: readonly MetricCode[], from: string, to: string) {
    const m = await byKey(prefix, dim, metrics, from, to);
    const names = await labelOf(dim, [...m.keys()]);
    return [...m.entries()]
      .map(([key, figures]) => ({
        key: dim === 'child' ? padCode(key) : key,
        drillKey: key,
        label: names.get(key) ?? key,
        figures,
        satisfactionRate: satisfactionRate(figures),
        onTimeRate: onTimeRate(figures),
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async function compliance(ctx: RequestContext, regionCode: string, from: string, to: string) {
    try {
      return await createDutyService(deps).complianceTotals(ctx, { regionCode, from, to });
    } catch {
      return null;
    }
  }

  const service = {
    catalogue() {
      return { metrics: METRICS, dimensions: STATS_DIMENSION_LABELS };
    },

    async overview(ctx: RequestContext, q: TStatsQuery) {
      const s = await scope(ctx, q);
      const whole = periodCells(s.from, s.to).days.length === 0;
      const figures = await totals(s.prefix, s.from, s.to);
      const months = monthsBetween(s.from, s.to);
      const trendRows = await repo.readCells(db, s.prefix, 'total', ['concerns_collected', 'concerns_handled', 'concerns_closed'], { years: [], months, days: [] });
      const trend = months.map((m) => {
        const f = { concerns_collected: 0, concerns_handled: 0, concerns_closed: 0 } as Record<string, number>;
        for (const r of trendRows) if (r.period === m) f[r.metric] = (f[r.metric] ?? 0) + r.value;
        return { month: m.slice(0, 7), ...f };
      });
      const cutMetrics: MetricCode[] = ['concerns_collected', 'concerns_handled', 'concerns_closed', 'concerns_handled_late', 'activities_held', 'deputy_person_times'];
      return {
        regionCode: s.regionCode,
        regionName: await repo.regionName(db, s.regionCode),
        from: s.from,
        to: s.to,
        figures,
        satisfactionRate: satisfactionRate(figures),
        onTimeRate: onTimeRate(figures),
        trend,
        byChild: whole ? await cutRows(s.prefix, 'child', cutMetrics, s.from, s.to) : [],
        byCategory: whole && s.prefix.length <= 9 ? await cutRows(s.prefix, 'category', ['concerns_collected', 'concerns_closed', 'concerns_handled_late'], s.from, s.to) : [],
        compliance: await compliance(ctx, s.regionCode, s.from, s.to),
        fold: await lag(),
      };
    },

    async cut(ctx: RequestContext, q: TStatsCutQuery) {
      const s = await scope(ctx, q);
      const metrics = q.metrics ? q.metrics.split(',').filter(Boolean) : METRIC_CODES;
      const bad = metrics.find((m) => !isMetricCode(m));
      if (bad) throw badRequest(`统计指标不正确：${bad}`, [{ field: 'metrics', message: '统计指标不正确' }]);
      const valid = (metrics as MetricCode[]).filter((m) => METRIC_BY_CODE[m].dimensions.includes(q.dim));
      return {
        regionCode: s.regionCode,
        from: s.from,
        to: s.to,
        dim: q.dim,
        dimLabel: STATS_DIMENSION_LABELS[q.dim],
        metrics: valid,
        rows: await cutRows(s.prefix, q.dim, valid, s.from, s.to),
        fold: await lag(),
      };
    },

    async ranking(ctx: RequestContext, q: TStatsRankingQuery) {
      const s = await scope(ctx, q);
      const dim = q.of;
      const metrics: MetricCode[] = dim === 'unit'
        ? ['concerns_closed', 'concerns_closed_on_time']
        : ['closed_satisfied', 'closed_basically_satisfied', 'closed_dissatisfied'];
      const m = await byKey(s.prefix, dim, metrics, s.from, s.to);
      const names = await labelOf(dim, [...m.keys()]);
      const rows = fairRanking(
        [...m.entries()].map(([key, f]) => ({
          key,
          label: names.get(key) ?? key,
          successes: dim === 'unit' ? f.concerns_closed_on_time : f.closed_satisfied + f.closed_basically_satisfied,
          trials: dim === 'unit' ? f.concerns_closed : f.closed_satisfied + f.closed_basically_satisfied + f.closed_dissatisfied,
        })),
        q.minSample,
      );
      return {
        regionCode: s.regionCode,
        from: s.from,
        to: s.to,
        of: dim,
        measure: dim === 'unit' ? '按期办结率（按期办结 / 办结）' : '满意率（满意 + 基本满意）/ 已评价',
        minSample: q.minSample,
        rows,
      };
    },

    async records(ctx: RequestContext, q: TStatsRecordsQuery) {
      const s = await scope(ctx, q);
      const metric = q.metric as MetricCode;
      const def = METRIC_BY_CODE[metric];
      if (!def.dimensions.includes(q.dim)) throw badRequest(`“${def.label}”不能按${STATS_DIMENSION_LABELS[q.dim]}统计`, [{ field: 'dim', message: '该指标不支持此维度' }]);
      const f = { prefix: s.prefix, from: s.from, to: s.to, dim: q.dim, key: q.dim === 'child' ? regionPrefix(q.key) : q.key };
      if (q.dim === 'child' && !(q.key.startsWith(s.prefix) && /^\d{12}$/.test(q.key))) throw badRequest('下级区划不在统计范围内', [{ field: 'key', message: '下级区划不在统计范围内' }]);
      if (def.drillDown === 'suggestions') {
        const r = await repo.drillSuggestions(db, metric, f, q.page, q.pageSize);
        return {
          kind: 'suggestions' as const, metric, label: def.label, total: r.total, figure: r.total,
          items: r.rows.map((x) => ({
            suggestionId: x.suggestion_id, caseNumber: x.case_number, title: x.title,
            status: (SUGGESTION_STATUS_LABELS as Record<string, string>)[x.status] ?? x.status,
            category: (SUGGESTION_CATEGORY_LABELS as Record<string, string>)[x.category] ?? x.category,
            regionCode: x.region_code, countedAt: x.counted_at.toISOString(),
          })),
        };
      }
      if (def.drillDown === 'projects') {
        const r = await repo.drillProjects(db, metric, f, q.page, q.pageSize);
        return {
          kind: 'projects' as const, metric, label: def.label, total: r.total, figure: def.valueIn === 'fen' ? r.sum : r.total,
          items: r.rows.map((x) => ({
            projectId: x.project_id, publicId: x.public_id, title: x.title,
            status: (PROJECT_STATUS_LABELS as Record<string, string>)[x.status] ?? x.status,
            kind: x.kind === 'micro' ? '民生微实事' : '票决民生实事', regionCode: x.region_code,
            budgetFen: x.budget_fen === null ? null : Number(x.budget_fen), countedOn: x.counted_on,
          })),
        };
      }
      if (def.drillDown === 'concerns') {
        const r = await repo.drillConcerns(db, metric, f, q.page, q.pageSize);
        return {
          kind: 'concerns' as const, metric, label: def.label, total: r.total, figure: r.total,
          items: r.rows.map((c) => ({
            concernId: c.concern_id, caseNumber: c.case_number, title: c.title, status: c.status,
            category: CATEGORY_LABELS.get(c.category_code) ?? c.category_code,
            channel: (CHANNEL_LABELS as Record<string, string>)[c.channel] ?? c.channel,
            regionCode: c.region_code, countedAt: c.counted_at.toISOString(),
          })),
        };
      }
      const r = await repo.drillActivities(db, metric, f, q.page, q.pageSize);
      return {
        kind: def.drillDown === 'participants' ? ('participants' as const) : ('activities' as const), metric, label: def.label, total: r.total,
        figure: metric === 'constituents_received' ? r.sum : r.total,
        items: r.rows.map((a) => ({
          activityId: a.activity_id, kind: a.kind, startedAt: a.started_at.toISOString(), place: a.place, summary: a.summary,
          regionCode: a.region_code, constituentsReceived: a.constituents_received, participants: a.participants,
          deputyId: a.deputy_id, deputyName: a.deputy_name,
        })),
      };
    },

    async report(ctx: RequestContext, q: TStatsQuery) {
      const s = await scope(ctx, q);
      const figures = await totals(s.prefix, s.from, s.to);
      const regionName = (await repo.regionName(db, s.regionCode)) ?? s.regionCode;
      const comp = await compliance(ctx, s.regionCode, s.from, s.to);
      const periodLabel = periodLabelOf(s.from, s.to);
      const whole = periodCells(s.from, s.to).days.length === 0;
      return {
        regionCode: s.regionCode,
        regionName,
        from: s.from,
        to: s.to,
        periodLabel,
        title: `${regionName}${periodLabel}代表“进站入网格”履职工作统计报告`,
        paragraphs: reportParagraphs({ regionName, periodLabel, figures, compliance: comp }),
        figures,
        satisfactionRate: satisfactionRate(figures),
        suggestionSatisfactionRate: suggestionSatisfactionRate(figures),
        onTimeRate: onTimeRate(figures),
        compliance: comp,
        byChild: whole ? await cutRows(s.prefix, 'child', METRIC_CODES, s.from, s.to) : [],
        byCategory: whole && s.prefix.length <= 9 ? await cutRows(s.prefix, 'category', ['concerns_collected', 'concerns_handled', 'concerns_closed'], s.from, s.to) : [],
        generatedAt: clock.now().toISOString(),
        fold: await lag(),
      };
    },

    /** Every table of the overview and the report pack, one sheet each. */
    async exportXlsx(ctx: RequestContext, q: TStatsQuery): Promise<Buffer> {
      const rep = await service.report(ctx, q);
      const s = await scope(ctx, q);
      const whole = periodCells(s.from, s.to).days.length === 0;
      const wb = new ExcelJS.Workbook();
      wb.creator = 'GridVoice 民声通';
      const summary = wb.addWorksheet('总体');
      summary.addRow([rep.title]);
      summary.addRow([`统计区间：${rep.from} 至 ${rep.to}`]);
      for (const p of rep.paragraphs) summary.addRow([p]);
      summary.addRow([]);
      summary.addRow(['指标', '数值', '单位', '计数日期', '口径']);
      for (const m of METRICS) summary.addRow([m.label, xlsxValue(m.code, rep.figures[m.code]), m.unit, m.countedOn, m.definition]);
      const sheet = (name: string, rows: Awaited<ReturnType<typeof cutRows>>, metrics: readonly MetricCode[]) => {
        const ws = wb.addWorksheet(name);
        ws.addRow(['名称', '代码', ...metrics.map((m) => columnLabel(m)), '满意率', '按期办结率']);
        for (const r of rows) {
          ws.addRow([r.label, r.key, ...metrics.map((m) => xlsxValue(m, r.figures[m])), r.satisfactionRate, r.onTimeRate]);
        }
      };
      if (whole) {
        const wholeYears = periodCells(s.from, s.to).months.length === 0;
        for (const dim of ['child', 'category', 'channel', 'station', 'grid', 'unit', 'deputy_level', 'campaign'] as const) {
          if ((dim === 'deputy_level' && !wholeYears) || ((dim === 'category' || dim === 'channel') && s.prefix.length > 9)) continue;
          // a city's or the province's stations, grids and campaigns are registers, not figures (see cellsFor)
          if ((dim === 'station' || dim === 'grid' || dim === 'campaign') && s.prefix.length < 6) continue;
          const metrics = METRIC_CODES.filter((m) => METRIC_BY_CODE[m].dimensions.includes(dim));
          sheet(STATS_DIMENSION_LABELS[dim], await cutRows(s.prefix, dim, metrics, s.from, s.to), metrics);
        }
        // deputies are ranked within a county or narrower (a province's 100,000 deputies are a register)
        const rankings: ('unit' | 'deputy')[] = wholeYears && s.prefix.length >= 6 ? ['unit', 'deputy'] : ['unit'];
        for (const of of rankings) {
          const r = await service.ranking(ctx, { ...q, of, minSample: 10 });
          const ws = wb.addWorksheet(of === 'unit' ? '承办单位排名' : '代表排名');
          ws.addRow(['名次', '名称', '成功数', '样本量', '比率', '95%置信下限', '95%置信上限', '说明']);
          for (const x of r.rows) {
            ws.addRow([x.rank, x.label, x.successes, x.trials, x.interval?.rate ?? null, x.interval?.low ?? null, x.interval?.high ?? null, x.hidden ? `样本不足${r.minSample}件，不排名` : '']);
          }
        }
      }
      const months = monthsBetween(s.from, s.to);
      const trend = await repo.readCells(db, s.prefix, 'total', METRIC_CODES, { years: [], months, days: [] });
      const ws = wb.addWorksheet('月度趋势');
      ws.addRow(['月份', ...METRIC_CODES.map((m) => columnLabel(m))]);
      for (const m of months) ws.addRow([m.slice(0, 7), ...METRIC_CODES.map((c) => xlsxValue(c, trend.filter((r) => r.period === m && r.metric === c).reduce((a, r) => a + r.value, 0)))]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    },

    async map(ctx: RequestContext, q: TStatsQuery & { metric?: string | undefined }) {
      const s = await scope(ctx, q);
      const metric: MetricCode = q.metric && isMetricCode(q.metric) ? q.metric : 'concerns_collected';
      const shapes = await repo.mapShapes(db, s.prefix);
      const byGrid = METRIC_BY_CODE[metric].dimensions.includes('grid') ? await byKey(s.prefix, 'grid', [metric], s.from, s.to) : new Map<string, Figures>();
      return {
        regionCode: s.regionCode,
        from: s.from,
        to: s.to,
        metric,
        label: METRIC_BY_CODE[metric].label,
        features: shapes.map((g) => ({ key: g.key, name: g.name, boundary: g.boundary, value: byGrid.get(g.key)?.[metric] ?? 0 })),
      };
    },

    /** The scheduled fold (once per slot across instances). */
    async fold(now: Date) {
      return repo.fold(db, now);
    },
  };
  return service;
}

export type StatsService = ReturnType<typeof createStatsService>;
export { formatCalendarDate };
