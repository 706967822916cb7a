-- Statistics (issue 8, R-STAT-1): deputies' suggestions, micro-projects and the livelihood
-- projects chosen by the deputies' vote, in the same deltas and rollups as the concerns.
--
-- Unlike a concern (whose figures are "the first time" of events, kept in stats_concern_facts),
-- a suggestion or a project carries everything its figures need in its own row: the suggestion's
-- state (filedAt, the replies, the ratings, closedAt) and the project's status and dates. So a
-- row's figures are a function of the row, and a change of the row appends "minus the old row's
-- figures, plus the new row's" to stats_deltas, in the same transaction. The definitions are in
-- docs/metrics.md and packages/core/src/stats/metrics.ts; dimensions: region, category (of a
-- suggestion), deputy (the lead deputy / the proposing deputy), unit (the lead unit).

-- One suggestion's figures: (metric, the moment it counts from, its local day, value). The triggers,
-- the rebuild and the drill-down all read them from here.
CREATE FUNCTION stats_suggestion_figures(s suggestions) RETURNS TABLE (metric text, at timestamptz, day date, value bigint)
LANGUAGE sql STABLE AS $$
  SELECT x.metric, x.at::timestamptz, stats_local_day(x.at::timestamptz), 1::bigint
  FROM (VALUES
    ('suggestions_formed', s.state ->> 'filedAt'),
    ('suggestions_replied', s.state #>> '{replies,0,at}'),
    ('suggestions_replied_' || lower(s.state #>> '{replies,0,category}'), s.state #>> '{replies,0,at}'),
    ('suggestions_closed', CASE WHEN s.status = 'closed' THEN s.state ->> 'closedAt' END),
    ('suggestions_closed_' || (s.state -> 'ratings' -> -1 ->> 'result'), CASE WHEN s.status = 'closed' THEN s.state ->> 'closedAt' END)
  ) AS x (metric, at)
  WHERE s.status <> 'drafting' AND x.metric IS NOT NULL AND x.at IS NOT NULL
$$;

-- One project's figures (its dates are local days already). Rejected and cancelled projects count nowhere.
CREATE FUNCTION stats_project_figures(p projects) RETURNS TABLE (metric text, day date, value bigint)
LANGUAGE sql STABLE AS $$
  SELECT p.kind || x.metric, x.day, x.value
  FROM (VALUES
    ('_projects_approved', p.approved_on, 1::bigint),
    ('_projects_money', p.approved_on, p.budget_fen),
    ('_projects_finished', CASE WHEN p.status IN ('finished', 'accepted') THEN COALESCE(p.finished_on, p.accepted_on) END, 1::bigint)
  ) AS x (metric, day, value)
  WHERE p.status IN ('approved', 'started', 'finished', 'accepted') AND x.day IS NOT NULL AND x.value IS NOT NULL
$$;

CREATE FUNCTION stats_suggestion_deltas(s suggestions, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stats_deltas (metric, day, region_code, deputy_id, unit_id, category_code, value)
  SELECT f.metric, f.day, s.region_code, s.lead_deputy_id, s.lead_unit_id, s.category, f.value * sign
  FROM stats_suggestion_figures(s) f
$$;

CREATE FUNCTION stats_project_deltas(p projects, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stats_deltas (metric, day, region_code, deputy_id, unit_id, value)
  SELECT f.metric, f.day, p.region_code, p.proposer_deputy_id, p.unit_id, f.value * sign
  FROM stats_project_figures(p) f
$$;

-- Only a change of what the figures read appends deltas (a communication recorded, a progress
-- report… change nothing counted).
CREATE FUNCTION stats_on_suggestion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.status, OLD.region_code, OLD.lead_deputy_id, OLD.lead_unit_id, OLD.category,
      OLD.state -> 'filedAt', OLD.state #> '{replies,0}', OLD.state -> 'closedAt', OLD.state -> 'ratings' -> -1)
    IS NOT DISTINCT FROM (NEW.status, NEW.region_code, NEW.lead_deputy_id, NEW.lead_unit_id, NEW.category,
      NEW.state -> 'filedAt', NEW.state #> '{replies,0}', NEW.state -> 'closedAt', NEW.state -> 'ratings' -> -1) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM stats_suggestion_deltas(OLD, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM stats_suggestion_deltas(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_suggestions AFTER INSERT OR UPDATE OR DELETE ON suggestions
  FOR EACH ROW EXECUTE FUNCTION stats_on_suggestion();

CREATE FUNCTION stats_on_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.kind, OLD.status, OLD.region_code, OLD.proposer_deputy_id, OLD.unit_id, OLD.budget_fen,
      OLD.approved_on, OLD.finished_on, OLD.accepted_on)
    IS NOT DISTINCT FROM (NEW.kind, NEW.status, NEW.region_code, NEW.proposer_deputy_id, NEW.unit_id, NEW.budget_fen,
      NEW.approved_on, NEW.finished_on, NEW.accepted_on) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM stats_project_deltas(OLD, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM stats_project_deltas(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_projects AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION stats_on_project();

-- The rebuild: every suggestion's and project's figures, folded into the rollups once their keys
-- are back (few rows next to the concerns: a county files hundreds of suggestions a year).
CREATE FUNCTION stats_rebuild_records() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_rollups (scope, dim, grain, period, metric, key, value)
  SELECT c.scope, c.dim, c.grain, c.period, d.metric, c.key, sum(d.value)
  FROM (
    SELECT f.metric, f.day, s.region_code, s.lead_deputy_id AS deputy_id, s.lead_unit_id AS unit_id, s.category AS category_code, f.value
    FROM suggestions s CROSS JOIN LATERAL stats_suggestion_figures(s) f
    UNION ALL
    SELECT f.metric, f.day, p.region_code, p.proposer_deputy_id, p.unit_id, NULL, f.value
    FROM projects p CROSS JOIN LATERAL stats_project_figures(p) f
  ) d
  CROSS JOIN LATERAL stats_cells(d.region_code, NULL, NULL, d.deputy_id, d.unit_id, d.category_code, NULL, NULL, d.day) c
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.value) <> 0
  ON CONFLICT (scope, dim, grain, period, metric, key) DO UPDATE SET value = stats_rollups.value + EXCLUDED.value;
END
$$;

-- What the rebuild adds once the rollups' keys are back (later migrations add their steps here).
CREATE FUNCTION stats_rebuild_after_keys() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_rebuild_records();
END
$$;

-- 0016's last step, and then stats_rebuild_after_keys().
CREATE OR REPLACE FUNCTION stats_rebuild_finish() RETURNS void LANGUAGE plpgsql AS $$
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
  PERFORM stats_rebuild_after_keys();
  ANALYZE stats_rollups;
  DROP TABLE stats_rebuild_work;
END
$$;

-- The suggestions and projects already there: their figures, folded by the next fold.
SELECT stats_suggestion_deltas(s, 1) FROM suggestions s;
SELECT stats_project_deltas(p, 1) FROM projects p;
