import type { Queryable } from '@gridvoice/db';

/** Lookups the projects-and-votes demo step needs (reading only; all writes go through the services). */
export async function findUserByUsername(q: Queryable, username: string) {
  return (await q.query<{ user_id: string; username: string; role: string; scope_region_code: string; unit_id: string | null; deputy_id: string | null }>(
    'SELECT user_id, username, role, scope_region_code, unit_id, deputy_id FROM users WHERE lower(username) = lower($1)', [username])).rows[0] ?? null;
}

export async function findHandlerOfUnit(q: Queryable, unitId: string) {
  return (await q.query<{ user_id: string; username: string; scope_region_code: string; unit_id: string }>(
    `SELECT user_id, username, scope_region_code, unit_id FROM users WHERE role = 'unit_handler' AND unit_id = $1 AND disabled_at IS NULL ORDER BY username LIMIT 1`, [unitId])).rows[0] ?? null;
}

export async function listUnits(q: Queryable, countyCode: string) {
  return (await q.query<{ unit_id: string; name: string; short_name: string | null }>(
    'SELECT unit_id, name, short_name FROM handling_units WHERE county_code = $1 AND is_active ORDER BY code', [countyCode])).rows;
}

export async function findConcernByTitle(q: Queryable, regionPrefix: string, title: string) {
  return (await q.query<{ concern_id: string; region_code: string }>(
    `SELECT concern_id, region_code FROM concerns WHERE region_code LIKE $1 || '%' AND title = $2 ORDER BY created_at LIMIT 1`, [regionPrefix, title])).rows[0] ?? null;
}

export async function listCongressDeputies(q: Queryable, level: string, congressRegionCode: string, term: number) {
  return (await q.query<{ deputy_id: string }>(
    `SELECT DISTINCT m.deputy_id FROM deputy_mandates m JOIN deputies d ON d.deputy_id = m.deputy_id
     WHERE m.status = 'active' AND d.is_active AND m.level = $1 AND m.congress_region_code = $2 AND m.term = $3 ORDER BY m.deputy_id`,
    [level, congressRegionCode, term])).rows.map((r) => r.deputy_id);
}

export async function findDeputyInRegion(q: Queryable, regionPrefix: string) {
  return (await q.query<{ deputy_id: string; name: string }>(
    `SELECT deputy_id, name FROM deputies WHERE region_code LIKE $1 || '%' AND is_active ORDER BY name_pinyin LIMIT 1`, [regionPrefix])).rows[0] ?? null;
}
