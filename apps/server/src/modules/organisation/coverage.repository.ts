import type { Queryable } from '@gridvoice/db';
import type { TVillageListQuery } from '@gridvoice/core';
import { DEPUTY_HAS_GRID_SQL, DEPUTY_HAS_STATION_SQL, DEPUTY_LEVELS_SQL } from './deputies.repository.js';
import { GRID_DEPUTIES_SQL } from './grids.repository.js';
import { Conditions, escapeLike, likeWithin } from './query-builder.js';
import { VILLAGE_HAS_STATION_SQL } from './stations.repository.js';

/**
 * The coverage counts of R-ORG-6 per town (9-digit prefix; county-level deputies under
 * `<county>000`). The predicates are the same ones the list filters use, so every number opens
 * exactly the list behind it.
 */
export async function gridCoverageByTown(
  q: Queryable,
  regionCode: string,
): Promise<{ town9: string; grids: number; without_deputy: number }[]> {
  const r = await q.query<{ town9: string; grids: number; without_deputy: number }>(
    `SELECT substr(g.village_code, 1, 9) AS town9, count(*) AS grids,
       count(*) FILTER (WHERE NOT EXISTS (${GRID_DEPUTIES_SQL('g')})) AS without_deputy
     FROM grids g WHERE g.kind = 'grid' AND g.is_active AND g.village_code LIKE $1
     GROUP BY 1`,
    [likeWithin(regionCode)],
  );
  return r.rows;
}

export async function deputyCoverageByTown(
  q: Queryable,
  regionCode: string,
): Promise<{ town9: string; deputies: number; without_grid: number; without_station: number }[]> {
  const r = await q.query<{ town9: string; deputies: number; without_grid: number; without_station: number }>(
    `SELECT substr(d.region_code, 1, 9) AS town9, count(*) AS deputies,
       count(*) FILTER (WHERE NOT ${DEPUTY_HAS_GRID_SQL('d')}) AS without_grid,
       count(*) FILTER (WHERE NOT ${DEPUTY_HAS_STATION_SQL('d')}) AS without_station
     FROM deputies d WHERE d.is_active AND d.region_code LIKE $1
     GROUP BY 1`,
    [likeWithin(regionCode)],
  );
  return r.rows;
}

export async function villageCoverageByTown(
  q: Queryable,
  regionCode: string,
): Promise<{ town9: string; villages: number; without_station: number }[]> {
  const r = await q.query<{ town9: string; villages: number; without_station: number }>(
    `SELECT substr(v.region_code, 1, 9) AS town9, count(*) AS villages,
       count(*) FILTER (WHERE NOT ${VILLAGE_HAS_STATION_SQL('v')}) AS without_station
     FROM regions v WHERE v.level = 'village' AND v.region_code LIKE $1
     GROUP BY 1`,
    [likeWithin(regionCode)],
  );
  return r.rows;
}

export interface RegionNodeRow {
  region_code: string;
  name: string;
  level: string;
  kind: string | null;
  parent_code: string | null;
}

export async function listRegionNodes(q: Queryable, regionCode: string): Promise<RegionNodeRow[]> {
  const r = await q.query<RegionNodeRow>(
    `SELECT region_code, name, level, kind, parent_code FROM regions
     WHERE region_code LIKE $1 ORDER BY region_code LIMIT 20000`,
    [likeWithin(regionCode)],
  );
  return r.rows;
}

/** Counts of active grids, micro-grids, stations and deputies per exact region code. */
export async function countsByRegion(
  q: Queryable,
  regionCode: string,
): Promise<{ region_code: string; grids: number; micro_grids: number; stations: number; deputies: number }[]> {
  const like = likeWithin(regionCode);
  const r = await q.query<{ region_code: string; grids: number; micro_grids: number; stations: number; deputies: number }>(
    `SELECT region_code, sum(grids) AS grids, sum(micro_grids) AS micro_grids, sum(stations) AS stations,
       sum(deputies) AS deputies
     FROM (
       SELECT village_code AS region_code, count(*) FILTER (WHERE kind = 'grid') AS grids,
         count(*) FILTER (WHERE kind = 'micro_grid') AS micro_grids, 0 AS stations, 0 AS deputies
       FROM grids WHERE is_active AND village_code LIKE $1 GROUP BY village_code
       UNION ALL
       SELECT region_code, 0, 0, count(*), 0 FROM stations WHERE is_active AND region_code LIKE $1 GROUP BY region_code
       UNION ALL
       SELECT region_code, 0, 0, 0, count(*) FROM deputies WHERE is_active AND region_code LIKE $1 GROUP BY region_code
     ) x GROUP BY region_code`,
    [like],
  );
  return r.rows;
}

export interface VillageRow {
  code: string;
  name: string;
  kind: string | null;
  town_code: string;
  town_name: string;
  grid_count: number;
  station_count: number;
}

export async function listVillages(
  q: Queryable,
  scopeRegionCode: string,
  f: TVillageListQuery,
): Promise<{ rows: VillageRow[]; total: number }> {
  const c = new Conditions();
  c.and(`v.level = 'village'`);
  c.and('v.region_code LIKE ?', likeWithin(scopeRegionCode));
  if (f.regionCode) c.and('v.region_code LIKE ?', likeWithin(f.regionCode));
  if (f.q) c.and('v.name ILIKE ?', `%${escapeLike(f.q)}%`);
  if (f.hasStation === 'true') c.and(VILLAGE_HAS_STATION_SQL('v'));
  if (f.hasStation === 'false') c.and(`NOT ${VILLAGE_HAS_STATION_SQL('v')}`);
  const hasGrid = `EXISTS (SELECT 1 FROM grids g WHERE g.village_code = v.region_code AND g.kind = 'grid' AND g.is_active)`;
  if (f.hasGrid === 'true') c.and(hasGrid);
  if (f.hasGrid === 'false') c.and(`NOT ${hasGrid}`);
  const where = c.sql();
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM regions v ${where}`, c.params);
  const rows = await q.query<VillageRow>(
    `SELECT v.region_code AS code, v.name, v.kind, t.region_code AS town_code, t.name AS town_name,
       (SELECT count(*) FROM grids g WHERE g.village_code = v.region_code AND g.kind = 'grid' AND g.is_active) AS grid_count,
       (SELECT count(*) FROM stations st WHERE st.is_active AND (st.region_code = v.region_code
          OR EXISTS (SELECT 1 FROM station_villages sv WHERE sv.station_id = st.station_id
                     AND sv.village_code = v.region_code))) AS station_count
     FROM regions v JOIN regions t ON t.region_code = v.parent_code
     ${where} ORDER BY v.region_code LIMIT ${c.p(f.pageSize)} OFFSET ${c.p((f.page - 1) * f.pageSize)}`,
    c.params,
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

// ─── The records behind the "without" counts, for the xlsx export ───────────────────────────

const EXPORT_LIMIT = 50_000;

export async function gridsWithoutDeputy(
  q: Queryable,
  regionCode: string,
): Promise<{ code: string; name: string; village_name: string; town_name: string }[]> {
  const r = await q.query<{ code: string; name: string; village_name: string; town_name: string }>(
    `SELECT g.code, g.name, v.name AS village_name, t.name AS town_name
     FROM grids g JOIN regions v ON v.region_code = g.village_code JOIN regions t ON t.region_code = v.parent_code
     WHERE g.kind = 'grid' AND g.is_active AND g.village_code LIKE $1 AND NOT EXISTS (${GRID_DEPUTIES_SQL('g')})
     ORDER BY g.code LIMIT ${EXPORT_LIMIT}`,
    [likeWithin(regionCode)],
  );
  return r.rows;
}

/** Active deputies of the region with no active grid (`grid`) or no active station (`station`). */
export async function deputiesWithout(
  q: Queryable,
  regionCode: string,
  missing: 'grid' | 'station',
): Promise<{ name: string; region_name: string; levels: string[] }[]> {
  const predicate = missing === 'grid' ? DEPUTY_HAS_GRID_SQL('d') : DEPUTY_HAS_STATION_SQL('d');
  const r = await q.query<{ name: string; region_name: string; levels: string[] }>(
    `SELECT d.name, r.name AS region_name, ${DEPUTY_LEVELS_SQL('d')} AS levels
     FROM deputies d JOIN regions r ON r.region_code = d.region_code
     WHERE d.is_active AND d.region_code LIKE $1 AND NOT ${predicate}
     ORDER BY d.region_code, d.name_pinyin, d.deputy_id LIMIT ${EXPORT_LIMIT}`,
    [likeWithin(regionCode)],
  );
  return r.rows;
}

export async function villagesWithoutStation(
  q: Queryable,
  regionCode: string,
): Promise<{ code: string; name: string; town_name: string }[]> {
  const r = await q.query<{ code: string; name: string; town_name: string }>(
    `SELECT v.region_code AS code, v.name, t.name AS town_name
     FROM regions v JOIN regions t ON t.region_code = v.parent_code
     WHERE v.level = 'village' AND v.region_code LIKE $1 AND NOT ${VILLAGE_HAS_STATION_SQL('v')}
     ORDER BY v.region_code LIMIT ${EXPORT_LIMIT}`,
    [likeWithin(regionCode)],
  );
  return r.rows;
}
