-- Statistics (issue 8): the rebuild's first step in parts that may run side by side, and less
-- work per county. Same definitions as 0012 and 0016 (the property test compares the rebuild with
-- the triggers, facts and rollups); 0016's stats_rebuild_finish() (as 0017 redefines it) is kept.
--
--   * The first event of each kind is the smallest of one bigint per event,
--     event_id · 2^30 + (local day as a Julian day number) · 8 + detail,
--     instead of the smallest [event_id, day, detail] array: the same event (event ids are
--     unique, so the order is the event ids' order), no array built per event; the GROUP BY alone
--     took 5.4 s instead of 8.5 s over 6.4 million events (one core, no parallel workers). The Julian day of any timestamptz
--     is below 2^27 and the detail below 8, so the key is exact while event ids stay below 2^33
--     (8.6 billion): the prepare step refuses to run above that rather than overflow.
--   * The work table and the facts are written in parts (a part: the concerns whose ids are in a
--     range, with all their events, wherever the events' county_code says they were), each in one
--     statement: the work rows, sorted by county, and the facts unfolded from the same rows.
--     stats_rebuild() runs one part, every id; a bulk load (the benchmark) runs one range per
--     connection at once. The work table's county index is made after the parts, and the facts' key and
--     foreign key by a step of their own, which the counties do not wait for (they read the work
--     table only).
--   * Each county: a row's month is computed once (not once per grouping), months and years are
--     truncated as timestamps without time zone (the same first day; no time-zone conversion per
--     row), the entities are grouped by their ids and made text once a group, and the rows are
--     sorted for writing (key order, see 0016) by the "C" collation (the database's, C.UTF-8 here,
--     compares through strcoll; the same strings are written either way). They gain little: 16
--     counties at 2,000,000 concerns on two connections, on a machine shared with other work,
--     took 36.8 s with 0016's function, 29.3 s and 31.5 s with this one.
--
-- Steps, in order: stats_rebuild_prepare(); stats_rebuild_facts_part(from, to) for ranges that
-- cover every uuid once (NULL, NULL: all);
-- stats_rebuild_index_work(); stats_rebuild_facts_keys() and stats_rebuild_rollups_of(county) for
-- every county (in any order, on any connections); stats_rebuild_finish().

CREATE OR REPLACE FUNCTION stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  county text;
BEGIN
  PERFORM stats_rebuild_prepare();
  PERFORM stats_rebuild_facts_part(NULL, NULL);
  PERFORM stats_rebuild_index_work();
  PERFORM stats_rebuild_facts_keys();
  FOR county IN SELECT DISTINCT substr(region_code, 1, 6) FROM regions ORDER BY 1 LOOP
    PERFORM stats_rebuild_rollups_of(county);
  END LOOP;
  PERFORM stats_rebuild_finish();
END
$$;

-- The facts of one concern from the keys of its first events of each kind (see above; detail:
-- 1 = the first handling was a late reply; the closing rating 1 satisfied, 2 basically satisfied,
-- 3 dissatisfied, 4 not rated, 0 none). Same facts as 0016's stats_facts_of.
CREATE FUNCTION stats_rebuild_facts_of(collected bigint, dispatched bigint, reopened bigint, handled bigint, closed bigint)
RETURNS TABLE (fact text, metric text, day date) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT x.fact, x.metric, date '2000-01-01' + (((x.first >> 3) & 134217727) - 2451545)::int
  FROM (VALUES
    ('collected', 'concerns_collected', collected),
    ('dispatched', 'concerns_dispatched', dispatched),
    ('reopened', 'concerns_reopened', reopened),
    ('handled', 'concerns_handled', handled),
    ('handled_late', 'concerns_handled_late', CASE WHEN handled & 7 = 1 THEN handled END),
    ('closed', 'concerns_closed', closed),
    ('closed_on_time', 'concerns_closed_on_time', CASE WHEN handled IS NULL OR handled & 7 <> 1 THEN closed END),
    ('closing_rating',
      (ARRAY['closed_satisfied', 'closed_basically_satisfied', 'closed_dissatisfied', 'closed_not_rated'])[(closed & 7)::int],
      CASE WHEN closed & 7 > 0 THEN closed END)
  ) AS x (fact, metric, first)
  WHERE x.first IS NOT NULL
$$;

-- The facts emptied with their keys set aside, the rollups emptied with theirs, an empty work table.
CREATE OR REPLACE FUNCTION stats_rebuild_prepare() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7812012);
  IF (SELECT max(event_id) FROM concern_events) >= 8589934592 THEN
    RAISE EXCEPTION 'stats_rebuild: event ids at or above 2^33 do not fit the rebuild''s keys (0018)';
  END IF;
  TRUNCATE stats_deltas, stats_rollups, stats_concern_facts;
  ALTER TABLE stats_concern_facts DROP CONSTRAINT stats_concern_facts_pkey,
    DROP CONSTRAINT stats_concern_facts_concern_id_fkey;
  ALTER TABLE stats_rollups DROP CONSTRAINT stats_rollups_pkey;
  DROP INDEX stats_rollups_entity_idx;
  DROP TABLE IF EXISTS stats_rebuild_work;
  CREATE UNLOGGED TABLE stats_rebuild_work (
    county text, region text, station_id uuid, grid_id uuid, deputy_id uuid, unit_id uuid, category text, channel text,
    campaign_id uuid, concern_id uuid, collected bigint, dispatched bigint, reopened bigint, handled bigint, closed bigint
  );
END
$$;

-- The work rows of the concerns whose ids are in [p_from, p_to) (NULL: unbounded), with all their
-- events wherever the events' county_code says they were, by county, and their facts. A bulk load
-- runs a few such ranges side by side, one a connection (and without parallel workers). The bounds
-- are written into the statement so that it is planned with them (a hash join of the range's
-- concerns, not a loop over its events).
CREATE FUNCTION stats_rebuild_facts_part(p_from uuid, p_to uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ids text := concat_ws(' AND ', 'true', '%1$s >= ' || quote_literal(p_from), '%1$s < ' || quote_literal(p_to));
BEGIN
  PERFORM set_config('work_mem', '256MB', true);
  PERFORM set_config('jit', 'off', true);
  EXECUTE format($q$
  WITH w AS (
    INSERT INTO stats_rebuild_work (county, region, station_id, grid_id, deputy_id, unit_id, category, channel, campaign_id,
      concern_id, collected, dispatched, reopened, handled, closed)
    SELECT substr(c.region_code, 1, 6), c.region_code, c.station_id, c.grid_id, c.collector_deputy_id, c.lead_unit_id,
      c.category_code, c.channel, c.campaign_id, g.concern_id, g.collected, g.dispatched, g.reopened, g.handled, g.closed
    FROM (
      SELECT e.concern_id,
        min(e.k) FILTER (WHERE e.type = 'registered') AS collected,
        min(e.k) FILTER (WHERE e.type = 'dispatched') AS dispatched,
        min(e.k) FILTER (WHERE e.type = 'reopened') AS reopened,
        min(e.k + e.late) FILTER (WHERE e.type IN ('resolved_on_spot', 'replied', 'master_reply_relayed')) AS handled,
        min(e.k + e.rating) FILTER (WHERE e.type IN ('resolved_on_spot', 'closed', 'closed_not_rated')) AS closed
      FROM (
        SELECT concern_id, type,
          event_id * 1073741824 + ((stats_local_day(occurred_at) - date '2000-01-01') + 2451545)::bigint * 8 AS k,
          CASE WHEN type = 'replied' AND COALESCE((data ->> 'overdue')::boolean, false) THEN 1 ELSE 0 END AS late,
          CASE WHEN type = 'closed_not_rated' THEN 4
               WHEN type = 'closed' THEN CASE data ->> 'rating' WHEN 'satisfied' THEN 1 WHEN 'basically_satisfied' THEN 2
                                                             WHEN 'dissatisfied' THEN 3 ELSE 0 END
               ELSE 0 END AS rating
        FROM concern_events
        WHERE type IN ('registered', 'dispatched', 'reopened', 'resolved_on_spot', 'replied', 'master_reply_relayed', 'closed', 'closed_not_rated')
          AND %1$s
      ) e
      GROUP BY e.concern_id
    ) g
    JOIN concerns c ON c.concern_id = g.concern_id
    WHERE %2$s
    ORDER BY substr(c.region_code, 1, 6) COLLATE "C"
    RETURNING concern_id, collected, dispatched, reopened, handled, closed
  )
  INSERT INTO stats_concern_facts (concern_id, fact, metric, day)
  SELECT w.concern_id, x.fact, x.metric, x.day
  FROM w CROSS JOIN LATERAL stats_rebuild_facts_of(w.collected, w.dispatched, w.reopened, w.handled, w.closed) x
  $q$, format(ids, 'concern_id'), format(ids, 'c.concern_id'));
END
$$;

-- After every part: the work table's county index (each county reads its stretches through it).
CREATE FUNCTION stats_rebuild_index_work() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('maintenance_work_mem', '512MB', true);
  CREATE INDEX stats_rebuild_work_county_idx ON stats_rebuild_work (county);
  ANALYZE stats_rebuild_work;
END
$$;

-- After every part: the facts' key and foreign key, made once (the foreign key NOT VALID: every
-- concern_id comes from a concern, by the join).
CREATE FUNCTION stats_rebuild_facts_keys() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('maintenance_work_mem', '512MB', true);
  ALTER TABLE stats_concern_facts ADD CONSTRAINT stats_concern_facts_pkey PRIMARY KEY (concern_id, fact),
    ADD CONSTRAINT stats_concern_facts_concern_id_fkey FOREIGN KEY (concern_id) REFERENCES concerns (concern_id) ON DELETE CASCADE NOT VALID;
  ANALYZE stats_concern_facts;
END
$$;

-- One county's rows, as 0016's, from the work table's keys (see the top of this file for what differs).
CREATE OR REPLACE FUNCTION stats_rebuild_rollups_of(p_county text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  hash text := current_setting('enable_hashjoin');
  merge text := current_setting('enable_mergejoin');
  workers text := current_setting('max_parallel_workers_per_gather');
  mem text := current_setting('work_mem');
  jit text := current_setting('jit');
BEGIN
  -- a county is its stretches of the work table (through its index) and its activities (through
  -- the region index), never a scan of everything (which the planner may prefer at this size)
  PERFORM set_config('enable_hashjoin', 'off', true);
  PERFORM set_config('enable_mergejoin', 'off', true);
  PERFORM set_config('max_parallel_workers_per_gather', '0', true);
  PERFORM set_config('work_mem', '128MB', true);
  PERFORM set_config('jit', 'off', true);
  EXECUTE format($q$
  WITH base AS MATERIALIZED (
    SELECT metric, day, date_trunc('month', day::timestamp)::date AS month, region, station_id, grid_id, deputy_id, unit_id, category, channel,
      campaign_id, value
    FROM (
      SELECT x.metric, x.day, w.region, w.station_id, w.grid_id, w.deputy_id, w.unit_id, w.category, w.channel, w.campaign_id,
        1::bigint AS value
      FROM stats_rebuild_work w CROSS JOIN LATERAL stats_rebuild_facts_of(w.collected, w.dispatched, w.reopened, w.handled, w.closed) x
      WHERE w.county = %2$L
      UNION ALL
      SELECT 'activities_held', stats_local_day(a.started_at), a.region_code, a.station_id, a.grid_id, NULL::uuid, NULL::uuid, NULL, NULL, a.campaign_id, 1
      FROM activities a WHERE a.region_code LIKE %1$L
      UNION ALL
      SELECT 'constituents_received', stats_local_day(a.started_at), a.region_code, a.station_id, a.grid_id, NULL::uuid, NULL::uuid, NULL, NULL,
        a.campaign_id, a.constituents_received::bigint
      FROM activities a WHERE a.region_code LIKE %1$L AND a.constituents_received <> 0
      UNION ALL
      SELECT 'deputy_person_times', stats_local_day(a.started_at), a.region_code, a.station_id, a.grid_id, p.deputy_id, NULL::uuid, NULL, NULL,
        a.campaign_id, 1
      FROM activity_participants p JOIN activities a ON a.activity_id = p.activity_id WHERE a.region_code LIKE %1$L
    ) f
  ), lens (len, next_len) AS (VALUES (6, 9), (9, 12), (12, NULL::int)),
  geo AS (
    SELECT metric, region, month, sum(value)::bigint AS value FROM base GROUP BY 1, 2, 3
  ),
  -- total and child, by month and year, for the county, its towns and villages
  geo_rows AS (
    INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
    SELECT substr(g.region, 1, l.len) COLLATE "C", x.dim COLLATE "C", x.grain COLLATE "C",
      CASE WHEN x.grain = 'month' THEN g.month ELSE date_trunc('year', g.month::timestamp)::date END,
      g.metric COLLATE "C", (CASE WHEN x.dim = 'total' THEN '' ELSE substr(g.region, 1, l.next_len) END) COLLATE "C", sum(g.value)
    FROM geo g
    JOIN lens l ON l.len = 6 OR (l.len = 9 AND substr(g.region, 7, 3) <> '000') OR (l.len = 12 AND substr(g.region, 10, 3) <> '000')
    CROSS JOIN (VALUES ('total', 'month'), ('total', 'year'), ('child', 'month'), ('child', 'year')) AS x (dim, grain)
    WHERE x.dim = 'total' OR (l.next_len IS NOT NULL AND (l.next_len <> 9 OR substr(g.region, 7, 3) <> '000')
      AND (l.next_len <> 12 OR substr(g.region, 10, 3) <> '000'))
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(g.value) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ),
  -- the county's daily total
  day_rows AS (
    INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
    SELECT substr(region, 1, 6) COLLATE "C", 'total', 'day', day, metric COLLATE "C", '', sum(value) FROM base
    GROUP BY 1, 4, 5 HAVING sum(value) <> 0 ORDER BY 1, 4, 5
  ),
  -- category and channel, the county and its towns
  kind_rows AS (
    INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
    SELECT substr(t.town, 1, l.len) COLLATE "C", t.dim COLLATE "C", x.grain COLLATE "C",
      CASE WHEN x.grain = 'month' THEN t.month ELSE date_trunc('year', t.month::timestamp)::date END,
      t.metric COLLATE "C", t.key COLLATE "C", sum(t.value)
    FROM (
      SELECT metric, substr(region, 1, 9) AS town, 'category' AS dim, category AS key, month, sum(value)::bigint AS value
      FROM base WHERE category IS NOT NULL GROUP BY 1, 2, 3, 4, 5
      UNION ALL
      SELECT metric, substr(region, 1, 9), 'channel', channel, month, sum(value)::bigint
      FROM base WHERE channel IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    ) t
    JOIN lens l ON l.len = 6 OR (l.len = 9 AND substr(t.town, 7, 3) <> '000')
    CROSS JOIN (VALUES ('month'), ('year')) AS x (grain)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(t.value) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  )
  -- entities at county scope (deputies by year only)
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT e.county COLLATE "C", e.dim COLLATE "C", x.grain COLLATE "C",
    CASE WHEN x.grain = 'month' THEN e.month ELSE date_trunc('year', e.month::timestamp)::date END, e.metric COLLATE "C", e.key::text COLLATE "C", sum(e.value)
  FROM (
    SELECT metric, substr(region, 1, 6) AS county, 'station' AS dim, station_id AS key, month, sum(value)::bigint AS value
    FROM base WHERE station_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'grid', grid_id, month, sum(value)::bigint
    FROM base WHERE grid_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'unit', unit_id, month, sum(value)::bigint
    FROM base WHERE unit_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'campaign', campaign_id, month, sum(value)::bigint
    FROM base WHERE campaign_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'deputy', deputy_id, date_trunc('year', day::timestamp)::date, sum(value)::bigint
    FROM base WHERE deputy_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
  ) e
  CROSS JOIN (VALUES ('month'), ('year')) AS x (grain)
  WHERE e.dim <> 'deputy' OR x.grain = 'year'
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(e.value) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  $q$, p_county || '%', p_county);
  PERFORM set_config('enable_hashjoin', hash, true);
  PERFORM set_config('enable_mergejoin', merge, true);
  PERFORM set_config('max_parallel_workers_per_gather', workers, true);
  PERFORM set_config('work_mem', mem, true);
  PERFORM set_config('jit', jit, true);
END
$$;
