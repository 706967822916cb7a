import type { Queryable } from '@gridvoice/db';
import type { Role } from '@gridvoice/core';

export interface UserAuthRow {
  user_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  scope_region_code: string;
  scope_region_name: string | null;
  station_id: string | null;
  unit_id: string | null;
  deputy_id: string | null;
  disabled_at: Date | null;
  failed_login_count: number;
  locked_until: Date | null;
  must_change_password: boolean;
}

const USER_COLUMNS = `u.user_id, u.username, u.display_name, u.password_hash, u.role, u.scope_region_code,
  r.name AS scope_region_name, u.station_id, u.unit_id, u.deputy_id, u.disabled_at, u.failed_login_count,
  u.locked_until, u.must_change_password`;

export async function findUserForLogin(q: Queryable, username: string): Promise<UserAuthRow | null> {
  const r = await q.query<UserAuthRow>(
    `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN regions r ON r.region_code = u.scope_region_code
     WHERE lower(u.username) = lower($1) FOR UPDATE OF u`,
    [username],
  );
  return r.rows[0] ?? null;
}

export async function findUserById(q: Queryable, userId: string): Promise<UserAuthRow | null> {
  const r = await q.query<UserAuthRow>(
    `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN regions r ON r.region_code = u.scope_region_code
     WHERE u.user_id = $1`,
    [userId],
  );
  return r.rows[0] ?? null;
}

export async function recordLoginFailure(
  q: Queryable,
  userId: string,
  failedCount: number,
  lockedUntil: Date | null,
): Promise<void> {
  await q.query('UPDATE users SET failed_login_count = $2, locked_until = $3 WHERE user_id = $1', [
    userId,
    failedCount,
    lockedUntil,
  ]);
}

export async function recordLoginSuccess(q: Queryable, userId: string, now: Date): Promise<void> {
  await q.query(
    'UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = $2 WHERE user_id = $1',
    [userId, now],
  );
}

export async function updatePasswordHash(
  q: Queryable,
  userId: string,
  hash: string,
  now: Date,
  mustChange: boolean,
): Promise<void> {
  await q.query(
    `UPDATE users SET password_hash = $2, password_changed_at = $3, must_change_password = $4,
       updated_at = $3, version = version + 1 WHERE user_id = $1`,
    [userId, hash, now, mustChange],
  );
}

export interface SessionRow extends UserAuthRow {
  session_hash: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
}

export async function insertSession(
  q: Queryable,
  s: { sessionHash: string; userId: string; csrfToken: string; now: Date; ip: string; userAgent: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO sessions (session_hash, user_id, csrf_token, created_at, last_seen_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6)`,
    [s.sessionHash, s.userId, s.csrfToken, s.now, s.ip, s.userAgent],
  );
}

export async function findSession(q: Queryable, sessionHash: string): Promise<SessionRow | null> {
  const r = await q.query<SessionRow>(
    `SELECT s.session_hash, s.csrf_token, s.created_at, s.last_seen_at, ${USER_COLUMNS}
     FROM sessions s JOIN users u ON u.user_id = s.user_id
     LEFT JOIN regions r ON r.region_code = u.scope_region_code
     WHERE s.session_hash = $1`,
    [sessionHash],
  );
  return r.rows[0] ?? null;
}

export async function touchSession(q: Queryable, sessionHash: string, now: Date): Promise<void> {
  await q.query('UPDATE sessions SET last_seen_at = $2 WHERE session_hash = $1', [sessionHash, now]);
}

export async function deleteSession(q: Queryable, sessionHash: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE session_hash = $1', [sessionHash]);
}

export async function deleteSessionsOfUser(q: Queryable, userId: string): Promise<number> {
  const r = await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  return r.rowCount;
}

export async function deleteOtherSessions(q: Queryable, userId: string, keepSessionHash: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE user_id = $1 AND session_hash <> $2', [userId, keepSessionHash]);
}

export async function clearLoginFailures(q: Queryable, userId: string): Promise<void> {
  await q.query('UPDATE users SET failed_login_count = 0, locked_until = NULL WHERE user_id = $1', [userId]);
}

export async function hasAdministrator(q: Queryable): Promise<boolean> {
  const r = await q.query("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1");
  return r.rows.length > 0;
}

/** Serialises first-start setup across several server instances (inside a transaction). */
export async function lockBootstrap(q: Queryable): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock(7262002)');
}
