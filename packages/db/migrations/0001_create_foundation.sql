-- Foundation: regions (the scope of every user), users, sessions, settings, audit log.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE regions (
  region_code text PRIMARY KEY CHECK (region_code ~ '^[0-9]{12}$'),
  parent_code text REFERENCES regions (region_code),
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'town', 'village')),
  -- town: street | town | township; village: community | village
  kind text,
  county_code text,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX regions_parent_idx ON regions (parent_code);
CREATE INDEX regions_county_idx ON regions (county_code);

CREATE TABLE users (
  user_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'security_admin', 'auditor', 'congress_staff', 'town_staff',
    'station_manager', 'deputy', 'unit_handler', 'viewer')),
  scope_region_code text NOT NULL REFERENCES regions (region_code),
  station_id uuid,
  unit_id uuid,
  deputy_id uuid,
  disabled_at timestamptz,
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  must_change_password boolean NOT NULL DEFAULT false,
  password_changed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_scope_idx ON users (scope_region_code);

CREATE TABLE sessions (
  session_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only: written in the same transaction as the change it records.
CREATE TABLE audit_log (
  audit_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor_user_id uuid,
  actor_username text,
  actor_role text,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text,
  region_code text,
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  before jsonb,
  after jsonb,
  ip text,
  request_id text
);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, occurred_at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, occurred_at DESC);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '审计记录只能追加，不能修改或删除' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
