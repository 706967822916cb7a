import type { Queryable } from '@gridvoice/db';
import { STATION_KINDS, type ListScope, type StationKind, type TStationListQuery } from '@gridvoice/core';
import { Conditions, escapeLike, likeWithin, orderSql } from './query-builder.js';

export interface StationRow {
  station_id: string;
  county_code: string;
  region_code: string;
  region_name: string;
  region_level: string;
  town_code: string | null;
  town_name: string | null;
  kind: StationKind;
  code: string;
  name: string;
  parent_station_id: string | null;
  parent_name: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  opening_hours: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  description: string | null;
  is_active: boolean;
  is_demo: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  village_count: number;
  grid_count: number;
  deputy_count: number;
  manager_count: number;
}

const KIND_ORDER = `array_position(ARRAY[${STATION_KINDS.map((k) => `'${k}'`).join(', ')}]::text[], s.kind)`;

/** Active deputies holding an assignment to station `s`. */
export const STATION_DEPUTIES_SQL = (s: string) => `
  SELECT DISTINCT a.deputy_id FROM deputy_assignments a
    JOIN deputies d ON d.deputy_id = a.deputy_id AND d.is_active
  WHERE a.station_id = ${s}.station_id`;

const SELECT = `
  SELECT s.station_id, s.county_code, s.region_code, r.name AS region_name, r.level AS region_level,
    t.region_code AS town_code, t.name AS town_name, s.kind, s.code, s.name, s.parent_station_id,
    p.name AS parent_name, s.address, s.lat, s.lng, s.opening_hours, s.contact_name, s.contact_phone,
    s.description, s.is_active, s.is_demo, s.version, s.created_at, s.updated_at,
    (SELECT count(*) FROM station_villages sv WHERE sv.station_id = s.station_id) AS village_count,
    (SELECT count(*) FROM station_grids sg WHERE sg.station_id = s.station_id) AS grid_count,
    (SELECT count(*) FROM (${STATION_DEPUTIES_SQL('s')}) sd) AS deputy_count,
    (SELECT count(*) FROM users u WHERE u.station_id = s.station_id AND u.role = 'station_manager'
       AND u.disabled_at IS NULL) AS manager_count
  FROM stations s
  JOIN regions r ON r.region_code = s.region_code
  LEFT JOIN regions t ON t.region_code = CASE r.level WHEN 'village' THEN r.parent_code
    WHEN 'town' THEN r.region_code END
  LEFT JOIN stations p ON p.station_id = s.parent_station_id`;

const SORTS: Record<TStationListQuery['sort'], string> = {
  code: 's.code',
  name: 's.name',
  kind: KIND_ORDER,
  deputyCount: 'deputy_count',
  createdAt: 's.created_at',
};

export async function listStations(
  q: Queryable,
  scope: ListScope,
  f: TStationListQuery,
): Promise<{ rows: StationRow[]; total: number }> {
  const c = new Conditions();
  c.and('s.region_code LIKE ?', likeWithin(scope.scopeRegionCode));
  if (scope.stationId) c.and('s.station_id = ?', scope.stationId);
  if (f.regionCode) c.and('s.region_code LIKE ?', likeWithin(f.regionCode));
  if (f.kind) c.and('s.kind = ?', f.kind);
  if (f.parentStationId) c.and('s.parent_station_id = ?', f.parentStationId);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    c.and('(s.name ILIKE ? OR s.code ILIKE ? OR s.address ILIKE ?)', like, like, like);
  }
  if (f.status === 'active') c.and('s.is_active');
  if (f.status === 'inactive') c.and('NOT s.is_active');
  const where = c.sql();
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM stations s ${where}`, c.params);
  const rows = await q.query<StationRow>(
    `${SELECT} ${where} ORDER BY ${SORTS[f.sort]} ${orderSql(f.order)}, s.code
     LIMIT ${c.p(f.pageSize)} OFFSET ${c.p((f.page - 1) * f.pageSize)}`,
    c.params,
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function findStation(q: Queryable, stationId: string): Promise<StationRow | null> {
  const r = await q.query<StationRow>(`${SELECT} WHERE s.station_id = $1`, [stationId]);
  return r.rows[0] ?? null;
}

export async function findStationByCode(q: Queryable, code: string): Promise<StationRow | null> {
  const r = await q.query<StationRow>(`${SELECT} WHERE s.code = $1`, [code]);
  return r.rows[0] ?? null;
}

/** Serialises code allocation per county (the county region row is the lock). */
export async function lockCountyForCodes(q: Queryable, countyCode6: string): Promise<void> {
  await q.query('SELECT 1 FROM regions WHERE region_code = $1 FOR UPDATE', [countyCode6.padEnd(12, '0')]);
}

export async function usedStationSequences(q: Queryable, countyCode6: string, letter: string): Promise<number[]> {
  const r = await q.query<{ code: string }>('SELECT code FROM stations WHERE code LIKE $1', [`${countyCode6}${letter}%`]);
  return r.rows.map((x) => Number(x.code.slice(7)));
}

export async function stationCodeTaken(q: Queryable, code: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM stations WHERE code = $1', [code])).rows.length > 0;
}

export interface StationWrite {
  countyCode: string;
  regionCode: string;
  kind: StationKind;
  code: string;
  name: string;
  parentStationId: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  openingHours: string | null;
  contactName: string | null;
  contactPhone: string | null;
  description: string | null;
  now: Date;
}

export async function insertStation(q: Queryable, s: StationWrite): Promise<string> {
  const r = await q.query<{ station_id: string }>(
    `INSERT INTO stations (county_code, region_code, kind, code, name, parent_station_id, address, lat, lng,
       opening_hours, contact_name, contact_phone, description, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING station_id`,
    [
      s.countyCode,
      s.regionCode,
      s.kind,
      s.code,
      s.name,
      s.parentStationId,
      s.address,
      s.lat,
      s.lng,
      s.openingHours,
      s.contactName,
      s.contactPhone,
      s.description,
      s.now,
    ],
  );
  return (r.rows[0] as { station_id: string }).station_id;
}

const STATION_COLUMNS: Record<string, string> = {
  name: 'name',
  parentStationId: 'parent_station_id',
  address: 'address',
  lat: 'lat',
  lng: 'lng',
  openingHours: 'opening_hours',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  description: 'description',
};

/** Sets the fields present in `patch` (null clears); others stay. */
export async function updateStation(
  q: Queryable,
  stationId: string,
  patch: Partial<Record<keyof typeof STATION_COLUMNS, unknown>>,
  now: Date,
): Promise<void> {
  const c = new Conditions();
  const sets = [`updated_at = ${c.p(now)}`, 'version = version + 1'];
  for (const [key, column] of Object.entries(STATION_COLUMNS)) {
    if (patch[key] !== undefined) sets.push(`${column} = ${c.p(patch[key])}`);
  }
  await q.query(`UPDATE stations SET ${sets.join(', ')} WHERE station_id = ${c.p(stationId)}`, c.params);
}

export async function setStationActive(q: Queryable, stationId: string, active: boolean, now: Date): Promise<void> {
  await q.query('UPDATE stations SET is_active = $2, updated_at = $3, version = version + 1 WHERE station_id = $1', [
    stationId,
    active,
    now,
  ]);
}

export async function stationReferences(
  q: Queryable,
  stationId: string,
): Promise<{ assignments: number; children: number }> {
  const r = await q.query<{ assignments: number; children: number }>(
    `SELECT (SELECT count(*) FROM deputy_assignments WHERE station_id = $1) AS assignments,
       (SELECT count(*) FROM stations WHERE parent_station_id = $1) AS children`,
    [stationId],
  );
  return { assignments: r.rows[0]?.assignments ?? 0, children: r.rows[0]?.children ?? 0 };
}

export async function deleteStation(q: Queryable, stationId: string): Promise<void> {
  await q.query('UPDATE users SET station_id = NULL WHERE station_id = $1', [stationId]);
  await q.query('DELETE FROM stations WHERE station_id = $1', [stationId]);
}

/** True when `ancestorId` is `stationId` or above it in the parent chain (a cycle in the making). */
export async function isStationAncestor(q: Queryable, ancestorId: string, stationId: string): Promise<boolean> {
  const r = await q.query(
    `WITH RECURSIVE up AS (
       SELECT station_id, parent_station_id FROM stations WHERE station_id = $1
       UNION SELECT s.station_id, s.parent_station_id FROM stations s JOIN up ON s.station_id = up.parent_station_id)
     SELECT 1 FROM up WHERE station_id = $2`,
    [ancestorId, stationId],
  );
  return r.rows.length > 0;
}

// ─── Coverage links ──────────────────────────────────────────────────────────────────────────

export async function replaceStationCoverage(
  q: Queryable,
  stationId: string,
  countyCode: string,
  villageCodes: string[],
  gridIds: string[],
): Promise<void> {
  await q.query('DELETE FROM station_villages WHERE station_id = $1', [stationId]);
  await q.query('DELETE FROM station_grids WHERE station_id = $1', [stationId]);
  if (villageCodes.length) {
    await q.query(
      `INSERT INTO station_villages (station_id, village_code, county_code)
       SELECT $1, v, $2 FROM unnest($3::text[]) AS v ON CONFLICT DO NOTHING`,
      [stationId, countyCode, villageCodes],
    );
  }
  if (gridIds.length) {
    await q.query(
      `INSERT INTO station_grids (station_id, grid_id, county_code)
       SELECT $1, g, $2 FROM unnest($3::uuid[]) AS g ON CONFLICT DO NOTHING`,
      [stationId, countyCode, gridIds],
    );
  }
}

export async function listStationVillages(q: Queryable, stationId: string): Promise<{ code: string; name: string }[]> {
  const r = await q.query<{ code: string; name: string }>(
    `SELECT r.region_code AS code, r.name FROM station_villages sv JOIN regions r ON r.region_code = sv.village_code
     WHERE sv.station_id = $1 ORDER BY r.region_code`,
    [stationId],
  );
  return r.rows;
}

export async function listStationGrids(
  q: Queryable,
  stationId: string,
): Promise<{ grid_id: string; code: string; name: string; kind: 'grid' | 'micro_grid' }[]> {
  const r = await q.query<{ grid_id: string; code: string; name: string; kind: 'grid' | 'micro_grid' }>(
    `SELECT g.grid_id, g.code, g.name, g.kind FROM station_grids sg JOIN grids g ON g.grid_id = sg.grid_id
     WHERE sg.station_id = $1 ORDER BY g.code`,
    [stationId],
  );
  return r.rows;
}

export async function listStationDeputies(
  q: Queryable,
  stationId: string,
): Promise<{ deputy_id: string; name: string; levels: string[]; basis: string }[]> {
  const r = await q.query<{ deputy_id: string; name: string; levels: string[]; basis: string }>(
    `SELECT DISTINCT ON (d.name_pinyin, d.deputy_id) d.deputy_id, d.name, a.basis,
       ARRAY(SELECT m.level FROM deputy_mandates m WHERE m.deputy_id = d.deputy_id AND m.status = 'active') AS levels
     FROM deputy_assignments a JOIN deputies d ON d.deputy_id = a.deputy_id AND d.is_active
     WHERE a.station_id = $1 ORDER BY d.name_pinyin, d.deputy_id`,
    [stationId],
  );
  return r.rows;
}

export async function listStationChildren(
  q: Queryable,
  stationId: string,
): Promise<{ station_id: string; code: string; name: string; kind: StationKind }[]> {
  const r = await q.query<{ station_id: string; code: string; name: string; kind: StationKind }>(
    'SELECT station_id, code, name, kind FROM stations WHERE parent_station_id = $1 ORDER BY code',
    [stationId],
  );
  return r.rows;
}

// ─── Managers (users.station_id) ─────────────────────────────────────────────────────────────

export interface UserBrief {
  user_id: string;
  username: string;
  display_name: string;
  role: string;
  scope_region_code: string;
  disabled: boolean;
}

export async function userExists(q: Queryable, userId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM users WHERE user_id = $1', [userId])).rows.length > 0;
}

export async function findUsersBrief(q: Queryable, userIds: string[]): Promise<UserBrief[]> {
  if (userIds.length === 0) return [];
  const r = await q.query<UserBrief>(
    `SELECT user_id, username, display_name, role, scope_region_code, (disabled_at IS NOT NULL) AS disabled
     FROM users WHERE user_id = ANY($1::uuid[])`,
    [userIds],
  );
  return r.rows;
}

export interface CandidateRow {
  user_id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  current_id: string | null;
  current_name: string | null;
}

/**
 * Accounts of a role (station managers or unit handlers) whose scope lies within a region, with the
 * station or unit each serves now; matched on username or display name. At most 50.
 */
export async function listRoleCandidates(
  q: Queryable,
  role: 'station_manager' | 'unit_handler',
  scopeRegionCode: string,
  text: string | undefined,
): Promise<CandidateRow[]> {
  const c = new Conditions();
  c.and('u.role = ?', role);
  c.and('u.scope_region_code LIKE ?', likeWithin(scopeRegionCode));
  if (text) {
    const like = `%${escapeLike(text)}%`;
    c.and('(u.username ILIKE ? OR u.display_name ILIKE ?)', like, like);
  }
  const current =
    role === 'station_manager'
      ? 'LEFT JOIN stations x ON x.station_id = u.station_id'
      : 'LEFT JOIN handling_units x ON x.unit_id = u.unit_id';
  const idColumn = role === 'station_manager' ? 'x.station_id' : 'x.unit_id';
  const r = await q.query<CandidateRow>(
    `SELECT u.user_id, u.username, u.display_name, (u.disabled_at IS NOT NULL) AS disabled,
       ${idColumn} AS current_id, x.name AS current_name
     FROM users u ${current} ${c.sql()}
     ORDER BY (u.disabled_at IS NOT NULL), u.username LIMIT 50`,
    c.params,
  );
  return r.rows;
}

export async function listStationManagers(q: Queryable, stationId: string): Promise<UserBrief[]> {
  const r = await q.query<UserBrief>(
    `SELECT user_id, username, display_name, role, scope_region_code, (disabled_at IS NOT NULL) AS disabled
     FROM users WHERE station_id = $1 ORDER BY username`,
    [stationId],
  );
  return r.rows;
}

/** Exactly these users manage the station; others lose it. Sessions pick the change up at once. */
export async function setStationManagers(q: Queryable, stationId: string, userIds: string[]): Promise<void> {
  await q.query('UPDATE users SET station_id = NULL WHERE station_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [
    stationId,
    userIds,
  ]);
  if (userIds.length) {
    await q.query('UPDATE users SET station_id = $1 WHERE user_id = ANY($2::uuid[])', [stationId, userIds]);
  }
}

// ─── Network view ("五位一体") ────────────────────────────────────────────────────────────────

export async function stationNetworkRows(
  q: Queryable,
  regionCode: string,
): Promise<
  {
    station_id: string;
    code: string;
    name: string;
    kind: StationKind;
    region_code: string;
    region_name: string;
    parent_station_id: string | null;
    deputy_count: number;
    village_count: number;
    is_active: boolean;
  }[]
> {
  const r = await q.query<{
    station_id: string;
    code: string;
    name: string;
    kind: StationKind;
    region_code: string;
    region_name: string;
    parent_station_id: string | null;
    deputy_count: number;
    village_count: number;
    is_active: boolean;
  }>(
    `SELECT s.station_id, s.code, s.name, s.kind, s.region_code, r.name AS region_name, s.parent_station_id,
       s.is_active,
       (SELECT count(*) FROM (${STATION_DEPUTIES_SQL('s')}) sd) AS deputy_count,
       (SELECT count(*) FROM station_villages sv WHERE sv.station_id = s.station_id) AS village_count
     FROM stations s JOIN regions r ON r.region_code = s.region_code
     WHERE s.region_code LIKE $1 ORDER BY ${KIND_ORDER}, s.code`,
    [likeWithin(regionCode)],
  );
  return r.rows;
}

/** Per town: villages, and villages an active station sits in or covers. */
export async function townVillageCoverage(
  q: Queryable,
  regionCode: string,
): Promise<{ town_code: string; town_name: string; villages: number; covered: number }[]> {
  const r = await q.query<{ town_code: string; town_name: string; villages: number; covered: number }>(
    `SELECT t.region_code AS town_code, t.name AS town_name, count(v.region_code) AS villages,
       count(v.region_code) FILTER (WHERE ${VILLAGE_HAS_STATION_SQL('v')}) AS covered
     FROM regions t LEFT JOIN regions v ON v.parent_code = t.region_code AND v.level = 'village'
     WHERE t.level = 'town' AND t.region_code LIKE $1
     GROUP BY t.region_code, t.name ORDER BY t.region_code`,
    [likeWithin(regionCode)],
  );
  return r.rows;
}

/** R-ORG-6: an active station sits in the village or lists it among those it covers. */
export const VILLAGE_HAS_STATION_SQL = (v: string) => `(
  EXISTS (SELECT 1 FROM stations st WHERE st.region_code = ${v}.region_code AND st.is_active)
  OR EXISTS (SELECT 1 FROM station_villages sv JOIN stations st ON st.station_id = sv.station_id AND st.is_active
             WHERE sv.village_code = ${v}.region_code))`;
