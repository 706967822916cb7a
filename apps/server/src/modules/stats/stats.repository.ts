/**
 * Statistics SQL (R-STAT-1). Figures: the rollups plus the deltas not yet folded, in one statement
 * (one snapshot, so exact while the fold runs). Drill-down: the raw records, selected by the same
 * definitions straight from concerns / concern_events / activities (they recount to the figure).
 */
import type { Queryable } from '@gridvoice/db';
import type { MetricCode, PeriodCells, StatsDimension } from '@gridvoice/core';

export const ENTITY_DIMS = ['station', 'grid', 'deputy', 'unit', 'campaign'] as const;
type EntityDim = (typeof ENTITY_DIMS)[number];
export function isEntityDim(d: string): d is EntityDim {
  return (ENTITY_DIMS as readonly string[]).includes(d);
}

const ENTITY_IN_SCOPE: Record<EntityDim, string> = {
  station: 'SELECT station_id::text FROM stations WHERE region_code LIKE $8',
  grid: 'SELECT grid_id::text FROM grids WHERE village_code LIKE $8',
  deputy: 'SELECT deputy_id::text FROM deputies WHERE region_code LIKE $8',
  unit: 'SELECT unit_id::text FROM handling_units WHERE region_code LIKE $8',
  campaign: 'SELECT campaign_id::text FROM campaigns WHERE region_code LIKE $8',
};

export interface CellRow {
  key: string;
  metric: MetricCode;
  grain: 'day' | 'month' | 'year';
  period: string;
  value: number;
}

/**
 * Sums per key, metric and cell. `prefix` is the scope (regionPrefix); a rollup dimension is
 * total / child / category / channel (at the scope) or an entity (county rows, the entities of
 * the scope when it is narrower than a county).
 */
export async function readCells(
  q: Queryable,
  prefix: string,
  dim: StatsDimension,
  metrics: readonly MetricCode[],
  cells: PeriodCells,
  byDeputyLevel = false,
): Promise<CellRow[]> {
  if (dim === 'deputy_level') return readLevelCells(q, prefix, metrics, cells);
  const entity = isEntityDim(dim);
  const wide = entity && prefix.length < 6;
  const scopeCond = wide ? 'length(X.scope) = 6 AND X.scope LIKE $1' : 'X.scope = $1';
  const scope = wide ? `${prefix}%` : entity ? prefix.slice(0, 6) : prefix;
  const keyCond = entity && prefix.length > 6 ? `AND X.key IN (${ENTITY_IN_SCOPE[dim]})` : '';
  const period = `((X.grain = 'year' AND X.period = ANY($4::date[])) OR (X.grain = 'month' AND X.period = ANY($5::date[]))
      OR (X.grain = 'day' AND X.period = ANY($6::date[])))`;
  const deltaRegion = entity ? (wide ? `${prefix}%` : `${prefix.slice(0, 6)}%`) : `${prefix}%`;
  const inner = `
      SELECT X.key, X.metric, X.grain, X.period, X.value FROM stats_rollups X
      WHERE ${scopeCond} AND X.dim = $2 AND X.metric = ANY($3::text[]) AND ${period} ${keyCond}
      UNION ALL
      SELECT X.key, d.metric, X.grain, X.period, d.value
      FROM stats_deltas d
      CROSS JOIN LATERAL stats_cells(d.region_code, d.station_id, d.grid_id, d.deputy_id, d.unit_id, d.category_code, d.channel, d.campaign_id, d.day) X
      WHERE d.region_code LIKE $7 AND d.metric = ANY($3::text[]) AND ${scopeCond} AND X.dim = $2 AND ${period} ${keyCond}`;
  // deputy_level: each deputy's rows added to every active level of theirs, in the database
  const sql = byDeputyLevel
    ? `WITH u AS MATERIALIZED (SELECT key, metric, grain, period, sum(value) AS value FROM (${inner}) i GROUP BY 1, 2, 3, 4),
       lv AS (SELECT DISTINCT m.deputy_id::text AS deputy_id, m.level FROM deputy_mandates m
              WHERE m.status = 'active' AND m.deputy_id = ANY (ARRAY(SELECT DISTINCT key::uuid FROM u)))
       SELECT lv.level AS key, u.metric, u.grain, to_char(u.period, 'YYYY-MM-DD') AS period, sum(u.value)::bigint AS value
       FROM u JOIN lv ON lv.deputy_id = u.key
       GROUP BY lv.level, u.metric, u.grain, u.period HAVING sum(u.value) <> 0`
    : `SELECT key, metric, grain, to_char(period, 'YYYY-MM-DD') AS period, sum(value)::bigint AS value
       FROM (${inner}) u GROUP BY key, metric, grain, period HAVING sum(value) <> 0`;
  const params: unknown[] = [scope, dim, metrics, cells.years, cells.months, cells.days, deltaRegion];
  if (keyCond) params.push(`${prefix}%`);
  const r = await q.query<{ key: string; metric: MetricCode; grain: CellRow['grain']; period: string; value: string | number }>(sql, params);
  return r.rows.map((x) => ({ ...x, value: Number(x.value) }));
}

/**
 * Deputy levels of a county, city or province (migration 0019): the level rows, plus each pending
 * delta of a deputy under the deputy's active levels now (as the fold will count it). Years only.
 */
async function readLevelCells(q: Queryable, prefix: string, metrics: readonly MetricCode[], cells: PeriodCells): Promise<CellRow[]> {
  const r = await q.query<{ key: string; metric: MetricCode; grain: CellRow['grain']; period: string; value: string | number }>(
    `SELECT key, metric, 'year' AS grain, to_char(period, 'YYYY-MM-DD') AS period, sum(value)::bigint AS value FROM (
       SELECT X.key, X.metric, X.period, X.value FROM stats_rollups X
       WHERE X.scope = $1 AND X.dim = 'deputy_level' AND X.grain = 'year' AND X.metric = ANY($2::text[]) AND X.period = ANY($3::date[])
       UNION ALL
       SELECT lv.level, d.metric, date_trunc('year', d.day)::date, d.value
       FROM stats_deltas d
       CROSS JOIN LATERAL (SELECT DISTINCT m.level FROM deputy_mandates m WHERE m.deputy_id = d.deputy_id AND m.status = 'active') lv
       WHERE d.deputy_id IS NOT NULL AND d.region_code LIKE $4 AND d.metric = ANY($2::text[]) AND date_trunc('year', d.day)::date = ANY($3::date[])
     ) u GROUP BY key, metric, period HAVING sum(value) <> 0`,
    [prefix, metrics, cells.years, `${prefix}%`],
  );
  return r.rows.map((x) => ({ ...x, value: Number(x.value) }));
}

/** The fold's state; the lag is measured on the database's clock (the deltas' created_at). */
export async function foldState(q: Queryable): Promise<{ foldedAt: Date | null; pending: number; lagSeconds: number }> {
  const r = await q.query<{ folded_at: Date | null; pending: string | number; lag: string | number | null }>(
    `SELECT s.folded_at, (SELECT count(*) FROM stats_deltas) AS pending,
       (SELECT extract(epoch FROM now() - min(created_at)) FROM stats_deltas) AS lag
     FROM stats_fold_state s WHERE s.id = 1`,
  );
  const row = r.rows[0];
  return { foldedAt: row?.folded_at ?? null, pending: Number(row?.pending ?? 0), lagSeconds: Math.max(0, Math.round(Number(row?.lag ?? 0))) };
}

export async function fold(q: Queryable, now: Date): Promise<number> {
  const r = await q.query<{ n: string | number }>('SELECT stats_fold($1) AS n', [now]);
  return Number(r.rows[0]?.n ?? 0);
}

export async function rebuild(q: Queryable): Promise<void> {
  await q.query('SELECT stats_rebuild()');
}

export async function labels(q: Queryable, dim: StatsDimension, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const sql: Partial<Record<StatsDimension, string>> = {
    station: 'SELECT station_id::text AS k, name AS v FROM stations WHERE station_id = ANY($1::uuid[])',
    grid: 'SELECT grid_id::text AS k, name AS v FROM grids WHERE grid_id = ANY($1::uuid[])',
    deputy: 'SELECT deputy_id::text AS k, name AS v FROM deputies WHERE deputy_id = ANY($1::uuid[])',
    unit: 'SELECT unit_id::text AS k, name AS v FROM handling_units WHERE unit_id = ANY($1::uuid[])',
    campaign: 'SELECT campaign_id::text AS k, name AS v FROM campaigns WHERE campaign_id = ANY($1::uuid[])',
    child: 'SELECT region_code AS k, name AS v FROM regions WHERE region_code = ANY($1::text[])',
  };
  const s = sql[dim];
  if (!s) return new Map();
  const r = await q.query<{ k: string; v: string }>(s, [keys]);
  return new Map(r.rows.map((x) => [x.k, x.v]));
}

export async function regionName(q: Queryable, code: string): Promise<string | null> {
  const r = await q.query<{ name: string }>('SELECT name FROM regions WHERE region_code = $1', [code]);
  return r.rows[0]?.name ?? null;
}

// ---------------------------------------------------------------------------------------------
// Drill-down: the raw records behind a figure.

/** The events of each concern metric: which event types, and any condition on the first one. */
const HANDLED = `('resolved_on_spot', 'replied', 'master_reply_relayed')`;
const CLOSING = `('resolved_on_spot', 'closed', 'closed_not_rated')`;
const FIRST = (types: string) =>
  `(SELECT e.occurred_at, e.type, e.data FROM concern_events e WHERE e.concern_id = c.concern_id AND e.type IN ${types} ORDER BY e.event_id LIMIT 1)`;
const LATE = `EXISTS (SELECT 1 FROM ${FIRST(HANDLED)} h WHERE h.type = 'replied' AND COALESCE((h.data ->> 'overdue')::boolean, false))`;
const CONCERN_METRIC_SQL: Record<string, { first: string; cond: string }> = {
  concerns_collected: { first: FIRST(`('registered')`), cond: 'true' },
  concerns_dispatched: { first: FIRST(`('dispatched')`), cond: 'true' },
  concerns_reopened: { first: FIRST(`('reopened')`), cond: 'true' },
  concerns_handled: { first: FIRST(HANDLED), cond: 'true' },
  concerns_handled_late: { first: FIRST(HANDLED), cond: `x.type = 'replied' AND COALESCE((x.data ->> 'overdue')::boolean, false)` },
  concerns_closed: { first: FIRST(CLOSING), cond: 'true' },
  concerns_closed_on_time: { first: FIRST(CLOSING), cond: `NOT ${LATE}` },
  closed_satisfied: { first: FIRST(CLOSING), cond: `x.type = 'closed' AND x.data ->> 'rating' = 'satisfied'` },
  closed_basically_satisfied: { first: FIRST(CLOSING), cond: `x.type = 'closed' AND x.data ->> 'rating' = 'basically_satisfied'` },
  closed_dissatisfied: { first: FIRST(CLOSING), cond: `x.type = 'closed' AND x.data ->> 'rating' = 'dissatisfied'` },
  closed_not_rated: { first: FIRST(CLOSING), cond: `x.type = 'closed_not_rated'` },
};

export interface DrillFilter {
  prefix: string;
  from: string;
  to: string;
  dim: StatsDimension;
  key: string;
}

function dimCondition(dim: StatsDimension, t: 'c' | 'a' | 'p', param: string): string {
  const col: Record<'c' | 'a' | 'p', Partial<Record<StatsDimension, string>>> = {
    c: { category: 'c.category_code', channel: 'c.channel', station: 'c.station_id::text', grid: 'c.grid_id::text', deputy: 'c.collector_deputy_id::text', unit: 'c.lead_unit_id::text', campaign: 'c.campaign_id::text' },
    a: { station: 'a.station_id::text', grid: 'a.grid_id::text', campaign: 'a.campaign_id::text' },
    p: { station: 'a.station_id::text', grid: 'a.grid_id::text', campaign: 'a.campaign_id::text', deputy: 'p.deputy_id::text' },
  };
  const region = t === 'c' ? 'c.region_code' : 'a.region_code';
  if (dim === 'total') return `(${param} IS NOT NULL)`;
  if (dim === 'child') return `${region} LIKE ${param} || '%'`;
  if (dim === 'deputy_level') {
    const who = t === 'c' ? 'c.collector_deputy_id' : 'p.deputy_id';
    return `${who} IN (SELECT deputy_id FROM deputy_mandates WHERE status = 'active' AND level = ${param})`;
  }
  const c = col[t][dim];
  return c ? `${c} = ${param}` : 'false';
}

/** Entity cuts count an entity's records in its county (as the rollups do). */
function regionPattern(f: DrillFilter): string {
  return isEntityDim(f.dim) && f.prefix.length > 6 ? `${f.prefix.slice(0, 6)}%` : `${f.prefix}%`;
}

export interface ConcernRecord {
  concern_id: string;
  case_number: string;
  title: string;
  status: string;
  category_code: string;
  channel: string;
  region_code: string;
  counted_at: Date;
}

export async function drillConcerns(q: Queryable, metric: MetricCode, f: DrillFilter, page: number, pageSize: number): Promise<{ total: number; rows: ConcernRecord[] }> {
  const m = CONCERN_METRIC_SQL[metric];
  if (!m) throw new Error(`not a concern metric: ${metric}`);
  const sql = `
    SELECT c.concern_id, c.case_number, c.title, c.status, c.category_code, c.channel, c.region_code, x.occurred_at AS counted_at,
      count(*) OVER () AS total
    FROM concerns c CROSS JOIN LATERAL ${m.first} x
    WHERE c.region_code LIKE $1 AND stats_local_day(x.occurred_at) BETWEEN $2::date AND $3::date AND (${m.cond})
      AND ${dimCondition(f.dim, 'c', '$4::text')}
    ORDER BY x.occurred_at DESC, c.case_number LIMIT $5 OFFSET $6`;
  const r = await q.query<ConcernRecord & { total: string | number }>(sql, [regionPattern(f), f.from, f.to, f.key, pageSize, (page - 1) * pageSize]);
  const total = r.rows[0] ? Number(r.rows[0].total) : await countConcerns(q, metric, f);
  return { total, rows: r.rows.map(({ total: _t, ...row }) => row) };
}

async function countConcerns(q: Queryable, metric: MetricCode, f: DrillFilter): Promise<number> {
  const m = CONCERN_METRIC_SQL[metric]!;
  const r = await q.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM concerns c CROSS JOIN LATERAL ${m.first} x
     WHERE c.region_code LIKE $1 AND stats_local_day(x.occurred_at) BETWEEN $2::date AND $3::date AND (${m.cond}) AND ${dimCondition(f.dim, 'c', '$4::text')}`,
    [regionPattern(f), f.from, f.to, f.key],
  );
  return Number(r.rows[0]?.n ?? 0);
}

export interface ActivityRecord {
  activity_id: string;
  kind: string;
  started_at: Date;
  place: string;
  summary: string;
  region_code: string;
  constituents_received: number;
  participants: number;
  deputy_id: string | null;
  deputy_name: string | null;
}

/** Activities (activities_held, constituents_received) or participations (deputy_person_times). */
export async function drillActivities(
  q: Queryable,
  metric: MetricCode,
  f: DrillFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; sum: number; rows: ActivityRecord[] }> {
  const perParticipant = metric === 'deputy_person_times';
  const from = perParticipant ? 'activity_participants p JOIN activities a ON a.activity_id = p.activity_id LEFT JOIN deputies dp ON dp.deputy_id = p.deputy_id' : 'activities a';
  const where = `a.region_code LIKE $1 AND stats_local_day(a.started_at) BETWEEN $2::date AND $3::date AND ${dimCondition(f.dim, perParticipant ? 'p' : 'a', '$4::text')}`;
  const sumExpr = metric === 'constituents_received' ? 'a.constituents_received' : '1';
  const sql = `
    SELECT a.activity_id, a.kind, a.started_at, a.place, a.summary, a.region_code, a.constituents_received,
      (SELECT count(*)::int FROM activity_participants pp WHERE pp.activity_id = a.activity_id) AS participants,
      ${perParticipant ? 'p.deputy_id::text AS deputy_id, dp.name AS deputy_name' : 'NULL AS deputy_id, NULL AS deputy_name'},
      count(*) OVER () AS total, sum(${sumExpr}) OVER () AS sum
    FROM ${from} WHERE ${where}
    ORDER BY a.started_at DESC, a.activity_id ${perParticipant ? ', p.deputy_id' : ''} LIMIT $5 OFFSET $6`;
  const r = await q.query<ActivityRecord & { total: string | number; sum: string | number }>(sql, [regionPattern(f), f.from, f.to, f.key, pageSize, (page - 1) * pageSize]);
  if (r.rows[0]) return { total: Number(r.rows[0].total), sum: Number(r.rows[0].sum), rows: r.rows.map(({ total: _t, sum: _s, ...row }) => row) };
  const c = await q.query<{ n: string | number; s: string | number | null }>(`SELECT count(*) AS n, sum(${sumExpr}) AS s FROM ${from} WHERE ${where}`, [regionPattern(f), f.from, f.to, f.key]);
  return { total: Number(c.rows[0]?.n ?? 0), sum: Number(c.rows[0]?.s ?? 0), rows: [] };
}

// Suggestions and projects: their figures are a function of their own row (migration 0017), the same
// one the triggers and the rebuild use; the drill-down lists the rows whose figure it is.

function recordDimCondition(dim: StatsDimension, t: 's' | 'p', param: string): string {
  const col: Partial<Record<StatsDimension, string>> = t === 's'
    ? { category: 's.category', deputy: 's.lead_deputy_id::text', unit: 's.lead_unit_id::text' }
    : { deputy: 'p.proposer_deputy_id::text', unit: 'p.unit_id::text' };
  if (dim === 'total') return `(${param} IS NOT NULL)`;
  if (dim === 'child') return `${t}.region_code LIKE ${param} || '%'`;
  if (dim === 'deputy_level') {
    return `${t === 's' ? 's.lead_deputy_id' : 'p.proposer_deputy_id'} IN (SELECT deputy_id FROM deputy_mandates WHERE status = 'active' AND level = ${param})`;
  }
  const c = col[dim];
  return c ? `${c} = ${param}` : 'false';
}

export interface SuggestionRecord {
  suggestion_id: string;
  case_number: string | null;
  title: string;
  status: string;
  category: string;
  region_code: string;
  counted_at: Date;
}

export async function drillSuggestions(q: Queryable, metric: MetricCode, f: DrillFilter, page: number, pageSize: number): Promise<{ total: number; rows: SuggestionRecord[] }> {
  const r = await pageWithTotals<SuggestionRecord>(
    q,
    `SELECT s.suggestion_id, s.case_number, s.title, s.status, s.category, s.region_code, x.at AS counted_at, x.value
     FROM suggestions s CROSS JOIN LATERAL stats_suggestion_figures(s) x`,
    `x.metric = $5 AND s.region_code LIKE $1 AND x.day BETWEEN $2::date AND $3::date AND ${recordDimCondition(f.dim, 's', '$4::text')}`,
    'counted_at DESC, suggestion_id',
    [regionPattern(f), f.from, f.to, f.key, metric],
    page,
    pageSize,
  );
  return { total: r.total, rows: r.rows };
}

export interface ProjectRecord {
  project_id: string;
  public_id: string;
  kind: string;
  title: string;
  status: string;
  region_code: string;
  budget_fen: string | number | null;
  counted_on: string;
}

/** micro_projects_* / livelihood_projects_*: the projects behind the figure, and (money) the sum of their budgets. */
export async function drillProjects(q: Queryable, metric: MetricCode, f: DrillFilter, page: number, pageSize: number): Promise<{ total: number; sum: number; rows: ProjectRecord[] }> {
  return pageWithTotals<ProjectRecord>(
    q,
    `SELECT p.project_id, p.public_id, p.kind, p.title, p.status, p.region_code, p.budget_fen, to_char(x.day, 'YYYY-MM-DD') AS counted_on, x.value
     FROM projects p CROSS JOIN LATERAL stats_project_figures(p) x`,
    `x.metric = $5 AND p.region_code LIKE $1 AND x.day BETWEEN $2::date AND $3::date AND ${recordDimCondition(f.dim, 'p', '$4::text')}`,
    'counted_on DESC, project_id',
    [regionPattern(f), f.from, f.to, f.key, metric],
    page,
    pageSize,
  );
}

/**
 * One page of `select` (which names the figure's value `value`; `order` names its output columns)
 * with the number of records and the sum of their values over all pages; past the last page,
 * counted apart.
 */
async function pageWithTotals<R>(q: Queryable, select: string, where: string, order: string, params: unknown[], page: number, pageSize: number): Promise<{ total: number; sum: number; rows: R[] }> {
  const n = params.length;
  const r = await q.query<R & { value: string | number; total: string | number; sum: string | number }>(
    `SELECT *, count(*) OVER () AS total, sum(value) OVER () AS sum FROM (${select} WHERE ${where}) t ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, pageSize, (page - 1) * pageSize],
  );
  if (r.rows[0]) return { total: Number(r.rows[0].total), sum: Number(r.rows[0].sum), rows: r.rows.map(({ total: _t, sum: _s, value: _v, ...row }) => row as unknown as R) };
  const c = await q.query<{ n: string | number; s: string | number | null }>(`SELECT count(*) AS n, sum(value) AS s FROM (${select} WHERE ${where}) t`, params);
  return { total: Number(c.rows[0]?.n ?? 0), sum: Number(c.rows[0]?.s ?? 0), rows: [] };
}

/** Towns and grids of a scope with their GeoJSON (kept by the organisation module). */
export async function mapShapes(q: Queryable, prefix: string): Promise<{ kind: 'town' | 'grid'; key: string; name: string; boundary: unknown; lat: number | null; lng: number | null }[]> {
  const r = await q.query<{ kind: 'town' | 'grid'; key: string; name: string; boundary: unknown; lat: number | null; lng: number | null }>(
    `SELECT 'grid' AS kind, grid_id::text AS key, name, boundary, centre_lat AS lat, centre_lng AS lng FROM grids
       WHERE village_code LIKE $1 AND kind = 'grid' AND is_active AND boundary IS NOT NULL
     ORDER BY key LIMIT 5000`,
    [`${prefix}%`],
  );
  return r.rows;
}
