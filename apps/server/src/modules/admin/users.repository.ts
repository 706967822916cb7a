import type { Queryable } from '@gridvoice/db';
import type { Role } from '@gridvoice/core';

export interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  role: Role;
  scope_region_code: string;
  scope_region_name: string | null;
  disabled_at: Date | null;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  version: number;
}

const COLUMNS = `u.user_id, u.username, u.display_name, u.role, u.scope_region_code, r.name AS scope_region_name,
  u.disabled_at, u.locked_until, u.last_login_at, u.created_at, u.version`;

export async function listUsers(
  q: Queryable,
  f: { scopePrefix: string; q?: string; role?: Role; limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const params: unknown[] = [`${f.scopePrefix}%`];
  let where = 'u.scope_region_code LIKE $1';
  if (f.q) {
    params.push(`%${f.q}%`);
    where += ` AND (u.username ILIKE $${params.length} OR u.display_name ILIKE $${params.length})`;
  }
  if (f.role) {
    params.push(f.role);
    where += ` AND u.role = $${params.length}`;
  }
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM users u WHERE ${where}`, params);
  const rows = await q.query<UserRow>(
    `SELECT ${COLUMNS} FROM users u LEFT JOIN regions r ON r.region_code = u.scope_region_code
     WHERE ${where} ORDER BY u.created_at, u.username LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export async function findUser(q: Queryable, userId: string): Promise<UserRow | null> {
  const r = await q.query<UserRow>(
    `SELECT ${COLUMNS} FROM users u LEFT JOIN regions r ON r.region_code = u.scope_region_code WHERE u.user_id = $1`,
    [userId],
  );
  return r.rows[0] ?? null;
}

export async function usernameTaken(q: Queryable, username: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [username]);
  return r.rows.length > 0;
}

export async function insertUser(
  q: Queryable,
  u: {
    username: string;
    displayName: string;
    passwordHash: string;
    role: Role;
    scopeRegionCode: string;
    mustChangePassword: boolean;
    now: Date;
    stationId?: string | null;
    unitId?: string | null;
    deputyId?: string | null;
  },
): Promise<string> {
  const r = await q.query<{ user_id: string }>(
    `INSERT INTO users (username, display_name, password_hash, role, scope_region_code, must_change_password,
       station_id, unit_id, deputy_id, password_changed_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10) RETURNING user_id`,
    [
      u.username,
      u.displayName,
      u.passwordHash,
      u.role,
      u.scopeRegionCode,
      u.mustChangePassword,
      u.stationId ?? null,
      u.unitId ?? null,
      u.deputyId ?? null,
      u.now,
    ],
  );
  return (r.rows[0] as { user_id: string }).user_id;
}

export async function updateUser(
  q: Queryable,
  userId: string,
  patch: { displayName?: string; role?: Role; scopeRegionCode?: string },
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE users SET display_name = COALESCE($2, display_name), role = COALESCE($3, role),
       scope_region_code = COALESCE($4, scope_region_code), updated_at = $5, version = version + 1
     WHERE user_id = $1`,
    [userId, patch.displayName ?? null, patch.role ?? null, patch.scopeRegionCode ?? null, now],
  );
}

export async function setDisabled(q: Queryable, userId: string, disabledAt: Date | null, now: Date): Promise<void> {
  await q.query(
    'UPDATE users SET disabled_at = $2, updated_at = $3, version = version + 1 WHERE user_id = $1',
    [userId, disabledAt, now],
  );
}

export async function regionExists(q: Queryable, code: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM regions WHERE region_code = $1', [code]);
  return r.rows.length > 0;
}

export interface RegionRow {
  region_code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

export async function listRegionsWithin(q: Queryable, prefix: string, maxLevel: string[]): Promise<RegionRow[]> {
  const r = await q.query<RegionRow>(
    `SELECT region_code, name, level, parent_code FROM regions
     WHERE region_code LIKE $1 AND level = ANY($2::text[]) ORDER BY region_code LIMIT 20000`,
    [`${prefix}%`, maxLevel],
  );
  return r.rows;
}
