-- Duty (issue 5, R-DUTY-1…9, R-OVS-1/2, R-LOOP-7): frequency rules per region, fixed rotas with
-- swaps and announcements, activities with their participants (person-times), reception registers
-- numbered per station and year, campaigns, performance evaluations and oversight work.

-- A region's own duty rule (the nearest region up the tree applies; none → the 631 default).
CREATE TABLE duty_rules (
  region_code text PRIMARY KEY REFERENCES regions (region_code),
  county_code text,
  -- DutyRule of packages/core: {name, frequencies: {level: {periodType, minCount}}}
  rule jsonb NOT NULL,
  reminder_days_before integer NOT NULL DEFAULT 7 CHECK (reminder_days_before BETWEEN 0 AND 90),
  -- direct-contact weekdays (直联日, R-DUTY-3): 0 = Sunday … 6 = Saturday
  direct_contact_weekdays integer[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One reminder per deputy and period (the job may run on several instances and slots).
CREATE TABLE duty_reminders (
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id) ON DELETE CASCADE,
  period_key text NOT NULL,
  county_code text NOT NULL,
  sent_at timestamptz NOT NULL,
  recipients integer NOT NULL DEFAULT 0,
  PRIMARY KEY (deputy_id, period_key)
);

-- Fixed rota (三定, R-DUTY-2) and direct-contact day templates; slots are computed on read.
CREATE TABLE rota_templates (
  template_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  -- the station's region or the grid's village: the scope of who sees and keeps it
  region_code text NOT NULL REFERENCES regions (region_code),
  name text NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('station_duty', 'direct_contact_day')),
  place_kind text NOT NULL CHECK (place_kind IN ('station', 'grid')),
  station_id uuid REFERENCES stations (station_id),
  grid_id uuid REFERENCES grids (grid_id),
  recurrence jsonb NOT NULL,
  start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text NOT NULL CHECK (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  deputy_ids jsonb NOT NULL DEFAULT '[]',
  rotation jsonb,
  valid_from date NOT NULL,
  valid_until date,
  is_active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (user_id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rota_templates_place CHECK ((place_kind = 'station') = (station_id IS NOT NULL) AND (place_kind = 'grid') = (grid_id IS NOT NULL))
);
CREATE INDEX rota_templates_region_idx ON rota_templates (region_code text_pattern_ops) WHERE is_active;
CREATE INDEX rota_templates_station_idx ON rota_templates (station_id);
CREATE INDEX rota_templates_county_idx ON rota_templates (county_code);

CREATE TABLE rota_swaps (
  swap_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  template_id uuid NOT NULL REFERENCES rota_templates (template_id) ON DELETE CASCADE,
  county_code text NOT NULL,
  slot_id text NOT NULL,
  from_deputy_id uuid NOT NULL REFERENCES deputies (deputy_id),
  to_deputy_id uuid NOT NULL REFERENCES deputies (deputy_id),
  reason text,
  created_by uuid REFERENCES users (user_id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rota_swaps_template_idx ON rota_swaps (template_id, created_at);

-- 提前公示: the duty of a range of days announced (shown on the station's public page).
CREATE TABLE rota_announcements (
  announcement_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  template_id uuid NOT NULL REFERENCES rota_templates (template_id) ON DELETE CASCADE,
  county_code text NOT NULL,
  region_code text NOT NULL,
  station_id uuid REFERENCES stations (station_id),
  range_from date NOT NULL,
  range_to date NOT NULL,
  title text NOT NULL,
  -- the slots as published (deputy names included), so later swaps do not rewrite what was announced
  slots jsonb NOT NULL,
  published_at timestamptz NOT NULL,
  created_by uuid REFERENCES users (user_id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rota_announcements_template_idx ON rota_announcements (template_id, range_from);
CREATE INDEX rota_announcements_station_idx ON rota_announcements (station_id, range_from);

-- Campaigns (主题活动, R-DUTY-8) with the "三个一" targets.
CREATE TABLE campaigns (
  campaign_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  region_code text NOT NULL REFERENCES regions (region_code),
  name text NOT NULL,
  theme text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  targets jsonb NOT NULL,
  -- the suggestions formed (the suggestions module comes later; counted by hand until then)
  suggestions_formed integer NOT NULL DEFAULT 0 CHECK (suggestions_formed >= 0),
  created_by uuid REFERENCES users (user_id),
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_region_idx ON campaigns (region_code text_pattern_ops, starts_on DESC);

-- Activities (R-DUTY-4, R-DUTY-6).
CREATE TABLE activities (
  activity_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  -- the station's region, the grid's village, or the creator's region for elsewhere
  region_code text NOT NULL REFERENCES regions (region_code),
  kind text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  place text NOT NULL CHECK (place IN ('station', 'grid', 'other')),
  station_id uuid REFERENCES stations (station_id),
  grid_id uuid REFERENCES grids (grid_id),
  place_description text,
  summary text NOT NULL,
  constituents_received integer NOT NULL DEFAULT 0 CHECK (constituents_received >= 0),
  campaign_id uuid REFERENCES campaigns (campaign_id),
  rota_slot_id text,
  led_by_congress_head boolean NOT NULL DEFAULT false,
  attachment_ids jsonb NOT NULL DEFAULT '[]',
  latitude double precision,
  longitude double precision,
  created_by uuid REFERENCES users (user_id),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT activities_place CHECK ((place = 'station') <= (station_id IS NOT NULL) AND (place = 'grid') <= (grid_id IS NOT NULL))
);
CREATE INDEX activities_region_idx ON activities (region_code text_pattern_ops, started_at DESC);
CREATE INDEX activities_county_idx ON activities (county_code, started_at DESC);
CREATE INDEX activities_station_idx ON activities (station_id, started_at DESC) WHERE station_id IS NOT NULL;
CREATE INDEX activities_campaign_idx ON activities (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX activities_slot_idx ON activities (rota_slot_id) WHERE rota_slot_id IS NOT NULL;

-- One row per deputy taking part (人次 = rows). The duty columns are copied from the activity so
-- compliance is one set-based pass: place_id is its station or grid, local_month the month index
-- (year × 12 + month − 1) of started_at in the configured zone, is_duty = countsAsStationGridDuty.
CREATE TABLE activity_participants (
  activity_id uuid NOT NULL REFERENCES activities (activity_id) ON DELETE CASCADE,
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id),
  county_code text NOT NULL,
  started_at timestamptz NOT NULL,
  place_id uuid,
  local_month integer NOT NULL,
  is_duty boolean NOT NULL,
  checked_in_at timestamptz,
  check_in_lat double precision CHECK (check_in_lat BETWEEN -90 AND 90),
  check_in_lng double precision CHECK (check_in_lng BETWEEN -180 AND 180),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activity_id, deputy_id)
);
CREATE INDEX activity_participants_deputy_idx ON activity_participants (deputy_id, started_at DESC);
CREATE INDEX activity_participants_duty_idx ON activity_participants (deputy_id, local_month) INCLUDE (place_id) WHERE is_duty;

-- The duty participations rolled up per deputy, place and local year, kept with the participations
-- (refreshed from them in the same transaction): month_mask bit m−1 is set when month m has a
-- visit, counts[m] the visits of month m. Compliance reads this, not every participation.
CREATE TABLE duty_visit_years (
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id) ON DELETE CASCADE,
  place_id uuid NOT NULL,
  year integer NOT NULL,
  county_code text NOT NULL,
  month_mask integer NOT NULL,
  counts integer[] NOT NULL,
  PRIMARY KEY (deputy_id, place_id, year)
);
CREATE INDEX duty_visit_years_county_idx ON duty_visit_years (county_code, year);

-- Concerns an activity produced (the closed loop owns the concerns).
CREATE TABLE activity_concerns (
  activity_id uuid NOT NULL REFERENCES activities (activity_id) ON DELETE CASCADE,
  concern_id uuid NOT NULL REFERENCES concerns (concern_id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activity_id, concern_id)
);
CREATE INDEX activity_concerns_concern_idx ON activity_concerns (concern_id);

-- Concerns tagged to a campaign after the fact (concerns.campaign_id covers those registered for it).
CREATE TABLE campaign_concerns (
  campaign_id uuid NOT NULL REFERENCES campaigns (campaign_id) ON DELETE CASCADE,
  concern_id uuid NOT NULL REFERENCES concerns (concern_id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, concern_id)
);

-- Reception registers (接待群众登记表, R-DUTY-5): <station code>-<year>-<4 digits>.
CREATE TABLE reception_register_sequences (
  station_id uuid NOT NULL REFERENCES stations (station_id),
  year integer NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (station_id, year)
);

CREATE TABLE reception_entries (
  entry_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  register_number text NOT NULL UNIQUE,
  county_code text NOT NULL,
  region_code text NOT NULL REFERENCES regions (region_code),
  station_id uuid NOT NULL REFERENCES stations (station_id),
  activity_id uuid REFERENCES activities (activity_id),
  received_at timestamptz NOT NULL,
  duty_deputy_ids jsonb NOT NULL DEFAULT '[]',
  -- the visitor: guarded personal data (SM4 ciphertext, masked copy, blind index of the phone)
  visitor_name_enc text,
  visitor_name_masked text,
  visitor_phone_enc text,
  visitor_phone_masked text,
  visitor_phone_index text,
  visitor_address_enc text,
  visitor_address_masked text,
  visitor_count integer NOT NULL DEFAULT 1 CHECK (visitor_count >= 1),
  -- the requests in the visitor's own words: [{content, categoryCode?, title?}]
  requests jsonb NOT NULL,
  proposed_handling text,
  route text NOT NULL CHECK (route IN ('on_spot', 'concern', 'referred', 'explained')),
  feedback text,
  feedback_at timestamptz,
  created_by uuid REFERENCES users (user_id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reception_entries_station_idx ON reception_entries (station_id, received_at DESC);
CREATE INDEX reception_entries_region_idx ON reception_entries (region_code text_pattern_ops, received_at DESC);
CREATE INDEX reception_entries_phone_idx ON reception_entries (visitor_phone_index) WHERE visitor_phone_index IS NOT NULL;

CREATE TABLE reception_entry_concerns (
  entry_id uuid NOT NULL REFERENCES reception_entries (entry_id) ON DELETE CASCADE,
  request_index integer NOT NULL,
  concern_id uuid NOT NULL REFERENCES concerns (concern_id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_id, request_index)
);
CREATE INDEX reception_entry_concerns_concern_idx ON reception_entry_concerns (concern_id);

-- Performance evaluation (R-DUTY-9): a scheme per region and year, then one evaluation per deputy.
CREATE TABLE performance_schemes (
  region_code text NOT NULL REFERENCES regions (region_code),
  year integer NOT NULL,
  county_code text,
  scheme jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, year)
);

CREATE TABLE performance_evaluations (
  evaluation_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id) ON DELETE CASCADE,
  county_code text NOT NULL,
  region_code text NOT NULL,
  year integer NOT NULL,
  scheme jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (deputy_id, year)
);
CREATE INDEX performance_evaluations_region_idx ON performance_evaluations (region_code text_pattern_ops, year);

CREATE TABLE performance_ratings (
  evaluation_id uuid NOT NULL REFERENCES performance_evaluations (evaluation_id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('self', 'group', 'town', 'deputy_affairs_office')),
  position integer NOT NULL,
  rater_user_id uuid REFERENCES users (user_id),
  scores jsonb NOT NULL,
  total numeric NOT NULL,
  comment text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evaluation_id, stage),
  UNIQUE (evaluation_id, position)
);

-- Oversight (R-OVS-1/2, R-LOOP-7): supervision, surveys and inspections with their findings; the
-- problem list goes point to point to units and is tracked to an answer, then the return visit.
CREATE TABLE oversight_items (
  oversight_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  region_code text NOT NULL REFERENCES regions (region_code),
  kind text NOT NULL CHECK (kind IN ('special_supervision', 'survey', 'inspection', 'law_enforcement_inspection',
    'department_appraisal', 'special_inquiry')),
  title text NOT NULL,
  subject text,
  starts_on date,
  ends_on date,
  findings text,
  suggestions text,
  -- 问需求 → 深调研 → 商对策 → 面回复
  stage text NOT NULL DEFAULT 'needs' CHECK (stage IN ('needs', 'research', 'measures', 'reply', 'done')),
  campaign_id uuid REFERENCES campaigns (campaign_id),
  activity_id uuid REFERENCES activities (activity_id),
  created_by uuid REFERENCES users (user_id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oversight_items_region_idx ON oversight_items (region_code text_pattern_ops, created_at DESC);

CREATE TABLE oversight_problems (
  problem_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  oversight_id uuid NOT NULL REFERENCES oversight_items (oversight_id) ON DELETE CASCADE,
  county_code text NOT NULL,
  position integer NOT NULL,
  category text,
  description text NOT NULL,
  unit_id uuid REFERENCES handling_units (unit_id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dispatched', 'answered', 'revisited')),
  due_on date,
  dispatched_at timestamptz,
  answer text,
  answered_at timestamptz,
  answered_by uuid REFERENCES users (user_id),
  revisit_note text,
  revisited_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (oversight_id, position)
);
CREATE INDEX oversight_problems_unit_idx ON oversight_problems (unit_id, status);
