-- Deputies' suggestions (issue 6, R-SUG-1, R-SUG-2, R-LOOP-8): the record with its full workflow
-- state, 案号 sequences per congress/term/session/period, the deputies and units projections
-- for "mine" and "our unit" lists and statistics, links to the concerns it was formed from, and
-- the append-only timeline. Other modules refer to suggestions(suggestion_id uuid primary key).

-- The next number is taken in the filing transaction with INSERT … ON CONFLICT DO UPDATE … RETURNING.
CREATE TABLE suggestion_number_sequences (
  congress_region_code text NOT NULL REFERENCES regions (region_code),
  term integer NOT NULL CHECK (term BETWEEN 1 AND 99),
  session integer NOT NULL CHECK (session BETWEEN 1 AND 99),
  period text NOT NULL CHECK (period IN ('session', 'between_sessions')),
  last_value integer NOT NULL CHECK (last_value BETWEEN 1 AND 9999),
  PRIMARY KEY (congress_region_code, term, session, period)
);

CREATE TABLE suggestions (
  suggestion_id uuid PRIMARY KEY,
  county_code text NOT NULL,
  -- the congress it is filed with (the county's region code) and the lead deputy's region (scope)
  congress_region_code text NOT NULL REFERENCES regions (region_code),
  region_code text NOT NULL REFERENCES regions (region_code),
  term integer NOT NULL CHECK (term BETWEEN 1 AND 99),
  session integer NOT NULL CHECK (session BETWEEN 1 AND 99),
  period text NOT NULL CHECK (period IN ('session', 'between_sessions')),
  sequence integer,
  case_number text UNIQUE,
  title text NOT NULL,
  content text NOT NULL,
  category text NOT NULL CHECK (category IN ('politics_law', 'finance_economy', 'urban_environment',
    'education_culture_health', 'agriculture_rural', 'other')),
  is_public boolean NOT NULL DEFAULT true,
  lead_deputy_id uuid NOT NULL REFERENCES deputies (deputy_id),
  status text NOT NULL CHECK (status IN ('drafting', 'filed', 'registered', 'merged', 'not_registered',
    'dispatched', 'replied', 'rehandling', 'closed')),
  lead_unit_id uuid REFERENCES handling_units (unit_id),
  -- the last day in force while with the units (YYYY-MM-DD in the zone), else null
  due_on date,
  key_supervision boolean NOT NULL DEFAULT false,
  last_reply_category text CHECK (last_reply_category IN ('A', 'B', 'C', 'D')),
  merged_into uuid REFERENCES suggestions (suggestion_id),
  -- the full SuggestionState (JSON-safe: ISO instants, YYYY-MM-DD days)
  state jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (user_id),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT suggestions_number_pair CHECK ((sequence IS NULL) = (case_number IS NULL))
);
CREATE INDEX suggestions_region_idx ON suggestions (region_code text_pattern_ops, created_at DESC);
CREATE INDEX suggestions_county_status_idx ON suggestions (county_code, status, created_at DESC);
CREATE INDEX suggestions_due_idx ON suggestions (due_on) WHERE due_on IS NOT NULL;
CREATE INDEX suggestions_key_idx ON suggestions (county_code) WHERE key_supervision;
CREATE UNIQUE INDEX suggestions_sequence_key ON suggestions (congress_region_code, term, session, period, sequence)
  WHERE sequence IS NOT NULL;

-- Projection of the lead deputy and co-signers (附议): "my suggestions", "to co-sign".
CREATE TABLE suggestion_deputies (
  suggestion_id uuid NOT NULL REFERENCES suggestions (suggestion_id) ON DELETE CASCADE,
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id),
  role text NOT NULL CHECK (role IN ('lead', 'cosigner')),
  confirmed_at timestamptz,
  PRIMARY KEY (suggestion_id, deputy_id)
);
CREATE INDEX suggestion_deputies_deputy_idx ON suggestion_deputies (deputy_id);

-- Projection of the handling units (主办/协办/会办): the unit's list and per-unit statistics.
CREATE TABLE suggestion_units (
  suggestion_id uuid NOT NULL REFERENCES suggestions (suggestion_id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES handling_units (unit_id),
  role text NOT NULL CHECK (role IN ('lead', 'assisting', 'joint')),
  PRIMARY KEY (suggestion_id, unit_id)
);
CREATE INDEX suggestion_units_unit_idx ON suggestion_units (unit_id);

-- The concerns it was formed from (R-LOOP-8); each concern's own timeline records the link too.
CREATE TABLE suggestion_concerns (
  suggestion_id uuid NOT NULL REFERENCES suggestions (suggestion_id) ON DELETE CASCADE,
  concern_id uuid NOT NULL REFERENCES concerns (concern_id),
  PRIMARY KEY (suggestion_id, concern_id)
);
CREATE INDEX suggestion_concerns_concern_idx ON suggestion_concerns (concern_id);

CREATE TABLE suggestion_events (
  event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  suggestion_id uuid NOT NULL REFERENCES suggestions (suggestion_id) ON DELETE CASCADE,
  version integer NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor_role text NOT NULL,
  actor_user_id uuid,
  from_status text,
  to_status text NOT NULL,
  unit_id uuid,
  data jsonb NOT NULL DEFAULT '{}',
  UNIQUE (suggestion_id, version)
);
CREATE INDEX suggestion_events_suggestion_idx ON suggestion_events (suggestion_id, event_id);

CREATE FUNCTION suggestion_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '建议办理记录只能追加，不能修改或删除' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER suggestion_events_no_update BEFORE UPDATE OR DELETE ON suggestion_events
  FOR EACH ROW EXECUTE FUNCTION suggestion_events_refuse_change();
