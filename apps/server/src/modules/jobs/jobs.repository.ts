import type { Queryable } from '@gridvoice/db';

/** True when this instance claimed the slot (and so must run the job). */
export async function claimJobSlot(
  q: Queryable,
  jobName: string,
  slotKey: string,
  instanceId: string,
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO job_runs (job_name, slot_key, instance_id, started_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (job_name, slot_key) DO NOTHING RETURNING job_name`,
    [jobName, slotKey, instanceId, now],
  );
  return r.rows.length === 1;
}

export async function finishJobSlot(
  q: Queryable,
  jobName: string,
  slotKey: string,
  now: Date,
  error: string | null,
): Promise<void> {
  await q.query('UPDATE job_runs SET finished_at = $3, error = $4 WHERE job_name = $1 AND slot_key = $2', [
    jobName,
    slotKey,
    now,
    error,
  ]);
}

export interface JobRunRow {
  job_name: string;
  slot_key: string;
  instance_id: string;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
}

export async function listJobRuns(q: Queryable, jobName: string): Promise<JobRunRow[]> {
  const r = await q.query<JobRunRow>('SELECT * FROM job_runs WHERE job_name = $1 ORDER BY slot_key', [jobName]);
  return r.rows;
}
