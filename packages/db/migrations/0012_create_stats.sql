-- Statistics (issue 8, R-STAT-1): figures from rollups kept in step with the writes.
--
-- The write path only appends: triggers on concern_events / concerns / activities /
-- activity_participants insert a few rows into stats_deltas in the same transaction (no row is
-- updated, so concurrent submissions never wait for one another). A scheduled job folds the
-- deltas into stats_rollups (scope × dimension × grain × period × metric × key); a dashboard reads
-- the rollups plus the deltas not yet folded, in one statement (one snapshot), so a figure is exact
-- at any moment. The metric definitions are in docs/metrics.md and packages/core/src/stats.

-- Which "first time" of a concern has been counted: one row per concern and fact, so each concern
-- counts at most once per metric, and the dimensions of its counted facts can be moved when the
-- concern's attributes change (category corrected, lead unit dispatched…).
CREATE TABLE stats_concern_facts (
  concern_id uuid NOT NULL REFERENCES concerns (concern_id) ON DELETE CASCADE,
  fact text NOT NULL,
  metric text NOT NULL,
  day date NOT NULL,
  PRIMARY KEY (concern_id, fact)
);

-- Append-only changes not yet folded. value is +n or −n.
CREATE TABLE stats_deltas (
  delta_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  metric text NOT NULL,
  day date NOT NULL,
  region_code text NOT NULL,
  station_id uuid,
  grid_id uuid,
  deputy_id uuid,
  unit_id uuid,
  category_code text,
  channel text,
  campaign_id uuid,
  value bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- scope: the significant prefix of a region (2 province, 4 city, 6 county, 9 town, 12 village);
-- dim: total | child (key = the next-level prefix) at every scope, category | channel down to
-- towns, and station | grid | deputy | unit | campaign (key = the id) at county scope;
-- grain: month | year, period = the first day of it (local calendar); day only for the total of
-- counties and above; deputies by year only (a deputy-month table would be as big as the facts).
CREATE TABLE stats_rollups (
  scope text COLLATE "C" NOT NULL,
  dim text NOT NULL,
  grain text NOT NULL CHECK (grain IN ('day', 'month', 'year')),
  period date NOT NULL,
  metric text NOT NULL,
  key text COLLATE "C" NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (scope, dim, grain, period, metric, key)
);
-- entity cuts wider than a county: the county rows under a prefix
CREATE INDEX stats_rollups_entity_idx ON stats_rollups (dim, grain, period, scope) WHERE length(scope) = 6;

CREATE TABLE stats_fold_state (
  id integer PRIMARY KEY CHECK (id = 1),
  folded_at timestamptz,
  folded_deltas bigint NOT NULL DEFAULT 0
);
INSERT INTO stats_fold_state (id, folded_at) VALUES (1, NULL);

-- The rollup cells one delta contributes to (used by the fold and by the reads of pending deltas).
CREATE FUNCTION stats_cells(p_region text, p_station uuid, p_grid uuid, p_deputy uuid, p_unit uuid, p_category text,
  p_channel text, p_campaign uuid, p_day date)
RETURNS TABLE (scope text, dim text, grain text, period date, key text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH s AS (
    SELECT substr(p_region, 1, l.len) AS scope, l.len, l.next_len
    FROM (VALUES (2, 4), (4, 6), (6, 9), (9, 12), (12, NULL::int)) AS l (len, next_len)
    WHERE l.len <= 6 OR (l.len = 9 AND substr(p_region, 7, 3) <> '000') OR (l.len = 12 AND substr(p_region, 10, 3) <> '000')
  ), g AS (
    SELECT * FROM (VALUES ('month', date_trunc('month', p_day)::date), ('year', date_trunc('year', p_day)::date)) AS g (grain, period)
  )
  SELECT s.scope, 'total', 'day', p_day, '' FROM s WHERE s.len <= 6
  UNION ALL SELECT s.scope, 'total', g.grain, g.period, '' FROM s, g
  UNION ALL SELECT s.scope, 'child', g.grain, g.period, substr(p_region, 1, s.next_len) FROM s, g
    WHERE s.next_len IS NOT NULL AND (s.next_len <> 9 OR substr(p_region, 7, 3) <> '000')
      AND (s.next_len <> 12 OR substr(p_region, 10, 3) <> '000')
  UNION ALL SELECT s.scope, 'category', g.grain, g.period, p_category FROM s, g WHERE p_category IS NOT NULL AND s.len <= 9
  UNION ALL SELECT s.scope, 'channel', g.grain, g.period, p_channel FROM s, g WHERE p_channel IS NOT NULL AND s.len <= 9
  UNION ALL SELECT substr(p_region, 1, 6), e.dim, g.grain, g.period, e.key
    FROM g, (VALUES ('station', p_station::text), ('grid', p_grid::text), ('deputy', p_deputy::text),
      ('unit', p_unit::text), ('campaign', p_campaign::text)) AS e (dim, key)
    WHERE e.key IS NOT NULL AND (e.dim <> 'deputy' OR g.grain = 'year')
$$;

CREATE FUNCTION stats_local_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (t AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- Counts a fact of a concern once: true when it is new (and its delta is appended).
CREATE FUNCTION stats_concern_fact(p_concern uuid, p_fact text, p_metric text, p_day date) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_concern_facts (concern_id, fact, metric, day) VALUES (p_concern, p_fact, p_metric, p_day)
    ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO stats_deltas (metric, day, region_code, station_id, grid_id, deputy_id, unit_id, category_code, channel, campaign_id, value)
  SELECT p_metric, p_day, c.region_code, c.station_id, c.grid_id, c.collector_deputy_id, c.lead_unit_id, c.category_code,
    c.channel, c.campaign_id, 1
  FROM concerns c WHERE c.concern_id = p_concern;
  RETURN true;
END
$$;

CREATE FUNCTION stats_on_concern_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d date := stats_local_day(NEW.occurred_at);
BEGIN
  IF NEW.type = 'registered' THEN
    PERFORM stats_concern_fact(NEW.concern_id, 'collected', 'concerns_collected', d);
  ELSIF NEW.type = 'dispatched' THEN
    PERFORM stats_concern_fact(NEW.concern_id, 'dispatched', 'concerns_dispatched', d);
  ELSIF NEW.type = 'reopened' THEN
    PERFORM stats_concern_fact(NEW.concern_id, 'reopened', 'concerns_reopened', d);
  END IF;
  IF NEW.type IN ('resolved_on_spot', 'replied', 'master_reply_relayed') THEN
    IF stats_concern_fact(NEW.concern_id, 'handled', 'concerns_handled', d)
       AND NEW.type = 'replied' AND COALESCE((NEW.data ->> 'overdue')::boolean, false) THEN
      PERFORM stats_concern_fact(NEW.concern_id, 'handled_late', 'concerns_handled_late', d);
    END IF;
  END IF;
  IF NEW.type IN ('resolved_on_spot', 'closed', 'closed_not_rated') THEN
    IF stats_concern_fact(NEW.concern_id, 'closed', 'concerns_closed', d) THEN
      IF NOT EXISTS (SELECT 1 FROM stats_concern_facts f WHERE f.concern_id = NEW.concern_id AND f.fact = 'handled_late') THEN
        PERFORM stats_concern_fact(NEW.concern_id, 'closed_on_time', 'concerns_closed_on_time', d);
      END IF;
      IF NEW.type = 'closed' AND NEW.data ->> 'rating' IN ('satisfied', 'basically_satisfied', 'dissatisfied') THEN
        PERFORM stats_concern_fact(NEW.concern_id, 'closing_rating', 'closed_' || (NEW.data ->> 'rating'), d);
      ELSIF NEW.type = 'closed_not_rated' THEN
        PERFORM stats_concern_fact(NEW.concern_id, 'closing_rating', 'closed_not_rated', d);
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_concern_events AFTER INSERT ON concern_events
  FOR EACH ROW EXECUTE FUNCTION stats_on_concern_event();

-- A concern's attributes changed: its counted facts move from the old cells to the new ones.
CREATE FUNCTION stats_on_concern_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_deltas (metric, day, region_code, station_id, grid_id, deputy_id, unit_id, category_code, channel, campaign_id, value)
  SELECT f.metric, f.day, x.region_code, x.station_id, x.grid_id, x.deputy_id, x.unit_id, x.category_code, x.channel, x.campaign_id, x.sign
  FROM stats_concern_facts f,
    (VALUES (OLD.region_code, OLD.station_id, OLD.grid_id, OLD.collector_deputy_id, OLD.lead_unit_id, OLD.category_code, OLD.channel, OLD.campaign_id, -1),
            (NEW.region_code, NEW.station_id, NEW.grid_id, NEW.collector_deputy_id, NEW.lead_unit_id, NEW.category_code, NEW.channel, NEW.campaign_id, 1))
      AS x (region_code, station_id, grid_id, deputy_id, unit_id, category_code, channel, campaign_id, sign)
  WHERE f.concern_id = NEW.concern_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_concerns_moved AFTER UPDATE ON concerns
  FOR EACH ROW WHEN (
    OLD.region_code IS DISTINCT FROM NEW.region_code OR OLD.station_id IS DISTINCT FROM NEW.station_id
    OR OLD.grid_id IS DISTINCT FROM NEW.grid_id OR OLD.collector_deputy_id IS DISTINCT FROM NEW.collector_deputy_id
    OR OLD.lead_unit_id IS DISTINCT FROM NEW.lead_unit_id OR OLD.category_code IS DISTINCT FROM NEW.category_code
    OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id)
  EXECUTE FUNCTION stats_on_concern_update();

-- Activities: held (1), constituents received (n), and one person-time per participant.
CREATE FUNCTION stats_activity_rows(a activities, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stats_deltas (metric, day, region_code, station_id, grid_id, deputy_id, campaign_id, value)
  SELECT m.metric, stats_local_day(a.started_at), a.region_code, a.station_id, a.grid_id, m.deputy_id, a.campaign_id, m.value * sign
  FROM (SELECT 'activities_held' AS metric, NULL::uuid AS deputy_id, 1::bigint AS value
        UNION ALL SELECT 'constituents_received', NULL, a.constituents_received::bigint WHERE a.constituents_received <> 0
        UNION ALL SELECT 'deputy_person_times', p.deputy_id, 1 FROM activity_participants p WHERE p.activity_id = a.activity_id) m
$$;

CREATE FUNCTION stats_on_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_activity_rows(NEW, 1);
  ELSIF TG_OP = 'UPDATE' THEN
    IF (OLD.region_code, OLD.station_id, OLD.grid_id, OLD.campaign_id, OLD.started_at, OLD.constituents_received)
       IS DISTINCT FROM (NEW.region_code, NEW.station_id, NEW.grid_id, NEW.campaign_id, NEW.started_at, NEW.constituents_received) THEN
      PERFORM stats_activity_rows(OLD, -1);
      PERFORM stats_activity_rows(NEW, 1);
    END IF;
  ELSE
    PERFORM stats_activity_rows(OLD, -1);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_activities_ins AFTER INSERT OR UPDATE ON activities
  FOR EACH ROW EXECUTE FUNCTION stats_on_activity();
-- before the delete: its participants are still there (the cascade removes them afterwards)
CREATE TRIGGER stats_activities_del BEFORE DELETE ON activities
  FOR EACH ROW EXECUTE FUNCTION stats_on_activity();

CREATE FUNCTION stats_on_participant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p activity_participants := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
BEGIN
  -- an activity inserted with its participants in the same statement batch: the activity trigger
  -- ran before them, so every participant row adds its own person-time; a cascade from a deleted
  -- activity finds no activity (already counted out by the activity's trigger)
  INSERT INTO stats_deltas (metric, day, region_code, station_id, grid_id, deputy_id, campaign_id, value)
  SELECT 'deputy_person_times', stats_local_day(a.started_at), a.region_code, a.station_id, a.grid_id, p.deputy_id, a.campaign_id,
    CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END
  FROM activities a WHERE a.activity_id = p.activity_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_participants AFTER INSERT OR DELETE ON activity_participants
  FOR EACH ROW EXECUTE FUNCTION stats_on_participant();

-- Folds every pending delta into the rollups (one transaction, one folder at a time).
CREATE FUNCTION stats_fold(p_now timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7812012);
  WITH moved AS (DELETE FROM stats_deltas RETURNING *), cells AS (
    SELECT c.scope, c.dim, c.grain, c.period, m.metric, c.key, sum(m.value) AS value, count(*) AS n
    FROM moved m
    CROSS JOIN LATERAL stats_cells(m.region_code, m.station_id, m.grid_id, m.deputy_id, m.unit_id, m.category_code, m.channel, m.campaign_id, m.day) c
    GROUP BY 1, 2, 3, 4, 5, 6
  ), up AS (
    INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
    SELECT scope, dim, grain, period, metric, key, value FROM cells
    ON CONFLICT (scope, dim, grain, period, metric, key) DO UPDATE SET value = stats_rollups.value + EXCLUDED.value
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM moved) INTO n FROM (SELECT count(*) FROM up) u;
  UPDATE stats_fold_state SET folded_at = p_now, folded_deltas = folded_deltas + n WHERE id = 1;
  RETURN n;
END
$$;

-- Rebuilds facts and rollups from the base tables, set-based (existing data at migration time,
-- bulk loads, the benchmark). Same definitions as the triggers.
CREATE FUNCTION stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7812012);
  DELETE FROM stats_deltas;
  DELETE FROM stats_rollups;
  DELETE FROM stats_concern_facts;
  PERFORM stats_rebuild_facts();
  PERFORM stats_rebuild_rollups();
END
$$;

-- The facts from the timeline (first time per concern and fact).
CREATE FUNCTION stats_rebuild_facts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_concern_facts (concern_id, fact, metric, day)
  SELECT DISTINCT ON (e.concern_id, x.fact) e.concern_id, x.fact, x.metric, stats_local_day(e.occurred_at)
  FROM concern_events e
  CROSS JOIN LATERAL (VALUES
    ('collected', 'concerns_collected', e.type = 'registered'),
    ('dispatched', 'concerns_dispatched', e.type = 'dispatched'),
    ('reopened', 'concerns_reopened', e.type = 'reopened'),
    ('handled', 'concerns_handled', e.type IN ('resolved_on_spot', 'replied', 'master_reply_relayed')),
    ('closed', 'concerns_closed', e.type IN ('resolved_on_spot', 'closed', 'closed_not_rated'))) AS x (fact, metric, hit)
  WHERE x.hit AND e.type IN ('registered', 'dispatched', 'reopened', 'resolved_on_spot', 'replied', 'master_reply_relayed', 'closed', 'closed_not_rated')
  ORDER BY e.concern_id, x.fact, e.event_id;
  -- the first handling was a late reply
  INSERT INTO stats_concern_facts (concern_id, fact, metric, day)
  SELECT h.concern_id, 'handled_late', 'concerns_handled_late', stats_local_day(h.occurred_at)
  FROM (SELECT DISTINCT ON (e.concern_id) e.concern_id, e.type, e.data, e.occurred_at FROM concern_events e
        WHERE e.type IN ('resolved_on_spot', 'replied', 'master_reply_relayed') ORDER BY e.concern_id, e.event_id) h
  WHERE h.type = 'replied' AND COALESCE((h.data ->> 'overdue')::boolean, false);
  INSERT INTO stats_concern_facts (concern_id, fact, metric, day)
  SELECT f.concern_id, 'closed_on_time', 'concerns_closed_on_time', f.day FROM stats_concern_facts f
  WHERE f.fact = 'closed' AND NOT EXISTS (SELECT 1 FROM stats_concern_facts l WHERE l.concern_id = f.concern_id AND l.fact = 'handled_late');
  -- the rating the concern was first closed with
  INSERT INTO stats_concern_facts (concern_id, fact, metric, day)
  SELECT k.concern_id, 'closing_rating', k.metric, k.day
  FROM (SELECT DISTINCT ON (e.concern_id) e.concern_id, stats_local_day(e.occurred_at) AS day,
          CASE WHEN e.type = 'closed_not_rated' THEN 'closed_not_rated'
               WHEN e.type = 'closed' AND e.data ->> 'rating' IN ('satisfied', 'basically_satisfied', 'dissatisfied') THEN 'closed_' || (e.data ->> 'rating')
          END AS metric
        FROM concern_events e WHERE e.type IN ('resolved_on_spot', 'closed', 'closed_not_rated')
        ORDER BY e.concern_id, e.event_id) k
  WHERE k.metric IS NOT NULL;
END
$$;

-- The rollups from the facts, activities and participants, set-based and level by level (the
-- same cells as stats_cells; a test compares the two): one narrow base table, then one GROUP BY
-- per dimension family, rolled up the region prefixes.
CREATE FUNCTION stats_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DROP TABLE IF EXISTS pg_temp.stats_base, pg_temp.stats_geo, pg_temp.stats_lens;
  CREATE TEMP TABLE stats_base AS
    SELECT f.metric, f.day, c.region_code AS region, c.station_id, c.grid_id, c.collector_deputy_id AS deputy_id,
      c.lead_unit_id AS unit_id, c.category_code AS category, c.channel, c.campaign_id, 1::bigint AS value
    FROM stats_concern_facts f JOIN concerns c ON c.concern_id = f.concern_id
    UNION ALL
    SELECT 'activities_held', stats_local_day(a.started_at), a.region_code, a.station_id, a.grid_id, NULL::uuid, NULL::uuid, NULL, NULL, a.campaign_id, 1
    FROM activities a
    UNION ALL
    SELECT 'constituents_received', stats_local_day(a.started_at), a.region_code, a.station_id, a.grid_id, NULL::uuid, NULL::uuid, NULL, NULL, a.campaign_id,
      a.constituents_received::bigint
    FROM activities a WHERE a.constituents_received <> 0
    UNION ALL
    SELECT 'deputy_person_times', stats_local_day(a.started_at), a.region_code, a.station_id, a.grid_id, p.deputy_id, NULL::uuid, NULL, NULL, a.campaign_id, 1
    FROM activity_participants p JOIN activities a ON a.activity_id = p.activity_id;
  CREATE TEMP TABLE stats_lens (len int, next_len int);
  INSERT INTO stats_lens VALUES (2, 4), (4, 6), (6, 9), (9, 12), (12, NULL);

  -- total and child, by month and year, at every level
  CREATE TEMP TABLE stats_geo AS
    SELECT metric, region, date_trunc('month', day)::date AS month, sum(value)::bigint AS value FROM stats_base GROUP BY 1, 2, 3;
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT substr(g.region, 1, l.len), x.dim, x.grain, CASE WHEN x.grain = 'month' THEN g.month ELSE date_trunc('year', g.month)::date END,
    g.metric, CASE WHEN x.dim = 'total' THEN '' ELSE substr(g.region, 1, l.next_len) END, sum(g.value)
  FROM stats_geo g
  JOIN stats_lens l ON l.len <= 6 OR (l.len = 9 AND substr(g.region, 7, 3) <> '000') OR (l.len = 12 AND substr(g.region, 10, 3) <> '000')
  CROSS JOIN (VALUES ('total', 'month'), ('total', 'year'), ('child', 'month'), ('child', 'year')) AS x (dim, grain)
  WHERE x.dim = 'total' OR (l.next_len IS NOT NULL AND (l.next_len <> 9 OR substr(g.region, 7, 3) <> '000')
    AND (l.next_len <> 12 OR substr(g.region, 10, 3) <> '000'))
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(g.value) <> 0;

  -- the daily total, counties and above
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT substr(c.county, 1, l.len), 'total', 'day', c.day, c.metric, '', sum(c.value)
  FROM (SELECT metric, substr(region, 1, 6) AS county, day, sum(value)::bigint AS value FROM stats_base GROUP BY 1, 2, 3) c
  JOIN stats_lens l ON l.len <= 6
  GROUP BY 1, 4, 5 HAVING sum(c.value) <> 0;

  -- category and channel down to towns
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT substr(t.town, 1, l.len), t.dim, x.grain, CASE WHEN x.grain = 'month' THEN t.month ELSE date_trunc('year', t.month)::date END,
    t.metric, t.key, sum(t.value)
  FROM (
    SELECT metric, substr(region, 1, 9) AS town, 'category' AS dim, category AS key, date_trunc('month', day)::date AS month, sum(value)::bigint AS value
    FROM stats_base WHERE category IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT metric, substr(region, 1, 9), 'channel', channel, date_trunc('month', day)::date, sum(value)::bigint
    FROM stats_base WHERE channel IS NOT NULL GROUP BY 1, 2, 3, 4, 5
  ) t
  JOIN stats_lens l ON l.len <= 6 OR (l.len = 9 AND substr(t.town, 7, 3) <> '000')
  CROSS JOIN (VALUES ('month'), ('year')) AS x (grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(t.value) <> 0;

  -- entities at county scope (deputies by year only)
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT e.county, e.dim, x.grain, CASE WHEN x.grain = 'month' THEN e.month ELSE date_trunc('year', e.month)::date END, e.metric, e.key, sum(e.value)
  FROM (
    SELECT metric, substr(region, 1, 6) AS county, 'station' AS dim, station_id::text AS key, date_trunc('month', day)::date AS month, sum(value)::bigint AS value
    FROM stats_base WHERE station_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'grid', grid_id::text, date_trunc('month', day)::date, sum(value)::bigint
    FROM stats_base WHERE grid_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'unit', unit_id::text, date_trunc('month', day)::date, sum(value)::bigint
    FROM stats_base WHERE unit_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'campaign', campaign_id::text, date_trunc('month', day)::date, sum(value)::bigint
    FROM stats_base WHERE campaign_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'deputy', deputy_id::text, date_trunc('year', day)::date, sum(value)::bigint
    FROM stats_base WHERE deputy_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
  ) e
  CROSS JOIN (VALUES ('month'), ('year')) AS x (grain)
  WHERE e.dim <> 'deputy' OR x.grain = 'year'
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(e.value) <> 0;
  DROP TABLE pg_temp.stats_base, pg_temp.stats_geo, pg_temp.stats_lens;
END
$$;

-- Data that exists before this migration is counted once, here.
SELECT stats_rebuild();
