import type { Queryable } from '@gridvoice/db';
import type { DeputyLevel } from '@gridvoice/core';

const j = (v: unknown) => JSON.stringify(v);

// ─── Organisation lookups (read-only queries on the organisation tables) ─────────────────────

export interface RegionRow {
  region_code: string;
  name: string;
  level: string;
  parent_code: string | null;
  county_code: string | null;
}

export async function findRegion(q: Queryable, code: string): Promise<RegionRow | null> {
  const r = await q.query<RegionRow>('SELECT region_code, name, level, parent_code, county_code FROM regions WHERE region_code = $1', [code]);
  return r.rows[0] ?? null;
}

export async function listTownsWithin(q: Queryable, prefix: string): Promise<RegionRow[]> {
  const r = await q.query<RegionRow>(
    `SELECT region_code, name, level, parent_code, county_code FROM regions WHERE level = 'town' AND region_code LIKE $1 ORDER BY region_code`,
    [`${prefix}%`],
  );
  return r.rows;
}

export async function regionNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const r = await q.query<{ region_code: string; name: string }>('SELECT region_code, name FROM regions WHERE region_code = ANY($1::text[])', [codes]);
  return new Map(r.rows.map((x) => [x.region_code, x.name]));
}

export interface StationRef {
  station_id: string;
  code: string;
  name: string;
  region_code: string;
  county_code: string;
  address: string | null;
}

export async function findStation(q: Queryable, stationId: string): Promise<StationRef | null> {
  const r = await q.query<StationRef>('SELECT station_id, code, name, region_code, county_code, address FROM stations WHERE station_id = $1', [stationId]);
  return r.rows[0] ?? null;
}

export interface GridRef {
  grid_id: string;
  name: string;
  village_code: string;
  county_code: string;
}

export async function findGrid(q: Queryable, gridId: string): Promise<GridRef | null> {
  const r = await q.query<GridRef>('SELECT grid_id, name, village_code, county_code FROM grids WHERE grid_id = $1', [gridId]);
  return r.rows[0] ?? null;
}

export interface DeputyRef {
  deputy_id: string;
  name: string;
  region_code: string;
  county_code: string;
  levels: DeputyLevel[];
}

export async function findDeputies(q: Queryable, ids: string[]): Promise<DeputyRef[]> {
  if (ids.length === 0) return [];
  const r = await q.query<DeputyRef>(
    `SELECT d.deputy_id, d.name, d.region_code, d.county_code,
       COALESCE(array_agg(DISTINCT m.level) FILTER (WHERE m.level IS NOT NULL), '{}') AS levels
     FROM deputies d LEFT JOIN deputy_mandates m ON m.deputy_id = d.deputy_id AND m.status = 'active'
     WHERE d.deputy_id = ANY($1::uuid[]) GROUP BY d.deputy_id`,
    [ids],
  );
  return r.rows;
}

export interface AssignmentRef {
  station_id: string | null;
  grid_id: string | null;
  station_name: string | null;
  grid_name: string | null;
}

export async function listAssignmentsOf(q: Queryable, deputyId: string): Promise<AssignmentRef[]> {
  const r = await q.query<AssignmentRef>(
    `SELECT a.station_id, a.grid_id, s.name AS station_name, g.name AS grid_name
     FROM deputy_assignments a LEFT JOIN stations s ON s.station_id = a.station_id LEFT JOIN grids g ON g.grid_id = a.grid_id
     WHERE a.deputy_id = $1 ORDER BY s.name, g.name`,
    [deputyId],
  );
  return r.rows;
}

export async function userIdsOfDeputies(q: Queryable, deputyIds: string[]): Promise<{ user_id: string; deputy_id: string }[]> {
  if (deputyIds.length === 0) return [];
  const r = await q.query<{ user_id: string; deputy_id: string }>(
    'SELECT user_id, deputy_id FROM users WHERE deputy_id = ANY($1::uuid[]) AND disabled_at IS NULL',
    [deputyIds],
  );
  return r.rows;
}

// ─── Duty rules ─────────────────────────────────────────────────────────────────────────────

export interface DutyRuleRow {
  region_code: string;
  rule: unknown;
  reminder_days_before: number;
  direct_contact_weekdays: number[];
  version: number;
  updated_at: Date;
}

export async function listDutyRules(q: Queryable): Promise<DutyRuleRow[]> {
  const r = await q.query<DutyRuleRow>(
    'SELECT region_code, rule, reminder_days_before, direct_contact_weekdays, version, updated_at FROM duty_rules',
  );
  return r.rows;
}

export async function findDutyRulesUp(q: Queryable, codes: string[]): Promise<DutyRuleRow[]> {
  const r = await q.query<DutyRuleRow>(
    `SELECT region_code, rule, reminder_days_before, direct_contact_weekdays, version, updated_at FROM duty_rules
     WHERE region_code = ANY($1::text[])`,
    [codes],
  );
  return r.rows;
}

export async function upsertDutyRule(
  q: Queryable,
  x: { regionCode: string; countyCode: string | null; rule?: unknown; reminderDaysBefore?: number; weekdays?: number[]; now: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO duty_rules AS d (region_code, county_code, rule, reminder_days_before, direct_contact_weekdays, created_at, updated_at)
     VALUES ($1, $2, COALESCE($3::jsonb, $7::jsonb), COALESCE($4::int, 7), COALESCE($5::int[], '{}'), $6, $6)
     ON CONFLICT (region_code) DO UPDATE SET
       rule = COALESCE($3::jsonb, d.rule),
       reminder_days_before = COALESCE($4::int, d.reminder_days_before),
       direct_contact_weekdays = COALESCE($5::int[], d.direct_contact_weekdays),
       version = d.version + 1, updated_at = $6`,
    [
      x.regionCode,
      x.countyCode,
      x.rule === undefined ? null : j(x.rule),
      x.reminderDaysBefore ?? null,
      x.weekdays ?? null,
      x.now,
      j({ name: '631 工作制度', frequencies: {} }),
    ],
  );
}

// ─── Compliance (set-based) ─────────────────────────────────────────────────────────────────

export interface ComplianceDeputyRow {
  deputy_id: string;
  name: string;
  region_code: string;
  levels: DeputyLevel[];
}

const MONTH_COUNTS = Array.from({ length: 12 }, (_, m) => `count(*) FILTER (WHERE p.local_month % 12 = ${m})`).join(', ');

/**
 * Rebuilds the yearly roll-up of duty participations from activity_participants: for the given
 * (deputy, place, year) keys, or for everything when `keys` is null. Idempotent.
 */
export async function refreshDutyVisitYears(
  q: Queryable,
  keys: { deputyIds: string[]; placeIds: string[]; years: number[] } | null,
): Promise<void> {
  if (keys && keys.deputyIds.length === 0) return;
  const select = `SELECT p.deputy_id, p.place_id, p.local_month / 12 AS year, min(p.county_code) AS county_code,
      bit_or(1 << (p.local_month % 12)) AS month_mask, ARRAY[${MONTH_COUNTS}]::int[] AS counts
    FROM activity_participants p`;
  const upsert = `ON CONFLICT (deputy_id, place_id, year) DO UPDATE SET month_mask = EXCLUDED.month_mask, counts = EXCLUDED.counts`;
  if (keys === null) {
    await q.query(
      `INSERT INTO duty_visit_years (deputy_id, place_id, year, county_code, month_mask, counts)
       ${select} WHERE p.is_duty AND p.place_id IS NOT NULL GROUP BY 1, 2, 3 ${upsert}`,
    );
    return;
  }
  await q.query(
    `INSERT INTO duty_visit_years (deputy_id, place_id, year, county_code, month_mask, counts)
     ${select}
     JOIN (SELECT DISTINCT * FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS k(deputy_id, place_id, year)) k
       ON k.deputy_id = p.deputy_id AND k.place_id = p.place_id AND p.local_month >= k.year * 12 AND p.local_month < k.year * 12 + 12
     WHERE p.is_duty GROUP BY 1, 2, 3 ${upsert}`,
    [keys.deputyIds, keys.placeIds, keys.years],
  );
}

const ASSIGNED_PLACES = `places AS (
    SELECT deputy_id, station_id AS place_id FROM deputy_assignments WHERE station_id IS NOT NULL AND ($1 = '' OR county_code = $1)
    UNION
    SELECT deputy_id, grid_id AS place_id FROM deputy_assignments WHERE grid_id IS NOT NULL AND ($1 = '' OR county_code = $1)
  )`;

const MASK_SELECT = `SELECT y.deputy_id, bit_or(y.month_mask::bigint << (12 * (y.year - $2))) AS mask
     FROM duty_visit_years y
     JOIN deputy_assignments a ON a.deputy_id = y.deputy_id AND (a.station_id = y.place_id OR a.grid_id = y.place_id)
     WHERE y.year >= $2 AND y.year < $2 + 4 AND ($1 = '' OR (y.county_code = $1 AND a.county_code = $1))
     GROUP BY y.deputy_id`;

/**
 * Per deputy, the months of [year0, year0 + 4) with a duty visit at an assigned station or grid, as
 * a 48-bit mask (bit 12 × (year − year0) + month − 1). `county` '' means every county. (A place
 * assigned twice matches twice; OR-ing the masks makes that harmless.)
 */
export async function dutyMonthMasks(q: Queryable, county: string, year0: number): Promise<{ deputy_id: string; mask: number }[]> {
  const r = await q.query<{ deputy_id: string; mask: number }>(MASK_SELECT, [county, year0]);
  return r.rows;
}

/** The deputies of the prefix with their levels and the month mask of [year0, year0 + 4): one pass. */
export async function complianceBasis(
  q: Queryable,
  prefix: string,
  county: string,
  year0: number,
): Promise<(ComplianceDeputyRow & { mask: number | null })[]> {
  const r = await q.query<ComplianceDeputyRow & { mask: number | null }>(
    `WITH lv AS (
       SELECT deputy_id, array_agg(level) AS levels FROM deputy_mandates
       WHERE status = 'active' AND ($1 = '' OR county_code = $1) GROUP BY deputy_id
     ), mk AS (${MASK_SELECT})
     SELECT d.deputy_id, d.name, d.region_code, lv.levels, mk.mask
     FROM deputies d JOIN lv ON lv.deputy_id = d.deputy_id LEFT JOIN mk ON mk.deputy_id = d.deputy_id
     WHERE d.is_active AND d.region_code LIKE $3`,
    [county, year0, `${prefix}%`],
  );
  return r.rows;
}

/** The monthly visit counts at assigned places, per deputy and year, for deputies needing counts. */
export async function dutyMonthCounts(
  q: Queryable,
  county: string,
  deputyIds: string[],
  fromYear: number,
  toYear: number,
): Promise<{ deputy_id: string; year: number; counts: number[] }[]> {
  if (deputyIds.length === 0) return [];
  const r = await q.query<{ deputy_id: string; year: number; counts: number[] }>(
    `WITH ${ASSIGNED_PLACES}
     SELECT y.deputy_id, y.year, y.counts FROM duty_visit_years y
     JOIN places pl ON pl.deputy_id = y.deputy_id AND pl.place_id = y.place_id
     WHERE y.deputy_id = ANY($2::uuid[]) AND y.year >= $3 AND y.year <= $4`,
    [county, deputyIds, fromYear, toYear],
  );
  return r.rows;
}

export interface VisitRow {
  activity_id: string;
  kind: string;
  started_at: Date;
  place: string;
  place_name: string | null;
  summary: string;
}

/** The duty participations of one deputy at an assigned station or grid, in [from, to). */
export async function listDutyVisits(q: Queryable, deputyId: string, from: Date, to: Date): Promise<VisitRow[]> {
  const r = await q.query<VisitRow>(
    `SELECT a.activity_id, a.kind, a.started_at, a.place, COALESCE(s.name, g.name) AS place_name, a.summary
     FROM activity_participants p JOIN activities a ON a.activity_id = p.activity_id
     LEFT JOIN stations s ON s.station_id = a.station_id LEFT JOIN grids g ON g.grid_id = a.grid_id
     WHERE p.deputy_id = $1 AND p.is_duty AND p.started_at >= $2 AND p.started_at < $3
       AND EXISTS (SELECT 1 FROM deputy_assignments da WHERE da.deputy_id = p.deputy_id
                   AND (da.station_id = p.place_id OR da.grid_id = p.place_id))
     ORDER BY a.started_at, a.activity_id`,
    [deputyId, from, to],
  );
  return r.rows;
}

export async function reminderSent(q: Queryable, deputyIds: string[], periodKeys: string[]): Promise<Set<string>> {
  if (deputyIds.length === 0) return new Set();
  const r = await q.query<{ deputy_id: string; period_key: string }>(
    `SELECT deputy_id, period_key FROM duty_reminders WHERE (deputy_id, period_key) IN
       (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
    [deputyIds, periodKeys],
  );
  return new Set(r.rows.map((x) => `${x.deputy_id}|${x.period_key}`));
}

export async function insertReminders(
  q: Queryable,
  rows: { deputyId: string; periodKey: string; countyCode: string; recipients: number }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO duty_reminders (deputy_id, period_key, county_code, recipients, sent_at)
     SELECT d, p, c, n, $5 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS x(d, p, c, n)
     ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.deputyId), rows.map((r) => r.periodKey), rows.map((r) => r.countyCode), rows.map((r) => r.recipients), now],
  );
}

// ─── Rota ──────────────────────────────────────────────────────────────────────────────────

export interface RotaTemplateRow {
  template_id: string;
  county_code: string;
  region_code: string;
  name: string;
  purpose: 'station_duty' | 'direct_contact_day';
  place_kind: 'station' | 'grid';
  station_id: string | null;
  grid_id: string | null;
  place_name: string | null;
  recurrence: unknown;
  start_time: string;
  end_time: string;
  deputy_ids: string[];
  rotation: string[][] | null;
  valid_from: string;
  valid_until: string | null;
  is_active: boolean;
  version: number;
  created_at: Date;
}

const ROTA_COLUMNS = `t.template_id, t.county_code, t.region_code, t.name, t.purpose, t.place_kind, t.station_id, t.grid_id,
  COALESCE(s.name, g.name) AS place_name, t.recurrence, t.start_time, t.end_time, t.deputy_ids, t.rotation,
  t.valid_from, t.valid_until, t.is_active, t.version, t.created_at`;
const ROTA_FROM = `rota_templates t LEFT JOIN stations s ON s.station_id = t.station_id LEFT JOIN grids g ON g.grid_id = t.grid_id`;

export async function listRotaTemplates(
  q: Queryable,
  f: { prefix: string; stationId?: string | null; activeOnly?: boolean },
): Promise<RotaTemplateRow[]> {
  const r = await q.query<RotaTemplateRow>(
    `SELECT ${ROTA_COLUMNS} FROM ${ROTA_FROM}
     WHERE t.region_code LIKE $1 AND ($2::uuid IS NULL OR t.station_id = $2) AND (NOT $3 OR t.is_active)
     ORDER BY t.created_at, t.template_id`,
    [`${f.prefix}%`, f.stationId ?? null, f.activeOnly ?? true],
  );
  return r.rows;
}

export async function findRotaTemplate(q: Queryable, id: string): Promise<RotaTemplateRow | null> {
  const r = await q.query<RotaTemplateRow>(`SELECT ${ROTA_COLUMNS} FROM ${ROTA_FROM} WHERE t.template_id = $1`, [id]);
  return r.rows[0] ?? null;
}

export interface RotaTemplateWrite {
  countyCode: string;
  regionCode: string;
  name: string;
  purpose: string;
  placeKind: string;
  stationId: string | null;
  gridId: string | null;
  recurrence: unknown;
  startTime: string;
  endTime: string;
  deputyIds: string[];
  rotation: string[][] | null;
  validFrom: string;
  validUntil: string | null;
}

export async function insertRotaTemplate(q: Queryable, t: RotaTemplateWrite, userId: string | null, now: Date): Promise<string> {
  const r = await q.query<{ template_id: string }>(
    `INSERT INTO rota_templates (county_code, region_code, name, purpose, place_kind, station_id, grid_id, recurrence,
       start_time, end_time, deputy_ids, rotation, valid_from, valid_until, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12::jsonb, $13, $14, $15, $16, $16)
     RETURNING template_id`,
    [
      t.countyCode, t.regionCode, t.name, t.purpose, t.placeKind, t.stationId, t.gridId, j(t.recurrence), t.startTime, t.endTime,
      j(t.deputyIds), t.rotation ? j(t.rotation) : null, t.validFrom, t.validUntil, userId, now,
    ],
  );
  return (r.rows[0] as { template_id: string }).template_id;
}

export async function updateRotaTemplate(q: Queryable, id: string, t: RotaTemplateWrite, now: Date): Promise<void> {
  await q.query(
    `UPDATE rota_templates SET county_code = $2, region_code = $3, name = $4, purpose = $5, place_kind = $6, station_id = $7,
       grid_id = $8, recurrence = $9::jsonb, start_time = $10, end_time = $11, deputy_ids = $12::jsonb, rotation = $13::jsonb,
       valid_from = $14, valid_until = $15, version = version + 1, updated_at = $16
     WHERE template_id = $1`,
    [
      id, t.countyCode, t.regionCode, t.name, t.purpose, t.placeKind, t.stationId, t.gridId, j(t.recurrence), t.startTime, t.endTime,
      j(t.deputyIds), t.rotation ? j(t.rotation) : null, t.validFrom, t.validUntil, now,
    ],
  );
}

export async function deactivateRotaTemplate(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE rota_templates SET is_active = false, version = version + 1, updated_at = $2 WHERE template_id = $1', [id, now]);
}

export interface RotaSwapRow {
  swap_id: string;
  template_id: string;
  slot_id: string;
  from_deputy_id: string;
  to_deputy_id: string;
  reason: string | null;
  created_at: Date;
}

export async function listRotaSwaps(q: Queryable, templateIds: string[]): Promise<RotaSwapRow[]> {
  if (templateIds.length === 0) return [];
  const r = await q.query<RotaSwapRow>(
    `SELECT swap_id, template_id, slot_id, from_deputy_id, to_deputy_id, reason, created_at FROM rota_swaps
     WHERE template_id = ANY($1::uuid[]) ORDER BY created_at, swap_id`,
    [templateIds],
  );
  return r.rows;
}

export async function insertRotaSwap(
  q: Queryable,
  s: { templateId: string; countyCode: string; slotId: string; from: string; to: string; reason: string | null; userId: string | null; now: Date },
): Promise<string> {
  const r = await q.query<{ swap_id: string }>(
    `INSERT INTO rota_swaps (template_id, county_code, slot_id, from_deputy_id, to_deputy_id, reason, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING swap_id`,
    [s.templateId, s.countyCode, s.slotId, s.from, s.to, s.reason, s.userId, s.now],
  );
  return (r.rows[0] as { swap_id: string }).swap_id;
}

export interface AnnouncementRow {
  announcement_id: string;
  template_id: string;
  station_id: string | null;
  region_code: string;
  range_from: string;
  range_to: string;
  title: string;
  slots: unknown;
  published_at: Date;
}

export async function insertAnnouncement(
  q: Queryable,
  a: { templateId: string; countyCode: string; regionCode: string; stationId: string | null; from: string; to: string; title: string; slots: unknown; userId: string | null; now: Date },
): Promise<string> {
  const r = await q.query<{ announcement_id: string }>(
    `INSERT INTO rota_announcements (template_id, county_code, region_code, station_id, range_from, range_to, title, slots,
       published_at, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $9) RETURNING announcement_id`,
    [a.templateId, a.countyCode, a.regionCode, a.stationId, a.from, a.to, a.title, j(a.slots), a.now, a.userId],
  );
  return (r.rows[0] as { announcement_id: string }).announcement_id;
}

export async function listAnnouncements(q: Queryable, f: { prefix: string; stationId?: string | null; from: string; to: string }): Promise<AnnouncementRow[]> {
  const r = await q.query<AnnouncementRow>(
    `SELECT announcement_id, template_id, station_id, region_code, range_from, range_to, title, slots, published_at
     FROM rota_announcements
     WHERE region_code LIKE $1 AND ($2::uuid IS NULL OR station_id = $2) AND range_to >= $3 AND range_from <= $4
     ORDER BY range_from, published_at`,
    [`${f.prefix}%`, f.stationId ?? null, f.from, f.to],
  );
  return r.rows;
}

/** Active templates naming the deputy (fixed or in a rotation group) or with a swap to them. */
export async function listRotaTemplatesOfDeputy(q: Queryable, deputyId: string): Promise<RotaTemplateRow[]> {
  const r = await q.query<RotaTemplateRow>(
    `SELECT ${ROTA_COLUMNS} FROM ${ROTA_FROM}
     WHERE t.is_active AND (t.deputy_ids ? $1 OR EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(t.rotation, '[]'::jsonb)) g WHERE g ? $1)
       OR EXISTS (SELECT 1 FROM rota_swaps s WHERE s.template_id = t.template_id AND s.to_deputy_id = $1::uuid))`,
    [deputyId],
  );
  return r.rows;
}

// ─── Activities ────────────────────────────────────────────────────────────────────────────

export interface ActivityWrite {
  activityId: string;
  countyCode: string;
  regionCode: string;
  kind: string;
  startedAt: Date;
  endedAt: Date | null;
  place: string;
  stationId: string | null;
  gridId: string | null;
  placeDescription: string | null;
  summary: string;
  constituentsReceived: number;
  campaignId: string | null;
  rotaSlotId: string | null;
  ledByCongressHead: boolean;
  latitude: number | null;
  longitude: number | null;
  createdBy: string | null;
  isDemo: boolean;
  now: Date;
  /** Participants: deputy, whether checked in now (with location). */
  participants: { deputyId: string; checkedIn: boolean; lat: number | null; lng: number | null }[];
  placeId: string | null;
  localMonth: number;
  isDuty: boolean;
}

/** Inserts activities and their participants: two statements however many rows. */
export async function insertActivities(q: Queryable, rows: ActivityWrite[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof ActivityWrite>(k: K) => rows.map((r) => r[k]);
  await q.query(
    `INSERT INTO activities (activity_id, county_code, region_code, kind, started_at, ended_at, place, station_id, grid_id,
       place_description, summary, constituents_received, campaign_id, rota_slot_id, led_by_congress_head, latitude, longitude,
       created_by, is_demo, created_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[],
       $8::uuid[], $9::uuid[], $10::text[], $11::text[], $12::int[], $13::uuid[], $14::text[], $15::bool[], $16::float8[],
       $17::float8[], $18::uuid[], $19::bool[], $20::timestamptz[])`,
    [
      col('activityId'), col('countyCode'), col('regionCode'), col('kind'), col('startedAt'), col('endedAt'), col('place'),
      col('stationId'), col('gridId'), col('placeDescription'), col('summary'), col('constituentsReceived'), col('campaignId'),
      col('rotaSlotId'), col('ledByCongressHead'), col('latitude'), col('longitude'), col('createdBy'), col('isDemo'), col('now'),
    ],
  );
  const parts = rows.flatMap((r) => r.participants.map((p) => ({ r, p })));
  if (parts.length === 0) return;
  await q.query(
    `INSERT INTO activity_participants (activity_id, deputy_id, county_code, started_at, place_id, local_month, is_duty,
       checked_in_at, check_in_lat, check_in_lng, created_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::uuid[], $6::int[], $7::bool[],
       $8::timestamptz[], $9::float8[], $10::float8[], $11::timestamptz[])`,
    [
      parts.map((x) => x.r.activityId), parts.map((x) => x.p.deputyId), parts.map((x) => x.r.countyCode),
      parts.map((x) => x.r.startedAt), parts.map((x) => x.r.placeId), parts.map((x) => x.r.localMonth),
      parts.map((x) => x.r.isDuty), parts.map((x) => (x.p.checkedIn ? x.r.now : null)), parts.map((x) => x.p.lat),
      parts.map((x) => x.p.lng), parts.map((x) => x.r.now),
    ],
  );
  const duty = parts.filter((x) => x.r.isDuty && x.r.placeId);
  await refreshDutyVisitYears(q, {
    deputyIds: duty.map((x) => x.p.deputyId),
    placeIds: duty.map((x) => x.r.placeId as string),
    years: duty.map((x) => Math.floor(x.r.localMonth / 12)),
  });
}

export interface ActivityRow {
  activity_id: string;
  county_code: string;
  region_code: string;
  region_name: string | null;
  kind: string;
  started_at: Date;
  ended_at: Date | null;
  place: 'station' | 'grid' | 'other';
  station_id: string | null;
  grid_id: string | null;
  place_name: string | null;
  place_description: string | null;
  summary: string;
  constituents_received: number;
  campaign_id: string | null;
  rota_slot_id: string | null;
  led_by_congress_head: boolean;
  created_by: string | null;
  created_at: Date;
  participants: number;
}

const ACTIVITY_COLUMNS = `a.activity_id, a.county_code, a.region_code, r.name AS region_name, a.kind, a.started_at, a.ended_at,
  a.place, a.station_id, a.grid_id, COALESCE(s.name, g.name) AS place_name, a.place_description, a.summary,
  a.constituents_received, a.campaign_id, a.rota_slot_id, a.led_by_congress_head, a.created_by, a.created_at,
  (SELECT count(*)::int FROM activity_participants ap WHERE ap.activity_id = a.activity_id) AS participants`;
const ACTIVITY_FROM = `activities a LEFT JOIN regions r ON r.region_code = a.region_code
  LEFT JOIN stations s ON s.station_id = a.station_id LEFT JOIN grids g ON g.grid_id = a.grid_id`;

export interface ActivityFilter {
  prefix: string;
  stationId?: string | undefined;
  deputyId?: string | undefined;
  campaignId?: string | undefined;
  kind?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

export async function listActivities(q: Queryable, f: ActivityFilter): Promise<{ rows: ActivityRow[]; total: number; personTimes: number; constituents: number }> {
  const where = `a.region_code LIKE $1 AND ($2::uuid IS NULL OR a.station_id = $2)
    AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM activity_participants p WHERE p.activity_id = a.activity_id AND p.deputy_id = $3))
    AND ($4::uuid IS NULL OR a.campaign_id = $4) AND ($5::text IS NULL OR a.kind = $5)
    AND ($6::timestamptz IS NULL OR a.started_at >= $6) AND ($7::timestamptz IS NULL OR a.started_at < $7)`;
  const params = [`${f.prefix}%`, f.stationId ?? null, f.deputyId ?? null, f.campaignId ?? null, f.kind ?? null, f.from ?? null, f.to ?? null];
  const totals = await q.query<{ n: number; person_times: number; constituents: number }>(
    `SELECT count(*)::int AS n, COALESCE(sum(a.constituents_received), 0)::int AS constituents,
       COALESCE(sum((SELECT count(*) FROM activity_participants ap WHERE ap.activity_id = a.activity_id)), 0)::int AS person_times
     FROM activities a WHERE ${where}`,
    params,
  );
  const rows = await q.query<ActivityRow>(
    `SELECT ${ACTIVITY_COLUMNS} FROM ${ACTIVITY_FROM} WHERE ${where}
     ORDER BY a.started_at DESC, a.activity_id LIMIT $8 OFFSET $9`,
    [...params, f.limit, f.offset],
  );
  const t = totals.rows[0];
  return { rows: rows.rows, total: t?.n ?? 0, personTimes: t?.person_times ?? 0, constituents: t?.constituents ?? 0 };
}

export async function findActivity(q: Queryable, id: string): Promise<ActivityRow | null> {
  const r = await q.query<ActivityRow>(`SELECT ${ACTIVITY_COLUMNS} FROM ${ACTIVITY_FROM} WHERE a.activity_id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function findActivityBySlot(q: Queryable, slotId: string): Promise<ActivityRow | null> {
  const r = await q.query<ActivityRow>(
    `SELECT ${ACTIVITY_COLUMNS} FROM ${ACTIVITY_FROM} WHERE a.rota_slot_id = $1 ORDER BY a.created_at LIMIT 1`,
    [slotId],
  );
  return r.rows[0] ?? null;
}

export interface ParticipantRow {
  deputy_id: string;
  name: string;
  checked_in_at: Date | null;
  check_in_lat: number | null;
  check_in_lng: number | null;
}

export async function listParticipants(q: Queryable, activityId: string): Promise<ParticipantRow[]> {
  const r = await q.query<ParticipantRow>(
    `SELECT p.deputy_id, d.name, p.checked_in_at, p.check_in_lat, p.check_in_lng
     FROM activity_participants p JOIN deputies d ON d.deputy_id = p.deputy_id WHERE p.activity_id = $1 ORDER BY d.name_pinyin, d.deputy_id`,
    [activityId],
  );
  return r.rows;
}

export async function addParticipant(
  q: Queryable,
  a: { activityId: string; deputyId: string; countyCode: string; startedAt: Date; placeId: string | null; localMonth: number; isDuty: boolean; now: Date; lat: number | null; lng: number | null },
): Promise<void> {
  await q.query(
    `INSERT INTO activity_participants (activity_id, deputy_id, county_code, started_at, place_id, local_month, is_duty,
       checked_in_at, check_in_lat, check_in_lng, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $8)
     ON CONFLICT (activity_id, deputy_id) DO UPDATE SET checked_in_at = COALESCE(activity_participants.checked_in_at, $8),
       check_in_lat = COALESCE(activity_participants.check_in_lat, $9), check_in_lng = COALESCE(activity_participants.check_in_lng, $10)`,
    [a.activityId, a.deputyId, a.countyCode, a.startedAt, a.placeId, a.localMonth, a.isDuty, a.now, a.lat, a.lng],
  );
  if (a.isDuty && a.placeId) {
    await refreshDutyVisitYears(q, { deputyIds: [a.deputyId], placeIds: [a.placeId], years: [Math.floor(a.localMonth / 12)] });
  }
}

export async function checkInParticipant(q: Queryable, activityId: string, deputyId: string, now: Date, lat: number | null, lng: number | null): Promise<boolean> {
  const r = await q.query(
    `UPDATE activity_participants SET checked_in_at = $3, check_in_lat = $4, check_in_lng = $5
     WHERE activity_id = $1 AND deputy_id = $2 AND checked_in_at IS NULL`,
    [activityId, deputyId, now, lat, lng],
  );
  return r.rowCount > 0;
}

export async function isParticipant(q: Queryable, activityId: string, deputyId: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM activity_participants WHERE activity_id = $1 AND deputy_id = $2', [activityId, deputyId]);
  return r.rows.length > 0;
}

export async function linkActivityConcern(q: Queryable, activityId: string, concernId: string): Promise<void> {
  await q.query('INSERT INTO activity_concerns (activity_id, concern_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [activityId, concernId]);
}

export interface ConcernBrief {
  concern_id: string;
  case_number: string;
  title: string;
  status: string;
  region_code: string;
  created_at: Date;
}

export async function listActivityConcerns(q: Queryable, activityId: string): Promise<ConcernBrief[]> {
  const r = await q.query<ConcernBrief>(
    `SELECT c.concern_id, c.case_number, c.title, c.status, c.region_code, c.created_at
     FROM activity_concerns ac JOIN concerns c ON c.concern_id = ac.concern_id WHERE ac.activity_id = $1 ORDER BY c.created_at`,
    [activityId],
  );
  return r.rows;
}

export async function findConcernsBrief(q: Queryable, ids: string[]): Promise<ConcernBrief[]> {
  if (ids.length === 0) return [];
  const r = await q.query<ConcernBrief>(
    'SELECT concern_id, case_number, title, status, region_code, created_at FROM concerns WHERE concern_id = ANY($1::uuid[])',
    [ids],
  );
  return r.rows;
}

// ─── Reception registers ───────────────────────────────────────────────────────────────────

export async function nextRegisterSequence(q: Queryable, stationId: string, year: number): Promise<number> {
  const r = await q.query<{ last_value: number }>(
    `INSERT INTO reception_register_sequences AS s (station_id, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (station_id, year) DO UPDATE SET last_value = s.last_value + 1 RETURNING last_value`,
    [stationId, year],
  );
  return (r.rows[0] as { last_value: number }).last_value;
}

export interface ReceptionEntryWrite {
  entryId: string;
  registerNumber: string;
  countyCode: string;
  regionCode: string;
  stationId: string;
  activityId: string | null;
  receivedAt: Date;
  dutyDeputyIds: string[];
  nameEnc: string | null;
  nameMasked: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  phoneIndex: string | null;
  addressEnc: string | null;
  addressMasked: string | null;
  visitorCount: number;
  requests: unknown;
  proposedHandling: string | null;
  route: string;
  feedback: string | null;
  createdBy: string | null;
  now: Date;
}

export async function insertReceptionEntry(q: Queryable, e: ReceptionEntryWrite): Promise<void> {
  await q.query(
    `INSERT INTO reception_entries (entry_id, register_number, county_code, region_code, station_id, activity_id, received_at,
       duty_deputy_ids, visitor_name_enc, visitor_name_masked, visitor_phone_enc, visitor_phone_masked, visitor_phone_index,
       visitor_address_enc, visitor_address_masked, visitor_count, requests, proposed_handling, route, feedback, feedback_at,
       created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19, $20,
       CASE WHEN $20::text IS NULL THEN NULL ELSE $22::timestamptz END, $21, $22, $22)`,
    [
      e.entryId, e.registerNumber, e.countyCode, e.regionCode, e.stationId, e.activityId, e.receivedAt, j(e.dutyDeputyIds),
      e.nameEnc, e.nameMasked, e.phoneEnc, e.phoneMasked, e.phoneIndex, e.addressEnc, e.addressMasked, e.visitorCount,
      j(e.requests), e.proposedHandling, e.route, e.feedback, e.createdBy, e.now,
    ],
  );
}

export interface ReceptionEntryRow {
  entry_id: string;
  register_number: string;
  county_code: string;
  region_code: string;
  station_id: string;
  station_name: string;
  station_code: string;
  activity_id: string | null;
  received_at: Date;
  duty_deputy_ids: string[];
  visitor_name_enc: string | null;
  visitor_name_masked: string | null;
  visitor_phone_enc: string | null;
  visitor_phone_masked: string | null;
  visitor_address_enc: string | null;
  visitor_address_masked: string | null;
  visitor_count: number;
  requests: { content: string; title?: string }[];
  proposed_handling: string | null;
  route: string;
  feedback: string | null;
  feedback_at: Date | null;
  created_at: Date;
  version: number;
}

const ENTRY_COLUMNS = `e.entry_id, e.register_number, e.county_code, e.region_code, e.station_id, s.name AS station_name,
  s.code AS station_code, e.activity_id, e.received_at, e.duty_deputy_ids, e.visitor_name_enc, e.visitor_name_masked,
  e.visitor_phone_enc, e.visitor_phone_masked, e.visitor_address_enc, e.visitor_address_masked, e.visitor_count, e.requests,
  e.proposed_handling, e.route, e.feedback, e.feedback_at, e.created_at, e.version`;

export async function findReceptionEntry(q: Queryable, id: string): Promise<ReceptionEntryRow | null> {
  const r = await q.query<ReceptionEntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM reception_entries e JOIN stations s ON s.station_id = e.station_id WHERE e.entry_id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function listReceptionEntries(
  q: Queryable,
  f: { prefix: string; stationId?: string | undefined; from?: Date | undefined; to?: Date | undefined; limit: number; offset: number },
): Promise<{ rows: ReceptionEntryRow[]; total: number }> {
  const where = `e.region_code LIKE $1 AND ($2::uuid IS NULL OR e.station_id = $2)
    AND ($3::timestamptz IS NULL OR e.received_at >= $3) AND ($4::timestamptz IS NULL OR e.received_at < $4)`;
  const params = [`${f.prefix}%`, f.stationId ?? null, f.from ?? null, f.to ?? null];
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM reception_entries e WHERE ${where}`, params);
  const rows = await q.query<ReceptionEntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM reception_entries e JOIN stations s ON s.station_id = e.station_id WHERE ${where}
     ORDER BY e.register_number LIMIT $5 OFFSET $6`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function updateEntryFeedback(q: Queryable, id: string, feedback: string, now: Date): Promise<void> {
  await q.query(
    'UPDATE reception_entries SET feedback = $2, feedback_at = $3, version = version + 1, updated_at = $3 WHERE entry_id = $1',
    [id, feedback, now],
  );
}

export async function listEntryConcerns(q: Queryable, entryId: string): Promise<(ConcernBrief & { request_index: number })[]> {
  const r = await q.query<ConcernBrief & { request_index: number }>(
    `SELECT l.request_index, c.concern_id, c.case_number, c.title, c.status, c.region_code, c.created_at
     FROM reception_entry_concerns l JOIN concerns c ON c.concern_id = l.concern_id WHERE l.entry_id = $1 ORDER BY l.request_index`,
    [entryId],
  );
  return r.rows;
}

export async function linkEntryConcern(q: Queryable, entryId: string, requestIndex: number, concernId: string): Promise<void> {
  await q.query(
    'INSERT INTO reception_entry_concerns (entry_id, request_index, concern_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [entryId, requestIndex, concernId],
  );
}

// ─── Work log ──────────────────────────────────────────────────────────────────────────────

export interface WorkLogActivityRow {
  activity_id: string;
  kind: string;
  started_at: Date;
  place: string;
  place_name: string | null;
  summary: string;
  constituents_received: number;
  checked_in_at: Date | null;
}

export async function listDeputyActivities(q: Queryable, deputyId: string, from: Date, to: Date): Promise<WorkLogActivityRow[]> {
  const r = await q.query<WorkLogActivityRow>(
    `SELECT a.activity_id, a.kind, a.started_at, a.place, COALESCE(s.name, g.name, a.place_description) AS place_name,
       a.summary, a.constituents_received, p.checked_in_at
     FROM activity_participants p JOIN activities a ON a.activity_id = p.activity_id
     LEFT JOIN stations s ON s.station_id = a.station_id LEFT JOIN grids g ON g.grid_id = a.grid_id
     WHERE p.deputy_id = $1 AND p.started_at >= $2 AND p.started_at < $3 ORDER BY a.started_at, a.activity_id`,
    [deputyId, from, to],
  );
  return r.rows;
}

export async function listConcernsCollectedBy(q: Queryable, deputyId: string, from: Date, to: Date): Promise<ConcernBrief[]> {
  const r = await q.query<ConcernBrief>(
    `SELECT concern_id, case_number, title, status, region_code, created_at FROM concerns
     WHERE collector_deputy_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at, concern_id`,
    [deputyId, from, to],
  );
  return r.rows;
}

export async function listEntriesOfDeputy(q: Queryable, deputyId: string, from: Date, to: Date): Promise<{ entry_id: string; register_number: string; received_at: Date; station_name: string; requests: number }[]> {
  const r = await q.query<{ entry_id: string; register_number: string; received_at: Date; station_name: string; requests: number }>(
    `SELECT e.entry_id, e.register_number, e.received_at, s.name AS station_name, jsonb_array_length(e.requests) AS requests
     FROM reception_entries e JOIN stations s ON s.station_id = e.station_id
     WHERE e.duty_deputy_ids ? $1 AND e.received_at >= $2 AND e.received_at < $3 ORDER BY e.received_at`,
    [deputyId, from, to],
  );
  return r.rows;
}

/**
 * The suggestions a deputy put forward (as lead, or as a co-signer who confirmed), dated by their
 * filing (提交); drafts that were never filed are not yet proposed and do not count.
 */
export async function listSuggestionsOfDeputy(q: Queryable, deputyId: string, from: Date, to: Date): Promise<{ suggestion_id: string; title: string; case_number: string | null; status: string; role: string; filed_at: Date }[]> {
  const r = await q.query<{ suggestion_id: string; title: string; case_number: string | null; status: string; role: string; filed_at: Date }>(
    `SELECT s.suggestion_id, s.title, s.case_number, s.status, sd.role, f.filed_at
     FROM suggestion_deputies sd
     JOIN suggestions s ON s.suggestion_id = sd.suggestion_id
     JOIN LATERAL (SELECT min(e.occurred_at) AS filed_at FROM suggestion_events e
                   WHERE e.suggestion_id = s.suggestion_id AND e.to_status = 'filed') f ON f.filed_at IS NOT NULL
     WHERE sd.deputy_id = $1 AND (sd.role = 'lead' OR sd.confirmed_at IS NOT NULL)
       AND f.filed_at >= $2 AND f.filed_at < $3
     ORDER BY f.filed_at, s.suggestion_id`,
    [deputyId, from, to],
  );
  return r.rows;
}

// ─── Evaluations ───────────────────────────────────────────────────────────────────────────

export async function findSchemesUp(q: Queryable, codes: string[], year: number): Promise<{ region_code: string; scheme: unknown }[]> {
  const r = await q.query<{ region_code: string; scheme: unknown }>(
    'SELECT region_code, scheme FROM performance_schemes WHERE region_code = ANY($1::text[]) AND year = $2',
    [codes, year],
  );
  return r.rows;
}

export async function upsertScheme(q: Queryable, regionCode: string, countyCode: string | null, year: number, scheme: unknown, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO performance_schemes (region_code, year, county_code, scheme, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (region_code, year) DO UPDATE SET scheme = $4::jsonb, updated_at = $5`,
    [regionCode, year, countyCode, j(scheme), now],
  );
}

export interface EvaluationRow {
  evaluation_id: string;
  deputy_id: string;
  region_code: string;
  year: number;
  scheme: unknown;
  version: number;
}

export async function findEvaluation(q: Queryable, deputyId: string, year: number, forUpdate = false): Promise<EvaluationRow | null> {
  const r = await q.query<EvaluationRow>(
    `SELECT evaluation_id, deputy_id, region_code, year, scheme, version FROM performance_evaluations
     WHERE deputy_id = $1 AND year = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [deputyId, year],
  );
  return r.rows[0] ?? null;
}

export async function insertEvaluation(q: Queryable, e: { deputyId: string; countyCode: string; regionCode: string; year: number; scheme: unknown; now: Date }): Promise<string> {
  const r = await q.query<{ evaluation_id: string }>(
    `INSERT INTO performance_evaluations (deputy_id, county_code, region_code, year, scheme, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6)
     ON CONFLICT (deputy_id, year) DO UPDATE SET updated_at = performance_evaluations.updated_at RETURNING evaluation_id`,
    [e.deputyId, e.countyCode, e.regionCode, e.year, j(e.scheme), e.now],
  );
  return (r.rows[0] as { evaluation_id: string }).evaluation_id;
}

export interface RatingRow {
  stage: string;
  position: number;
  rater_user_id: string | null;
  scores: Record<string, number>;
  total: number;
  comment: string | null;
  created_at: Date;
}

export async function listRatings(q: Queryable, evaluationId: string): Promise<RatingRow[]> {
  const r = await q.query<RatingRow>(
    `SELECT stage, position, rater_user_id, scores, total, comment, created_at FROM performance_ratings
     WHERE evaluation_id = $1 ORDER BY position`,
    [evaluationId],
  );
  return r.rows;
}

export async function insertRating(
  q: Queryable,
  x: { evaluationId: string; stage: string; position: number; raterUserId: string | null; scores: unknown; total: number; comment: string | null; now: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO performance_ratings (evaluation_id, stage, position, rater_user_id, scores, total, comment, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
    [x.evaluationId, x.stage, x.position, x.raterUserId, j(x.scores), x.total, x.comment, x.now],
  );
  await q.query('UPDATE performance_evaluations SET version = version + 1, updated_at = $2 WHERE evaluation_id = $1', [x.evaluationId, x.now]);
}

export interface DeputyYearFacts {
  activities: number;
  duty_activities: number;
  surveys_inspections: number;
  meetings: number;
  constituents: number;
  concerns_collected: number;
  receptions: number;
  /** Filed suggestions the deputy led or confirmed co-signing. */
  suggestions: number;
}

export async function deputyYearFacts(q: Queryable, deputyId: string, from: Date, to: Date): Promise<DeputyYearFacts> {
  const r = await q.query<DeputyYearFacts>(
    `SELECT
       (SELECT count(*)::int FROM activity_participants p WHERE p.deputy_id = $1 AND p.started_at >= $2 AND p.started_at < $3) AS activities,
       (SELECT count(*)::int FROM activity_participants p WHERE p.deputy_id = $1 AND p.is_duty AND p.started_at >= $2 AND p.started_at < $3) AS duty_activities,
       (SELECT count(*)::int FROM activity_participants p JOIN activities a ON a.activity_id = p.activity_id
          WHERE p.deputy_id = $1 AND p.started_at >= $2 AND p.started_at < $3
            AND a.kind IN ('survey', 'inspection', 'law_enforcement_inspection', 'special_supervision', 'special_inquiry')) AS surveys_inspections,
       (SELECT count(*)::int FROM activity_participants p JOIN activities a ON a.activity_id = p.activity_id
          WHERE p.deputy_id = $1 AND p.started_at >= $2 AND p.started_at < $3
            AND a.kind IN ('meeting', 'meeting_with_mayor', 'site_meeting')) AS meetings,
       (SELECT COALESCE(sum(a.constituents_received), 0)::int FROM activity_participants p JOIN activities a ON a.activity_id = p.activity_id
          WHERE p.deputy_id = $1 AND p.started_at >= $2 AND p.started_at < $3) AS constituents,
       (SELECT count(*)::int FROM concerns c WHERE c.collector_deputy_id = $1 AND c.created_at >= $2 AND c.created_at < $3) AS concerns_collected,
       (SELECT count(*)::int FROM reception_entries e WHERE e.duty_deputy_ids ? $1::text AND e.received_at >= $2 AND e.received_at < $3) AS receptions,
       (SELECT count(*)::int FROM suggestion_deputies sd
          WHERE sd.deputy_id = $1 AND (sd.role = 'lead' OR sd.confirmed_at IS NOT NULL)
            AND (SELECT min(e.occurred_at) FROM suggestion_events e WHERE e.suggestion_id = sd.suggestion_id AND e.to_status = 'filed') >= $2
            AND (SELECT min(e.occurred_at) FROM suggestion_events e WHERE e.suggestion_id = sd.suggestion_id AND e.to_status = 'filed') < $3) AS suggestions`,
    [deputyId, from, to],
  );
  return r.rows[0] as DeputyYearFacts;
}

// ─── Campaigns ─────────────────────────────────────────────────────────────────────────────

export interface CampaignRow {
  campaign_id: string;
  county_code: string;
  region_code: string;
  region_name: string | null;
  name: string;
  theme: string;
  starts_on: string;
  ends_on: string;
  targets: Record<string, number>;
  suggestions_formed: number;
  version: number;
  created_at: Date;
}

const CAMPAIGN_COLUMNS = `c.campaign_id, c.county_code, c.region_code, r.name AS region_name, c.name, c.theme, c.starts_on, c.ends_on,
  c.targets, c.suggestions_formed, c.version, c.created_at`;

export async function insertCampaign(
  q: Queryable,
  c: { countyCode: string; regionCode: string; name: string; theme: string; startsOn: string; endsOn: string; targets: unknown; suggestionsFormed: number; userId: string | null; isDemo: boolean; now: Date },
): Promise<string> {
  const r = await q.query<{ campaign_id: string }>(
    `INSERT INTO campaigns (county_code, region_code, name, theme, starts_on, ends_on, targets, suggestions_formed, created_by, is_demo, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $11) RETURNING campaign_id`,
    [c.countyCode, c.regionCode, c.name, c.theme, c.startsOn, c.endsOn, j(c.targets), c.suggestionsFormed, c.userId, c.isDemo, c.now],
  );
  return (r.rows[0] as { campaign_id: string }).campaign_id;
}

export async function updateCampaign(
  q: Queryable,
  id: string,
  c: { regionCode: string; name: string; theme: string; startsOn: string; endsOn: string; targets: unknown; suggestionsFormed: number; now: Date },
): Promise<void> {
  await q.query(
    `UPDATE campaigns SET region_code = $2, name = $3, theme = $4, starts_on = $5, ends_on = $6, targets = $7::jsonb,
       suggestions_formed = $8, version = version + 1, updated_at = $9 WHERE campaign_id = $1`,
    [id, c.regionCode, c.name, c.theme, c.startsOn, c.endsOn, j(c.targets), c.suggestionsFormed, c.now],
  );
}

export async function deleteCampaign(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE activities SET campaign_id = NULL WHERE campaign_id = $1', [id]);
  await q.query('UPDATE oversight_items SET campaign_id = NULL WHERE campaign_id = $1', [id]);
  await q.query('DELETE FROM campaigns WHERE campaign_id = $1', [id]);
}

export async function findCampaign(q: Queryable, id: string): Promise<CampaignRow | null> {
  const r = await q.query<CampaignRow>(
    `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns c LEFT JOIN regions r ON r.region_code = c.region_code WHERE c.campaign_id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function listCampaigns(q: Queryable, prefix: string): Promise<CampaignRow[]> {
  const r = await q.query<CampaignRow>(
    `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns c LEFT JOIN regions r ON r.region_code = c.region_code
     WHERE c.region_code LIKE $1 ORDER BY c.starts_on DESC, c.campaign_id`,
    [`${prefix}%`],
  );
  return r.rows;
}

export async function tagActivities(q: Queryable, campaignId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await q.query('UPDATE activities SET campaign_id = $1 WHERE activity_id = ANY($2::uuid[])', [campaignId, ids]);
  return r.rowCount;
}

export async function tagConcerns(q: Queryable, campaignId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await q.query(
    `INSERT INTO campaign_concerns (campaign_id, concern_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    [campaignId, ids],
  );
  return r.rowCount;
}

export interface CampaignFacts {
  activities: number;
  person_times: number;
  constituents: number;
  concerns_collected: number;
  concerns_solved_in_period: number;
  prominent_solved: number;
  towns_with_head_activity: string[];
}

export async function campaignFacts(q: Queryable, campaignId: string, end: Date, minHeadActivities: number): Promise<CampaignFacts> {
  const r = await q.query<CampaignFacts>(
    `WITH cc AS (
       SELECT concern_id FROM concerns WHERE campaign_id = $1
       UNION SELECT concern_id FROM campaign_concerns WHERE campaign_id = $1
     ), c AS (SELECT x.* FROM concerns x JOIN cc USING (concern_id))
     SELECT
       (SELECT count(*)::int FROM activities a WHERE a.campaign_id = $1) AS activities,
       (SELECT count(*)::int FROM activity_participants p JOIN activities a ON a.activity_id = p.activity_id WHERE a.campaign_id = $1) AS person_times,
       (SELECT COALESCE(sum(constituents_received), 0)::int FROM activities a WHERE a.campaign_id = $1) AS constituents,
       (SELECT count(*)::int FROM c) AS concerns_collected,
       (SELECT count(*)::int FROM c WHERE c.status IN ('resolved_on_spot', 'replied', 'closed') AND c.updated_at < $2) AS concerns_solved_in_period,
       (SELECT count(*)::int FROM c WHERE c.status IN ('resolved_on_spot', 'replied', 'closed') AND (c.tier = 'major' OR c.key_supervision)) AS prominent_solved,
       COALESCE((SELECT array_agg(town) FROM (
          SELECT substr(a.region_code, 1, 9) || '000' AS town FROM activities a
          WHERE a.campaign_id = $1 AND a.led_by_congress_head GROUP BY 1 HAVING count(*) >= $3) t), '{}') AS towns_with_head_activity`,
    [campaignId, end, Math.max(1, minHeadActivities)],
  );
  return r.rows[0] as CampaignFacts;
}

export async function countGroupsWithin(q: Queryable, prefix: string): Promise<number> {
  const r = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM deputy_groups WHERE region_code LIKE $1', [`${prefix}%`]);
  return r.rows[0]?.n ?? 0;
}

// ─── Oversight ─────────────────────────────────────────────────────────────────────────────

export interface OversightRow {
  oversight_id: string;
  county_code: string;
  region_code: string;
  kind: string;
  title: string;
  subject: string | null;
  starts_on: string | null;
  ends_on: string | null;
  findings: string | null;
  suggestions: string | null;
  stage: string;
  campaign_id: string | null;
  version: number;
  created_at: Date;
  problems: number;
  answered: number;
}

const OVERSIGHT_COLUMNS = `o.oversight_id, o.county_code, o.region_code, o.kind, o.title, o.subject, o.starts_on, o.ends_on, o.findings,
  o.suggestions, o.stage, o.campaign_id, o.version, o.created_at,
  (SELECT count(*)::int FROM oversight_problems p WHERE p.oversight_id = o.oversight_id) AS problems,
  (SELECT count(*)::int FROM oversight_problems p WHERE p.oversight_id = o.oversight_id AND p.status IN ('answered', 'revisited')) AS answered`;

export async function insertOversight(
  q: Queryable,
  o: { countyCode: string; regionCode: string; kind: string; title: string; subject: string | null; startsOn: string | null; endsOn: string | null; findings: string | null; suggestions: string | null; campaignId: string | null; userId: string | null; now: Date },
  problems: { description: string; category: string | null; unitId: string | null; dueOn: string | null }[],
): Promise<string> {
  const r = await q.query<{ oversight_id: string }>(
    `INSERT INTO oversight_items (county_code, region_code, kind, title, subject, starts_on, ends_on, findings, suggestions,
       campaign_id, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING oversight_id`,
    [o.countyCode, o.regionCode, o.kind, o.title, o.subject, o.startsOn, o.endsOn, o.findings, o.suggestions, o.campaignId, o.userId, o.now],
  );
  const id = (r.rows[0] as { oversight_id: string }).oversight_id;
  if (problems.length > 0) {
    await q.query(
      `INSERT INTO oversight_problems (oversight_id, county_code, position, description, category, unit_id, due_on, created_at, updated_at)
       SELECT $1, $2, pos, d, c, u, due, $8, $8 FROM unnest($3::int[], $4::text[], $5::text[], $6::uuid[], $7::date[]) AS x(pos, d, c, u, due)`,
      [
        id, o.countyCode, problems.map((_, i) => i + 1), problems.map((p) => p.description), problems.map((p) => p.category),
        problems.map((p) => p.unitId), problems.map((p) => p.dueOn), o.now,
      ],
    );
  }
  return id;
}

export async function findOversight(q: Queryable, id: string): Promise<OversightRow | null> {
  const r = await q.query<OversightRow>(`SELECT ${OVERSIGHT_COLUMNS} FROM oversight_items o WHERE o.oversight_id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function listOversight(q: Queryable, f: { prefix: string; unitId?: string | null }): Promise<OversightRow[]> {
  const r = await q.query<OversightRow>(
    `SELECT ${OVERSIGHT_COLUMNS} FROM oversight_items o WHERE o.region_code LIKE $1
       AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM oversight_problems p WHERE p.oversight_id = o.oversight_id AND p.unit_id = $2 AND p.status <> 'open'))
     ORDER BY o.created_at DESC, o.oversight_id`,
    [`${f.prefix}%`, f.unitId ?? null],
  );
  return r.rows;
}

export interface ProblemRow {
  problem_id: string;
  oversight_id: string;
  position: number;
  category: string | null;
  description: string;
  unit_id: string | null;
  unit_name: string | null;
  status: 'open' | 'dispatched' | 'answered' | 'revisited';
  due_on: string | null;
  dispatched_at: Date | null;
  answer: string | null;
  answered_at: Date | null;
  revisit_note: string | null;
  revisited_at: Date | null;
}

export async function listProblems(q: Queryable, oversightId: string): Promise<ProblemRow[]> {
  const r = await q.query<ProblemRow>(
    `SELECT p.problem_id, p.oversight_id, p.position, p.category, p.description, p.unit_id, u.name AS unit_name, p.status, p.due_on,
       p.dispatched_at, p.answer, p.answered_at, p.revisit_note, p.revisited_at
     FROM oversight_problems p LEFT JOIN handling_units u ON u.unit_id = p.unit_id WHERE p.oversight_id = $1 ORDER BY p.position`,
    [oversightId],
  );
  return r.rows;
}

export async function findProblem(q: Queryable, problemId: string): Promise<ProblemRow | null> {
  const r = await q.query<ProblemRow>(
    `SELECT p.problem_id, p.oversight_id, p.position, p.category, p.description, p.unit_id, u.name AS unit_name, p.status, p.due_on,
       p.dispatched_at, p.answer, p.answered_at, p.revisit_note, p.revisited_at
     FROM oversight_problems p LEFT JOIN handling_units u ON u.unit_id = p.unit_id WHERE p.problem_id = $1`,
    [problemId],
  );
  return r.rows[0] ?? null;
}

export async function findUnitCounty(q: Queryable, unitId: string): Promise<string | null> {
  const r = await q.query<{ county_code: string }>('SELECT county_code FROM handling_units WHERE unit_id = $1', [unitId]);
  return r.rows[0]?.county_code ?? null;
}

export async function dispatchProblem(q: Queryable, problemId: string, unitId: string, dueOn: string | null, now: Date): Promise<void> {
  await q.query(
    `UPDATE oversight_problems SET unit_id = $2, due_on = COALESCE($3::date, due_on), status = 'dispatched', dispatched_at = $4, updated_at = $4
     WHERE problem_id = $1`,
    [problemId, unitId, dueOn, now],
  );
}

export async function answerProblem(q: Queryable, problemId: string, answer: string, userId: string | null, now: Date): Promise<void> {
  await q.query(
    `UPDATE oversight_problems SET answer = $2, answered_by = $3, answered_at = $4, status = 'answered', updated_at = $4 WHERE problem_id = $1`,
    [problemId, answer, userId, now],
  );
}

export async function revisitProblem(q: Queryable, problemId: string, note: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE oversight_problems SET revisit_note = $2, revisited_at = $3, status = 'revisited', updated_at = $3 WHERE problem_id = $1`,
    [problemId, note, now],
  );
}

export async function setOversightStage(q: Queryable, id: string, stage: string, now: Date): Promise<void> {
  await q.query('UPDATE oversight_items SET stage = $2, version = version + 1, updated_at = $3 WHERE oversight_id = $1', [id, stage, now]);
}

// ─── Demo ─────────────────────────────────────────────────────────────────────────────────

export interface DemoAssignmentRow {
  deputy_id: string;
  region_code: string;
  levels: DeputyLevel[];
  station_id: string | null;
  station_kind: string | null;
  station_region: string | null;
  grid_id: string | null;
  grid_village: string | null;
}

/** The demo county's placements (deputies with their levels, stations and grids). */
export async function listDemoAssignments(q: Queryable, county: string): Promise<DemoAssignmentRow[]> {
  const r = await q.query<DemoAssignmentRow>(
    `SELECT a.deputy_id, d.region_code,
       (SELECT array_agg(DISTINCT m.level) FROM deputy_mandates m WHERE m.deputy_id = a.deputy_id AND m.status = 'active') AS levels,
       a.station_id, s.kind AS station_kind, s.region_code AS station_region, a.grid_id, g.village_code AS grid_village
     FROM deputy_assignments a JOIN deputies d ON d.deputy_id = a.deputy_id
     LEFT JOIN stations s ON s.station_id = a.station_id LEFT JOIN grids g ON g.grid_id = a.grid_id
     WHERE a.county_code = $1 AND d.is_active ORDER BY a.deputy_id, a.created_at`,
    [county],
  );
  return r.rows;
}

export async function listCentralStations(q: Queryable, county: string): Promise<StationRef[]> {
  const r = await q.query<StationRef>(
    `SELECT station_id, code, name, region_code, county_code, address FROM stations
     WHERE county_code = $1 AND kind = 'central' AND is_active ORDER BY code`,
    [county],
  );
  return r.rows;
}

export async function listUnitsOf(q: Queryable, county: string): Promise<{ unit_id: string; name: string }[]> {
  const r = await q.query<{ unit_id: string; name: string }>(
    'SELECT unit_id, name FROM handling_units WHERE county_code = $1 AND is_active ORDER BY code LIMIT 20',
    [county],
  );
  return r.rows;
}

export interface ActorRow {
  user_id: string;
  username: string;
  role: string;
  scope_region_code: string;
  station_id: string | null;
  unit_id: string | null;
  deputy_id: string | null;
}

export async function findActorByUsername(q: Queryable, username: string): Promise<ActorRow | null> {
  const r = await q.query<ActorRow>(
    'SELECT user_id, username, role, scope_region_code, station_id, unit_id, deputy_id FROM users WHERE username = $1',
    [username],
  );
  return r.rows[0] ?? null;
}
