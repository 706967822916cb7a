-- Micro-projects (民生微实事, R-PROJ-1) and the livelihood vote (民生实事项目人大代表票决制, R-VOTE-1).
-- Money is whole fen (分) in bigint: never floats. ¥12.167 billion = 1 216 700 000 000 fen.

-- A vote round of one congress (level + region + term) for one year.
CREATE TABLE vote_rounds (
  round_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  title text NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  congress_level text NOT NULL CHECK (congress_level IN ('prefectural', 'county', 'township')),
  congress_region_code text NOT NULL REFERENCES regions (region_code),
  term integer NOT NULL CHECK (term BETWEEN 1 AND 99),
  seats integer NOT NULL CHECK (seats BETWEEN 1 AND 100),
  -- secret ballot (default): who voted is recorded, not how
  secret boolean NOT NULL DEFAULT true,
  rule jsonb NOT NULL,
  status text NOT NULL DEFAULT 'collecting' CHECK (status IN ('collecting', 'screening', 'published', 'voting', 'counted')),
  opens_at timestamptz,
  closes_at timestamptz,
  paper_sheets_counted integer CHECK (paper_sheets_counted >= 0),
  -- frozen at the count
  total_deputies integer,
  ballots_cast integer,
  quorum_met boolean,
  counted_at timestamptz,
  created_by uuid REFERENCES users (user_id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX vote_rounds_region_idx ON vote_rounds (congress_region_code, year DESC);

CREATE TABLE vote_candidates (
  candidate_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES vote_rounds (round_id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  source text NOT NULL CHECK (source IN ('suggestion', 'public', 'department')),
  -- the suggestions module's table (issue 6 §1) lives in another branch: the FK is added at merge
  source_suggestion_id uuid,
  unit_id uuid REFERENCES handling_units (unit_id),
  region_code text REFERENCES regions (region_code),
  budget_fen bigint NOT NULL CHECK (budget_fen > 0),
  screening text NOT NULL DEFAULT 'pending' CHECK (screening IN ('pending', 'listed', 'screened_out')),
  screening_reason text,
  yes_count integer,
  no_count integer,
  abstain_count integer,
  rank integer,
  passed boolean,
  chosen boolean,
  created_by uuid REFERENCES users (user_id),
  created_at timestamptz NOT NULL,
  UNIQUE (round_id, position)
);

CREATE TABLE vote_candidate_items (
  candidate_id uuid NOT NULL REFERENCES vote_candidates (candidate_id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  budget_fen bigint NOT NULL CHECK (budget_fen > 0),
  PRIMARY KEY (candidate_id, position)
);

-- Who voted, by which channel: ONE ballot per deputy per round, whatever the channel.
CREATE TABLE vote_ballots (
  ballot_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES vote_rounds (round_id) ON DELETE CASCADE,
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id),
  channel text NOT NULL CHECK (channel IN ('electronic', 'paper')),
  -- the teller who entered a paper ballot
  entered_by uuid REFERENCES users (user_id),
  cast_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX vote_ballots_one_per_deputy ON vote_ballots (round_id, deputy_id);

-- How they voted: no ballot id, no time; a voter is named only when the congress sets the vote open.
CREATE TABLE vote_choices (
  choice_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES vote_rounds (round_id) ON DELETE CASCADE,
  candidate_id uuid NOT NULL REFERENCES vote_candidates (candidate_id) ON DELETE CASCADE,
  choice text NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
  channel text NOT NULL CHECK (channel IN ('electronic', 'paper')),
  -- only for open votes (vote_rounds.secret = false)
  deputy_id uuid REFERENCES deputies (deputy_id)
);
CREATE INDEX vote_choices_round_idx ON vote_choices (round_id, candidate_id);

-- Paper ballots the tellers could not count: the deputy already had a ballot.
CREATE TABLE vote_discrepancies (
  discrepancy_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES vote_rounds (round_id) ON DELETE CASCADE,
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id),
  existing_channel text NOT NULL CHECK (existing_channel IN ('electronic', 'paper')),
  entered_by uuid REFERENCES users (user_id),
  created_at timestamptz NOT NULL
);

-- Micro-projects and the tracked projects chosen by a vote.
CREATE TABLE projects (
  project_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- short random id of the public page /p/<public id>
  public_id text NOT NULL UNIQUE CHECK (public_id ~ '^[2-9A-HJKMNP-TV-Z]{8}$'),
  county_code text NOT NULL,
  region_code text NOT NULL REFERENCES regions (region_code),
  kind text NOT NULL CHECK (kind IN ('micro', 'livelihood')),
  title text NOT NULL,
  description text NOT NULL,
  status text NOT NULL CHECK (status IN ('proposed', 'approved', 'started', 'finished', 'accepted', 'rejected', 'cancelled')),
  proposer_deputy_id uuid REFERENCES deputies (deputy_id),
  proposed_by uuid REFERENCES users (user_id),
  -- the suggestions module's table lives in another branch: the FK is added at merge
  source_suggestion_id uuid,
  round_id uuid REFERENCES vote_rounds (round_id),
  candidate_id uuid UNIQUE REFERENCES vote_candidates (candidate_id),
  estimated_budget_fen bigint CHECK (estimated_budget_fen > 0),
  budget_fen bigint CHECK (budget_fen > 0),
  unit_id uuid REFERENCES handling_units (unit_id),
  proposed_on date NOT NULL,
  approved_on date,
  started_on date,
  finished_on date,
  accepted_on date,
  closed_reason text,
  acceptance_note text,
  reported_percent integer CHECK (reported_percent BETWEEN 0 AND 100),
  verified_percent integer CHECK (verified_percent BETWEEN 0 AND 100),
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT projects_approved_has_budget CHECK (status IN ('proposed', 'rejected', 'cancelled') OR (budget_fen IS NOT NULL AND unit_id IS NOT NULL))
);
CREATE INDEX projects_region_idx ON projects (region_code text_pattern_ops, created_at DESC);
CREATE INDEX projects_unit_idx ON projects (unit_id, status);
CREATE INDEX projects_round_idx ON projects (round_id);

CREATE TABLE project_items (
  project_id uuid NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  budget_fen bigint NOT NULL CHECK (budget_fen > 0),
  PRIMARY KEY (project_id, position)
);

CREATE TABLE project_concerns (
  project_id uuid NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  concern_id uuid NOT NULL REFERENCES concerns (concern_id),
  PRIMARY KEY (project_id, concern_id)
);
CREATE INDEX project_concerns_concern_idx ON project_concerns (concern_id);

-- The project's record: milestones, the unit's progress reports, deputies' inspections (with
-- photos as attachments owned by the record, and location), supervision records.
CREATE TABLE project_records (
  record_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('milestone', 'progress', 'inspection', 'supervision')),
  -- milestone: the action (propose, approve, start …); supervision: its kind
  action text,
  occurred_on date NOT NULL,
  percent integer CHECK (percent BETWEEN 0 AND 100),
  note text,
  lat double precision,
  lng double precision,
  place text,
  actor_user_id uuid REFERENCES users (user_id),
  actor_name text,
  deputy_id uuid REFERENCES deputies (deputy_id),
  unit_id uuid REFERENCES handling_units (unit_id),
  created_at timestamptz NOT NULL
);
CREATE INDEX project_records_project_idx ON project_records (project_id, created_at);

-- Deputies' year-end rating of a chosen project: one per deputy.
CREATE TABLE project_ratings (
  project_id uuid NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id),
  year integer NOT NULL,
  rating text NOT NULL CHECK (rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  rated_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, deputy_id, year)
);
