import type { Queryable } from '@gridvoice/db';
import type { SuggestionCategory, SuggestionPeriod, SuggestionState, SuggestionStatus } from '@gridvoice/core';

/** The only place with SQL for suggestions (0010). */

export interface SuggestionRow {
  suggestion_id: string;
  county_code: string;
  congress_region_code: string;
  region_code: string;
  term: number;
  session: number;
  period: SuggestionPeriod;
  sequence: number | null;
  case_number: string | null;
  title: string;
  content: string;
  category: SuggestionCategory;
  is_public: boolean;
  lead_deputy_id: string;
  lead_deputy_name: string;
  status: SuggestionStatus;
  lead_unit_id: string | null;
  lead_unit_name: string | null;
  due_on: string | null;
  key_supervision: boolean;
  last_reply_category: 'A' | 'B' | 'C' | 'D' | null;
  state: SuggestionState;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `s.suggestion_id, s.county_code, s.congress_region_code, s.region_code, s.term, s.session, s.period,
  s.sequence, s.case_number, s.title, s.content, s.category, s.is_public, s.lead_deputy_id, d.name AS lead_deputy_name,
  s.status, s.lead_unit_id, u.name AS lead_unit_name, to_char(s.due_on, 'YYYY-MM-DD') AS due_on, s.key_supervision,
  s.last_reply_category, s.state, s.version, s.created_at, s.updated_at`;
const FROM = `suggestions s JOIN deputies d ON d.deputy_id = s.lead_deputy_id LEFT JOIN handling_units u ON u.unit_id = s.lead_unit_id`;

export interface Derived {
  status: SuggestionStatus;
  leadUnitId: string | null;
  dueOn: string | null;
  keySupervision: boolean;
  lastReplyCategory: 'A' | 'B' | 'C' | 'D' | null;
  mergedInto: string | null;
}

export async function findRegion(q: Queryable, code: string): Promise<{ region_code: string; name: string; level: string; county_code: string | null } | null> {
  const r = await q.query<{ region_code: string; name: string; level: string; county_code: string | null }>(
    `SELECT region_code, name, level, county_code FROM regions WHERE region_code = $1`,
    [code],
  );
  return r.rows[0] ?? null;
}

export async function findDeputies(q: Queryable, ids: string[]): Promise<{ deputy_id: string; county_code: string; region_code: string; name: string }[]> {
  if (ids.length === 0) return [];
  const r = await q.query<{ deputy_id: string; county_code: string; region_code: string; name: string }>(
    `SELECT deputy_id, county_code, region_code, name FROM deputies WHERE deputy_id = ANY($1::uuid[]) AND is_active`,
    [ids],
  );
  return r.rows;
}

export async function findActiveUnits(q: Queryable, ids: string[], countyCode: string): Promise<{ unit_id: string; name: string }[]> {
  if (ids.length === 0) return [];
  const r = await q.query<{ unit_id: string; name: string }>(
    `SELECT unit_id, name FROM handling_units WHERE unit_id = ANY($1::uuid[]) AND is_active AND county_code = $2`,
    [ids, countyCode],
  );
  return r.rows;
}

/** The next 案号 sequence of (congress, term, session, period); the row stays locked until commit. */
export async function nextSequence(q: Queryable, k: { congressRegionCode: string; term: number; session: number; period: SuggestionPeriod }): Promise<number> {
  const r = await q.query<{ last_value: number }>(
    `INSERT INTO suggestion_number_sequences (congress_region_code, term, session, period, last_value)
     VALUES ($1, $2, $3, $4, 1)
     ON CONFLICT (congress_region_code, term, session, period) DO UPDATE SET last_value = suggestion_number_sequences.last_value + 1
     RETURNING last_value`,
    [k.congressRegionCode, k.term, k.session, k.period],
  );
  return r.rows[0]?.last_value ?? 1;
}

export async function insertSuggestion(
  q: Queryable,
  s: {
    suggestionId: string;
    countyCode: string;
    congressRegionCode: string;
    regionCode: string;
    term: number;
    session: number;
    period: SuggestionPeriod;
    title: string;
    content: string;
    category: SuggestionCategory;
    isPublic: boolean;
    leadDeputyId: string;
    state: SuggestionState;
    derived: Derived;
    createdBy: string | null;
    isDemo: boolean;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO suggestions (suggestion_id, county_code, congress_region_code, region_code, term, session, period, title, content,
       category, is_public, lead_deputy_id, status, key_supervision, state, version, created_by, is_demo, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`,
    [
      s.suggestionId, s.countyCode, s.congressRegionCode, s.regionCode, s.term, s.session, s.period, s.title, s.content,
      s.category, s.isPublic, s.leadDeputyId, s.derived.status, s.derived.keySupervision, JSON.stringify(s.state),
      s.state.version, s.createdBy, s.isDemo, s.now,
    ],
  );
}

/** Saves the next state when the stored version is still `expectedVersion`; false when it is not. */
export async function updateSuggestion(
  q: Queryable,
  id: string,
  expectedVersion: number,
  state: SuggestionState,
  d: Derived,
  now: Date,
  numbering?: { sequence: number; caseNumber: string },
): Promise<boolean> {
  const r = await q.query(
    `UPDATE suggestions SET state = $3, version = $4, status = $5, lead_unit_id = $6, due_on = $7::date, key_supervision = $8,
       last_reply_category = $9, merged_into = $10, updated_at = $11,
       sequence = COALESCE($12, sequence), case_number = COALESCE($13, case_number)
     WHERE suggestion_id = $1 AND version = $2`,
    [
      id, expectedVersion, JSON.stringify(state), state.version, d.status, d.leadUnitId, d.dueOn, d.keySupervision,
      d.lastReplyCategory, d.mergedInto, now, numbering?.sequence ?? null, numbering?.caseNumber ?? null,
    ],
  );
  return r.rowCount === 1;
}

export async function replaceDeputies(q: Queryable, id: string, rows: { deputyId: string; role: 'lead' | 'cosigner'; confirmedAt: string | null }[]): Promise<void> {
  await q.query(`DELETE FROM suggestion_deputies WHERE suggestion_id = $1`, [id]);
  await q.query(
    `INSERT INTO suggestion_deputies (suggestion_id, deputy_id, role, confirmed_at)
     SELECT $1, x."deputyId", x.role, x."confirmedAt" FROM jsonb_to_recordset($2::jsonb) AS x("deputyId" uuid, role text, "confirmedAt" timestamptz)`,
    [id, JSON.stringify(rows)],
  );
}

export async function replaceUnits(q: Queryable, id: string, rows: { unitId: string; role: string }[]): Promise<void> {
  await q.query(`DELETE FROM suggestion_units WHERE suggestion_id = $1`, [id]);
  await q.query(
    `INSERT INTO suggestion_units (suggestion_id, unit_id, role)
     SELECT $1, x."unitId", x.role FROM jsonb_to_recordset($2::jsonb) AS x("unitId" uuid, role text)`,
    [id, JSON.stringify(rows)],
  );
}

export async function insertConcernLinks(q: Queryable, id: string, concernIds: string[]): Promise<void> {
  if (concernIds.length === 0) return;
  await q.query(`INSERT INTO suggestion_concerns (suggestion_id, concern_id) SELECT $1, unnest($2::uuid[])`, [id, concernIds]);
}

export interface NewEvent {
  version: number;
  type: string;
  at: string;
  actorRole: string;
  actorUserId: string | null;
  fromStatus: string | null;
  toStatus: string;
  unitId: string | null;
  data: Record<string, unknown>;
}

export async function appendEvents(q: Queryable, id: string, events: NewEvent[]): Promise<void> {
  await q.query(
    `INSERT INTO suggestion_events (suggestion_id, version, type, occurred_at, actor_role, actor_user_id, from_status, to_status, unit_id, data)
     SELECT $1, e.version, e.type, e.at, e."actorRole", e."actorUserId", e."fromStatus", e."toStatus", e."unitId", e.data
     FROM jsonb_to_recordset($2::jsonb) AS e(version int, type text, at timestamptz, "actorRole" text, "actorUserId" uuid,
       "fromStatus" text, "toStatus" text, "unitId" uuid, data jsonb)`,
    [id, JSON.stringify(events)],
  );
}

export async function findSuggestion(q: Queryable, id: string, forUpdate = false): Promise<SuggestionRow | null> {
  const r = await q.query<SuggestionRow>(
    forUpdate
      ? `SELECT ${COLUMNS} FROM ${FROM} WHERE s.suggestion_id = $1 FOR UPDATE OF s`
      : `SELECT ${COLUMNS} FROM ${FROM} WHERE s.suggestion_id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function deputyIdsOf(q: Queryable, id: string): Promise<string[]> {
  const r = await q.query<{ deputy_id: string }>(`SELECT deputy_id FROM suggestion_deputies WHERE suggestion_id = $1`, [id]);
  return r.rows.map((x) => x.deputy_id);
}

export async function unitIdsOf(q: Queryable, id: string): Promise<string[]> {
  const r = await q.query<{ unit_id: string }>(`SELECT unit_id FROM suggestion_units WHERE suggestion_id = $1`, [id]);
  return r.rows.map((x) => x.unit_id);
}

export interface ListFilter {
  scopePrefix: string;
  deputyId?: string;
  unitId?: string;
  statuses?: readonly SuggestionStatus[];
  category?: string;
  period?: string;
  q?: string;
  keySupervision?: boolean;
  dueBefore?: string; // due_on < dueBefore
  dueFrom?: string; // due_on >= dueFrom
  dueTo?: string; // due_on <= dueTo
  /** deputy lists: as lead only / as a co-signer not yet confirmed */
  deputyRole?: 'lead' | 'unconfirmed_cosigner';
  sort: 'created_desc' | 'due_asc';
  limit: number;
  offset: number;
}

export async function listSuggestions(q: Queryable, f: ListFilter): Promise<{ rows: SuggestionRow[]; total: number }> {
  const where: string[] = [`s.region_code LIKE $1 || '%'`];
  const params: unknown[] = [f.scopePrefix];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.deputyId) {
    const role =
      f.deputyRole === 'lead' ? ` AND sd.role = 'lead'` : f.deputyRole === 'unconfirmed_cosigner' ? ` AND sd.role = 'cosigner' AND sd.confirmed_at IS NULL` : '';
    where.push(`EXISTS (SELECT 1 FROM suggestion_deputies sd WHERE sd.suggestion_id = s.suggestion_id AND sd.deputy_id = ${p(f.deputyId)}${role})`);
  }
  if (f.unitId) where.push(`EXISTS (SELECT 1 FROM suggestion_units su WHERE su.suggestion_id = s.suggestion_id AND su.unit_id = ${p(f.unitId)})`);
  if (f.statuses) where.push(`s.status = ANY(${p(f.statuses)}::text[])`);
  if (f.category) where.push(`s.category = ${p(f.category)}`);
  if (f.period) where.push(`s.period = ${p(f.period)}`);
  if (f.keySupervision !== undefined) where.push(`s.key_supervision = ${p(f.keySupervision)}`);
  if (f.dueBefore) where.push(`s.due_on < ${p(f.dueBefore)}::date`);
  if (f.dueFrom) where.push(`s.due_on >= ${p(f.dueFrom)}::date`);
  if (f.dueTo) where.push(`s.due_on <= ${p(f.dueTo)}::date`);
  if (f.q) {
    const like = p(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(s.title ILIKE ${like} OR s.case_number ILIKE ${like} OR d.name ILIKE ${like})`);
  }
  const order = f.sort === 'due_asc' ? 's.due_on ASC NULLS LAST, s.created_at ASC' : 's.created_at DESC, s.suggestion_id';
  const sql = `FROM ${FROM} WHERE ${where.join(' AND ')}`;
  const [rows, total] = await Promise.all([
    q.query<SuggestionRow>(`SELECT ${COLUMNS} ${sql} ORDER BY ${order} LIMIT ${p(f.limit)} OFFSET ${p(f.offset)}`, params),
    q.query<{ n: number }>(`SELECT count(*)::int AS n ${sql}`, params.slice(0, params.length - 2)),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export interface TimelineRow {
  type: string;
  occurred_at: Date;
  version: number;
  actor_role: string;
  actor_name: string | null;
  unit_name: string | null;
  data: Record<string, unknown>;
}

export async function listTimeline(q: Queryable, id: string): Promise<TimelineRow[]> {
  const r = await q.query<TimelineRow>(
    `SELECT e.type, e.occurred_at, e.version, e.actor_role, us.display_name AS actor_name, hu.name AS unit_name, e.data
     FROM suggestion_events e LEFT JOIN users us ON us.user_id = e.actor_user_id LEFT JOIN handling_units hu ON hu.unit_id = e.unit_id
     WHERE e.suggestion_id = $1 ORDER BY e.event_id`,
    [id],
  );
  return r.rows;
}

export async function listDeputiesOf(q: Queryable, id: string): Promise<{ deputy_id: string; name: string; role: 'lead' | 'cosigner'; confirmed_at: Date | null }[]> {
  const r = await q.query<{ deputy_id: string; name: string; role: 'lead' | 'cosigner'; confirmed_at: Date | null }>(
    `SELECT sd.deputy_id, d.name, sd.role, sd.confirmed_at FROM suggestion_deputies sd JOIN deputies d ON d.deputy_id = sd.deputy_id
     WHERE sd.suggestion_id = $1 ORDER BY sd.role DESC, d.name_pinyin`,
    [id],
  );
  return r.rows;
}

export async function listUnitsOf(q: Queryable, id: string): Promise<{ unit_id: string; name: string; role: 'lead' | 'assisting' | 'joint' }[]> {
  const r = await q.query<{ unit_id: string; name: string; role: 'lead' | 'assisting' | 'joint' }>(
    `SELECT su.unit_id, hu.name, su.role FROM suggestion_units su JOIN handling_units hu ON hu.unit_id = su.unit_id
     WHERE su.suggestion_id = $1 ORDER BY CASE su.role WHEN 'lead' THEN 0 WHEN 'assisting' THEN 1 ELSE 2 END, hu.name`,
    [id],
  );
  return r.rows;
}

export async function listConcernsOf(q: Queryable, id: string): Promise<{ concern_id: string; case_number: string; title: string; status: string }[]> {
  const r = await q.query<{ concern_id: string; case_number: string; title: string; status: string }>(
    `SELECT c.concern_id, c.case_number, c.title, c.status FROM suggestion_concerns sc JOIN concerns c ON c.concern_id = sc.concern_id
     WHERE sc.suggestion_id = $1 ORDER BY c.case_number`,
    [id],
  );
  return r.rows;
}

/** The suggestions formed from a concern, for its constituent's tracking page. */
export async function listSuggestionsOfConcern(q: Queryable, concernId: string): Promise<{ case_number: string | null; title: string; status: SuggestionStatus; is_public: boolean; state: SuggestionState }[]> {
  const r = await q.query<{ case_number: string | null; title: string; status: SuggestionStatus; is_public: boolean; state: SuggestionState }>(
    `SELECT s.case_number, s.title, s.status, s.is_public, s.state FROM suggestion_concerns sc JOIN suggestions s ON s.suggestion_id = sc.suggestion_id
     WHERE sc.concern_id = $1 ORDER BY s.created_at`,
    [concernId],
  );
  return r.rows;
}

/** Every (unit, suggestion) pair within the scope, with the suggestion's state, for per-unit statistics. */
export async function listUnitAssignments(q: Queryable, scopePrefix: string, unitId?: string): Promise<{ unit_id: string; unit_name: string; role: string; category: string; state: SuggestionState }[]> {
  const r = await q.query<{ unit_id: string; unit_name: string; role: string; category: string; state: SuggestionState }>(
    `SELECT su.unit_id, hu.name AS unit_name, su.role, s.category, s.state
     FROM suggestion_units su JOIN suggestions s ON s.suggestion_id = su.suggestion_id JOIN handling_units hu ON hu.unit_id = su.unit_id
     WHERE s.region_code LIKE $1 || '%' AND ($2::uuid IS NULL OR su.unit_id = $2::uuid)
     ORDER BY hu.name, su.unit_id`,
    [scopePrefix, unitId ?? null],
  );
  return r.rows;
}

export async function findDeputyByName(q: Queryable, countyCode: string, name: string): Promise<string | null> {
  const r = await q.query<{ deputy_id: string }>(
    `SELECT deputy_id FROM deputies WHERE county_code = $1 AND name = $2 AND is_active ORDER BY created_at LIMIT 1`,
    [countyCode, name],
  );
  return r.rows[0]?.deputy_id ?? null;
}

/** Deputies of a county by name or pinyin, for naming the lead deputy and co-signers (names only). */
export async function searchDeputies(q: Queryable, countyCode: string, text: string, limit: number): Promise<{ deputy_id: string; name: string; region_name: string | null }[]> {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const r = await q.query<{ deputy_id: string; name: string; region_name: string | null }>(
    `SELECT d.deputy_id, d.name, rg.name AS region_name FROM deputies d LEFT JOIN regions rg ON rg.region_code = d.region_code
     WHERE d.county_code = $1 AND d.is_active AND ($2 = '' OR d.name ILIKE $3 OR d.name_pinyin ILIKE $3 OR d.name_initials ILIKE $3)
     ORDER BY d.name_pinyin LIMIT $4`,
    [countyCode, text, like, limit],
  );
  return r.rows;
}

// ─── Demo helpers (read-only lookups for the demo step) ─────────────────────────────────────

export async function findDemoUser(q: Queryable, username: string): Promise<{ user_id: string; deputy_id: string | null; unit_id: string | null; scope_region_code: string } | null> {
  const r = await q.query<{ user_id: string; deputy_id: string | null; unit_id: string | null; scope_region_code: string }>(
    `SELECT user_id, deputy_id, unit_id, scope_region_code FROM users WHERE username = $1`,
    [username],
  );
  return r.rows[0] ?? null;
}

/** Handler accounts of the county's units, one per unit, with the unit's name. */
export async function listUnitHandlers(q: Queryable, countyCode: string): Promise<{ user_id: string; username: string; unit_id: string; unit_name: string }[]> {
  const r = await q.query<{ user_id: string; username: string; unit_id: string; unit_name: string }>(
    `SELECT DISTINCT ON (hu.unit_id) us.user_id, us.username, hu.unit_id, hu.name AS unit_name
     FROM handling_units hu JOIN users us ON us.unit_id = hu.unit_id AND us.role = 'unit_handler'
     WHERE hu.county_code = $1 AND hu.is_active ORDER BY hu.unit_id, us.username`,
    [countyCode],
  );
  return r.rows;
}

/** Active deputies of the county with their region, for the demo's lead deputies and co-signers. */
export async function listCountyDeputies(q: Queryable, countyCode: string, limit: number): Promise<{ deputy_id: string; region_code: string; name: string }[]> {
  const r = await q.query<{ deputy_id: string; region_code: string; name: string }>(
    `SELECT deputy_id, region_code, name FROM deputies WHERE county_code = $1 AND is_active ORDER BY name_pinyin, deputy_id LIMIT $2`,
    [countyCode, limit],
  );
  return r.rows;
}

export async function findTownByName(q: Queryable, countyCode: string, name: string): Promise<{ region_code: string; villages: string[] } | null> {
  const r = await q.query<{ region_code: string; villages: string[] }>(
    `SELECT t.region_code, (SELECT coalesce(array_agg(v.region_code ORDER BY v.region_code), '{}') FROM regions v WHERE v.parent_code = t.region_code) AS villages
     FROM regions t WHERE t.county_code = $1 AND t.level = 'town' AND t.name = $2`,
    [countyCode, name],
  );
  return r.rows[0] ?? null;
}

export async function findUnitByName(q: Queryable, countyCode: string, suffix: string): Promise<string | null> {
  const r = await q.query<{ unit_id: string }>(
    `SELECT unit_id FROM handling_units WHERE county_code = $1 AND is_active AND name LIKE '%' || $2 ORDER BY code LIMIT 1`,
    [countyCode, suffix],
  );
  return r.rows[0]?.unit_id ?? null;
}

/** What a micro-project or a vote candidate needs to name a suggestion as its source (issue 6). */
export async function findSuggestionForLink(q: Queryable, id: string): Promise<{ suggestion_id: string; county_code: string; status: string } | null> {
  const r = await q.query<{ suggestion_id: string; county_code: string; status: string }>(
    `SELECT suggestion_id, county_code, status FROM suggestions WHERE suggestion_id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}
