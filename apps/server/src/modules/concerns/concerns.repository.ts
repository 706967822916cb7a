import type { Queryable } from '@gridvoice/db';
import type { ConcernStatus } from '@gridvoice/core';
import type { RequestContext } from '../../types.js';
import { redactForAudit } from '../audit/audit.repository.js';
import type { ConcernStateJson } from './concern-state.json.js';

// ─── Rows ───────────────────────────────────────────────────────────────────────────────────

export interface ConcernRow {
  concern_id: string;
  case_number: string;
  county_code: string;
  region_code: string;
  region_name: string | null;
  grid_id: string | null;
  micro_grid_id: string | null;
  station_id: string | null;
  title: string;
  content: string;
  category_code: string;
  channel: string;
  tier: string;
  status: ConcernStatus;
  level: string;
  collector_kind: string;
  collector_deputy_id: string | null;
  collector_user_id: string | null;
  created_by: string | null;
  lead_unit_id: string | null;
  due_at: Date | null;
  yellow_at: Date | null;
  red_at: Date | null;
  rating_due_at: Date | null;
  reopen_count: number;
  key_supervision: boolean;
  rating: string | null;
  closed_at: Date | null;
  merged_into: string | null;
  latitude: number | null;
  longitude: number | null;
  state: ConcernStateJson;
  version: number;
  created_at: Date;
  updated_at: Date;
  c_name_masked: string | null;
  c_phone_masked: string | null;
  c_address_masked: string | null;
  c_anonymous: boolean | null;
}

/** The columns kept beside the state snapshot for queries (all derived from the state). */
export interface DerivedColumns {
  status: ConcernStatus;
  level: string;
  tier: string;
  leadUnitId: string | null;
  dueAt: Date | null;
  yellowAt: Date | null;
  redAt: Date | null;
  ratingDueAt: Date | null;
  reopenCount: number;
  keySupervision: boolean;
  rating: string | null;
  closedAt: Date | null;
  mergedInto: string | null;
}

const COLUMNS = `c.concern_id, c.case_number, c.county_code, c.region_code, r.name AS region_name, c.grid_id,
  c.micro_grid_id, c.station_id, c.title, c.content, c.category_code, c.channel, c.tier, c.status, c.level,
  c.collector_kind, c.collector_deputy_id, c.collector_user_id, c.created_by, c.lead_unit_id, c.due_at, c.yellow_at,
  c.red_at, c.rating_due_at, c.reopen_count, c.key_supervision, c.rating, c.closed_at, c.merged_into, c.latitude,
  c.longitude, c.state, c.version, c.created_at, c.updated_at, k.name_masked AS c_name_masked,
  k.phone_masked AS c_phone_masked, k.address_masked AS c_address_masked, k.anonymous AS c_anonymous`;
const FROM = `concerns c LEFT JOIN regions r ON r.region_code = c.region_code
  LEFT JOIN concern_constituents k ON k.concern_id = c.concern_id`;

// ─── Regions, settings, calendar ────────────────────────────────────────────────────────────

export async function findRegion(
  q: Queryable,
  code: string,
): Promise<{ region_code: string; level: string; county_code: string | null } | null> {
  const r = await q.query<{ region_code: string; level: string; county_code: string | null }>(
    'SELECT region_code, level, county_code FROM regions WHERE region_code = $1',
    [code],
  );
  return r.rows[0] ?? null;
}

export interface SettingsRow {
  region_code: string;
  tier_working_days: Record<string, number>;
  not_rated_after_days: number | null;
  reopen_working_days: number | null;
  max_reopens: number | null;
  retention_months: number | null;
}

/** The settings of the nearest of these regions (most specific first), or null. */
export async function findNearestSettings(q: Queryable, regionCodes: string[]): Promise<SettingsRow | null> {
  const r = await q.query<SettingsRow>(
    `SELECT region_code, tier_working_days, not_rated_after_days, reopen_working_days, max_reopens, retention_months
     FROM concern_settings WHERE region_code = ANY($1::text[])`,
    [regionCodes],
  );
  for (const code of regionCodes) {
    const row = r.rows.find((x) => x.region_code === code);
    if (row) return row;
  }
  return null;
}

/** The retention months of the nearest of these regions (most specific first) that sets them, or null. */
export async function findNearestRetention(q: Queryable, regionCodes: string[]): Promise<number | null> {
  const r = await q.query<{ region_code: string; retention_months: number }>(
    `SELECT region_code, retention_months FROM concern_settings
     WHERE region_code = ANY($1::text[]) AND retention_months IS NOT NULL`,
    [regionCodes],
  );
  for (const code of regionCodes) {
    const row = r.rows.find((x) => x.region_code === code);
    if (row) return row.retention_months;
  }
  return null;
}

export async function upsertSettings(
  q: Queryable,
  s: {
    regionCode: string;
    tierWorkingDays: Record<string, number>;
    notRatedAfterDays: number | null;
    reopenWorkingDays: number | null;
    maxReopens: number | null;
    retentionMonths: number | null;
    userId: string | null;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO concern_settings (region_code, tier_working_days, not_rated_after_days, reopen_working_days,
       max_reopens, retention_months, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (region_code) DO UPDATE SET tier_working_days = EXCLUDED.tier_working_days,
       not_rated_after_days = EXCLUDED.not_rated_after_days, reopen_working_days = EXCLUDED.reopen_working_days,
       max_reopens = EXCLUDED.max_reopens, retention_months = EXCLUDED.retention_months,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [s.regionCode, JSON.stringify(s.tierWorkingDays), s.notRatedAfterDays, s.reopenWorkingDays, s.maxReopens, s.retentionMonths, s.userId, s.now],
  );
}

export interface CalendarOverrideRow {
  day: string;
  kind: 'workday' | 'holiday';
  note: string | null;
}

export async function listCalendarOverrides(q: Queryable, year?: number): Promise<CalendarOverrideRow[]> {
  const r = await q.query<CalendarOverrideRow>(
    year === undefined
      ? 'SELECT day, kind, note FROM calendar_overrides ORDER BY day'
      : `SELECT day, kind, note FROM calendar_overrides WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1)
         ORDER BY day`,
    year === undefined ? [] : [year],
  );
  return r.rows;
}

export async function replaceCalendarOverrides(
  q: Queryable,
  year: number,
  days: { date: string; kind: string; note: string | null }[],
  userId: string | null,
  now: Date,
): Promise<void> {
  await q.query('DELETE FROM calendar_overrides WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1)', [
    year,
  ]);
  if (days.length === 0) return;
  await q.query(
    `INSERT INTO calendar_overrides (day, kind, note, updated_by, updated_at)
     SELECT d::date, k, n, $4, $5 FROM unnest($1::text[], $2::text[], $3::text[]) AS x(d, k, n)`,
    [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.note), userId, now],
  );
}

/** Of these handling units, those that exist and are active. */
export async function findActiveUnitIds(q: Queryable, unitIds: string[]): Promise<string[]> {
  const r = await q.query<{ unit_id: string }>(
    'SELECT unit_id FROM handling_units WHERE unit_id = ANY($1::uuid[]) AND is_active',
    [unitIds],
  );
  return r.rows.map((x) => x.unit_id);
}

export async function findDeputyCounty(q: Queryable, deputyId: string): Promise<string | null> {
  const r = await q.query<{ county_code: string }>('SELECT county_code FROM deputies WHERE deputy_id = $1', [deputyId]);
  return r.rows[0]?.county_code ?? null;
}

export async function findStationCounty(q: Queryable, stationId: string): Promise<string | null> {
  const r = await q.query<{ county_code: string }>('SELECT county_code FROM stations WHERE station_id = $1', [stationId]);
  return r.rows[0]?.county_code ?? null;
}

export async function findGridVillage(q: Queryable, gridId: string): Promise<string | null> {
  const r = await q.query<{ village_code: string }>('SELECT village_code FROM grids WHERE grid_id = $1', [gridId]);
  return r.rows[0]?.village_code ?? null;
}

// ─── Numbering and idempotency ──────────────────────────────────────────────────────────────

/** Claims the key (waits for a concurrent holder to finish); false when it was already taken. */
export async function claimIdempotencyKey(
  q: Queryable,
  k: { userId: string; key: string; scope: string; requestHash: string; now: Date },
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO idempotency_keys (actor_user_id, key, scope, request_hash, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (actor_user_id, key) DO NOTHING RETURNING key`,
    [k.userId, k.key, k.scope, k.requestHash, k.now],
  );
  return r.rows.length > 0;
}

export async function findIdempotencyKey(
  q: Queryable,
  userId: string,
  key: string,
): Promise<{ scope: string; request_hash: string; response: { concernId?: string } | null } | null> {
  const r = await q.query<{ scope: string; request_hash: string; response: { concernId?: string } | null }>(
    'SELECT scope, request_hash, response FROM idempotency_keys WHERE actor_user_id = $1 AND key = $2',
    [userId, key],
  );
  return r.rows[0] ?? null;
}

export async function setIdempotencyResponse(q: Queryable, userId: string, key: string, response: unknown): Promise<void> {
  await q.query('UPDATE idempotency_keys SET response = $3 WHERE actor_user_id = $1 AND key = $2', [
    userId,
    key,
    JSON.stringify(response),
  ]);
}

// ─── Writes ─────────────────────────────────────────────────────────────────────────────────

export interface NewConcern {
  concernId: string;
  caseNumber: string;
  countyCode: string;
  regionCode: string;
  gridId: string | null;
  microGridId: string | null;
  stationId: string | null;
  title: string;
  content: string;
  categoryCode: string;
  channel: string;
  collectorKind: string;
  collectorDeputyId: string | null;
  collectorUserId: string | null;
  createdBy: string | null;
  latitude: number | null;
  longitude: number | null;
  attachmentIds: string[];
  campaignId: string | null;
  searchTokens: string;
  state: ConcernStateJson;
  derived: DerivedColumns;
  version: number;
  now: Date;
}

/** Saves the next state when the stored version is still `expectedVersion`; false when it is not. */
export async function updateConcernState(
  q: Queryable,
  concernId: string,
  expectedVersion: number,
  state: ConcernStateJson,
  d: DerivedColumns,
  version: number,
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE concerns SET state = $3, status = $4, level = $5, tier = $6, lead_unit_id = $7, due_at = $8, yellow_at = $9,
       red_at = $10, rating_due_at = $11, reopen_count = $12, key_supervision = $13, rating = $14, closed_at = $15,
       merged_into = $16, version = $17, updated_at = $18
     WHERE concern_id = $1 AND version = $2`,
    [
      concernId, expectedVersion, JSON.stringify(state), d.status, d.level, d.tier, d.leadUnitId, d.dueAt, d.yellowAt,
      d.redAt, d.ratingDueAt, d.reopenCount, d.keySupervision, d.rating, d.closedAt, d.mergedInto, version, now,
    ],
  );
  return r.rowCount === 1;
}

export interface UnitProjection {
  unitId: string;
  round: number;
  role: string;
  status: string;
  isCurrent: boolean;
  assignedAt: Date;
  dueAt: Date;
}

export async function replaceConcernUnits(
  q: Queryable,
  concernId: string,
  countyCode: string,
  units: UnitProjection[],
): Promise<void> {
  await q.query('DELETE FROM concern_units WHERE concern_id = $1', [concernId]);
  if (units.length === 0) return;
  await q.query(
    `INSERT INTO concern_units (concern_id, unit_id, round, county_code, role, status, is_current, assigned_at, due_at)
     SELECT $1, u, r, $2, ro, st, cur, a, d
     FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[], $7::boolean[], $8::timestamptz[], $9::timestamptz[])
       AS x(u, r, ro, st, cur, a, d)`,
    [
      concernId,
      countyCode,
      units.map((u) => u.unitId),
      units.map((u) => u.round),
      units.map((u) => u.role),
      units.map((u) => u.status),
      units.map((u) => u.isCurrent),
      units.map((u) => u.assignedAt.toISOString()),
      units.map((u) => u.dueAt.toISOString()),
    ],
  );
}

export interface NewConstituent {
  concernId: string;
  countyCode: string;
  nameEnc: string | null;
  nameMasked: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  phoneIndex: string | null;
  addressEnc: string | null;
  addressMasked: string | null;
  anonymous: boolean;
  privacyNoticeVersion: string | null;
  now: Date;
}

export interface NewEvent {
  version: number;
  type: string;
  at: string;
  actorRole: string;
  actorUserId: string | null;
  fromStatus: string | null;
  toStatus: string;
  unitId: string | null;
  data: Record<string, unknown>;
  notify: string[];
}

/**
 * Appends the timeline events and, for each, one outbox row (topic `concern.<event>`), in one
 * statement — the caller's transaction makes them part of the transition.
 */
export async function appendEventsWithOutbox(
  q: Queryable,
  concernId: string,
  countyCode: string,
  caseNumber: string,
  events: NewEvent[],
  now: Date,
): Promise<void> {
  await q.query(
    `WITH ev AS (
       INSERT INTO concern_events (concern_id, county_code, version, type, occurred_at, actor_role, actor_user_id,
         from_status, to_status, unit_id, data, notify)
       SELECT $1, $2, e.version, e.type, e.at, e."actorRole", e."actorUserId", e."fromStatus", e."toStatus", e."unitId",
         e.data, e.notify
       FROM jsonb_to_recordset($4::jsonb) AS e(version int, type text, at timestamptz, "actorRole" text,
         "actorUserId" uuid, "fromStatus" text, "toStatus" text, "unitId" uuid, data jsonb, notify jsonb)
       RETURNING event_id, type, occurred_at, version, actor_role, actor_user_id, from_status, to_status, unit_id, data, notify
     )
     INSERT INTO outbox (topic, aggregate_type, aggregate_id, county_code, targets, payload, created_at, available_at)
     SELECT 'concern.' || ev.type, 'concern', $1::text, $2, ev.notify,
       jsonb_build_object('concernId', $1::text, 'caseNumber', $3::text, 'eventId', ev.event_id, 'type', ev.type,
         'version', ev.version, 'at', ev.occurred_at, 'actorRole', ev.actor_role, 'actorUserId', ev.actor_user_id,
         'fromStatus', ev.from_status, 'toStatus', ev.to_status, 'unitId', ev.unit_id, 'data', ev.data),
       $5, $5
     FROM ev ORDER BY ev.event_id`,
    [concernId, countyCode, caseNumber, JSON.stringify(events), now],
  );
}

export interface RegistrationItem {
  concern: Omit<NewConcern, 'caseNumber'> & { year: number };
  constituent: Omit<NewConstituent, 'concernId' | 'countyCode' | 'now'> | null;
  events: NewEvent[];
  audit: { ctx: RequestContext; action: string; after: Record<string, unknown> };
}

/**
 * Registration of one or several concerns in one statement: for each, the next case number of
 * its county and year (row lock until commit; a batch takes a block per county and numbers it in
 * item order), the concern with its state, the constituent, the first timeline event with its
 * outbox row, and the audit record. The case number is written into the state, the event and
 * the audit image here, since only this statement knows it. One statement, so all or none.
 * Returns the case numbers in item order.
 */
export async function insertRegisteredConcerns(q: Queryable, items: RegistrationItem[]): Promise<string[]> {
  const rows = items.map((it, ord) => {
    const c = it.concern;
    const d = c.derived;
    const k = it.constituent;
    const a = it.audit;
    return {
      ord, concern_id: c.concernId, year: c.year, county_code: c.countyCode, region_code: c.regionCode,
      grid_id: c.gridId, micro_grid_id: c.microGridId, station_id: c.stationId, title: c.title, content: c.content,
      category_code: c.categoryCode, channel: c.channel, tier: d.tier, status: d.status, level: d.level,
      collector_kind: c.collectorKind, collector_deputy_id: c.collectorDeputyId, collector_user_id: c.collectorUserId,
      created_by: c.createdBy, lead_unit_id: d.leadUnitId, due_at: d.dueAt, yellow_at: d.yellowAt, red_at: d.redAt,
      rating_due_at: d.ratingDueAt, reopen_count: d.reopenCount, key_supervision: d.keySupervision, rating: d.rating,
      closed_at: d.closedAt, merged_into: d.mergedInto, latitude: c.latitude, longitude: c.longitude,
      attachment_ids: c.attachmentIds, campaign_id: c.campaignId, search_tokens: c.searchTokens, state: c.state,
      version: c.version, now: c.now,
      k: k && {
        name_enc: k.nameEnc, name_masked: k.nameMasked, phone_enc: k.phoneEnc, phone_masked: k.phoneMasked,
        phone_index: k.phoneIndex, address_enc: k.addressEnc, address_masked: k.addressMasked, anonymous: k.anonymous,
        privacy_notice_version: k.privacyNoticeVersion,
      },
      events: it.events,
      a_user_id: a.ctx.actor?.userId ?? null, a_username: a.ctx.actor?.username ?? null, a_role: a.ctx.actor?.role ?? null,
      a_action: a.action, a_after: redactForAudit(a.after), a_ip: a.ctx.ip, a_request_id: a.ctx.requestId,
    };
  });
  const r = await q.query<{ ord: number; case_number: string }>(
    `WITH i AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, concern_id uuid, year int, county_code text,
         region_code text, grid_id uuid, micro_grid_id uuid, station_id uuid, title text, content text,
         category_code text, channel text, tier text, status text, level text, collector_kind text,
         collector_deputy_id uuid, collector_user_id uuid, created_by uuid, lead_unit_id uuid, due_at timestamptz,
         yellow_at timestamptz, red_at timestamptz, rating_due_at timestamptz, reopen_count int, key_supervision boolean,
         rating text, closed_at timestamptz, merged_into uuid, latitude double precision, longitude double precision,
         attachment_ids jsonb, campaign_id uuid, search_tokens text, state jsonb, version int, now timestamptz, k jsonb,
         events jsonb, a_user_id uuid, a_username text, a_role text, a_action text, a_after jsonb, a_ip text,
         a_request_id text)
     ), n AS (
       SELECT county_code, year, count(*)::int AS n FROM i GROUP BY county_code, year
     ), seq AS (
       INSERT INTO concern_case_sequences AS s (county_code, year, last_value)
       SELECT county_code, year, n FROM n ORDER BY county_code, year
       ON CONFLICT (county_code, year) DO UPDATE SET last_value = s.last_value + EXCLUDED.last_value
       RETURNING county_code, year, last_value
     ), num AS (
       SELECT i.*, i.county_code || '-' || i.year::text || '-' || lpad((seq.last_value - n.n
           + row_number() OVER (PARTITION BY i.county_code, i.year ORDER BY i.ord))::text, 6, '0') AS case_number
       FROM i JOIN n USING (county_code, year) JOIN seq USING (county_code, year)
     ), c AS (
       INSERT INTO concerns (concern_id, case_number, county_code, region_code, grid_id, micro_grid_id, station_id, title,
         content, category_code, channel, tier, status, level, collector_kind, collector_deputy_id, collector_user_id,
         created_by, lead_unit_id, due_at, yellow_at, red_at, rating_due_at, reopen_count, key_supervision, rating,
         closed_at, merged_into, latitude, longitude, attachment_ids, campaign_id, search_tokens, state, version,
         created_at, updated_at)
       SELECT concern_id, case_number, county_code, region_code, grid_id, micro_grid_id, station_id, title, content,
         category_code, channel, tier, status, level, collector_kind, collector_deputy_id, collector_user_id, created_by,
         lead_unit_id, due_at, yellow_at, red_at, rating_due_at, reopen_count, key_supervision, rating, closed_at,
         merged_into, latitude, longitude, attachment_ids, campaign_id, search_tokens,
         jsonb_set(state, '{caseNumber}', to_jsonb(case_number)), version, now, now
       FROM num ORDER BY ord
       RETURNING concern_id, case_number
     ), k AS (
       INSERT INTO concern_constituents (concern_id, county_code, name_enc, name_masked, phone_enc, phone_masked,
         phone_index, address_enc, address_masked, anonymous, privacy_notice_version, created_at)
       SELECT concern_id, county_code, k->>'name_enc', k->>'name_masked', k->>'phone_enc', k->>'phone_masked',
         k->>'phone_index', k->>'address_enc', k->>'address_masked', (k->>'anonymous')::boolean,
         k->>'privacy_notice_version', now
       FROM num WHERE jsonb_typeof(k) = 'object' ORDER BY ord
     ), ev AS (
       INSERT INTO concern_events (concern_id, county_code, version, type, occurred_at, actor_role, actor_user_id,
         from_status, to_status, unit_id, data, notify)
       SELECT num.concern_id, num.county_code, e.version, e.type, e.at, e."actorRole", e."actorUserId", e."fromStatus",
         e."toStatus", e."unitId", CASE WHEN e.type = 'registered' THEN e.data || jsonb_build_object('caseNumber',
         num.case_number) ELSE e.data END, e.notify
       FROM num, jsonb_to_recordset(num.events) AS e(version int, type text, at timestamptz,
         "actorRole" text, "actorUserId" uuid, "fromStatus" text, "toStatus" text, "unitId" uuid, data jsonb,
         notify jsonb)
       ORDER BY num.ord, e.version
       RETURNING event_id, concern_id, type, occurred_at, version, actor_role, actor_user_id, from_status, to_status,
         unit_id, data, notify
     ), ob AS (
       INSERT INTO outbox (topic, aggregate_type, aggregate_id, county_code, targets, payload, created_at, available_at)
       SELECT 'concern.' || ev.type, 'concern', ev.concern_id::text, num.county_code, ev.notify,
         jsonb_build_object('concernId', ev.concern_id, 'caseNumber', num.case_number, 'eventId', ev.event_id,
           'type', ev.type, 'version', ev.version, 'at', ev.occurred_at, 'actorRole', ev.actor_role,
           'actorUserId', ev.actor_user_id, 'fromStatus', ev.from_status, 'toStatus', ev.to_status,
           'unitId', ev.unit_id, 'data', ev.data),
         num.now, num.now
       FROM ev JOIN num USING (concern_id) ORDER BY ev.event_id
     ), au AS (
       INSERT INTO audit_log (occurred_at, actor_user_id, actor_username, actor_role, action, object_type, object_id,
         region_code, outcome, before, after, ip, request_id)
       SELECT now, a_user_id, a_username, a_role, a_action, 'concern', concern_id::text, region_code, 'success', NULL,
         a_after || jsonb_build_object('caseNumber', case_number), a_ip, a_request_id
       FROM num ORDER BY ord
     )
     SELECT num.ord, c.case_number FROM c JOIN num USING (concern_id) ORDER BY num.ord`,
    [JSON.stringify(rows)],
  );
  if (r.rows.length !== items.length) throw new Error(`registration wrote ${r.rows.length} of ${items.length} concerns`);
  return r.rows.map((x) => x.case_number);
}

/** One registration (see insertRegisteredConcerns). Returns the case number. */
export async function insertRegisteredConcern(
  q: Queryable,
  c: Omit<NewConcern, 'caseNumber'> & { year: number },
  constituent: Omit<NewConstituent, 'concernId' | 'countyCode' | 'now'> | null,
  events: NewEvent[],
  audit: { ctx: RequestContext; action: string; after: Record<string, unknown> },
): Promise<string> {
  const [caseNumber] = await insertRegisteredConcerns(q, [{ concern: c, constituent, events, audit }]);
  return caseNumber as string;
}

// ─── Reads ──────────────────────────────────────────────────────────────────────────────────

export async function findConcern(q: Queryable, concernId: string, forUpdate = false): Promise<ConcernRow | null> {
  const r = await q.query<ConcernRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE c.concern_id = $1${forUpdate ? ' FOR UPDATE OF c' : ''}`,
    [concernId],
  );
  return r.rows[0] ?? null;
}

/** Concerns merged into this master and waiting for its reply, locked for the relay. */
export async function listMergedAwaitingReply(q: Queryable, masterId: string): Promise<ConcernRow[]> {
  const r = await q.query<ConcernRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE c.merged_into = $1 AND c.status = 'merged' ORDER BY c.created_at
     FOR UPDATE OF c`,
    [masterId],
  );
  return r.rows;
}

export async function unitIdsOfConcern(q: Queryable, concernId: string): Promise<string[]> {
  const r = await q.query<{ unit_id: string }>('SELECT DISTINCT unit_id FROM concern_units WHERE concern_id = $1', [
    concernId,
  ]);
  return r.rows.map((x) => x.unit_id);
}

export interface TimelineRow {
  event_id: number;
  type: string;
  occurred_at: Date;
  version: number;
  actor_role: string;
  actor_user_id: string | null;
  actor_name: string | null;
  from_status: string | null;
  to_status: string;
  unit_id: string | null;
  data: Record<string, unknown>;
}

export async function listTimeline(q: Queryable, concernId: string): Promise<TimelineRow[]> {
  const r = await q.query<TimelineRow>(
    `SELECT e.event_id, e.type, e.occurred_at, e.version, e.actor_role, e.actor_user_id, u.display_name AS actor_name,
       e.from_status, e.to_status, e.unit_id, e.data
     FROM concern_events e LEFT JOIN users u ON u.user_id = e.actor_user_id
     WHERE e.concern_id = $1 ORDER BY e.event_id`,
    [concernId],
  );
  return r.rows;
}

export async function findConstituentSecret(
  q: Queryable,
  concernId: string,
): Promise<{ name_enc: string | null; phone_enc: string | null; address_enc: string | null; anonymous: boolean } | null> {
  const r = await q.query<{ name_enc: string | null; phone_enc: string | null; address_enc: string | null; anonymous: boolean }>(
    'SELECT name_enc, phone_enc, address_enc, anonymous FROM concern_constituents WHERE concern_id = $1',
    [concernId],
  );
  return r.rows[0] ?? null;
}

/** Who may see what, as SQL: the region prefix plus the actor's own binding. */
export interface VisibilityFilter {
  scopePrefix: string;
  unitId?: string | null;
  deputyId?: string | null;
  stationId?: string | null;
  /** station managers also see what they registered */
  createdBy?: string | null;
}

export interface ListFilter extends VisibilityFilter {
  statuses?: readonly string[];
  regionPrefix?: string;
  gridId?: string;
  categoryCode?: string;
  channel?: string;
  tier?: string;
  level?: string;
  levels?: readonly string[];
  light?: 'green' | 'yellow' | 'red';
  overdue?: boolean;
  keySupervision?: boolean;
  assignedUnitId?: string;
  /** the unit's own current assignment, still working: 'any' | 'due_soon' | 'overdue' */
  unitInbox?: { unitId: string; kind: 'any' | 'due_soon' };
  q?: string;
  now: Date;
  sort: 'created_desc' | 'created_asc' | 'due_asc' | 'updated_desc';
  limit: number;
  offset: number;
}

function whereOf(f: ListFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  where.push(`c.region_code LIKE ${p(`${f.scopePrefix}%`)}`);
  if (f.unitId !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM concern_units cu WHERE cu.concern_id = c.concern_id AND cu.unit_id = ${p(f.unitId)})`);
  }
  if (f.deputyId !== undefined) where.push(`c.collector_deputy_id = ${p(f.deputyId)}`);
  if (f.stationId !== undefined || f.createdBy !== undefined) {
    where.push(`(c.station_id = ${p(f.stationId ?? null)} OR c.created_by = ${p(f.createdBy ?? null)})`);
  }
  if (f.statuses) where.push(`c.status = ANY(${p(f.statuses)}::text[])`);
  if (f.regionPrefix) where.push(`c.region_code LIKE ${p(`${f.regionPrefix}%`)}`);
  if (f.gridId) where.push(`(c.grid_id = ${p(f.gridId)} OR c.micro_grid_id = $${params.length})`);
  if (f.categoryCode) where.push(`c.category_code = ${p(f.categoryCode)}`);
  if (f.channel) where.push(`c.channel = ${p(f.channel)}`);
  if (f.tier) where.push(`c.tier = ${p(f.tier)}`);
  if (f.level) where.push(`c.level = ${p(f.level)}`);
  if (f.levels) where.push(`c.level = ANY(${p(f.levels)}::text[])`);
  if (f.light === 'red' || f.overdue === true) where.push(`c.red_at < ${p(f.now)}`);
  if (f.overdue === false) where.push(`(c.red_at IS NULL OR c.red_at >= ${p(f.now)})`);
  if (f.light === 'yellow') where.push(`c.yellow_at <= ${p(f.now)} AND c.red_at >= $${params.length}`);
  if (f.light === 'green') where.push(`c.yellow_at > ${p(f.now)}`);
  if (f.keySupervision !== undefined) where.push(`c.key_supervision = ${p(f.keySupervision)}`);
  if (f.assignedUnitId) {
    where.push(
      `EXISTS (SELECT 1 FROM concern_units cu WHERE cu.concern_id = c.concern_id AND cu.unit_id = ${p(f.assignedUnitId)})`,
    );
  }
  if (f.unitInbox) {
    const unit = p(f.unitInbox.unitId);
    const due =
      f.unitInbox.kind === 'due_soon'
        ? ` AND cu.assigned_at + (cu.due_at - cu.assigned_at) * 0.8 <= ${p(f.now)} AND cu.due_at >= $${params.length}`
        : '';
    where.push(
      `EXISTS (SELECT 1 FROM concern_units cu WHERE cu.concern_id = c.concern_id AND cu.unit_id = ${unit}
         AND cu.is_current AND cu.status IN ('assigned', 'accepted')${due})`,
    );
  }
  if (f.q) {
    where.push(`(c.search_vector @@ plainto_tsquery('simple', ${p(f.q)}) OR c.case_number = ${p(f.q.trim())}
      OR c.title LIKE ${p(`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)})`);
  }
  return { sql: where.join(' AND '), params };
}

const ORDER: Record<ListFilter['sort'], string> = {
  created_desc: 'c.created_at DESC, c.case_number DESC',
  created_asc: 'c.created_at, c.case_number',
  due_asc: 'c.due_at NULLS LAST, c.created_at',
  updated_desc: 'c.updated_at DESC, c.case_number DESC',
};

export async function listConcerns(q: Queryable, f: ListFilter): Promise<{ rows: ConcernRow[]; total: number }> {
  const { sql, params } = whereOf(f);
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM concerns c WHERE ${sql}`, params);
  const rows = await q.query<ConcernRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE ${sql} ORDER BY ${ORDER[f.sort]}
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export interface SimilarRow {
  concern_id: string;
  case_number: string;
  title: string;
  status: ConcernStatus;
  region_code: string;
  created_at: Date;
  score: number;
}

/**
 * Open concerns of the same village that look alike: pg_trgm similarity of the jieba words, or
 * how well the (short) new text matches a part of an older one.
 */
export async function findSimilar(
  q: Queryable,
  f: { regionCode: string; tokens: string; excludeId: string | null; statuses: readonly string[]; limit: number; min: number },
): Promise<SimilarRow[]> {
  const r = await q.query<SimilarRow>(
    `SELECT concern_id, case_number, title, status, region_code, created_at, score FROM (
       SELECT c.concern_id, c.case_number, c.title, c.status, c.region_code, c.created_at,
         greatest(similarity(c.search_tokens, $2), word_similarity($2, c.search_tokens)) AS score
       FROM concerns c
       WHERE c.region_code = $1 AND c.status = ANY($3::text[]) AND ($4::uuid IS NULL OR c.concern_id <> $4::uuid)
     ) s WHERE score >= $5 ORDER BY score DESC, created_at DESC LIMIT $6`,
    [f.regionCode, f.tokens, f.statuses, f.excludeId, f.min, f.limit],
  );
  return r.rows;
}

export async function findSearchTokens(q: Queryable, concernId: string): Promise<string | null> {
  const r = await q.query<{ search_tokens: string }>('SELECT search_tokens FROM concerns WHERE concern_id = $1', [
    concernId,
  ]);
  return r.rows[0]?.search_tokens ?? null;
}

/** Concerns whose rating wait has passed (the sweeper re-reads each under its row lock). */
export async function listRatingOverdue(q: Queryable, now: Date, limit: number): Promise<string[]> {
  const r = await q.query<{ concern_id: string }>(
    `SELECT concern_id FROM concerns WHERE rating_due_at <= $1 AND status IN ('replied', 'resolved_on_spot')
     ORDER BY rating_due_at LIMIT $2`,
    [now, limit],
  );
  return r.rows.map((x) => x.concern_id);
}

/**
 * One outbox row per open concern with units at work whose light is yellow (due soon) or red
 * (overdue), addressed to its current units and its dispatcher. Returns how many were queued.
 */
export async function insertDeadlineReminders(q: Queryable, now: Date): Promise<{ dueSoon: number; overdue: number }> {
  const r = await q.query<{ kind: string; n: number }>(
    `WITH due AS (
       SELECT c.concern_id, c.county_code, c.case_number,
         CASE WHEN c.red_at <= $1 THEN 'overdue' ELSE 'due_soon' END AS kind,
         (SELECT coalesce(jsonb_agg('unit:' || u.unit_id), '[]'::jsonb) FROM concern_units u
           WHERE u.concern_id = c.concern_id AND u.is_current AND u.status IN ('assigned', 'accepted')) AS units
       FROM concerns c
       WHERE c.status IN ('dispatched', 'in_progress') AND c.yellow_at IS NOT NULL AND c.yellow_at <= $1),
     ins AS (
       INSERT INTO outbox (topic, aggregate_type, aggregate_id, county_code, targets, payload, created_at, available_at)
       SELECT 'concern.' || kind, 'concern', concern_id::text, county_code, units || '["dispatcher"]'::jsonb,
         jsonb_build_object('eventType', kind, 'caseNumber', case_number), $1, $1
       FROM due RETURNING payload->>'eventType' AS kind)
     SELECT kind, count(*) AS n FROM ins GROUP BY kind`,
    [now],
  );
  const of = (k: string) => r.rows.find((x) => x.kind === k)?.n ?? 0;
  return { dueSoon: of('due_soon'), overdue: of('overdue') };
}
