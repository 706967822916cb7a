import type { Queryable } from '@gridvoice/db';

/**
 * SQL of the spreadsheet import and export (issue 3 item 7): everything a file's rows are matched
 * against, loaded in a few queries, and the bulk updates of matched rows (inserts go through
 * bulk.repository.ts).
 */
const CHUNK = 1000;

async function inChunks<T>(rows: T[], run: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await run(rows.slice(i, i + CHUNK));
}

const col = <T, K extends keyof T>(rows: T[], key: K): T[K][] => rows.map((r) => r[key]);

export interface RegionBrief {
  region_code: string;
  name: string;
  level: string;
}

export async function regionsByCodes(q: Queryable, codes: string[]): Promise<RegionBrief[]> {
  if (codes.length === 0) return [];
  const r = await q.query<RegionBrief>(
    `SELECT region_code, name, level FROM regions WHERE region_code = ANY($1::text[])`,
    [[...new Set(codes)]],
  );
  return r.rows;
}

export interface ImportGrid {
  grid_id: string;
  code: string;
  name: string;
  village_code: string;
  kind: 'grid' | 'micro_grid';
  is_active: boolean;
}

export async function gridsByCodes(q: Queryable, codes: string[]): Promise<ImportGrid[]> {
  if (codes.length === 0) return [];
  const r = await q.query<ImportGrid>(
    `SELECT grid_id, code, name, village_code, kind, is_active FROM grids WHERE code = ANY($1::text[])`,
    [[...new Set(codes)]],
  );
  return r.rows;
}

export interface ImportStation {
  station_id: string;
  code: string;
  name: string;
  kind: string;
  region_code: string;
  address: string | null;
  opening_hours: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  is_active: boolean;
}

export async function stationsByCodes(q: Queryable, codes: string[]): Promise<ImportStation[]> {
  if (codes.length === 0) return [];
  const r = await q.query<ImportStation>(
    `SELECT station_id, code, name, kind, region_code, address, opening_hours, contact_name, contact_phone, is_active
     FROM stations WHERE code = ANY($1::text[])`,
    [[...new Set(codes)]],
  );
  return r.rows;
}

export interface ImportDeputy {
  deputy_id: string;
  name: string;
  gender: string | null;
  ethnicity: string | null;
  birth_year: number | null;
  occupation: string | null;
  workplace: string | null;
  region_code: string;
  phone_index: string | null;
}

/** The deputies of a county with the fields an import row is matched and compared on. */
export async function deputiesOfCounty(q: Queryable, countyCode: string): Promise<ImportDeputy[]> {
  const r = await q.query<ImportDeputy>(
    `SELECT deputy_id, name, gender, ethnicity, birth_year, occupation, workplace, region_code, phone_index
     FROM deputies WHERE county_code = $1`,
    [countyCode],
  );
  return r.rows;
}

export async function mandateKeysOfCounty(
  q: Queryable,
  countyCode: string,
): Promise<{ deputy_id: string; level: string; congress_region_code: string | null; term: number }[]> {
  const r = await q.query<{ deputy_id: string; level: string; congress_region_code: string | null; term: number }>(
    `SELECT deputy_id, level, congress_region_code, term FROM deputy_mandates WHERE county_code = $1`,
    [countyCode],
  );
  return r.rows;
}

export async function assignmentKeysOfCounty(
  q: Queryable,
  countyCode: string,
): Promise<{ deputy_id: string; station_id: string | null; grid_id: string | null }[]> {
  const r = await q.query<{ deputy_id: string; station_id: string | null; grid_id: string | null }>(
    `SELECT deputy_id, station_id, grid_id FROM deputy_assignments WHERE county_code = $1`,
    [countyCode],
  );
  return r.rows;
}

export async function updateGridNames(q: Queryable, rows: { grid_id: string; name: string }[], now: Date): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `UPDATE grids g SET name = u.name, version = g.version + 1, updated_at = $3
       FROM unnest($1::uuid[], $2::text[]) AS u(id, name) WHERE g.grid_id = u.id`,
      [col(p, 'grid_id'), col(p, 'name'), now],
    ),
  );
}

export interface StationUpdate {
  station_id: string;
  name: string;
  region_code: string;
  address: string | null;
  opening_hours: string | null;
  contact_name: string | null;
  contact_phone: string | null;
}

export async function updateStations(q: Queryable, rows: StationUpdate[], now: Date): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `UPDATE stations s SET name = u.name, region_code = u.region, address = u.address, opening_hours = u.hours,
         contact_name = u.cname, contact_phone = u.cphone, version = s.version + 1, updated_at = $8
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS u(id, name, region, address, hours, cname, cphone)
       WHERE s.station_id = u.id`,
      [
        col(p, 'station_id'),
        col(p, 'name'),
        col(p, 'region_code'),
        col(p, 'address'),
        col(p, 'opening_hours'),
        col(p, 'contact_name'),
        col(p, 'contact_phone'),
        now,
      ],
    ),
  );
}

export interface DeputyUpdate {
  deputy_id: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  gender: string | null;
  ethnicity: string | null;
  birth_year: number | null;
  occupation: string | null;
  workplace: string | null;
  region_code: string;
  phone_encrypted: string | null;
  phone_index: string | null;
}

/** Updates matched deputies; a null phone in the update keeps the stored one. */
export async function updateDeputies(q: Queryable, rows: DeputyUpdate[], now: Date): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `UPDATE deputies d SET name = u.name, name_pinyin = u.py, name_initials = u.ini, gender = u.gender,
         ethnicity = u.eth, birth_year = u.by, occupation = u.occ, workplace = u.wp, region_code = u.region,
         phone_encrypted = COALESCE(u.penc, d.phone_encrypted), phone_index = COALESCE(u.pidx, d.phone_index),
         version = d.version + 1, updated_at = $13
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[]) AS u(id, name, py, ini, gender, eth, by, occ, wp, region, penc, pidx)
       WHERE d.deputy_id = u.id`,
      [
        col(p, 'deputy_id'),
        col(p, 'name'),
        col(p, 'name_pinyin'),
        col(p, 'name_initials'),
        col(p, 'gender'),
        col(p, 'ethnicity'),
        col(p, 'birth_year'),
        col(p, 'occupation'),
        col(p, 'workplace'),
        col(p, 'region_code'),
        col(p, 'phone_encrypted'),
        col(p, 'phone_index'),
        now,
      ],
    ),
  );
}

// ─── Export ────────────────────────────────────────────────────────────────────────────────

export async function exportGrids(q: Queryable, scopeLike: string) {
  const r = await q.query<{ code: string; name: string; kind: string; village_code: string; village_name: string }>(
    `SELECT g.code, g.name, g.kind, g.village_code, v.name AS village_name
     FROM grids g JOIN regions v ON v.region_code = g.village_code
     WHERE g.village_code LIKE $1 ORDER BY g.code`,
    [scopeLike],
  );
  return r.rows;
}

export async function exportStations(q: Queryable, scopeLike: string) {
  const r = await q.query<ImportStation>(
    `SELECT station_id, code, name, kind, region_code, address, opening_hours, contact_name, contact_phone, is_active
     FROM stations WHERE region_code LIKE $1 ORDER BY code`,
    [scopeLike],
  );
  return r.rows;
}

export interface ExportDeputy {
  deputy_id: string;
  name: string;
  gender: string | null;
  ethnicity: string | null;
  birth_year: number | null;
  occupation: string | null;
  workplace: string | null;
  region_code: string;
  phone_encrypted: string | null;
  mandates: { level: string; term: number; constituency: string | null }[] | null;
  station_code: string | null;
  grid_code: string | null;
}

export async function exportDeputies(q: Queryable, scopeLike: string): Promise<ExportDeputy[]> {
  const r = await q.query<ExportDeputy>(
    `SELECT d.deputy_id, d.name, d.gender, d.ethnicity, d.birth_year, d.occupation, d.workplace, d.region_code,
       d.phone_encrypted,
       (SELECT json_agg(json_build_object('level', m.level, 'term', m.term, 'constituency', m.constituency)
          ORDER BY m.level) FROM deputy_mandates m WHERE m.deputy_id = d.deputy_id AND m.status = 'active') AS mandates,
       (SELECT s.code FROM deputy_assignments a JOIN stations s ON s.station_id = a.station_id
          WHERE a.deputy_id = d.deputy_id ORDER BY a.created_at LIMIT 1) AS station_code,
       (SELECT g.code FROM deputy_assignments a JOIN grids g ON g.grid_id = a.grid_id
          WHERE a.deputy_id = d.deputy_id ORDER BY a.created_at LIMIT 1) AS grid_code
     FROM deputies d WHERE d.region_code LIKE $1 ORDER BY d.name_pinyin, d.deputy_id`,
    [scopeLike],
  );
  return r.rows;
}
