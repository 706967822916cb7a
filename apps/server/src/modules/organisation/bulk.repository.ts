import type { Queryable } from '@gridvoice/db';

/**
 * Bulk inserts of whole organisations (the demo county; imports can use them too). Rows carry
 * their own ids so that related rows go in without a round trip; arrays go through unnest.
 */
const CHUNK = 1000;

async function inChunks<T>(rows: T[], insert: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

const col = <T, K extends keyof T>(rows: T[], key: K): T[K][] => rows.map((r) => r[key]);

export interface BulkGrid {
  grid_id: string;
  county_code: string;
  village_code: string;
  parent_grid_id: string | null;
  kind: 'grid' | 'micro_grid';
  sequence: number;
  code: string;
  name: string;
  boundary: string | null;
  bbox_min_lat: number | null;
  bbox_min_lng: number | null;
  bbox_max_lat: number | null;
  bbox_max_lng: number | null;
  centre_lat: number | null;
  centre_lng: number | null;
  is_demo: boolean;
}

export async function bulkInsertGrids(q: Queryable, rows: BulkGrid[]): Promise<void> {
  // parents first, so that the foreign key holds within each statement
  const sorted = [...rows.filter((r) => r.kind === 'grid'), ...rows.filter((r) => r.kind === 'micro_grid')];
  await inChunks(sorted, (p) =>
    q.query(
      `INSERT INTO grids (grid_id, county_code, village_code, parent_grid_id, kind, sequence, code, name, boundary,
         bbox_min_lat, bbox_min_lng, bbox_max_lat, bbox_max_lng, centre_lat, centre_lng, is_demo)
       SELECT u.id, u.county, u.village, u.parent, u.kind, u.seq, u.code, u.name, u.boundary::jsonb, u.a, u.b, u.c,
         u.d, u.lat, u.lng, u.demo
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::int[], $7::text[],
         $8::text[], $9::text[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[],
         $15::float8[], $16::bool[]) AS u(id, county, village, parent, kind, seq, code, name, boundary, a, b, c, d, lat, lng, demo)`,
      [
        col(p, 'grid_id'),
        col(p, 'county_code'),
        col(p, 'village_code'),
        col(p, 'parent_grid_id'),
        col(p, 'kind'),
        col(p, 'sequence'),
        col(p, 'code'),
        col(p, 'name'),
        col(p, 'boundary'),
        col(p, 'bbox_min_lat'),
        col(p, 'bbox_min_lng'),
        col(p, 'bbox_max_lat'),
        col(p, 'bbox_max_lng'),
        col(p, 'centre_lat'),
        col(p, 'centre_lng'),
        col(p, 'is_demo'),
      ],
    ),
  );
}

export interface BulkGridWorker {
  grid_id: string;
  county_code: string;
  name: string;
  phone_encrypted: string | null;
  phone_index: string | null;
}

export async function bulkInsertGridWorkers(q: Queryable, rows: BulkGridWorker[]): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO grid_workers (grid_id, county_code, name, phone_encrypted, phone_index)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [col(p, 'grid_id'), col(p, 'county_code'), col(p, 'name'), col(p, 'phone_encrypted'), col(p, 'phone_index')],
    ),
  );
}

export interface BulkStation {
  station_id: string;
  county_code: string;
  region_code: string;
  kind: string;
  code: string;
  name: string;
  parent_station_id: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  opening_hours: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  is_demo: boolean;
}

export async function bulkInsertStations(q: Queryable, rows: BulkStation[]): Promise<void> {
  // parents before children
  const depth = new Map<string, number>();
  const byId = new Map(rows.map((r) => [r.station_id, r]));
  const depthOf = (r: BulkStation): number => {
    if (depth.has(r.station_id)) return depth.get(r.station_id)!;
    const parent = r.parent_station_id ? byId.get(r.parent_station_id) : undefined;
    const d = parent ? depthOf(parent) + 1 : 0;
    depth.set(r.station_id, d);
    return d;
  };
  const levels = [...new Set(rows.map(depthOf))].sort((a, b) => a - b);
  for (const level of levels) {
    await inChunks(
      rows.filter((r) => depthOf(r) === level),
      (p) =>
        q.query(
          `INSERT INTO stations (station_id, county_code, region_code, kind, code, name, parent_station_id, address, lat,
             lng, opening_hours, contact_name, contact_phone, is_demo)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[],
             $8::text[], $9::float8[], $10::float8[], $11::text[], $12::text[], $13::text[], $14::bool[])`,
          [
            col(p, 'station_id'),
            col(p, 'county_code'),
            col(p, 'region_code'),
            col(p, 'kind'),
            col(p, 'code'),
            col(p, 'name'),
            col(p, 'parent_station_id'),
            col(p, 'address'),
            col(p, 'lat'),
            col(p, 'lng'),
            col(p, 'opening_hours'),
            col(p, 'contact_name'),
            col(p, 'contact_phone'),
            col(p, 'is_demo'),
          ],
        ),
    );
  }
}

export async function bulkInsertStationVillages(
  q: Queryable,
  rows: { station_id: string; village_code: string; county_code: string }[],
): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO station_villages (station_id, village_code, county_code)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])`,
      [col(p, 'station_id'), col(p, 'village_code'), col(p, 'county_code')],
    ),
  );
}

export interface BulkDeputy {
  deputy_id: string;
  county_code: string;
  region_code: string;
  public_id: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  gender: string;
  ethnicity: string;
  birth_year: number;
  occupation: string;
  sector: string;
  workplace: string | null;
  from_county_organ: boolean;
  residence_region_code: string | null;
  workplace_region_code: string | null;
  unit_region_code: string | null;
  phone_encrypted: string | null;
  phone_index: string | null;
  is_demo: boolean;
}

export async function bulkInsertDeputies(q: Queryable, rows: BulkDeputy[]): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO deputies (deputy_id, county_code, region_code, public_id, name, name_pinyin, name_initials, gender,
         ethnicity, birth_year, occupation, sector, workplace, from_county_organ, residence_region_code,
         workplace_region_code, unit_region_code, phone_encrypted, phone_index, is_demo)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::int[], $11::text[], $12::text[], $13::text[], $14::bool[], $15::text[],
         $16::text[], $17::text[], $18::text[], $19::text[], $20::bool[])`,
      [
        col(p, 'deputy_id'),
        col(p, 'county_code'),
        col(p, 'region_code'),
        col(p, 'public_id'),
        col(p, 'name'),
        col(p, 'name_pinyin'),
        col(p, 'name_initials'),
        col(p, 'gender'),
        col(p, 'ethnicity'),
        col(p, 'birth_year'),
        col(p, 'occupation'),
        col(p, 'sector'),
        col(p, 'workplace'),
        col(p, 'from_county_organ'),
        col(p, 'residence_region_code'),
        col(p, 'workplace_region_code'),
        col(p, 'unit_region_code'),
        col(p, 'phone_encrypted'),
        col(p, 'phone_index'),
        col(p, 'is_demo'),
      ],
    ),
  );
}

export interface BulkMandate {
  deputy_id: string;
  county_code: string;
  level: string;
  congress_region_code: string | null;
  term: number;
  constituency: string | null;
  constituency_region_code: string | null;
  started_on: string | null;
}

export async function bulkInsertMandates(q: Queryable, rows: BulkMandate[]): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO deputy_mandates (deputy_id, county_code, level, congress_region_code, term, constituency,
         constituency_region_code, started_on)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::date[])`,
      [
        col(p, 'deputy_id'),
        col(p, 'county_code'),
        col(p, 'level'),
        col(p, 'congress_region_code'),
        col(p, 'term'),
        col(p, 'constituency'),
        col(p, 'constituency_region_code'),
        col(p, 'started_on'),
      ],
    ),
  );
}

export interface BulkAssignment {
  deputy_id: string;
  county_code: string;
  station_id: string | null;
  grid_id: string | null;
  basis: string;
  region_code: string;
}

export async function bulkInsertAssignments(q: Queryable, rows: BulkAssignment[]): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO deputy_assignments (deputy_id, county_code, station_id, grid_id, basis, region_code)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[])`,
      [col(p, 'deputy_id'), col(p, 'county_code'), col(p, 'station_id'), col(p, 'grid_id'), col(p, 'basis'), col(p, 'region_code')],
    ),
  );
}

export async function bulkInsertGroups(
  q: Queryable,
  rows: { group_id: string; county_code: string; region_code: string; name: string; field: string | null; description: string | null; is_demo: boolean }[],
): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO deputy_groups (group_id, county_code, region_code, name, field, description, is_demo)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[])`,
      [col(p, 'group_id'), col(p, 'county_code'), col(p, 'region_code'), col(p, 'name'), col(p, 'field'), col(p, 'description'), col(p, 'is_demo')],
    ),
  );
}

export async function bulkInsertGroupMembers(
  q: Queryable,
  rows: { group_id: string; deputy_id: string; role: string }[],
): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO deputy_group_members (group_id, deputy_id, role)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`,
      [col(p, 'group_id'), col(p, 'deputy_id'), col(p, 'role')],
    ),
  );
}

export interface BulkUnit {
  unit_id: string;
  county_code: string;
  region_code: string;
  code: string;
  name: string;
  short_name: string | null;
  kind: string;
  contact_phone: string | null;
  description: string | null;
  is_demo: boolean;
}

export async function bulkInsertUnits(q: Queryable, rows: BulkUnit[]): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO handling_units (unit_id, county_code, region_code, code, name, short_name, kind, contact_phone,
         description, is_demo)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::bool[])`,
      [
        col(p, 'unit_id'),
        col(p, 'county_code'),
        col(p, 'region_code'),
        col(p, 'code'),
        col(p, 'name'),
        col(p, 'short_name'),
        col(p, 'kind'),
        col(p, 'contact_phone'),
        col(p, 'description'),
        col(p, 'is_demo'),
      ],
    ),
  );
}

export async function bulkInsertRoutes(
  q: Queryable,
  rows: { county_code: string; region_code: string; category_code: string; unit_id: string }[],
): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO category_routes (county_code, region_code, category_code, unit_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[])`,
      [col(p, 'county_code'), col(p, 'region_code'), col(p, 'category_code'), col(p, 'unit_id')],
    ),
  );
}

export interface BulkLink {
  county_code: string;
  region_code: string;
  kind: string;
  member_name: string | null;
  deputy_id: string | null;
  station_id: string | null;
  unit_id: string | null;
  is_demo: boolean;
}

export async function bulkInsertLinks(q: Queryable, rows: BulkLink[]): Promise<void> {
  await inChunks(rows, (p) =>
    q.query(
      `INSERT INTO committee_links (county_code, region_code, kind, member_name, deputy_id, station_id, unit_id, is_demo)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::bool[])`,
      [
        col(p, 'county_code'),
        col(p, 'region_code'),
        col(p, 'kind'),
        col(p, 'member_name'),
        col(p, 'deputy_id'),
        col(p, 'station_id'),
        col(p, 'unit_id'),
        col(p, 'is_demo'),
      ],
    ),
  );
}

/** Points an account at its station, deputy record or unit (the demo logins). */
export async function linkUserToOrganisation(
  q: Queryable,
  username: string,
  link: { stationId?: string | null; deputyId?: string | null; unitId?: string | null },
): Promise<void> {
  await q.query(
    `UPDATE users SET station_id = COALESCE($2, station_id), deputy_id = COALESCE($3, deputy_id),
       unit_id = COALESCE($4, unit_id) WHERE lower(username) = lower($1)`,
    [username, link.stationId ?? null, link.deputyId ?? null, link.unitId ?? null],
  );
}

/** Whether the county already has organisation data (the demo step runs once). */
export async function countyHasOrganisation(q: Queryable, countyCode: string): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM grids WHERE county_code = $1 UNION ALL SELECT 1 FROM stations WHERE county_code = $1
     UNION ALL SELECT 1 FROM deputies WHERE county_code = $1 LIMIT 1`,
    [countyCode],
  );
  return r.rows.length > 0;
}
