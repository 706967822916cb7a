import type { Queryable } from '@gridvoice/db';

export interface DemoTown {
  town_code: string;
  villages: string[];
  deputies: string[];
}

/** Towns of the county with their villages and the deputies placed there (for the demo year). */
export async function listDemoTowns(q: Queryable, countyCode: string): Promise<DemoTown[]> {
  const r = await q.query<DemoTown>(
    `SELECT t.region_code AS town_code,
       (SELECT coalesce(array_agg(v.region_code ORDER BY v.region_code), '{}') FROM regions v WHERE v.parent_code = t.region_code) AS villages,
       (SELECT coalesce(array_agg(DISTINCT d.deputy_id::text), '{}') FROM deputies d
          WHERE d.county_code = $1 AND d.region_code LIKE substr(t.region_code, 1, 9) || '%' AND d.is_active) AS deputies
     FROM regions t WHERE t.level = 'town' AND t.county_code = $1 ORDER BY t.region_code`,
    [countyCode],
  );
  return r.rows;
}

export async function listDemoUnits(q: Queryable, countyCode: string): Promise<{ unit_id: string; name: string }[]> {
  const r = await q.query<{ unit_id: string; name: string }>(
    `SELECT unit_id, name FROM handling_units WHERE county_code = $1 AND is_active ORDER BY code`,
    [countyCode],
  );
  return r.rows;
}

export async function findUserIdByUsername(q: Queryable, username: string): Promise<{ user_id: string; deputy_id: string | null; unit_id: string | null } | null> {
  const r = await q.query<{ user_id: string; deputy_id: string | null; unit_id: string | null }>(
    'SELECT user_id, deputy_id, unit_id FROM users WHERE username = $1',
    [username],
  );
  return r.rows[0] ?? null;
}
