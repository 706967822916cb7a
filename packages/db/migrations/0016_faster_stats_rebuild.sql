-- Statistics (issue 8): the rebuild, again, so that it finishes at ten million concerns.
--
-- Same definitions as 0012 (the property test compares the rebuild with the triggers, facts and
-- rollups), another way of computing them. 0012 sorted every (concern, fact) pair of the whole
-- timeline, kept the facts' key and foreign key up row by row, and built one wide table of every
-- counted fact before grouping it: at ten million concerns it did not finish in fifty minutes.
-- A first version of this file read each county's facts through the facts' key: random reads,
-- 40 s a county at ten million. Here:
--   * one GROUP BY per concern over the events finds the first event of each kind (the smallest
--     [event_id, local day, detail] array, so no order is needed inside a group), joined once with
--     the concerns (sequentially) into a work table of one row per concern, ordered by county;
--   * the facts are unfolded from it, their key and foreign key made once afterwards (PostgreSQL
--     manual 14.4; the foreign key NOT VALID: every concern_id comes from a concern, by the join);
--   * each county's rows come from its contiguous stretch of the work table, small enough to
--     group in memory, and are written in key order (a dashboard reading one dimension and year of
--     every county then reads a few pages a county, not a page a row); cities and the province
--     are then summed from the counties' rows.
-- The rebuild takes the tables' locks for its transaction: writes wait for it (it is a repair,
-- run when loading data, not on a live path).

CREATE OR REPLACE FUNCTION stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  county text;
BEGIN
  PERFORM stats_rebuild_prepare();
  FOR county IN SELECT DISTINCT substr(region_code, 1, 6) FROM regions ORDER BY 1 LOOP
    PERFORM stats_rebuild_rollups_of(county);
  END LOOP;
  PERFORM stats_rebuild_finish();
END
$$;

-- The facts of one concern from the first events of each kind (arrays [event_id, day since
-- 2000-01-01, detail]; detail: 1 = the first handling was a late reply; the closing rating
-- 1 satisfied, 2 basically satisfied, 3 dissatisfied, 4 not rated, 0 none).
CREATE FUNCTION stats_facts_of(collected bigint[], dispatched bigint[], reopened bigint[], handled bigint[], closed bigint[])
RETURNS TABLE (fact text, metric text, day date) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT x.fact, x.metric, date '2000-01-01' + x.first[2]::int
  FROM (VALUES
    ('collected', 'concerns_collected', collected),
    ('dispatched', 'concerns_dispatched', dispatched),
    ('reopened', 'concerns_reopened', reopened),
    ('handled', 'concerns_handled', handled),
    ('handled_late', 'concerns_handled_late', CASE WHEN handled[3] = 1 THEN handled END),
    ('closed', 'concerns_closed', closed),
    ('closed_on_time', 'concerns_closed_on_time', CASE WHEN handled[3] IS DISTINCT FROM 1 THEN closed END),
    ('closing_rating',
      (ARRAY['closed_satisfied', 'closed_basically_satisfied', 'closed_dissatisfied', 'closed_not_rated'])[closed[3]],
      CASE WHEN closed[3] > 0 THEN closed END)
  ) AS x (fact, metric, first)
  WHERE x.first IS NOT NULL
$$;

-- The rebuild in three steps, so that a bulk load (the benchmark) may build the counties on
-- several connections at once, each county in its own transaction, between the first step and
-- the last: the work table and the facts with their keys, the rollups emptied and their keys set
-- aside…
CREATE FUNCTION stats_rebuild_prepare() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7812012);
  PERFORM set_config('work_mem', '256MB', true);
  PERFORM set_config('maintenance_work_mem', '512MB', true);
  PERFORM set_config('jit', 'off', true);
  TRUNCATE stats_deltas, stats_rollups, stats_concern_facts;
  ALTER TABLE stats_concern_facts DROP CONSTRAINT stats_concern_facts_pkey,
    DROP CONSTRAINT stats_concern_facts_concern_id_fkey;
  ALTER TABLE stats_rollups DROP CONSTRAINT stats_rollups_pkey;
  DROP INDEX stats_rollups_entity_idx;
  DROP TABLE IF EXISTS stats_rebuild_work;
  CREATE UNLOGGED TABLE stats_rebuild_work AS
  SELECT substr(c.region_code, 1, 6) AS county, c.region_code AS region, c.station_id, c.grid_id,
    c.collector_deputy_id AS deputy_id, c.lead_unit_id AS unit_id, c.category_code AS category, c.channel, c.campaign_id,
    g.concern_id, g.collected, g.dispatched, g.reopened, g.handled, g.closed
  FROM (
    SELECT e.concern_id,
      min(ARRAY[e.event_id, e.d]) FILTER (WHERE e.type = 'registered') AS collected,
      min(ARRAY[e.event_id, e.d]) FILTER (WHERE e.type = 'dispatched') AS dispatched,
      min(ARRAY[e.event_id, e.d]) FILTER (WHERE e.type = 'reopened') AS reopened,
      min(ARRAY[e.event_id, e.d, e.late]) FILTER (WHERE e.type IN ('resolved_on_spot', 'replied', 'master_reply_relayed')) AS handled,
      min(ARRAY[e.event_id, e.d, e.rating]) FILTER (WHERE e.type IN ('resolved_on_spot', 'closed', 'closed_not_rated')) AS closed
    FROM (
      SELECT concern_id, event_id, type, (stats_local_day(occurred_at) - date '2000-01-01')::bigint AS d,
        CASE WHEN type = 'replied' AND COALESCE((data ->> 'overdue')::boolean, false) THEN 1 ELSE 0 END::bigint AS late,
        CASE WHEN type = 'closed_not_rated' THEN 4
             WHEN type = 'closed' THEN CASE data ->> 'rating' WHEN 'satisfied' THEN 1 WHEN 'basically_satisfied' THEN 2
                                                           WHEN 'dissatisfied' THEN 3 ELSE 0 END
             ELSE 0 END::bigint AS rating
      FROM concern_events
      WHERE type IN ('registered', 'dispatched', 'reopened', 'resolved_on_spot', 'replied', 'master_reply_relayed', 'closed', 'closed_not_rated')
    ) e
    GROUP BY e.concern_id
  ) g
  JOIN concerns c ON c.concern_id = g.concern_id
  ORDER BY 1;
  CREATE INDEX stats_rebuild_work_county_idx ON stats_rebuild_work (county);
  ANALYZE stats_rebuild_work;
  INSERT INTO stats_concern_facts (concern_id, fact, metric, day)
  SELECT w.concern_id, x.fact, x.metric, x.day
  FROM stats_rebuild_work w CROSS JOIN LATERAL stats_facts_of(w.collected, w.dispatched, w.reopened, w.handled, w.closed) x;
  ALTER TABLE stats_concern_facts ADD CONSTRAINT stats_concern_facts_pkey PRIMARY KEY (concern_id, fact),
    ADD CONSTRAINT stats_concern_facts_concern_id_fkey FOREIGN KEY (concern_id) REFERENCES concerns (concern_id) ON DELETE CASCADE NOT VALID;
  ANALYZE stats_concern_facts;
END
$$;

-- … and, once every county is in, the cities and the province summed from the counties, the
-- rollups' keys made (the same as 0012's), the work table dropped.
CREATE FUNCTION stats_rebuild_finish() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7812012);
  PERFORM set_config('work_mem', '256MB', true);
  PERFORM set_config('maintenance_work_mem', '512MB', true);
  PERFORM set_config('jit', 'off', true);
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT substr(r.scope, 1, l.len), x.dim, r.grain, r.period, r.metric,
    CASE WHEN x.dim = 'child' THEN substr(r.scope, 1, l.next_len) ELSE r.key END, sum(r.value)
  FROM stats_rollups r
  CROSS JOIN (VALUES (2, 4), (4, 6)) AS l (len, next_len)
  JOIN (VALUES ('total', 'total'), ('total', 'child'), ('category', 'category'), ('channel', 'channel')) AS x (src, dim) ON x.src = r.dim
  WHERE length(r.scope) = 6 AND (x.dim <> 'child' OR r.grain <> 'day')
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(r.value) <> 0 ORDER BY 1, 2, 3, 4, 5, 6;
  ALTER TABLE stats_rollups ADD CONSTRAINT stats_rollups_pkey PRIMARY KEY (scope, dim, grain, period, metric, key);
  CREATE INDEX stats_rollups_entity_idx ON stats_rollups (dim, grain, period, scope) WHERE length(scope) = 6;
  ANALYZE stats_rollups;
  DROP TABLE stats_rebuild_work;
END
$$;

-- One county's rows (scope: its six digits and the towns and villages under it). The prefix is
-- written into the statement so that each county is planned with its own index range.
CREATE FUNCTION stats_rebuild_rollups_of(p_county text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  hash text := current_setting('enable_hashjoin');
  merge text := current_setting('enable_mergejoin');
  workers text := current_setting('max_parallel_workers_per_gather');
  mem text := current_setting('work_mem');
  jit text := current_setting('jit');
BEGIN
  -- a county is its stretch of the work table (through its index) and its activities (through
  -- the region index), never a scan of everything (which the planner may prefer at this size)
  PERFORM set_config('enable_hashjoin', 'off', true);
  PERFORM set_config('enable_mergejoin', 'off', true);
  PERFORM set_config('max_parallel_workers_per_gather', '0', true);
  PERFORM set_config('work_mem', '128MB', true);
  PERFORM set_config('jit', 'off', true);
  EXECUTE format($q$
  WITH base AS MATERIALIZED (
    SELECT x.metric, x.day, w.region, w.station_id, w.grid_id, w.deputy_id, w.unit_id, w.category, w.channel, w.campaign_id,
      1::bigint AS value
    FROM stats_rebuild_work w CROSS JOIN LATERAL stats_facts_of(w.collected, w.dispatched, w.reopened, w.handled, w.closed) x
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
  ), lens (len, next_len) AS (VALUES (6, 9), (9, 12), (12, NULL::int)),
  geo AS (
    SELECT metric, region, date_trunc('month', day)::date AS month, sum(value)::bigint AS value FROM base GROUP BY 1, 2, 3
  ),
  -- total and child, by month and year, for the county, its towns and villages
  geo_rows AS (
    INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
    SELECT substr(g.region, 1, l.len), x.dim, x.grain, CASE WHEN x.grain = 'month' THEN g.month ELSE date_trunc('year', g.month)::date END,
      g.metric, CASE WHEN x.dim = 'total' THEN '' ELSE substr(g.region, 1, l.next_len) END, sum(g.value)
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
    SELECT substr(region, 1, 6), 'total', 'day', day, metric, '', sum(value) FROM base
    GROUP BY 1, 4, 5 HAVING sum(value) <> 0 ORDER BY 1, 4, 5
  ),
  -- category and channel, the county and its towns
  kind_rows AS (
    INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
    SELECT substr(t.town, 1, l.len), t.dim, x.grain, CASE WHEN x.grain = 'month' THEN t.month ELSE date_trunc('year', t.month)::date END,
      t.metric, t.key, sum(t.value)
    FROM (
      SELECT metric, substr(region, 1, 9) AS town, 'category' AS dim, category AS key, date_trunc('month', day)::date AS month, sum(value)::bigint AS value
      FROM base WHERE category IS NOT NULL GROUP BY 1, 2, 3, 4, 5
      UNION ALL
      SELECT metric, substr(region, 1, 9), 'channel', channel, date_trunc('month', day)::date, sum(value)::bigint
      FROM base WHERE channel IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    ) t
    JOIN lens l ON l.len = 6 OR (l.len = 9 AND substr(t.town, 7, 3) <> '000')
    CROSS JOIN (VALUES ('month'), ('year')) AS x (grain)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(t.value) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  )
  -- entities at county scope (deputies by year only)
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT e.county, e.dim, x.grain, CASE WHEN x.grain = 'month' THEN e.month ELSE date_trunc('year', e.month)::date END, e.metric, e.key, sum(e.value)
  FROM (
    SELECT metric, substr(region, 1, 6) AS county, 'station' AS dim, station_id::text AS key, date_trunc('month', day)::date AS month, sum(value)::bigint AS value
    FROM base WHERE station_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'grid', grid_id::text, date_trunc('month', day)::date, sum(value)::bigint
    FROM base WHERE grid_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'unit', unit_id::text, date_trunc('month', day)::date, sum(value)::bigint
    FROM base WHERE unit_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'campaign', campaign_id::text, date_trunc('month', day)::date, sum(value)::bigint
    FROM base WHERE campaign_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL SELECT metric, substr(region, 1, 6), 'deputy', deputy_id::text, date_trunc('year', day)::date, sum(value)::bigint
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

-- 0012's one-statement versions are replaced by the steps above.
DROP FUNCTION stats_rebuild_rollups();
DROP FUNCTION stats_rebuild_facts();
