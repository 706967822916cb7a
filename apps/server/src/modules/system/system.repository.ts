import type { Queryable } from '@gridvoice/db';

export async function pingDatabase(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}

export async function readSetting<T>(q: Queryable, key: string): Promise<T | null> {
  const r = await q.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
  return r.rows[0]?.value ?? null;
}

export async function writeSetting(q: Queryable, key: string, value: unknown, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [key, JSON.stringify(value), now],
  );
}
