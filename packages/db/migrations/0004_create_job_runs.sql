-- Scheduled jobs run once per time slot across every server instance: the instance whose INSERT
-- claims (job_name, slot_key) runs it; the others see the conflict and skip.
CREATE TABLE job_runs (
  job_name text NOT NULL,
  slot_key text NOT NULL,
  instance_id text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  error text,
  PRIMARY KEY (job_name, slot_key)
);
CREATE INDEX job_runs_started_idx ON job_runs (started_at DESC);
