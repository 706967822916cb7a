-- Organisation (issue 3): grids and micro-grids, stations, deputies with mandates and assignments,
-- deputy groups, committee links, handling units and the category routing table.
-- Regions come from 0001. Personal phone numbers are stored only as SM4 ciphertext with a blind index.

-- The significant prefix of a 12-digit region code (as regionPrefix in packages/core): every
-- region below starts with it.
CREATE FUNCTION region_prefix(code text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN substr(code, 10, 3) <> '000' THEN code
    WHEN substr(code, 7, 3) <> '000' THEN substr(code, 1, 9)
    WHEN substr(code, 5, 2) <> '00' THEN substr(code, 1, 6)
    WHEN substr(code, 3, 2) <> '00' THEN substr(code, 1, 4)
    ELSE substr(code, 1, 2)
  END
$$;

-- Grids hang under a village or community; micro-grids under a grid (never under a town).
CREATE TABLE grids (
  grid_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  village_code text NOT NULL REFERENCES regions (region_code),
  parent_grid_id uuid REFERENCES grids (grid_id),
  kind text NOT NULL CHECK (kind IN ('grid', 'micro_grid')),
  sequence integer NOT NULL CHECK (sequence BETWEEN 1 AND 999),
  -- village code + 3 digits; a micro-grid adds 2 (3 from 100)
  code text NOT NULL CHECK (code ~ '^[0-9]{15}([0-9]{2,3})?$'),
  name text NOT NULL,
  -- GeoJSON Polygon / MultiPolygon and its bounding box for the point lookup
  boundary jsonb,
  bbox_min_lat double precision,
  bbox_min_lng double precision,
  bbox_max_lat double precision,
  bbox_max_lng double precision,
  centre_lat double precision CHECK (centre_lat BETWEEN -90 AND 90),
  centre_lng double precision CHECK (centre_lng BETWEEN -180 AND 180),
  is_active boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT grids_kind_parent CHECK ((kind = 'grid') = (parent_grid_id IS NULL))
);
CREATE UNIQUE INDEX grids_code_key ON grids (code);
CREATE INDEX grids_village_idx ON grids (village_code text_pattern_ops, kind);
CREATE INDEX grids_county_idx ON grids (county_code);
CREATE INDEX grids_parent_idx ON grids (parent_grid_id);
CREATE INDEX grids_name_trgm_idx ON grids USING gin (name gin_trgm_ops);
CREATE INDEX grids_bbox_idx ON grids (bbox_min_lat, bbox_max_lat) WHERE boundary IS NOT NULL;

CREATE TABLE grid_workers (
  grid_worker_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  grid_id uuid NOT NULL REFERENCES grids (grid_id) ON DELETE CASCADE,
  county_code text NOT NULL,
  name text NOT NULL,
  phone_encrypted text,
  phone_index text,
  user_id uuid REFERENCES users (user_id) ON DELETE SET NULL,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_workers_grid_idx ON grid_workers (grid_id, position);
CREATE INDEX grid_workers_phone_idx ON grid_workers (phone_index);

CREATE TABLE stations (
  station_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  region_code text NOT NULL REFERENCES regions (region_code),
  kind text NOT NULL CHECK (kind IN ('headquarters', 'central', 'area', 'village', 'industry', 'interprovincial',
    'contact_point', 'deputy_studio')),
  -- county code + kind letter + 3 digits, e.g. 440784C001
  code text NOT NULL CHECK (code ~ '^[0-9]{6}[HCAVIPKS][0-9]{3}$'),
  name text NOT NULL,
  parent_station_id uuid REFERENCES stations (station_id),
  address text,
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lng double precision CHECK (lng BETWEEN -180 AND 180),
  opening_hours text,
  contact_name text,
  -- the station's public office number (printed on its poster), not a personal one
  contact_phone text,
  description text,
  is_active boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX stations_code_key ON stations (code);
CREATE INDEX stations_region_idx ON stations (region_code text_pattern_ops, kind);
CREATE INDEX stations_county_idx ON stations (county_code);
CREATE INDEX stations_parent_idx ON stations (parent_station_id);
CREATE INDEX stations_name_trgm_idx ON stations USING gin (name gin_trgm_ops);

-- The villages and grids a station covers.
CREATE TABLE station_villages (
  station_id uuid NOT NULL REFERENCES stations (station_id) ON DELETE CASCADE,
  village_code text NOT NULL REFERENCES regions (region_code),
  county_code text NOT NULL,
  PRIMARY KEY (station_id, village_code)
);
CREATE INDEX station_villages_village_idx ON station_villages (village_code);

CREATE TABLE station_grids (
  station_id uuid NOT NULL REFERENCES stations (station_id) ON DELETE CASCADE,
  grid_id uuid NOT NULL REFERENCES grids (grid_id) ON DELETE CASCADE,
  county_code text NOT NULL,
  PRIMARY KEY (station_id, grid_id)
);
CREATE INDEX station_grids_grid_idx ON station_grids (grid_id);

CREATE TABLE deputies (
  deputy_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  -- the region that manages the deputy: their town, or the county
  region_code text NOT NULL REFERENCES regions (region_code),
  -- short random id of the public page /d/<public id>
  public_id text NOT NULL CHECK (public_id ~ '^[2-9A-HJKMNP-TV-Z]{8}$'),
  name text NOT NULL,
  name_pinyin text NOT NULL,
  name_initials text NOT NULL,
  gender text CHECK (gender IN ('male', 'female')),
  ethnicity text,
  birth_year integer CHECK (birth_year BETWEEN 1900 AND 2100),
  occupation text,
  sector text,
  workplace text,
  -- 市直机关下放: placed by their unit's place (R-ORG-5)
  from_county_organ boolean NOT NULL DEFAULT false,
  residence_region_code text REFERENCES regions (region_code),
  workplace_region_code text REFERENCES regions (region_code),
  unit_region_code text REFERENCES regions (region_code),
  phone_encrypted text,
  phone_index text,
  photo_path text,
  is_active boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT deputies_phone_pair CHECK ((phone_encrypted IS NULL) = (phone_index IS NULL))
);
CREATE UNIQUE INDEX deputies_public_id_key ON deputies (public_id);
CREATE INDEX deputies_region_idx ON deputies (region_code text_pattern_ops);
CREATE INDEX deputies_county_idx ON deputies (county_code, is_active);
CREATE INDEX deputies_phone_idx ON deputies (phone_index);
CREATE INDEX deputies_name_trgm_idx ON deputies USING gin (name gin_trgm_ops);
CREATE INDEX deputies_pinyin_idx ON deputies (name_pinyin text_pattern_ops);
CREATE INDEX deputies_initials_idx ON deputies (name_initials text_pattern_ops);

-- One person may be a deputy at several levels (R-ORG-4).
CREATE TABLE deputy_mandates (
  mandate_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id) ON DELETE CASCADE,
  county_code text NOT NULL,
  level text NOT NULL CHECK (level IN ('national', 'provincial', 'prefectural', 'county', 'township')),
  -- the congress: province / prefecture / county / town region; null for the national congress
  congress_region_code text REFERENCES regions (region_code),
  term integer NOT NULL CHECK (term BETWEEN 1 AND 99),
  constituency text,
  constituency_region_code text REFERENCES regions (region_code),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  started_on date,
  ended_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX deputy_mandates_key ON deputy_mandates (deputy_id, level, COALESCE(congress_region_code, ''), term);
CREATE INDEX deputy_mandates_level_idx ON deputy_mandates (county_code, level, status);

-- A deputy at a station and/or in a grid, with the basis of R-ORG-5.
CREATE TABLE deputy_assignments (
  assignment_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id) ON DELETE CASCADE,
  county_code text NOT NULL,
  station_id uuid REFERENCES stations (station_id),
  grid_id uuid REFERENCES grids (grid_id),
  basis text NOT NULL CHECK (basis IN ('constituency', 'residence', 'workplace', 'unit')),
  -- the grid's village, else the station's region: what scope checks use
  region_code text NOT NULL REFERENCES regions (region_code),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT deputy_assignments_target CHECK (station_id IS NOT NULL OR grid_id IS NOT NULL)
);
CREATE UNIQUE INDEX deputy_assignments_key ON deputy_assignments (deputy_id,
  COALESCE(station_id, '00000000-0000-0000-0000-000000000000'), COALESCE(grid_id, '00000000-0000-0000-0000-000000000000'));
CREATE INDEX deputy_assignments_station_idx ON deputy_assignments (station_id);
CREATE INDEX deputy_assignments_grid_idx ON deputy_assignments (grid_id);
CREATE INDEX deputy_assignments_region_idx ON deputy_assignments (region_code text_pattern_ops);

-- Deputy groups mixing levels by field, trade or profession (R-ORG-7).
CREATE TABLE deputy_groups (
  group_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  region_code text NOT NULL REFERENCES regions (region_code),
  name text NOT NULL,
  field text,
  description text,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX deputy_groups_name_key ON deputy_groups (region_code, name);
CREATE INDEX deputy_groups_county_idx ON deputy_groups (county_code);

CREATE TABLE deputy_group_members (
  group_id uuid NOT NULL REFERENCES deputy_groups (group_id) ON DELETE CASCADE,
  deputy_id uuid NOT NULL REFERENCES deputies (deputy_id) ON DELETE CASCADE,
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('leader', 'member')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, deputy_id)
);
CREATE INDEX deputy_group_members_deputy_idx ON deputy_group_members (deputy_id);

-- Handling units (R-ORG-9): departments of a county, town offices; handlers are users.unit_id.
CREATE TABLE handling_units (
  unit_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  region_code text NOT NULL REFERENCES regions (region_code),
  code text NOT NULL,
  name text NOT NULL,
  short_name text,
  kind text NOT NULL CHECK (kind IN ('department', 'town_office', 'agency', 'enterprise', 'other')),
  contact_name text,
  -- the unit's office number
  contact_phone text,
  description text,
  is_active boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX handling_units_code_key ON handling_units (county_code, code);
CREATE UNIQUE INDEX handling_units_name_key ON handling_units (region_code, name);
CREATE INDEX handling_units_region_idx ON handling_units (region_code text_pattern_ops);

-- Concern category → default lead unit, per region; the most specific region wins.
CREATE TABLE category_routes (
  route_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  region_code text NOT NULL REFERENCES regions (region_code),
  category_code text NOT NULL CHECK (category_code ~ '^[a-z][a-z0-9_]{1,39}$'),
  unit_id uuid NOT NULL REFERENCES handling_units (unit_id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX category_routes_key ON category_routes (region_code, category_code);
CREATE INDEX category_routes_unit_idx ON category_routes (unit_id);
CREATE INDEX category_routes_county_idx ON category_routes (county_code, category_code);

-- Committee member ↔ deputy (双联系), presidium member ↔ station, deputy ↔ department (R-ORG-8).
CREATE TABLE committee_links (
  link_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code text NOT NULL,
  region_code text NOT NULL REFERENCES regions (region_code),
  kind text NOT NULL CHECK (kind IN ('committee_member_deputy', 'presidium_member_station', 'deputy_unit')),
  member_name text,
  member_deputy_id uuid REFERENCES deputies (deputy_id) ON DELETE CASCADE,
  deputy_id uuid REFERENCES deputies (deputy_id) ON DELETE CASCADE,
  station_id uuid REFERENCES stations (station_id) ON DELETE CASCADE,
  unit_id uuid REFERENCES handling_units (unit_id) ON DELETE CASCADE,
  note text,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT committee_links_shape CHECK (
    (kind = 'committee_member_deputy' AND deputy_id IS NOT NULL AND (member_name IS NOT NULL OR member_deputy_id IS NOT NULL))
    OR (kind = 'presidium_member_station' AND station_id IS NOT NULL AND (member_name IS NOT NULL OR member_deputy_id IS NOT NULL))
    OR (kind = 'deputy_unit' AND deputy_id IS NOT NULL AND unit_id IS NOT NULL))
);
CREATE INDEX committee_links_region_idx ON committee_links (region_code text_pattern_ops, kind);
CREATE INDEX committee_links_deputy_idx ON committee_links (deputy_id);
CREATE INDEX committee_links_station_idx ON committee_links (station_id);
CREATE INDEX committee_links_unit_idx ON committee_links (unit_id);

-- The accounts of station managers, deputies and handlers point at their station, record and unit.
ALTER TABLE users ADD CONSTRAINT users_station_fk FOREIGN KEY (station_id) REFERENCES stations (station_id) ON DELETE SET NULL;
ALTER TABLE users ADD CONSTRAINT users_deputy_fk FOREIGN KEY (deputy_id) REFERENCES deputies (deputy_id) ON DELETE SET NULL;
ALTER TABLE users ADD CONSTRAINT users_unit_fk FOREIGN KEY (unit_id) REFERENCES handling_units (unit_id) ON DELETE SET NULL;
CREATE INDEX users_station_idx ON users (station_id) WHERE station_id IS NOT NULL;
CREATE INDEX users_deputy_idx ON users (deputy_id) WHERE deputy_id IS NOT NULL;
CREATE INDEX users_unit_idx ON users (unit_id) WHERE unit_id IS NOT NULL;
