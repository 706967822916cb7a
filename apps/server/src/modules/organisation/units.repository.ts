import type { Queryable } from '@gridvoice/db';
import type { ListScope, TCategoryRouteListQuery, TUnitListQuery, UnitKind } from '@gridvoice/core';
import { Conditions, escapeLike, likeWithin, orderSql } from './query-builder.js';

export interface UnitRow {
  unit_id: string;
  county_code: string;
  region_code: string;
  region_name: string;
  code: string;
  name: string;
  short_name: string | null;
  kind: UnitKind;
  contact_name: string | null;
  contact_phone: string | null;
  description: string | null;
  is_active: boolean;
  is_demo: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  handler_count: number;
  route_count: number;
}

const SELECT = `
  SELECT u.unit_id, u.county_code, u.region_code, r.name AS region_name, u.code, u.name, u.short_name, u.kind,
    u.contact_name, u.contact_phone, u.description, u.is_active, u.is_demo, u.version, u.created_at, u.updated_at,
    (SELECT count(*) FROM users x WHERE x.unit_id = u.unit_id AND x.disabled_at IS NULL) AS handler_count,
    (SELECT count(*) FROM category_routes cr WHERE cr.unit_id = u.unit_id) AS route_count
  FROM handling_units u JOIN regions r ON r.region_code = u.region_code`;

const SORTS: Record<TUnitListQuery['sort'], string> = {
  code: 'u.code',
  name: 'u.name',
  kind: 'u.kind',
  createdAt: 'u.created_at',
};

/**
 * Units an actor may read: those in their scope and those of the regions above it (a town clerk
 * sees the county's departments); a handler sees their own unit.
 */
export async function listUnits(
  q: Queryable,
  scope: ListScope,
  f: TUnitListQuery,
): Promise<{ rows: UnitRow[]; total: number }> {
  const c = new Conditions();
  const s = c.p(scope.scopeRegionCode);
  c.where.push(`(u.region_code LIKE region_prefix(${s}) || '%' OR ${s} LIKE region_prefix(u.region_code) || '%')`);
  if (scope.unitId) c.and('u.unit_id = ?', scope.unitId);
  if (f.regionCode) c.and('u.region_code LIKE ?', likeWithin(f.regionCode));
  if (f.kind) c.and('u.kind = ?', f.kind);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    c.and('(u.name ILIKE ? OR u.short_name ILIKE ? OR u.code ILIKE ?)', like, like, like);
  }
  if (f.status === 'active') c.and('u.is_active');
  if (f.status === 'inactive') c.and('NOT u.is_active');
  const where = c.sql();
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM handling_units u ${where}`, c.params);
  const rows = await q.query<UnitRow>(
    `${SELECT} ${where} ORDER BY ${SORTS[f.sort]} ${orderSql(f.order)}, u.code
     LIMIT ${c.p(f.pageSize)} OFFSET ${c.p((f.page - 1) * f.pageSize)}`,
    c.params,
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function findUnit(q: Queryable, unitId: string): Promise<UnitRow | null> {
  const r = await q.query<UnitRow>(`${SELECT} WHERE u.unit_id = $1`, [unitId]);
  return r.rows[0] ?? null;
}

export async function unitCodeTaken(q: Queryable, countyCode: string, code: string, exceptId?: string): Promise<boolean> {
  const r = await q.query(
    'SELECT 1 FROM handling_units WHERE county_code = $1 AND code = $2 AND unit_id IS DISTINCT FROM $3::uuid',
    [countyCode, code, exceptId ?? null],
  );
  return r.rows.length > 0;
}

export async function unitNameTaken(q: Queryable, regionCode: string, name: string, exceptId?: string): Promise<boolean> {
  const r = await q.query(
    'SELECT 1 FROM handling_units WHERE region_code = $1 AND name = $2 AND unit_id IS DISTINCT FROM $3::uuid',
    [regionCode, name, exceptId ?? null],
  );
  return r.rows.length > 0;
}

export async function usedUnitNumbers(q: Queryable, countyCode: string): Promise<number[]> {
  const r = await q.query<{ code: string }>(
    `SELECT code FROM handling_units WHERE county_code = $1 AND code ~ '^U[0-9]{3,}$'`,
    [countyCode],
  );
  return r.rows.map((x) => Number(x.code.slice(1)));
}

export interface UnitWrite {
  countyCode: string;
  regionCode: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  contactName: string | null;
  contactPhone: string | null;
  description: string | null;
  now: Date;
}

export async function insertUnit(q: Queryable, u: UnitWrite): Promise<string> {
  const r = await q.query<{ unit_id: string }>(
    `INSERT INTO handling_units (county_code, region_code, code, name, short_name, kind, contact_name, contact_phone,
       description, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING unit_id`,
    [u.countyCode, u.regionCode, u.code, u.name, u.shortName, u.kind, u.contactName, u.contactPhone, u.description, u.now],
  );
  return (r.rows[0] as { unit_id: string }).unit_id;
}

const UNIT_COLUMNS: Record<string, string> = {
  name: 'name',
  shortName: 'short_name',
  kind: 'kind',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  description: 'description',
};

export async function updateUnit(
  q: Queryable,
  unitId: string,
  patch: Partial<Record<keyof typeof UNIT_COLUMNS, unknown>>,
  now: Date,
): Promise<void> {
  const c = new Conditions();
  const sets = [`updated_at = ${c.p(now)}`, 'version = version + 1'];
  for (const [key, column] of Object.entries(UNIT_COLUMNS)) {
    if (patch[key] !== undefined) sets.push(`${column} = ${c.p(patch[key])}`);
  }
  await q.query(`UPDATE handling_units SET ${sets.join(', ')} WHERE unit_id = ${c.p(unitId)}`, c.params);
}

export async function setUnitActive(q: Queryable, unitId: string, active: boolean, now: Date): Promise<void> {
  await q.query('UPDATE handling_units SET is_active = $2, updated_at = $3, version = version + 1 WHERE unit_id = $1', [
    unitId,
    active,
    now,
  ]);
}

export async function deleteUnit(q: Queryable, unitId: string): Promise<void> {
  await q.query('DELETE FROM category_routes WHERE unit_id = $1', [unitId]);
  await q.query('UPDATE users SET unit_id = NULL WHERE unit_id = $1', [unitId]);
  await q.query('DELETE FROM handling_units WHERE unit_id = $1', [unitId]);
}

export async function listUnitHandlers(
  q: Queryable,
  unitId: string,
): Promise<{ user_id: string; username: string; display_name: string; disabled: boolean }[]> {
  const r = await q.query<{ user_id: string; username: string; display_name: string; disabled: boolean }>(
    `SELECT user_id, username, display_name, (disabled_at IS NOT NULL) AS disabled FROM users
     WHERE unit_id = $1 ORDER BY username`,
    [unitId],
  );
  return r.rows;
}

/** Exactly these users handle for the unit; others lose it. */
export async function setUnitHandlers(q: Queryable, unitId: string, userIds: string[]): Promise<void> {
  await q.query('UPDATE users SET unit_id = NULL WHERE unit_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [unitId, userIds]);
  if (userIds.length) await q.query('UPDATE users SET unit_id = $1 WHERE user_id = ANY($2::uuid[])', [unitId, userIds]);
}

// ─── Category routes ─────────────────────────────────────────────────────────────────────────

export interface RouteRow {
  route_id: string;
  county_code: string;
  region_code: string;
  region_name: string;
  category_code: string;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  unit_active: boolean;
  unit_region_code: string;
  updated_at: Date;
}

const ROUTE_SELECT = `
  SELECT cr.route_id, cr.county_code, cr.region_code, r.name AS region_name, cr.category_code, cr.unit_id,
    u.code AS unit_code, u.name AS unit_name, u.is_active AS unit_active, u.region_code AS unit_region_code, cr.updated_at
  FROM category_routes cr JOIN regions r ON r.region_code = cr.region_code
  JOIN handling_units u ON u.unit_id = cr.unit_id`;

/** Routes of the actor's scope and of the regions above it. */
export async function listRoutes(
  q: Queryable,
  scopeRegionCode: string,
  f: TCategoryRouteListQuery,
): Promise<{ rows: RouteRow[]; total: number }> {
  const c = new Conditions();
  const s = c.p(scopeRegionCode);
  c.where.push(`(cr.region_code LIKE region_prefix(${s}) || '%' OR ${s} LIKE region_prefix(cr.region_code) || '%')`);
  if (f.regionCode) c.and('cr.region_code LIKE ?', likeWithin(f.regionCode));
  if (f.categoryCode) c.and('cr.category_code = ?', f.categoryCode);
  if (f.unitId) c.and('cr.unit_id = ?', f.unitId);
  const where = c.sql();
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM category_routes cr ${where}`, c.params);
  const rows = await q.query<RouteRow>(
    `${ROUTE_SELECT} ${where} ORDER BY cr.region_code, cr.category_code
     LIMIT ${c.p(f.pageSize)} OFFSET ${c.p((f.page - 1) * f.pageSize)}`,
    c.params,
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function findRoute(q: Queryable, routeId: string): Promise<RouteRow | null> {
  const r = await q.query<RouteRow>(`${ROUTE_SELECT} WHERE cr.route_id = $1`, [routeId]);
  return r.rows[0] ?? null;
}

/** Every route of a category that may apply at a place: those of the place's region and above. */
export async function routeCandidates(q: Queryable, placeRegionCode: string, categoryCode: string): Promise<RouteRow[]> {
  const r = await q.query<RouteRow>(
    `${ROUTE_SELECT} WHERE cr.category_code = $2 AND $1 LIKE region_prefix(cr.region_code) || '%'`,
    [placeRegionCode, categoryCode],
  );
  return r.rows;
}

export async function upsertRoute(
  q: Queryable,
  r: { countyCode: string; regionCode: string; categoryCode: string; unitId: string; now: Date },
): Promise<string> {
  const res = await q.query<{ route_id: string }>(
    `INSERT INTO category_routes (county_code, region_code, category_code, unit_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (region_code, category_code) DO UPDATE SET unit_id = EXCLUDED.unit_id, updated_at = EXCLUDED.updated_at
     RETURNING route_id`,
    [r.countyCode, r.regionCode, r.categoryCode, r.unitId, r.now],
  );
  return (res.rows[0] as { route_id: string }).route_id;
}

export async function findRouteByKey(q: Queryable, regionCode: string, categoryCode: string): Promise<RouteRow | null> {
  const r = await q.query<RouteRow>(`${ROUTE_SELECT} WHERE cr.region_code = $1 AND cr.category_code = $2`, [
    regionCode,
    categoryCode,
  ]);
  return r.rows[0] ?? null;
}

export async function deleteRoute(q: Queryable, routeId: string): Promise<void> {
  await q.query('DELETE FROM category_routes WHERE route_id = $1', [routeId]);
}
