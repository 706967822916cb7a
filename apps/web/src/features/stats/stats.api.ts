import { useQuery } from '@tanstack/react-query';
import type { Figures, MetricCode, StatsDimension } from '@gridvoice/core';
import { apiFetch, type QueryParams } from '../../app/api';

export interface CutRow {
  key: string;
  drillKey: string;
  label: string;
  figures: Figures;
  satisfactionRate: number | null;
  onTimeRate: number | null;
}

export interface FoldInfo {
  foldedAt: string | null;
  pendingDeltas: number;
  lagSeconds: number;
  asOf: string;
}

export interface Overview {
  regionCode: string;
  regionName: string | null;
  from: string;
  to: string;
  figures: Figures;
  satisfactionRate: number | null;
  onTimeRate: number | null;
  trend: { month: string; concerns_collected: number; concerns_handled: number; concerns_closed: number }[];
  byChild: CutRow[];
  byCategory: CutRow[];
  /** asOf: when the counts were worked out (wide scopes: at most a minute before the request) */
  compliance: { deputies: number; compliant: number; asOf?: string } | null;
  fold: FoldInfo;
}

export interface RankRow {
  key: string;
  label: string;
  successes: number;
  trials: number;
  rank: number | null;
  hidden: boolean;
  interval: { rate: number; low: number; high: number } | null;
}

export interface Ranking {
  of: 'unit' | 'deputy';
  measure: string;
  minSample: number;
  rows: RankRow[];
}

export interface RecordsPage {
  kind: 'concerns' | 'activities' | 'participants' | 'suggestions' | 'projects';
  metric: MetricCode;
  label: string;
  total: number;
  figure: number;
  items: Record<string, unknown>[];
}

export interface Report {
  regionCode: string;
  regionName: string;
  from: string;
  to: string;
  periodLabel: string;
  title: string;
  paragraphs: string[];
  figures: Figures;
  satisfactionRate: number | null;
  suggestionSatisfactionRate: number | null;
  onTimeRate: number | null;
  /** asOf: when the counts were worked out (wide scopes: at most a minute before the request) */
  compliance: { deputies: number; compliant: number; asOf?: string } | null;
  byChild: CutRow[];
  byCategory: CutRow[];
  generatedAt: string;
  fold: FoldInfo;
}

export interface RangeQuery extends QueryParams {
  regionCode?: string;
  from?: string;
  to?: string;
}

export const useOverview = (q: RangeQuery, refetchInterval?: number) =>
  useQuery({ queryKey: ['stats', 'overview', q], queryFn: () => apiFetch<Overview>('/api/stats/overview', { query: q }), refetchInterval });

export const useRanking = (q: RangeQuery & { of: 'unit' | 'deputy' }) =>
  useQuery({ queryKey: ['stats', 'ranking', q], queryFn: () => apiFetch<Ranking>('/api/stats/ranking', { query: q }) });

export const useReport = (q: RangeQuery) =>
  useQuery({ queryKey: ['stats', 'report', q], queryFn: () => apiFetch<Report>('/api/stats/report', { query: q }) });

export const useCut = (q: RangeQuery & { dim: StatsDimension; metrics?: string }) =>
  useQuery({ queryKey: ['stats', 'cut', q], queryFn: () => apiFetch<{ rows: CutRow[]; metrics: MetricCode[] }>('/api/stats/cut', { query: q }) });

export interface DrillTarget {
  title: string;
  metric: MetricCode;
  dim: StatsDimension;
  key: string;
  /** the number shown on the page (the list must recount to it) */
  shown: number;
}

export const useRecords = (t: DrillTarget | null, range: RangeQuery, page: number) =>
  useQuery({
    enabled: !!t,
    queryKey: ['stats', 'records', t, range, page],
    queryFn: () =>
      apiFetch<RecordsPage>('/api/stats/records', { query: { ...range, metric: t!.metric, dim: t!.dim, key: t!.key, page, pageSize: 20 } }),
  });

export interface MapData {
  from: string;
  to: string;
  metric: MetricCode;
  label: string;
  features: { key: string; name: string; boundary: unknown; value: number }[];
}
export const useMapData = (q: RangeQuery & { metric: string }) =>
  useQuery({ queryKey: ['stats', 'map', q], queryFn: () => apiFetch<MapData>('/api/stats/map', { query: q }) });

export const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
