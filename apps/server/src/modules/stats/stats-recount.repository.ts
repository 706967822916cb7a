/**
 * The independent recount for the statistics tests (R-STAT-1): reads the raw records (concerns,
 * concern_events, activities, participants, mandates, suggestions, projects) and counts every metric in plain
 * TypeScript, without the triggers, facts, rollups or drill-down SQL.
 */
import type { Queryable } from '@gridvoice/db';
import type { MetricCode, StatsDimension } from '@gridvoice/core';

const SHANGHAI_MS = 8 * 3600 * 1000;
const localDay = (d: Date) => new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);

export interface Counted {
  metric: MetricCode;
  day: string;
  value: number;
  region: string;
  dims: Partial<Record<StatsDimension, string | null>>;
  /** deputy levels of the deputy dimension */
  levels: string[];
}

export async function rawCounted(q: Queryable): Promise<Counted[]> {
  const concerns = (await q.query<{ concern_id: string; region_code: string; station_id: string | null; grid_id: string | null; collector_deputy_id: string | null; lead_unit_id: string | null; category_code: string; channel: string; campaign_id: string | null }>(
    'SELECT concern_id, region_code, station_id, grid_id, collector_deputy_id, lead_unit_id, category_code, channel, campaign_id FROM concerns',
  )).rows;
  const events = (await q.query<{ concern_id: string; type: string; occurred_at: Date; data: Record<string, unknown> }>(
    'SELECT concern_id, type, occurred_at, data FROM concern_events ORDER BY event_id',
  )).rows;
  const mandates = (await q.query<{ deputy_id: string; level: string }>("SELECT DISTINCT deputy_id, level FROM deputy_mandates WHERE status = 'active'")).rows;
  const levelsOf = new Map<string, string[]>();
  for (const m of mandates) levelsOf.set(m.deputy_id, [...(levelsOf.get(m.deputy_id) ?? []), m.level]);
  const byConcern = new Map<string, typeof events>();
  for (const e of events) byConcern.set(e.concern_id, [...(byConcern.get(e.concern_id) ?? []), e]);
  const out: Counted[] = [];
  for (const c of concerns) {
    const ev = byConcern.get(c.concern_id) ?? [];
    const first = (types: string[]) => ev.find((e) => types.includes(e.type));
    const dims = {
      category: c.category_code, channel: c.channel, station: c.station_id, grid: c.grid_id,
      deputy: c.collector_deputy_id, unit: c.lead_unit_id, campaign: c.campaign_id,
    };
    const push = (metric: MetricCode, e: { occurred_at: Date } | undefined) => {
      if (e) out.push({ metric, day: localDay(e.occurred_at), value: 1, region: c.region_code, dims, levels: c.collector_deputy_id ? levelsOf.get(c.collector_deputy_id) ?? [] : [] });
    };
    push('concerns_collected', first(['registered']));
    push('concerns_dispatched', first(['dispatched']));
    push('concerns_reopened', first(['reopened']));
    const handled = first(['resolved_on_spot', 'replied', 'master_reply_relayed']);
    push('concerns_handled', handled);
    const late = handled?.type === 'replied' && handled.data.overdue === true;
    if (late) push('concerns_handled_late', handled);
    const closed = first(['resolved_on_spot', 'closed', 'closed_not_rated']);
    push('concerns_closed', closed);
    if (closed && !late) push('concerns_closed_on_time', closed);
    if (closed?.type === 'closed_not_rated') push('closed_not_rated', closed);
    if (closed?.type === 'closed') {
      const r = closed.data.rating;
      if (r === 'satisfied') push('closed_satisfied', closed);
      if (r === 'basically_satisfied') push('closed_basically_satisfied', closed);
      if (r === 'dissatisfied') push('closed_dissatisfied', closed);
    }
  }
  const acts = (await q.query<{ activity_id: string; region_code: string; station_id: string | null; grid_id: string | null; campaign_id: string | null; started_at: Date; constituents_received: number }>(
    'SELECT activity_id, region_code, station_id, grid_id, campaign_id, started_at, constituents_received FROM activities',
  )).rows;
  const parts = (await q.query<{ activity_id: string; deputy_id: string }>('SELECT activity_id, deputy_id FROM activity_participants')).rows;
  const actById = new Map(acts.map((a) => [a.activity_id, a]));
  for (const a of acts) {
    const dims = { station: a.station_id, grid: a.grid_id, campaign: a.campaign_id };
    out.push({ metric: 'activities_held', day: localDay(a.started_at), value: 1, region: a.region_code, dims, levels: [] });
    if (a.constituents_received) out.push({ metric: 'constituents_received', day: localDay(a.started_at), value: a.constituents_received, region: a.region_code, dims, levels: [] });
  }
  for (const p of parts) {
    const a = actById.get(p.activity_id)!;
    out.push({
      metric: 'deputy_person_times', day: localDay(a.started_at), value: 1, region: a.region_code,
      dims: { station: a.station_id, grid: a.grid_id, campaign: a.campaign_id, deputy: p.deputy_id }, levels: levelsOf.get(p.deputy_id) ?? [],
    });
  }
  // suggestions: their state; projects: their status and dates (read here in TypeScript, apart from migration 0017's SQL)
  const sugs = (await q.query<{ status: string; region_code: string; lead_deputy_id: string; lead_unit_id: string | null; category: string; state: { filedAt?: string | null; replies?: { at: string; category: string }[]; ratings?: { result: string }[]; closedAt?: string | null } }>(
    'SELECT status, region_code, lead_deputy_id, lead_unit_id, category, state FROM suggestions',
  )).rows;
  for (const s of sugs) {
    if (s.status === 'drafting') continue;
    const dims = { category: s.category, deputy: s.lead_deputy_id, unit: s.lead_unit_id };
    const push = (metric: string, at: string | null | undefined) => {
      if (at) out.push({ metric: metric as MetricCode, day: localDay(new Date(at)), value: 1, region: s.region_code, dims, levels: levelsOf.get(s.lead_deputy_id) ?? [] });
    };
    push('suggestions_formed', s.state.filedAt);
    const reply = s.state.replies?.[0];
    push('suggestions_replied', reply?.at);
    if (reply) push(`suggestions_replied_${reply.category.toLowerCase()}`, reply.at);
    if (s.status === 'closed') {
      push('suggestions_closed', s.state.closedAt);
      const last = s.state.ratings?.[s.state.ratings.length - 1];
      if (last) push(`suggestions_closed_${last.result}`, s.state.closedAt);
    }
  }
  const projects = (await q.query<{ kind: string; status: string; region_code: string; proposer_deputy_id: string | null; unit_id: string | null; budget_fen: string | number | null; approved_on: string | null; finished_on: string | null; accepted_on: string | null }>(
    `SELECT kind, status, region_code, proposer_deputy_id, unit_id, budget_fen, to_char(approved_on, 'YYYY-MM-DD') AS approved_on,
       to_char(finished_on, 'YYYY-MM-DD') AS finished_on, to_char(accepted_on, 'YYYY-MM-DD') AS accepted_on FROM projects`,
  )).rows;
  for (const p of projects) {
    if (!['approved', 'started', 'finished', 'accepted'].includes(p.status)) continue;
    const dims = { deputy: p.proposer_deputy_id, unit: p.unit_id };
    const levels = p.proposer_deputy_id ? levelsOf.get(p.proposer_deputy_id) ?? [] : [];
    const push = (what: string, day: string | null, value: number | null) => {
      if (day && value !== null) out.push({ metric: `${p.kind}_projects_${what}` as MetricCode, day, value, region: p.region_code, dims, levels });
    };
    push('approved', p.approved_on, 1);
    push('money', p.approved_on, p.budget_fen === null ? null : Number(p.budget_fen));
    if (p.status === 'finished' || p.status === 'accepted') push('finished', p.finished_on ?? p.accepted_on, 1);
  }
  return out;
}

/** Region prefix (as regionPrefix): the significant digits. */
export function prefixOf(code: string): string {
  if (code.slice(9) !== '000') return code;
  if (code.slice(6, 9) !== '000') return code.slice(0, 9);
  if (code.slice(4, 6) !== '00') return code.slice(0, 6);
  if (code.slice(2, 4) !== '00') return code.slice(0, 4);
  return code.slice(0, 2);
}

const ENTITY = new Set(['station', 'grid', 'deputy', 'unit', 'campaign']);

/**
 * key → metric → value for one scope, dimension and range, with the definitions of docs/metrics.md:
 * entity cuts count an entity's records in its county, for the entities managed within the scope.
 */
export function recount(
  all: Counted[],
  prefix: string,
  dim: StatsDimension,
  from: string,
  to: string,
  entityInScope: (dim: string, key: string) => boolean,
): Map<string, Map<MetricCode, number>> {
  const out = new Map<string, Map<MetricCode, number>>();
  const add = (key: string, m: MetricCode, v: number) => {
    const k = out.get(key) ?? new Map<MetricCode, number>();
    k.set(m, (k.get(m) ?? 0) + v);
    out.set(key, k);
  };
  const nextLen = prefix.length === 2 ? 4 : prefix.length === 4 ? 6 : prefix.length === 6 ? 9 : prefix.length === 9 ? 12 : null;
  for (const c of all) {
    if (c.day < from || c.day > to) continue;
    const region = ENTITY.has(dim) || dim === 'deputy_level' ? (prefix.length > 6 ? prefix.slice(0, 6) : prefix) : prefix;
    if (!c.region.startsWith(region)) continue;
    if (dim === 'total') add('', c.metric, c.value);
    else if (dim === 'child') {
      if (!nextLen) continue;
      const key = c.region.slice(0, nextLen);
      if ((nextLen === 9 && c.region.slice(6, 9) === '000') || (nextLen === 12 && c.region.slice(9) === '000')) continue;
      add(key, c.metric, c.value);
    } else if (dim === 'deputy_level') {
      const dep = c.dims.deputy;
      if (!dep || (prefix.length > 6 && !entityInScope('deputy', dep))) continue;
      for (const l of c.levels) add(l, c.metric, c.value);
    } else {
      const key = c.dims[dim];
      if (key === null || key === undefined) continue;
      if (ENTITY.has(dim) && prefix.length > 6 && !entityInScope(dim, key)) continue;
      add(key, c.metric, c.value);
    }
  }
  return out;
}
