-- Statistics (issue 8, R-STAT-1): figures by deputy level (代表层级) for a county, a city and the
-- province, kept in the rollups.
--
-- The definition is unchanged (docs/metrics.md): a record of a deputy counts under every level the
-- deputy holds an active mandate of *now*. Until now the levels were summed at read time from the
-- deputies' rows, which for a province is 100,000 deputies and was refused. Here:
--   * the rows dim 'deputy_level' (scope: province, city and county prefixes; grain year; key the
--     level) are written by the fold, from each delta of a deputy and that deputy's active levels;
--   * a change of mandates (added, ended, its level corrected, deleted) moves that deputy's folded
--     figures from the levels the deputy no longer holds to the new ones, in the same transaction
--     (a statement trigger with transition tables, so that an import of many mandates is one
--     move); deltas not yet folded are read, and later folded, with the mandates of that moment;
--   * the rebuild sums them from the counties' deputy rows.
-- The fold and the move take the same advisory lock, so a fold never reads mandates that a move
-- has not yet accounted for.

CREATE OR REPLACE FUNCTION stats_fold(p_now timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7812012);
  WITH moved AS (DELETE FROM stats_deltas RETURNING *), cells AS (
    SELECT c.scope, c.dim, c.grain, c.period, m.metric, c.key, sum(m.value) AS value
    FROM moved m
    CROSS JOIN LATERAL stats_cells(m.region_code, m.station_id, m.grid_id, m.deputy_id, m.unit_id, m.category_code, m.channel, m.campaign_id, m.day) c
    GROUP BY 1, 2, 3, 4, 5, 6
    UNION ALL
    SELECT s.scope, 'deputy_level', 'year', date_trunc('year', m.day)::date, m.metric, lv.level, sum(m.value)
    FROM moved m
    CROSS JOIN LATERAL (SELECT DISTINCT dm.level FROM deputy_mandates dm WHERE dm.deputy_id = m.deputy_id AND dm.status = 'active') lv
    CROSS JOIN LATERAL (VALUES (substr(m.region_code, 1, 2)), (substr(m.region_code, 1, 4)), (substr(m.region_code, 1, 6))) AS s (scope)
    WHERE m.deputy_id IS NOT NULL
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

-- Moves folded figures between levels: p_moves is (deputy_id, level, sign) — +1 a level the
-- deputy now holds and did not, −1 one the deputy held and no longer does.
CREATE FUNCTION stats_move_deputy_levels(p_moves jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_moves IS NULL OR jsonb_array_length(p_moves) = 0 THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(7812012);
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT s.scope, 'deputy_level', 'year', r.period, r.metric, mv.level, sum(r.value * mv.sign)
  FROM jsonb_to_recordset(p_moves) AS mv (deputy_id text, level text, sign integer)
  JOIN stats_rollups r ON r.dim = 'deputy' AND r.grain = 'year' AND length(r.scope) = 6 AND r.key = mv.deputy_id
  CROSS JOIN LATERAL (VALUES (substr(r.scope, 1, 2)), (substr(r.scope, 1, 4)), (r.scope)) AS s (scope)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(r.value * mv.sign) <> 0
  ON CONFLICT (scope, dim, grain, period, metric, key) DO UPDATE SET value = stats_rollups.value + EXCLUDED.value;
END
$$;

-- The level sets of the deputies a statement touched, before and after it: after = the table now;
-- before = the table now without the rows the statement wrote, with the rows it replaced or removed.
CREATE FUNCTION stats_on_mandates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_rows jsonb := '[]';
  new_rows jsonb := '[]';
  moves jsonb;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT COALESCE(jsonb_agg(jsonb_build_object('mandate_id', mandate_id, 'deputy_id', deputy_id, 'level', level, 'status', status)), '[]')
    INTO old_rows FROM stats_old_mandates;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT COALESCE(jsonb_agg(jsonb_build_object('mandate_id', mandate_id, 'deputy_id', deputy_id, 'level', level, 'status', status)), '[]')
    INTO new_rows FROM stats_new_mandates;
  END IF;
  WITH o AS (
    SELECT * FROM jsonb_to_recordset(old_rows) AS x (mandate_id uuid, deputy_id uuid, level text, status text)
  ), n AS (
    SELECT * FROM jsonb_to_recordset(new_rows) AS x (mandate_id uuid, deputy_id uuid, level text, status text)
  ), affected AS (
    SELECT deputy_id FROM o UNION SELECT deputy_id FROM n
  ), after AS (
    SELECT DISTINCT m.deputy_id, m.level FROM deputy_mandates m JOIN affected a ON a.deputy_id = m.deputy_id WHERE m.status = 'active'
  ), before AS (
    SELECT DISTINCT x.deputy_id, x.level FROM (
      SELECT m.deputy_id, m.level FROM deputy_mandates m JOIN affected a ON a.deputy_id = m.deputy_id
      WHERE m.status = 'active' AND NOT EXISTS (SELECT 1 FROM n WHERE n.mandate_id = m.mandate_id)
      UNION ALL
      SELECT o.deputy_id, o.level FROM o WHERE o.status = 'active'
    ) x
  ), moves AS (
    SELECT deputy_id, level, 1 AS sign FROM (SELECT * FROM after EXCEPT SELECT * FROM before) g
    UNION ALL
    SELECT deputy_id, level, -1 FROM (SELECT * FROM before EXCEPT SELECT * FROM after) l
  )
  SELECT jsonb_agg(jsonb_build_object('deputy_id', deputy_id::text, 'level', level, 'sign', sign)) INTO moves FROM moves;
  PERFORM stats_move_deputy_levels(moves);
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_mandates_ins AFTER INSERT ON deputy_mandates
  REFERENCING NEW TABLE AS stats_new_mandates FOR EACH STATEMENT EXECUTE FUNCTION stats_on_mandates();
CREATE TRIGGER stats_mandates_upd AFTER UPDATE ON deputy_mandates
  REFERENCING OLD TABLE AS stats_old_mandates NEW TABLE AS stats_new_mandates FOR EACH STATEMENT EXECUTE FUNCTION stats_on_mandates();
CREATE TRIGGER stats_mandates_del AFTER DELETE ON deputy_mandates
  REFERENCING OLD TABLE AS stats_old_mandates FOR EACH STATEMENT EXECUTE FUNCTION stats_on_mandates();

-- The rebuild: the levels summed from the counties' deputy rows, once the rollups' keys are back
-- (after the suggestions' and projects' figures, whose deputy rows count too).
CREATE FUNCTION stats_rebuild_deputy_levels() RETURNS void LANGUAGE sql AS $$
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT s.scope, 'deputy_level', 'year', r.period, r.metric, lv.level, sum(r.value)
  FROM stats_rollups r
  JOIN (SELECT DISTINCT deputy_id::text AS key, level FROM deputy_mandates WHERE status = 'active') lv ON lv.key = r.key
  CROSS JOIN LATERAL (VALUES (substr(r.scope, 1, 2)), (substr(r.scope, 1, 4)), (r.scope)) AS s (scope)
  WHERE r.dim = 'deputy' AND r.grain = 'year' AND length(r.scope) = 6
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(r.value) <> 0
  ON CONFLICT (scope, dim, grain, period, metric, key) DO UPDATE SET value = stats_rollups.value + EXCLUDED.value
$$;

CREATE OR REPLACE FUNCTION stats_rebuild_after_keys() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_rebuild_records();
  PERFORM stats_rebuild_deputy_levels();
END
$$;

-- The figures already folded: their levels now (pending deltas get theirs when folded).
SELECT stats_rebuild_deputy_levels();
