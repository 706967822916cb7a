import type { Queryable } from '@gridvoice/db';
import type { GridKind, ListScope, TGridListQuery } from '@gridvoice/core';
import { Conditions, escapeLike, likeWithin, orderSql } from './query-builder.js';

export interface GridRow {
  grid_id: string;
  county_code: string;
  village_code: string;
  village_name: string;
  town_code: string;
  town_name: string;
  parent_grid_id: string | null;
  parent_code: string | null;
  parent_name: string | null;
  kind: GridKind;
  sequence: number;
  code: string;
  name: string;
  has_boundary: boolean;
  centre_lat: number | null;
  centre_lng: number | null;
  is_active: boolean;
  is_demo: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  micro_grid_count: number;
  deputy_count: number;
}

/** Active deputies assigned to grid `g` or to one of its active micro-grids (R-ORG-6). */
export const GRID_DEPUTIES_SQL = (g: string) => `
  SELECT DISTINCT a.deputy_id FROM deputy_assignments a
    JOIN deputies d ON d.deputy_id = a.deputy_id AND d.is_active
    JOIN grids x ON x.grid_id = a.grid_id AND x.is_active
  WHERE x.grid_id = ${g}.grid_id OR x.parent_grid_id = ${g}.grid_id`;

/**
 * A station covers a grid when it lists the grid (or its parent grid), lists the grid's village,
 * or its own region contains the grid's village (a central station covers its town).
 */
export const STATION_COVERS_GRID_SQL = (station: string, g: string) => `(
  EXISTS (SELECT 1 FROM station_grids sg WHERE sg.station_id = ${station}
          AND (sg.grid_id = ${g}.grid_id OR sg.grid_id = ${g}.parent_grid_id))
  OR EXISTS (SELECT 1 FROM station_villages sv WHERE sv.station_id = ${station} AND sv.village_code = ${g}.village_code)
  OR EXISTS (SELECT 1 FROM stations st WHERE st.station_id = ${station}
          AND ${g}.village_code LIKE region_prefix(st.region_code) || '%'))`;

const SELECT = `
  SELECT g.grid_id, g.county_code, g.village_code, v.name AS village_name, t.region_code AS town_code,
    t.name AS town_name, g.parent_grid_id, p.code AS parent_code, p.name AS parent_name, g.kind, g.sequence,
    g.code, g.name, (g.boundary IS NOT NULL) AS has_boundary, g.centre_lat, g.centre_lng, g.is_active, g.is_demo,
    g.version, g.created_at, g.updated_at,
    (SELECT count(*) FROM grids c WHERE c.parent_grid_id = g.grid_id) AS micro_grid_count,
    (SELECT count(*) FROM (${GRID_DEPUTIES_SQL('g')}) gd) AS deputy_count
  FROM grids g
  JOIN regions v ON v.region_code = g.village_code
  JOIN regions t ON t.region_code = v.parent_code
  LEFT JOIN grids p ON p.grid_id = g.parent_grid_id`;

const SORTS: Record<TGridListQuery['sort'], string> = {
  code: 'g.code',
  name: 'g.name',
  deputyCount: 'deputy_count',
  createdAt: 'g.created_at',
};

export function gridConditions(scope: ListScope, f: Partial<TGridListQuery>): Conditions {
  const c = new Conditions();
  c.and('g.village_code LIKE ?', likeWithin(scope.scopeRegionCode));
  if (scope.stationId) {
    const s = c.p(scope.stationId);
    c.where.push(STATION_COVERS_GRID_SQL(`${s}::uuid`, 'g'));
  }
  if (f.regionCode) c.and('g.village_code LIKE ?', likeWithin(f.regionCode));
  if (f.kind) c.and('g.kind = ?', f.kind);
  if (f.parentGridId) c.and('g.parent_grid_id = ?', f.parentGridId);
  if (f.stationId) {
    const s = c.p(f.stationId);
    c.where.push(STATION_COVERS_GRID_SQL(`${s}::uuid`, 'g'));
  }
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    c.and('(g.name ILIKE ? OR g.code LIKE ?)', like, `${escapeLike(f.q)}%`);
  }
  if (f.status === 'active') c.and('g.is_active');
  if (f.status === 'inactive') c.and('NOT g.is_active');
  if (f.hasDeputy === 'true') c.and(`EXISTS (${GRID_DEPUTIES_SQL('g')})`);
  if (f.hasDeputy === 'false') c.and(`NOT EXISTS (${GRID_DEPUTIES_SQL('g')})`);
  return c;
}

export async function listGrids(
  q: Queryable,
  scope: ListScope,
  f: TGridListQuery,
): Promise<{ rows: GridRow[]; total: number }> {
  const c = gridConditions(scope, f);
  const where = c.sql();
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM grids g ${where}`, c.params);
  const rows = await q.query<GridRow>(
    `${SELECT} ${where} ORDER BY ${SORTS[f.sort]} ${orderSql(f.order)}, g.code
     LIMIT ${c.p(f.pageSize)} OFFSET ${c.p((f.page - 1) * f.pageSize)}`,
    c.params,
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function findGrid(q: Queryable, gridId: string): Promise<GridRow | null> {
  const r = await q.query<GridRow>(`${SELECT} WHERE g.grid_id = $1`, [gridId]);
  return r.rows[0] ?? null;
}

export async function findGridByCode(q: Queryable, code: string): Promise<GridRow | null> {
  const r = await q.query<GridRow>(`${SELECT} WHERE g.code = $1`, [code]);
  return r.rows[0] ?? null;
}

export async function findGridBoundary(q: Queryable, gridId: string): Promise<unknown> {
  const r = await q.query<{ boundary: unknown }>('SELECT boundary FROM grids WHERE grid_id = $1', [gridId]);
  return r.rows[0]?.boundary ?? null;
}

export async function stationCoversGrid(q: Queryable, stationId: string, gridId: string): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM grids g WHERE g.grid_id = $2 AND ${STATION_COVERS_GRID_SQL('$1::uuid', 'g')}`, [
    stationId,
    gridId,
  ]);
  return r.rows.length > 0;
}

/** Locks the parent (village row or grid row) so that two clerks never take the same sequence. */
export async function lockGridParent(q: Queryable, parent: { villageCode: string } | { gridId: string }): Promise<void> {
  if ('gridId' in parent) await q.query('SELECT 1 FROM grids WHERE grid_id = $1 FOR UPDATE', [parent.gridId]);
  else await q.query('SELECT 1 FROM regions WHERE region_code = $1 FOR UPDATE', [parent.villageCode]);
}

export async function usedSequences(
  q: Queryable,
  parent: { villageCode: string } | { gridId: string },
): Promise<number[]> {
  const r =
    'gridId' in parent
      ? await q.query<{ sequence: number }>('SELECT sequence FROM grids WHERE parent_grid_id = $1', [parent.gridId])
      : await q.query<{ sequence: number }>(
          `SELECT sequence FROM grids WHERE village_code = $1 AND kind = 'grid'`,
          [parent.villageCode],
        );
  return r.rows.map((x) => x.sequence);
}

export async function gridCodeTaken(q: Queryable, code: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM grids WHERE code = $1', [code])).rows.length > 0;
}

export interface GridWrite {
  countyCode: string;
  villageCode: string;
  parentGridId: string | null;
  kind: GridKind;
  sequence: number;
  code: string;
  name: string;
  boundary: unknown;
  bbox: { minLat: number; minLng: number; maxLat: number; maxLng: number } | null;
  centreLat: number | null;
  centreLng: number | null;
  isDemo?: boolean;
  now: Date;
}

export async function insertGrid(q: Queryable, g: GridWrite): Promise<string> {
  const r = await q.query<{ grid_id: string }>(
    `INSERT INTO grids (county_code, village_code, parent_grid_id, kind, sequence, code, name, boundary,
       bbox_min_lat, bbox_min_lng, bbox_max_lat, bbox_max_lng, centre_lat, centre_lng, is_demo, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING grid_id`,
    [
      g.countyCode,
      g.villageCode,
      g.parentGridId,
      g.kind,
      g.sequence,
      g.code,
      g.name,
      g.boundary === null ? null : JSON.stringify(g.boundary),
      g.bbox?.minLat ?? null,
      g.bbox?.minLng ?? null,
      g.bbox?.maxLat ?? null,
      g.bbox?.maxLng ?? null,
      g.centreLat,
      g.centreLng,
      g.isDemo ?? false,
      g.now,
    ],
  );
  return (r.rows[0] as { grid_id: string }).grid_id;
}

export interface GridPatch {
  name?: string;
  /** undefined: unchanged; null: removed. */
  boundary?: { value: unknown; bbox: GridWrite['bbox'] } | null;
  centre?: { lat: number; lng: number } | null;
}

export async function updateGrid(q: Queryable, gridId: string, p: GridPatch, now: Date): Promise<void> {
  const c = new Conditions();
  const sets: string[] = [`updated_at = ${c.p(now)}`, 'version = version + 1'];
  if (p.name !== undefined) sets.push(`name = ${c.p(p.name)}`);
  if (p.boundary !== undefined) {
    const b = p.boundary;
    sets.push(
      `boundary = ${c.p(b === null ? null : JSON.stringify(b.value))}`,
      `bbox_min_lat = ${c.p(b?.bbox?.minLat ?? null)}`,
      `bbox_min_lng = ${c.p(b?.bbox?.minLng ?? null)}`,
      `bbox_max_lat = ${c.p(b?.bbox?.maxLat ?? null)}`,
      `bbox_max_lng = ${c.p(b?.bbox?.maxLng ?? null)}`,
    );
  }
  if (p.centre !== undefined) {
    sets.push(`centre_lat = ${c.p(p.centre?.lat ?? null)}`, `centre_lng = ${c.p(p.centre?.lng ?? null)}`);
  }
  await q.query(`UPDATE grids SET ${sets.join(', ')} WHERE grid_id = ${c.p(gridId)}`, c.params);
}

export async function setGridActive(q: Queryable, gridId: string, active: boolean, now: Date): Promise<void> {
  // Deactivating a grid deactivates its micro-grids with it.
  await q.query(
    `UPDATE grids SET is_active = $2, updated_at = $3, version = version + 1
     WHERE grid_id = $1 OR (parent_grid_id = $1 AND NOT $2)`,
    [gridId, active, now],
  );
}

/** What still refers to a grid: micro-grids, assignments, station links (the database keeps the rest). */
export async function gridReferences(q: Queryable, gridId: string): Promise<{ microGrids: number; assignments: number }> {
  const r = await q.query<{ micro_grids: number; assignments: number }>(
    `SELECT (SELECT count(*) FROM grids WHERE parent_grid_id = $1) AS micro_grids,
       (SELECT count(*) FROM deputy_assignments WHERE grid_id = $1) AS assignments`,
    [gridId],
  );
  const row = r.rows[0];
  return { microGrids: row?.micro_grids ?? 0, assignments: row?.assignments ?? 0 };
}

export async function deleteGrid(q: Queryable, gridId: string): Promise<void> {
  await q.query('DELETE FROM grids WHERE grid_id = $1', [gridId]);
}

// ─── Grid workers ────────────────────────────────────────────────────────────────────────────

export interface GridWorkerRow {
  grid_worker_id: string;
  grid_id: string;
  name: string;
  phone_encrypted: string | null;
  user_id: string | null;
}

export async function listGridWorkers(q: Queryable, gridIds: string[]): Promise<GridWorkerRow[]> {
  if (gridIds.length === 0) return [];
  const r = await q.query<GridWorkerRow>(
    `SELECT grid_worker_id, grid_id, name, phone_encrypted, user_id FROM grid_workers
     WHERE grid_id = ANY($1::uuid[]) ORDER BY grid_id, position`,
    [gridIds],
  );
  return r.rows;
}

export async function findGridWorker(q: Queryable, gridId: string, workerId: string): Promise<GridWorkerRow | null> {
  const r = await q.query<GridWorkerRow>(
    'SELECT grid_worker_id, grid_id, name, phone_encrypted, user_id FROM grid_workers WHERE grid_id = $1 AND grid_worker_id = $2',
    [gridId, workerId],
  );
  return r.rows[0] ?? null;
}

export interface GridWorkerWrite {
  name: string;
  phoneEncrypted: string | null;
  phoneIndex: string | null;
  userId: string | null;
}

export async function replaceGridWorkers(
  q: Queryable,
  gridId: string,
  countyCode: string,
  workers: GridWorkerWrite[],
): Promise<void> {
  await q.query('DELETE FROM grid_workers WHERE grid_id = $1', [gridId]);
  if (workers.length === 0) return;
  await q.query(
    `INSERT INTO grid_workers (grid_id, county_code, name, phone_encrypted, phone_index, user_id, position)
     SELECT $1, $2, w.name, w.phone_encrypted, w.phone_index, w.user_id, w.position
     FROM unnest($3::text[], $4::text[], $5::text[], $6::uuid[], $7::int[])
       AS w(name, phone_encrypted, phone_index, user_id, position)`,
    [
      gridId,
      countyCode,
      workers.map((w) => w.name),
      workers.map((w) => w.phoneEncrypted),
      workers.map((w) => w.phoneIndex),
      workers.map((w) => w.userId),
      workers.map((_, i) => i),
    ],
  );
}

// ─── Detail relations ────────────────────────────────────────────────────────────────────────

export async function listMicroGrids(
  q: Queryable,
  gridId: string,
): Promise<{ grid_id: string; code: string; name: string; deputy_count: number; is_active: boolean }[]> {
  const r = await q.query<{ grid_id: string; code: string; name: string; deputy_count: number; is_active: boolean }>(
    `SELECT g.grid_id, g.code, g.name, g.is_active,
       (SELECT count(*) FROM (${GRID_DEPUTIES_SQL('g')}) gd) AS deputy_count
     FROM grids g WHERE g.parent_grid_id = $1 ORDER BY g.code`,
    [gridId],
  );
  return r.rows;
}

export async function listGridDeputies(
  q: Queryable,
  gridId: string,
): Promise<{ deputy_id: string; name: string; levels: string[]; basis: string; grid_id: string }[]> {
  const r = await q.query<{ deputy_id: string; name: string; levels: string[]; basis: string; grid_id: string }>(
    `SELECT d.deputy_id, d.name, a.basis, a.grid_id,
       ARRAY(SELECT m.level FROM deputy_mandates m WHERE m.deputy_id = d.deputy_id AND m.status = 'active') AS levels
     FROM deputy_assignments a
     JOIN deputies d ON d.deputy_id = a.deputy_id AND d.is_active
     JOIN grids x ON x.grid_id = a.grid_id
     WHERE x.grid_id = $1 OR x.parent_grid_id = $1
     ORDER BY d.name_pinyin`,
    [gridId],
  );
  return r.rows;
}

export async function listStationsCoveringGrid(
  q: Queryable,
  gridId: string,
): Promise<{ station_id: string; code: string; name: string; kind: string }[]> {
  const r = await q.query<{ station_id: string; code: string; name: string; kind: string }>(
    `SELECT s.station_id, s.code, s.name, s.kind FROM stations s, grids g
     WHERE g.grid_id = $1 AND s.is_active AND ${STATION_COVERS_GRID_SQL('s.station_id', 'g')}
     ORDER BY s.code`,
    [gridId],
  );
  return r.rows;
}

// ─── Point lookup ────────────────────────────────────────────────────────────────────────────

export async function gridsWithBoundaryAround(
  q: Queryable,
  scopeRegionCode: string,
  lat: number,
  lng: number,
): Promise<{ grid_id: string; kind: GridKind; boundary: unknown }[]> {
  const r = await q.query<{ grid_id: string; kind: GridKind; boundary: unknown }>(
    `SELECT grid_id, kind, boundary FROM grids
     WHERE boundary IS NOT NULL AND is_active AND village_code LIKE $1
       AND bbox_min_lat <= $2 AND bbox_max_lat >= $2 AND bbox_min_lng <= $3 AND bbox_max_lng >= $3`,
    [likeWithin(scopeRegionCode), lat, lng],
  );
  return r.rows;
}
