-- The closed loop of concerns (issue 4, R-LOOP-1…8): the record with its full workflow state,
-- case-number sequences, the units projection for inboxes, the append-only timeline, the
-- constituent's guarded personal data, idempotency keys, the notification outbox, holiday
-- overrides and per-region settings.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- <county>-<year>-<6 digits>: the next value is taken in the creating transaction with
-- INSERT … ON CONFLICT DO UPDATE … RETURNING (row lock: unique, increasing, no gaps).
CREATE TABLE concern_case_sequences (
  county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
  year integer NOT NULL,
  last_value integer NOT NULL CHECK (last_value BETWEEN 1 AND 999999),
  PRIMARY KEY (county_code, year)
);

CREATE TABLE concerns (
  concern_id uuid PRIMARY KEY,
  case_number text NOT NULL UNIQUE,
  -- 6-digit GB/T 2260 county code (as regions.county_code)
  county_code text NOT NULL,
  -- the village (or town) the concern comes from: the scope of who sees it
  region_code text NOT NULL REFERENCES regions (region_code),
  grid_id uuid,
  micro_grid_id uuid,
  station_id uuid,
  title text NOT NULL,
  content text NOT NULL,
  category_code text NOT NULL,
  channel text NOT NULL,
  tier text NOT NULL CHECK (tier IN ('minor', 'general', 'major')),
  status text NOT NULL CHECK (status IN ('registered', 'resolved_on_spot', 'awaiting_dispatch', 'dispatched',
    'in_progress', 'replied', 'closed', 'merged')),
  level text NOT NULL CHECK (level IN ('town', 'county', 'city')),
  collector_kind text NOT NULL CHECK (collector_kind IN ('deputy', 'envoy', 'staff', 'online')),
  collector_deputy_id uuid,
  collector_user_id uuid,
  created_by uuid REFERENCES users (user_id),
  lead_unit_id uuid,
  -- the lead unit's deadline while with units (concernDueAt)
  due_at timestamptz,
  -- traffic light of the units still working: yellow from yellow_at, red after red_at
  yellow_at timestamptz,
  red_at timestamptz,
  -- when it may be closed as not rated (notRatedClosableAt with the region's setting)
  rating_due_at timestamptz,
  reopen_count integer NOT NULL DEFAULT 0,
  key_supervision boolean NOT NULL DEFAULT false,
  rating text CHECK (rating IN ('satisfied', 'basically_satisfied', 'dissatisfied', 'not_rated')),
  closed_at timestamptz,
  merged_into uuid REFERENCES concerns (concern_id),
  latitude double precision,
  longitude double precision,
  attachment_ids jsonb NOT NULL DEFAULT '[]',
  campaign_id uuid,
  -- Chinese words from jieba, space separated: full text (tsvector) and pg_trgm similarity
  search_tokens text NOT NULL DEFAULT '',
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED,
  -- the full ConcernState snapshot (instants as ISO strings, calendar dates as YYYY-MM-DD)
  state jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX concerns_region_idx ON concerns (region_code text_pattern_ops, created_at DESC);
CREATE INDEX concerns_county_status_idx ON concerns (county_code, status, created_at DESC);
CREATE INDEX concerns_deputy_idx ON concerns (collector_deputy_id, created_at DESC) WHERE collector_deputy_id IS NOT NULL;
CREATE INDEX concerns_station_idx ON concerns (station_id, created_at DESC) WHERE station_id IS NOT NULL;
CREATE INDEX concerns_creator_idx ON concerns (created_by, created_at DESC);
CREATE INDEX concerns_dispatch_idx ON concerns (level, region_code text_pattern_ops) WHERE status = 'awaiting_dispatch';
CREATE INDEX concerns_red_idx ON concerns (red_at) WHERE red_at IS NOT NULL;
CREATE INDEX concerns_key_idx ON concerns (county_code) WHERE key_supervision;
CREATE INDEX concerns_rating_due_idx ON concerns (rating_due_at) WHERE rating_due_at IS NOT NULL;
CREATE INDEX concerns_merged_idx ON concerns (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX concerns_search_idx ON concerns USING gin (search_vector);

-- Projection of state.units: the handling units' "assigned to us" inbox.
CREATE TABLE concern_units (
  concern_id uuid NOT NULL REFERENCES concerns (concern_id) ON DELETE CASCADE,
  unit_id uuid NOT NULL,
  round integer NOT NULL,
  county_code text NOT NULL,
  role text NOT NULL CHECK (role IN ('lead', 'assisting', 'joint')),
  status text NOT NULL,
  -- the assignment of the concern's current dispatch round
  is_current boolean NOT NULL,
  assigned_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  PRIMARY KEY (concern_id, unit_id, round)
);
CREATE INDEX concern_units_inbox_idx ON concern_units (unit_id, status, due_at) WHERE is_current;
CREATE INDEX concern_units_unit_idx ON concern_units (unit_id);

-- The timeline: append-only, one row per event, written with the transition.
CREATE TABLE concern_events (
  event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  concern_id uuid NOT NULL REFERENCES concerns (concern_id),
  county_code text NOT NULL,
  version integer NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor_role text NOT NULL,
  actor_user_id uuid,
  from_status text,
  to_status text NOT NULL,
  unit_id uuid,
  data jsonb NOT NULL DEFAULT '{}',
  notify jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX concern_events_concern_idx ON concern_events (concern_id, event_id);

CREATE FUNCTION concern_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '办理记录只能追加，不能修改或删除' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER concern_events_no_update BEFORE UPDATE OR DELETE ON concern_events
  FOR EACH ROW EXECUTE FUNCTION concern_events_refuse_change();

-- The constituent: guarded personal fields encrypted (SM4) with a blind index, plus masked forms for lists.
CREATE TABLE concern_constituents (
  concern_id uuid PRIMARY KEY REFERENCES concerns (concern_id) ON DELETE CASCADE,
  county_code text NOT NULL,
  name_enc text,
  name_masked text,
  phone_enc text,
  phone_masked text,
  phone_index text,
  address_enc text,
  address_masked text,
  anonymous boolean NOT NULL DEFAULT false,
  privacy_notice_version text,
  created_at timestamptz NOT NULL
);
CREATE INDEX concern_constituents_phone_idx ON concern_constituents (phone_index) WHERE phone_index IS NOT NULL;

-- Idempotent creation: one key per actor; the same key with another body is refused.
CREATE TABLE idempotency_keys (
  actor_user_id uuid NOT NULL,
  key text NOT NULL,
  scope text NOT NULL,
  request_hash text NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (actor_user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Events for delivery (notifications, integrations), written in the transaction that caused them.
CREATE TABLE outbox (
  outbox_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  county_code text,
  -- who should hear of it (e.g. constituent, collector, dispatcher, unit:<id>)
  targets jsonb NOT NULL DEFAULT '[]',
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  available_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_error text,
  delivered_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (available_at) WHERE delivered_at IS NULL;
CREATE INDEX outbox_aggregate_idx ON outbox (aggregate_type, aggregate_id);

-- Holiday arrangements for years chinese-days does not know (admin-editable).
CREATE TABLE calendar_overrides (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('workday', 'holiday')),
  note text,
  updated_by uuid,
  updated_at timestamptz NOT NULL
);

-- Per-region settings of the loop; the nearest region up the tree applies, else the defaults.
CREATE TABLE concern_settings (
  region_code text PRIMARY KEY REFERENCES regions (region_code),
  tier_working_days jsonb NOT NULL DEFAULT '{}',
  not_rated_after_days integer CHECK (not_rated_after_days BETWEEN 1 AND 365),
  reopen_working_days integer CHECK (reopen_working_days BETWEEN 1 AND 365),
  max_reopens integer CHECK (max_reopens >= 0),
  updated_by uuid,
  updated_at timestamptz NOT NULL
);

-- Organisation tables (0002) when present: grids, stations, deputies, handling units.
DO $$
BEGIN
  IF to_regclass('public.grids') IS NOT NULL THEN
    ALTER TABLE concerns ADD CONSTRAINT concerns_grid_fk FOREIGN KEY (grid_id) REFERENCES grids (grid_id);
    ALTER TABLE concerns ADD CONSTRAINT concerns_micro_grid_fk FOREIGN KEY (micro_grid_id) REFERENCES grids (grid_id);
  END IF;
  IF to_regclass('public.stations') IS NOT NULL THEN
    ALTER TABLE concerns ADD CONSTRAINT concerns_station_fk FOREIGN KEY (station_id) REFERENCES stations (station_id);
  END IF;
  IF to_regclass('public.deputies') IS NOT NULL THEN
    ALTER TABLE concerns ADD CONSTRAINT concerns_deputy_fk FOREIGN KEY (collector_deputy_id) REFERENCES deputies (deputy_id);
  END IF;
  IF to_regclass('public.handling_units') IS NOT NULL THEN
    ALTER TABLE concerns ADD CONSTRAINT concerns_lead_unit_fk FOREIGN KEY (lead_unit_id) REFERENCES handling_units (unit_id);
    ALTER TABLE concern_units ADD CONSTRAINT concern_units_unit_fk FOREIGN KEY (unit_id) REFERENCES handling_units (unit_id);
  END IF;
END
$$;
