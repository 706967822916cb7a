import type { Queryable } from '@gridvoice/db';

/** SQL of a region code's scope prefix (county 440784000000 → 440784, town → 9 digits, village → 12). */
export const SQL_PREFIX = (col: string) =>
  `(CASE WHEN substr(${col}, 3) = '0000000000' THEN substr(${col}, 1, 2) WHEN substr(${col}, 5) = '00000000' THEN substr(${col}, 1, 4)
    WHEN substr(${col}, 7) = '000000' THEN substr(${col}, 1, 6) WHEN substr(${col}, 10) = '000' THEN substr(${col}, 1, 9) ELSE ${col} END)`;

export interface ProjectRow {
  project_id: string;
  public_id: string;
  county_code: string;
  region_code: string;
  region_name: string;
  kind: 'micro' | 'livelihood';
  title: string;
  description: string;
  status: string;
  proposer_deputy_id: string | null;
  proposer_name: string | null;
  proposed_by: string | null;
  source_suggestion_id: string | null;
  /** the source suggestion's 案号 (null until it is filed) and title */
  source_suggestion_number: string | null;
  source_suggestion_title: string | null;
  round_id: string | null;
  round_title: string | null;
  candidate_id: string | null;
  estimated_budget_fen: number | null;
  budget_fen: number | null;
  unit_id: string | null;
  unit_name: string | null;
  proposed_on: string;
  approved_on: string | null;
  started_on: string | null;
  finished_on: string | null;
  accepted_on: string | null;
  closed_reason: string | null;
  acceptance_note: string | null;
  reported_percent: number | null;
  verified_percent: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT p.project_id, p.public_id, p.county_code, p.region_code, r.name AS region_name, p.kind, p.title, p.description,
    p.status, p.proposer_deputy_id, d.name AS proposer_name, p.proposed_by, p.source_suggestion_id, sg.case_number AS source_suggestion_number,
    sg.title AS source_suggestion_title, p.round_id, vr.title AS round_title,
    p.candidate_id, p.estimated_budget_fen, p.budget_fen, p.unit_id, u.name AS unit_name, p.proposed_on, p.approved_on, p.started_on,
    p.finished_on, p.accepted_on, p.closed_reason, p.acceptance_note, p.reported_percent, p.verified_percent, p.version, p.created_at, p.updated_at
  FROM projects p
  JOIN regions r ON r.region_code = p.region_code
  LEFT JOIN deputies d ON d.deputy_id = p.proposer_deputy_id
  LEFT JOIN handling_units u ON u.unit_id = p.unit_id
  LEFT JOIN vote_rounds vr ON vr.round_id = p.round_id
  LEFT JOIN suggestions sg ON sg.suggestion_id = p.source_suggestion_id`;

export async function findProject(q: Queryable, id: string): Promise<ProjectRow | null> {
  return (await q.query<ProjectRow>(`${SELECT} WHERE p.project_id = $1`, [id])).rows[0] ?? null;
}

export async function findProjectByPublicId(q: Queryable, publicId: string): Promise<ProjectRow | null> {
  return (await q.query<ProjectRow>(`${SELECT} WHERE p.public_id = $1`, [publicId])).rows[0] ?? null;
}

export interface ProjectFilter {
  /** the actor's scope prefix; livelihood projects of a congress above are visible too */
  scopePrefix: string;
  scopeCode: string;
  regionPrefix: string | null;
  unitId: string | null;
  status?: string | undefined;
  kind?: string | undefined;
  year?: number | undefined;
  roundId?: string | undefined;
  q?: string | undefined;
}

export async function listProjects(q: Queryable, f: ProjectFilter, limit = 500): Promise<ProjectRow[]> {
  const where: string[] = [`(p.region_code LIKE $1 || '%' OR (p.kind = 'livelihood' AND $2 LIKE ${SQL_PREFIX('p.region_code')} || '%'))`];
  const params: unknown[] = [f.scopePrefix, f.scopeCode];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('$?', `$${params.length}`));
  };
  if (f.regionPrefix) add(`p.region_code LIKE $? || '%'`, f.regionPrefix);
  if (f.unitId) add('p.unit_id = $?', f.unitId);
  if (f.status) add('p.status = $?', f.status);
  if (f.kind) add('p.kind = $?', f.kind);
  if (f.year) add(`EXTRACT(YEAR FROM COALESCE(p.approved_on, p.proposed_on)) = $?`, f.year);
  if (f.roundId) add('p.round_id = $?', f.roundId);
  if (f.q) add(`p.title ILIKE '%' || $? || '%'`, f.q);
  params.push(limit);
  return (await q.query<ProjectRow>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY p.created_at DESC LIMIT $${params.length}`, params)).rows;
}

export async function insertProject(
  q: Queryable,
  p: Omit<ProjectRow, 'region_name' | 'proposer_name' | 'unit_name' | 'round_title' | 'source_suggestion_number' | 'source_suggestion_title' | 'version' | 'reported_percent' | 'verified_percent' | 'closed_reason' | 'acceptance_note' | 'started_on' | 'finished_on' | 'accepted_on'> & { is_demo: boolean },
): Promise<void> {
  await q.query(
    `INSERT INTO projects (project_id, public_id, county_code, region_code, kind, title, description, status, proposer_deputy_id, proposed_by,
       source_suggestion_id, round_id, candidate_id, estimated_budget_fen, budget_fen, unit_id, proposed_on, approved_on, is_demo, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
    [p.project_id, p.public_id, p.county_code, p.region_code, p.kind, p.title, p.description, p.status, p.proposer_deputy_id, p.proposed_by,
      p.source_suggestion_id, p.round_id, p.candidate_id, p.estimated_budget_fen, p.budget_fen, p.unit_id, p.proposed_on, p.approved_on, p.is_demo,
      p.created_at, p.updated_at],
  );
}

export async function insertItems(q: Queryable, projectId: string, items: readonly { title: string; budgetFen: number }[]): Promise<void> {
  for (const [i, it] of items.entries()) {
    await q.query('INSERT INTO project_items (project_id, position, title, budget_fen) VALUES ($1, $2, $3, $4)', [projectId, i + 1, it.title, it.budgetFen]);
  }
}

export async function listItems(q: Queryable, projectId: string) {
  return (await q.query<{ position: number; title: string; budget_fen: number }>(
    'SELECT position, title, budget_fen FROM project_items WHERE project_id = $1 ORDER BY position', [projectId])).rows;
}

export async function linkConcerns(q: Queryable, projectId: string, concernIds: readonly string[]): Promise<void> {
  for (const c of concernIds) await q.query('INSERT INTO project_concerns (project_id, concern_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [projectId, c]);
}

export async function findConcerns(q: Queryable, ids: readonly string[]) {
  if (!ids.length) return [];
  return (await q.query<{ concern_id: string; region_code: string; case_number: string; title: string; status: string }>(
    'SELECT concern_id, region_code, case_number, title, status FROM concerns WHERE concern_id = ANY($1::uuid[])', [ids])).rows;
}

export async function listProjectConcerns(q: Queryable, projectId: string) {
  return (await q.query<{ concern_id: string; case_number: string; title: string; status: string }>(
    `SELECT c.concern_id, c.case_number, c.title, c.status FROM project_concerns pc JOIN concerns c ON c.concern_id = pc.concern_id
     WHERE pc.project_id = $1 ORDER BY c.case_number`, [projectId])).rows;
}

export async function findRegion(q: Queryable, code: string) {
  return (await q.query<{ region_code: string; name: string; level: string; county_code: string | null }>(
    'SELECT region_code, name, level, county_code FROM regions WHERE region_code = $1', [code])).rows[0] ?? null;
}

export async function findUnit(q: Queryable, id: string) {
  return (await q.query<{ unit_id: string; county_code: string; region_code: string; name: string; is_active: boolean }>(
    'SELECT unit_id, county_code, region_code, name, is_active FROM handling_units WHERE unit_id = $1', [id])).rows[0] ?? null;
}

export async function findDeputy(q: Queryable, id: string) {
  return (await q.query<{ deputy_id: string; name: string; region_code: string; county_code: string }>(
    'SELECT deputy_id, name, region_code, county_code FROM deputies WHERE deputy_id = $1', [id])).rows[0] ?? null;
}

/** Optimistic update: the row changes only at the version the client saw; null = someone changed it first. */
export async function updateProject(
  q: Queryable,
  id: string,
  version: number,
  set: Partial<Pick<ProjectRow, 'status' | 'budget_fen' | 'unit_id' | 'approved_on' | 'started_on' | 'finished_on' | 'accepted_on' | 'closed_reason' | 'acceptance_note' | 'reported_percent' | 'verified_percent'>>,
  now: Date,
): Promise<number | null> {
  const cols = Object.keys(set);
  const params: unknown[] = [id, version, now, ...cols.map((c) => (set as Record<string, unknown>)[c])];
  const assigns = cols.map((c, i) => `${c} = $${i + 4}`);
  const r = await q.query<{ version: number }>(
    `UPDATE projects SET ${[...assigns, 'version = version + 1', 'updated_at = $3'].join(', ')} WHERE project_id = $1 AND version = $2 RETURNING version`,
    params,
  );
  return r.rows[0]?.version ?? null;
}

export interface RecordRow {
  record_id: string;
  kind: 'milestone' | 'progress' | 'inspection' | 'supervision';
  action: string | null;
  occurred_on: string;
  percent: number | null;
  note: string | null;
  lat: number | null;
  lng: number | null;
  place: string | null;
  actor_name: string | null;
  deputy_id: string | null;
  deputy_name: string | null;
  unit_name: string | null;
  created_at: Date;
}

export async function insertRecord(
  q: Queryable,
  r: { record_id: string; project_id: string; kind: RecordRow['kind']; action?: string | null; occurred_on: string; percent?: number | null; note?: string | null; lat?: number | null; lng?: number | null; place?: string | null; actor_user_id: string | null; actor_name: string | null; deputy_id?: string | null; unit_id?: string | null; created_at: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO project_records (record_id, project_id, kind, action, occurred_on, percent, note, lat, lng, place, actor_user_id, actor_name, deputy_id, unit_id, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
    [r.record_id, r.project_id, r.kind, r.action ?? null, r.occurred_on, r.percent ?? null, r.note ?? null, r.lat ?? null, r.lng ?? null, r.place ?? null,
      r.actor_user_id, r.actor_name, r.deputy_id ?? null, r.unit_id ?? null, r.created_at],
  );
}

export async function listRecords(q: Queryable, projectId: string): Promise<RecordRow[]> {
  return (await q.query<RecordRow>(
    `SELECT pr.record_id, pr.kind, pr.action, pr.occurred_on, pr.percent, pr.note, pr.lat, pr.lng, pr.place, pr.actor_name, pr.deputy_id,
       d.name AS deputy_name, u.name AS unit_name, pr.created_at
     FROM project_records pr LEFT JOIN deputies d ON d.deputy_id = pr.deputy_id LEFT JOIN handling_units u ON u.unit_id = pr.unit_id
     WHERE pr.project_id = $1 ORDER BY pr.occurred_on, pr.created_at`, [projectId])).rows;
}

export async function listRecordPhotos(q: Queryable, recordIds: readonly string[]) {
  if (!recordIds.length) return [];
  return (await q.query<{ attachment_id: string; owner_id: string; original_name: string; mime_type: string; size_bytes: number }>(
    `SELECT attachment_id, owner_id, original_name, mime_type, size_bytes FROM attachments
     WHERE owner_type = 'project_record' AND owner_id = ANY($1::uuid[]) ORDER BY created_at`, [recordIds])).rows;
}

export async function findRecordProject(q: Queryable, recordId: string): Promise<string | null> {
  return (await q.query<{ project_id: string }>('SELECT project_id FROM project_records WHERE record_id = $1', [recordId])).rows[0]?.project_id ?? null;
}

export async function ratingCounts(q: Queryable, projectId: string) {
  return (await q.query<{ rating: string; n: number }>('SELECT rating, count(*)::int AS n FROM project_ratings WHERE project_id = $1 GROUP BY rating', [projectId])).rows;
}

/** Money and projects by region (town, or the congress' own region) and year; approved onwards only. */
export async function totals(q: Queryable, scopePrefix: string, scopeCode: string, year: number | null) {
  return (await q.query<{ region_code: string; region_name: string; year: number; kind: string; projects: number; budget_fen: number; accepted: number }>(
    `SELECT t.region_code, r.name AS region_name, t.year, t.kind, count(*)::int AS projects, COALESCE(sum(t.budget_fen), 0) AS budget_fen,
       count(*) FILTER (WHERE t.status = 'accepted')::int AS accepted
     FROM (SELECT CASE WHEN substr(p.region_code, 10) <> '000' THEN substr(p.region_code, 1, 9) || '000' ELSE p.region_code END AS region_code,
             EXTRACT(YEAR FROM p.approved_on)::int AS year, p.kind, p.budget_fen, p.status
           FROM projects p
           WHERE p.status IN ('approved', 'started', 'finished', 'accepted')
             AND (p.region_code LIKE $1 || '%' OR (p.kind = 'livelihood' AND $2 LIKE ${SQL_PREFIX('p.region_code')} || '%'))
             AND ($3::int IS NULL OR EXTRACT(YEAR FROM p.approved_on) = $3::int)) t
     JOIN regions r ON r.region_code = t.region_code
     GROUP BY t.region_code, r.name, t.year, t.kind ORDER BY t.year DESC, t.region_code, t.kind`,
    [scopePrefix, scopeCode, year])).rows;
}
