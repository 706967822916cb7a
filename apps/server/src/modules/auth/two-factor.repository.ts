import type { Queryable } from '@gridvoice/db';

export interface TotpRow {
  user_id: string;
  secret_enc: string;
  confirmed_at: Date | null;
  last_used_step: string | number | null;
}

export async function findTotp(q: Queryable, userId: string, forUpdate = false): Promise<TotpRow | null> {
  const r = await q.query<TotpRow>(
    `SELECT user_id, secret_enc, confirmed_at, last_used_step FROM user_totp WHERE user_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [userId],
  );
  return r.rows[0] ?? null;
}

/** A new (unconfirmed) secret; replaces any earlier one, which stops working at once. */
export async function putPendingTotp(q: Queryable, userId: string, secretEnc: string, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO user_totp (user_id, secret_enc, confirmed_at, last_used_step, created_at, updated_at)
     VALUES ($1, $2, NULL, NULL, $3, $3)
     ON CONFLICT (user_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, confirmed_at = NULL,
       last_used_step = NULL, updated_at = EXCLUDED.updated_at`,
    [userId, secretEnc, now],
  );
}

export async function confirmTotp(q: Queryable, userId: string, step: number, now: Date): Promise<void> {
  await q.query('UPDATE user_totp SET confirmed_at = $2, last_used_step = $3, updated_at = $2 WHERE user_id = $1', [
    userId,
    now,
    step,
  ]);
}

/** Moves the last used step forward only (a concurrent older code cannot move it back). */
export async function recordTotpStep(q: Queryable, userId: string, step: number, now: Date): Promise<boolean> {
  const r = await q.query(
    `UPDATE user_totp SET last_used_step = $2, updated_at = $3
     WHERE user_id = $1 AND (last_used_step IS NULL OR last_used_step < $2)`,
    [userId, step, now],
  );
  return r.rowCount === 1;
}

export async function deleteTotp(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM user_totp WHERE user_id = $1', [userId]);
  await q.query('DELETE FROM user_recovery_codes WHERE user_id = $1', [userId]);
}

export async function replaceRecoveryCodes(q: Queryable, userId: string, hashes: string[]): Promise<void> {
  await q.query('DELETE FROM user_recovery_codes WHERE user_id = $1', [userId]);
  for (const h of hashes) {
    await q.query('INSERT INTO user_recovery_codes (user_id, code_hash) VALUES ($1, $2)', [userId, h]);
  }
}

/** Marks an unused recovery code used; false when there is no such unused code. */
export async function useRecoveryCode(q: Queryable, userId: string, hash: string, now: Date): Promise<boolean> {
  const r = await q.query(
    'UPDATE user_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL',
    [userId, hash, now],
  );
  return r.rowCount === 1;
}

export async function countRecoveryCodesLeft(q: Queryable, userId: string): Promise<number> {
  const r = await q.query<{ n: string | number }>(
    'SELECT count(*) AS n FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
    [userId],
  );
  return Number(r.rows[0]?.n ?? 0);
}

export interface ChallengeRow {
  challenge_hash: string;
  user_id: string;
  kind: 'verify' | 'enrol';
  attempts: number;
  expires_at: Date;
}

export async function insertChallenge(
  q: Queryable,
  c: { hash: string; userId: string; kind: 'verify' | 'enrol'; now: Date; expiresAt: Date },
): Promise<void> {
  // One pending challenge per user: a new password step cancels older ones.
  await q.query('DELETE FROM login_challenges WHERE user_id = $1 OR expires_at < $2', [c.userId, c.now]);
  await q.query(
    `INSERT INTO login_challenges (challenge_hash, user_id, kind, attempts, created_at, expires_at)
     VALUES ($1, $2, $3, 0, $4, $5)`,
    [c.hash, c.userId, c.kind, c.now, c.expiresAt],
  );
}

export async function findChallenge(q: Queryable, hash: string): Promise<ChallengeRow | null> {
  const r = await q.query<ChallengeRow>(
    'SELECT challenge_hash, user_id, kind, attempts, expires_at FROM login_challenges WHERE challenge_hash = $1 FOR UPDATE',
    [hash],
  );
  return r.rows[0] ?? null;
}

export async function countChallengeAttempt(q: Queryable, hash: string): Promise<void> {
  await q.query('UPDATE login_challenges SET attempts = attempts + 1 WHERE challenge_hash = $1', [hash]);
}

export async function deleteChallenge(q: Queryable, hash: string): Promise<void> {
  await q.query('DELETE FROM login_challenges WHERE challenge_hash = $1', [hash]);
}
