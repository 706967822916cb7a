import type { Queryable } from '@gridvoice/db';
import {
  DEPUTY_LEVELS,
  type AssignmentBasis,
  type DeputyLevel,
  type ListScope,
  type MandateStatus,
  type TDeputyListQuery,
} from '@gridvoice/core';
import { Conditions, escapeLike, likeWithin, orderSql } from './query-builder.js';

export interface PlaceRef {
  id: string;
  code: string;
  name: string;
}

export interface DeputyRow {
  deputy_id: string;
  county_code: string;
  region_code: string;
  region_name: string;
  public_id: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  birth_year: number | null;
  occupation: string | null;
  sector: string | null;
  workplace: string | null;
  from_county_organ: boolean;
  residence_region_code: string | null;
  workplace_region_code: string | null;
  unit_region_code: string | null;
  phone_encrypted: string | null;
  photo_path: string | null;
  is_active: boolean;
  is_demo: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  levels: DeputyLevel[];
  stations: PlaceRef[];
  grids: PlaceRef[];
  /** Regions of the deputy's assignments (for scope checks). */
  assignment_regions: string[];
  station_ids: string[];
}

const LEVEL_ORDER = `ARRAY[${DEPUTY_LEVELS.map((l) => `'${l}'`).join(', ')}]::text[]`;

/** Active levels of deputy `d`, highest first. */
export const DEPUTY_LEVELS_SQL = (d: string) => `ARRAY(
  SELECT m.level FROM deputy_mandates m WHERE m.deputy_id = ${d}.deputy_id AND m.status = 'active'
  GROUP BY m.level ORDER BY array_position(${LEVEL_ORDER}, m.level))`;

/** R-ORG-6: the deputy holds an assignment to an active grid or micro-grid. */
export const DEPUTY_HAS_GRID_SQL = (d: string) => `EXISTS (
  SELECT 1 FROM deputy_assignments a JOIN grids x ON x.grid_id = a.grid_id AND x.is_active
  WHERE a.deputy_id = ${d}.deputy_id)`;

/** R-ORG-6: the deputy holds an assignment to an active station. */
export const DEPUTY_HAS_STATION_SQL = (d: string) => `EXISTS (
  SELECT 1 FROM deputy_assignments a JOIN stations s ON s.station_id = a.station_id AND s.is_active
  WHERE a.deputy_id = ${d}.deputy_id)`;

const SELECT = `
  SELECT d.deputy_id, d.county_code, d.region_code, r.name AS region_name, d.public_id, d.name, d.name_pinyin,
    d.name_initials, d.gender, d.ethnicity, d.birth_year, d.occupation, d.sector, d.workplace, d.from_county_organ,
    d.residence_region_code, d.workplace_region_code, d.unit_region_code, d.phone_encrypted, d.photo_path,
    d.is_active, d.is_demo, d.version, d.created_at, d.updated_at,
    ${DEPUTY_LEVELS_SQL('d')} AS levels,
    COALESCE((SELECT json_agg(x ORDER BY x.code) FROM (
      SELECT DISTINCT s.station_id AS id, s.code, s.name FROM deputy_assignments a
      JOIN stations s ON s.station_id = a.station_id WHERE a.deputy_id = d.deputy_id) x), '[]'::json) AS stations,
    COALESCE((SELECT json_agg(x ORDER BY x.code) FROM (
      SELECT DISTINCT g.grid_id AS id, g.code, g.name FROM deputy_assignments a
      JOIN grids g ON g.grid_id = a.grid_id WHERE a.deputy_id = d.deputy_id) x), '[]'::json) AS grids,
    ARRAY(SELECT DISTINCT a.region_code FROM deputy_assignments a WHERE a.deputy_id = d.deputy_id) AS assignment_regions,
    ARRAY(SELECT DISTINCT a.station_id::text FROM deputy_assignments a
          WHERE a.deputy_id = d.deputy_id AND a.station_id IS NOT NULL) AS station_ids
  FROM deputies d JOIN regions r ON r.region_code = d.region_code`;

const SORTS: Record<TDeputyListQuery['sort'], string> = {
  pinyin: 'd.name_pinyin',
  name: 'd.name',
  birthYear: 'd.birth_year',
  region: 'd.region_code',
  createdAt: 'd.created_at',
};

export interface DeputySearch extends Partial<TDeputyListQuery> {
  /** Blind index of `q` when it looks like a phone number. */
  phoneIndex?: string | null;
  /** `q` as pinyin letters, when it is Latin letters. */
  pinyin?: string | null;
}

export function deputyConditions(scope: ListScope, f: DeputySearch): Conditions {
  const c = new Conditions();
  const within = (code: string) => {
    const p = c.p(likeWithin(code));
    return `(d.region_code LIKE ${p} OR EXISTS (SELECT 1 FROM deputy_assignments a
      WHERE a.deputy_id = d.deputy_id AND a.region_code LIKE ${p}))`;
  };
  c.where.push(within(scope.scopeRegionCode));
  if (scope.stationId) {
    c.and('EXISTS (SELECT 1 FROM deputy_assignments a WHERE a.deputy_id = d.deputy_id AND a.station_id = ?)', scope.stationId);
  }
  if (scope.deputyId) c.and('d.deputy_id = ?', scope.deputyId);
  if (f.q) {
    const ors = [`d.name ILIKE ${c.p(`%${escapeLike(f.q)}%`)}`, `d.public_id = ${c.p(f.q.toUpperCase())}`];
    if (f.pinyin) {
      const prefix = c.p(`${f.pinyin}%`);
      ors.push(`d.name_pinyin LIKE ${prefix}`, `d.name_initials LIKE ${prefix}`);
      if (f.pinyin.length >= 3) ors.push(`d.name_pinyin LIKE ${c.p(`%${f.pinyin}%`)}`);
    }
    if (f.phoneIndex) ors.push(`d.phone_index = ${c.p(f.phoneIndex)}`);
    c.where.push(`(${ors.join(' OR ')})`);
  }
  if (f.level) {
    c.and(`EXISTS (SELECT 1 FROM deputy_mandates m WHERE m.deputy_id = d.deputy_id AND m.status = 'active' AND m.level = ?)`, f.level);
  }
  if (f.regionCode) c.where.push(within(f.regionCode));
  if (f.homeRegionCode) {
    if (f.homeRegionOnly === 'true') c.and('d.region_code = ?', f.homeRegionCode);
    else c.and('d.region_code LIKE ?', likeWithin(f.homeRegionCode));
  }
  if (f.stationId) {
    c.and('EXISTS (SELECT 1 FROM deputy_assignments a WHERE a.deputy_id = d.deputy_id AND a.station_id = ?)', f.stationId);
  }
  if (f.gridId) {
    const g = c.p(f.gridId);
    c.where.push(`EXISTS (SELECT 1 FROM deputy_assignments a JOIN grids x ON x.grid_id = a.grid_id
      WHERE a.deputy_id = d.deputy_id AND (x.grid_id = ${g} OR x.parent_grid_id = ${g}))`);
  }
  if (f.groupId) {
    c.and('EXISTS (SELECT 1 FROM deputy_group_members gm WHERE gm.deputy_id = d.deputy_id AND gm.group_id = ?)', f.groupId);
  }
  if (f.gender) c.and('d.gender = ?', f.gender);
  if (f.fromCountyOrgan) c.and('d.from_county_organ = ?', f.fromCountyOrgan === 'true');
  if (f.hasGrid === 'true') c.and(DEPUTY_HAS_GRID_SQL('d'));
  if (f.hasGrid === 'false') c.and(`NOT ${DEPUTY_HAS_GRID_SQL('d')}`);
  if (f.hasStation === 'true') c.and(DEPUTY_HAS_STATION_SQL('d'));
  if (f.hasStation === 'false') c.and(`NOT ${DEPUTY_HAS_STATION_SQL('d')}`);
  if (f.status === 'active') c.and('d.is_active');
  if (f.status === 'inactive') c.and('NOT d.is_active');
  return c;
}

export async function listDeputies(
  q: Queryable,
  scope: ListScope,
  f: TDeputyListQuery & DeputySearch,
): Promise<{ rows: DeputyRow[]; total: number }> {
  const c = deputyConditions(scope, f);
  const where = c.sql();
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM deputies d ${where}`, c.params);
  const rows = await q.query<DeputyRow>(
    `${SELECT} ${where} ORDER BY ${SORTS[f.sort]} ${orderSql(f.order)} NULLS LAST, d.name_pinyin, d.deputy_id
     LIMIT ${c.p(f.pageSize)} OFFSET ${c.p((f.page - 1) * f.pageSize)}`,
    c.params,
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function findDeputy(q: Queryable, deputyId: string): Promise<DeputyRow | null> {
  const r = await q.query<DeputyRow>(`${SELECT} WHERE d.deputy_id = $1`, [deputyId]);
  return r.rows[0] ?? null;
}

export async function findDeputyByPublicId(q: Queryable, publicId: string): Promise<DeputyRow | null> {
  const r = await q.query<DeputyRow>(`${SELECT} WHERE d.public_id = $1`, [publicId]);
  return r.rows[0] ?? null;
}

/** Exact lookup by phone number through its blind index (e.g. for imports). */
export async function findDeputyIdsByPhoneIndex(q: Queryable, countyCode: string, phoneIndex: string): Promise<string[]> {
  const r = await q.query<{ deputy_id: string }>(
    'SELECT deputy_id FROM deputies WHERE county_code = $1 AND phone_index = $2',
    [countyCode, phoneIndex],
  );
  return r.rows.map((x) => x.deputy_id);
}

export async function publicIdTaken(q: Queryable, publicId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM deputies WHERE public_id = $1', [publicId])).rows.length > 0;
}

export interface DeputyWrite {
  countyCode: string;
  regionCode: string;
  publicId: string;
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: string | null;
  ethnicity: string | null;
  birthYear: number | null;
  occupation: string | null;
  sector: string | null;
  workplace: string | null;
  fromCountyOrgan: boolean;
  residenceRegionCode: string | null;
  workplaceRegionCode: string | null;
  unitRegionCode: string | null;
  phoneEncrypted: string | null;
  phoneIndex: string | null;
  now: Date;
}

export async function insertDeputy(q: Queryable, d: DeputyWrite): Promise<string> {
  const r = await q.query<{ deputy_id: string }>(
    `INSERT INTO deputies (county_code, region_code, public_id, name, name_pinyin, name_initials, gender, ethnicity,
       birth_year, occupation, sector, workplace, from_county_organ, residence_region_code, workplace_region_code,
       unit_region_code, phone_encrypted, phone_index, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
     RETURNING deputy_id`,
    [
      d.countyCode,
      d.regionCode,
      d.publicId,
      d.name,
      d.namePinyin,
      d.nameInitials,
      d.gender,
      d.ethnicity,
      d.birthYear,
      d.occupation,
      d.sector,
      d.workplace,
      d.fromCountyOrgan,
      d.residenceRegionCode,
      d.workplaceRegionCode,
      d.unitRegionCode,
      d.phoneEncrypted,
      d.phoneIndex,
      d.now,
    ],
  );
  return (r.rows[0] as { deputy_id: string }).deputy_id;
}

const DEPUTY_COLUMNS: Record<string, string> = {
  countyCode: 'county_code',
  regionCode: 'region_code',
  name: 'name',
  namePinyin: 'name_pinyin',
  nameInitials: 'name_initials',
  gender: 'gender',
  ethnicity: 'ethnicity',
  birthYear: 'birth_year',
  occupation: 'occupation',
  sector: 'sector',
  workplace: 'workplace',
  fromCountyOrgan: 'from_county_organ',
  residenceRegionCode: 'residence_region_code',
  workplaceRegionCode: 'workplace_region_code',
  unitRegionCode: 'unit_region_code',
  phoneEncrypted: 'phone_encrypted',
  phoneIndex: 'phone_index',
  photoPath: 'photo_path',
};

export async function updateDeputy(
  q: Queryable,
  deputyId: string,
  patch: Partial<Record<keyof typeof DEPUTY_COLUMNS, unknown>>,
  now: Date,
): Promise<void> {
  const c = new Conditions();
  const sets = [`updated_at = ${c.p(now)}`, 'version = version + 1'];
  for (const [key, column] of Object.entries(DEPUTY_COLUMNS)) {
    if (patch[key] !== undefined) sets.push(`${column} = ${c.p(patch[key])}`);
  }
  await q.query(`UPDATE deputies SET ${sets.join(', ')} WHERE deputy_id = ${c.p(deputyId)}`, c.params);
}

export async function setDeputyActive(q: Queryable, deputyId: string, active: boolean, now: Date): Promise<void> {
  await q.query('UPDATE deputies SET is_active = $2, updated_at = $3, version = version + 1 WHERE deputy_id = $1', [
    deputyId,
    active,
    now,
  ]);
}

export async function deleteDeputy(q: Queryable, deputyId: string): Promise<void> {
  await q.query('DELETE FROM deputies WHERE deputy_id = $1', [deputyId]);
}

/** The phone ciphertext only: read for the audited reveal. */
export async function findDeputyPhone(q: Queryable, deputyId: string): Promise<string | null> {
  const r = await q.query<{ phone_encrypted: string | null }>('SELECT phone_encrypted FROM deputies WHERE deputy_id = $1', [
    deputyId,
  ]);
  return r.rows[0]?.phone_encrypted ?? null;
}

// ─── Mandates ────────────────────────────────────────────────────────────────────────────────

export interface MandateRow {
  mandate_id: string;
  deputy_id: string;
  level: DeputyLevel;
  congress_region_code: string | null;
  congress_region_name: string | null;
  term: number;
  constituency: string | null;
  constituency_region_code: string | null;
  status: MandateStatus;
  started_on: string | null;
  ended_on: string | null;
}

export async function listMandates(q: Queryable, deputyId: string): Promise<MandateRow[]> {
  const r = await q.query<MandateRow>(
    `SELECT m.mandate_id, m.deputy_id, m.level, m.congress_region_code, r.name AS congress_region_name, m.term,
       m.constituency, m.constituency_region_code, m.status, m.started_on, m.ended_on
     FROM deputy_mandates m LEFT JOIN regions r ON r.region_code = m.congress_region_code
     WHERE m.deputy_id = $1 ORDER BY array_position(${LEVEL_ORDER}, m.level), m.term DESC`,
    [deputyId],
  );
  return r.rows;
}

export interface MandateWrite {
  level: DeputyLevel;
  congressRegionCode: string | null;
  term: number;
  constituency: string | null;
  constituencyRegionCode: string | null;
  status: MandateStatus;
  startedOn: string | null;
  endedOn: string | null;
}

export async function insertMandates(
  q: Queryable,
  deputyId: string,
  countyCode: string,
  mandates: MandateWrite[],
  now: Date,
): Promise<void> {
  if (mandates.length === 0) return;
  await q.query(
    `INSERT INTO deputy_mandates (deputy_id, county_code, level, congress_region_code, term, constituency,
       constituency_region_code, status, started_on, ended_on, created_at, updated_at)
     SELECT $1, $2, m.level, m.congress, m.term, m.constituency, m.constituency_region, m.status, m.started_on,
       m.ended_on, $3, $3
     FROM unnest($4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::date[], $11::date[])
       AS m(level, congress, term, constituency, constituency_region, status, started_on, ended_on)`,
    [
      deputyId,
      countyCode,
      now,
      mandates.map((m) => m.level),
      mandates.map((m) => m.congressRegionCode),
      mandates.map((m) => m.term),
      mandates.map((m) => m.constituency),
      mandates.map((m) => m.constituencyRegionCode),
      mandates.map((m) => m.status),
      mandates.map((m) => m.startedOn),
      mandates.map((m) => m.endedOn),
    ],
  );
}

const MANDATE_COLUMNS: Record<string, string> = {
  level: 'level',
  congressRegionCode: 'congress_region_code',
  term: 'term',
  constituency: 'constituency',
  constituencyRegionCode: 'constituency_region_code',
  status: 'status',
  startedOn: 'started_on',
  endedOn: 'ended_on',
};

export async function updateMandate(
  q: Queryable,
  mandateId: string,
  patch: Partial<Record<keyof typeof MANDATE_COLUMNS, unknown>>,
  now: Date,
): Promise<void> {
  const c = new Conditions();
  const sets = [`updated_at = ${c.p(now)}`];
  for (const [key, column] of Object.entries(MANDATE_COLUMNS)) {
    if (patch[key] !== undefined) sets.push(`${column} = ${c.p(patch[key])}`);
  }
  await q.query(`UPDATE deputy_mandates SET ${sets.join(', ')} WHERE mandate_id = ${c.p(mandateId)}`, c.params);
}

export async function deleteMandate(q: Queryable, mandateId: string): Promise<void> {
  await q.query('DELETE FROM deputy_mandates WHERE mandate_id = $1', [mandateId]);
}

// ─── Assignments ─────────────────────────────────────────────────────────────────────────────

export interface AssignmentRow {
  assignment_id: string;
  deputy_id: string;
  basis: AssignmentBasis;
  region_code: string;
  station_id: string | null;
  station_code: string | null;
  station_name: string | null;
  grid_id: string | null;
  grid_code: string | null;
  grid_name: string | null;
  grid_kind: 'grid' | 'micro_grid' | null;
  created_at: Date;
}

export async function listAssignments(q: Queryable, deputyId: string): Promise<AssignmentRow[]> {
  const r = await q.query<AssignmentRow>(
    `SELECT a.assignment_id, a.deputy_id, a.basis, a.region_code, a.station_id, s.code AS station_code,
       s.name AS station_name, a.grid_id, g.code AS grid_code, g.name AS grid_name, g.kind AS grid_kind, a.created_at
     FROM deputy_assignments a LEFT JOIN stations s ON s.station_id = a.station_id
     LEFT JOIN grids g ON g.grid_id = a.grid_id
     WHERE a.deputy_id = $1 ORDER BY a.created_at, a.assignment_id`,
    [deputyId],
  );
  return r.rows;
}

export async function assignmentExists(
  q: Queryable,
  deputyId: string,
  stationId: string | null,
  gridId: string | null,
): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM deputy_assignments WHERE deputy_id = $1
       AND station_id IS NOT DISTINCT FROM $2::uuid AND grid_id IS NOT DISTINCT FROM $3::uuid`,
    [deputyId, stationId, gridId],
  );
  return r.rows.length > 0;
}

export async function insertAssignment(
  q: Queryable,
  a: {
    deputyId: string;
    countyCode: string;
    stationId: string | null;
    gridId: string | null;
    basis: AssignmentBasis;
    regionCode: string;
    now: Date;
  },
): Promise<string> {
  const r = await q.query<{ assignment_id: string }>(
    `INSERT INTO deputy_assignments (deputy_id, county_code, station_id, grid_id, basis, region_code, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING assignment_id`,
    [a.deputyId, a.countyCode, a.stationId, a.gridId, a.basis, a.regionCode, a.now],
  );
  return (r.rows[0] as { assignment_id: string }).assignment_id;
}

export async function updateAssignment(
  q: Queryable,
  assignmentId: string,
  a: { stationId: string | null; gridId: string | null; basis: AssignmentBasis; regionCode: string },
): Promise<void> {
  await q.query(
    `UPDATE deputy_assignments SET station_id = $2, grid_id = $3, basis = $4, region_code = $5 WHERE assignment_id = $1`,
    [assignmentId, a.stationId, a.gridId, a.basis, a.regionCode],
  );
}

/** Sets (or clears) the photo: the path the console loads it from. */
export async function setDeputyPhoto(q: Queryable, deputyId: string, photoPath: string | null, now: Date): Promise<void> {
  await q.query('UPDATE deputies SET photo_path = $2, updated_at = $3, version = version + 1 WHERE deputy_id = $1', [
    deputyId,
    photoPath,
    now,
  ]);
}

export async function deleteAssignment(q: Queryable, assignmentId: string): Promise<void> {
  await q.query('DELETE FROM deputy_assignments WHERE assignment_id = $1', [assignmentId]);
}

// ─── Other relations of a deputy ─────────────────────────────────────────────────────────────

export async function listDeputyGroups(
  q: Queryable,
  deputyId: string,
): Promise<{ group_id: string; name: string; role: string }[]> {
  const r = await q.query<{ group_id: string; name: string; role: string }>(
    `SELECT g.group_id, g.name, m.role FROM deputy_group_members m JOIN deputy_groups g ON g.group_id = m.group_id
     WHERE m.deputy_id = $1 ORDER BY g.name`,
    [deputyId],
  );
  return r.rows;
}

export async function listDeputyLinks(
  q: Queryable,
  deputyId: string,
): Promise<{ link_id: string; kind: string; member_name: string | null; unit_name: string | null }[]> {
  const r = await q.query<{ link_id: string; kind: string; member_name: string | null; unit_name: string | null }>(
    `SELECT l.link_id, l.kind, COALESCE(l.member_name, md.name) AS member_name, u.name AS unit_name
     FROM committee_links l LEFT JOIN deputies md ON md.deputy_id = l.member_deputy_id
     LEFT JOIN handling_units u ON u.unit_id = l.unit_id
     WHERE l.deputy_id = $1 ORDER BY l.created_at`,
    [deputyId],
  );
  return r.rows;
}

export interface GridBrief {
  grid_id: string;
  village_code: string;
  kind: 'grid' | 'micro_grid';
  code: string;
  name: string;
  is_active: boolean;
}

export async function findGridsBrief(q: Queryable, gridIds: string[]): Promise<GridBrief[]> {
  if (gridIds.length === 0) return [];
  const r = await q.query<GridBrief>(
    'SELECT grid_id, village_code, kind, code, name, is_active FROM grids WHERE grid_id = ANY($1::uuid[])',
    [gridIds],
  );
  return r.rows;
}

export interface StationBrief {
  station_id: string;
  region_code: string;
  county_code: string;
  code: string;
  name: string;
  is_active: boolean;
}

export async function findStationBrief(q: Queryable, stationId: string): Promise<StationBrief | null> {
  const r = await q.query<StationBrief>(
    'SELECT station_id, region_code, county_code, code, name, is_active FROM stations WHERE station_id = $1',
    [stationId],
  );
  return r.rows[0] ?? null;
}

/** Brief records of deputies (for groups and links), with their active levels. */
export async function findDeputiesBrief(
  q: Queryable,
  deputyIds: string[],
): Promise<{ deputy_id: string; name: string; region_code: string; county_code: string; levels: DeputyLevel[] }[]> {
  if (deputyIds.length === 0) return [];
  const r = await q.query<{ deputy_id: string; name: string; region_code: string; county_code: string; levels: DeputyLevel[] }>(
    `SELECT d.deputy_id, d.name, d.region_code, d.county_code, ${DEPUTY_LEVELS_SQL('d')} AS levels
     FROM deputies d WHERE d.deputy_id = ANY($1::uuid[])`,
    [deputyIds],
  );
  return r.rows;
}
