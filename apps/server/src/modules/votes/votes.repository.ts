import type { Queryable } from '@gridvoice/db';
import type { AdoptionRule } from '@gridvoice/core';
import { SQL_PREFIX } from '../projects/projects.repository.js';

export interface RoundRow {
  round_id: string;
  county_code: string;
  title: string;
  year: number;
  congress_level: 'prefectural' | 'county' | 'township';
  congress_region_code: string;
  congress_region_name: string;
  term: number;
  seats: number;
  secret: boolean;
  rule: AdoptionRule;
  status: 'collecting' | 'screening' | 'published' | 'voting' | 'counted';
  opens_at: Date | null;
  closes_at: Date | null;
  paper_sheets_counted: number | null;
  total_deputies: number | null;
  ballots_cast: number | null;
  quorum_met: boolean | null;
  counted_at: Date | null;
  version: number;
  created_at: Date;
}

const ROUND = `SELECT v.round_id, v.county_code, v.title, v.year, v.congress_level, v.congress_region_code, r.name AS congress_region_name, v.term,
    v.seats, v.secret, v.rule, v.status, v.opens_at, v.closes_at, v.paper_sheets_counted, v.total_deputies, v.ballots_cast, v.quorum_met,
    v.counted_at, v.version, v.created_at
  FROM vote_rounds v JOIN regions r ON r.region_code = v.congress_region_code`;

export async function findRound(q: Queryable, id: string, forUpdate = false): Promise<RoundRow | null> {
  return (await q.query<RoundRow>(`${ROUND} WHERE v.round_id = $1${forUpdate ? ' FOR UPDATE OF v' : ''}`, [id])).rows[0] ?? null;
}

/** Rounds of congresses whose region contains the actor's scope, or lies within it. */
export async function listRounds(q: Queryable, scopePrefix: string, scopeCode: string, year: number | null): Promise<RoundRow[]> {
  return (await q.query<RoundRow>(
    `${ROUND} WHERE (v.congress_region_code LIKE $1 || '%' OR $2 LIKE ${SQL_PREFIX('v.congress_region_code')} || '%')
       AND ($3::int IS NULL OR v.year = $3::int) ORDER BY v.year DESC, v.created_at DESC`,
    [scopePrefix, scopeCode, year])).rows;
}

export async function insertRound(q: Queryable, r: Omit<RoundRow, 'congress_region_name' | 'status' | 'opens_at' | 'closes_at' | 'paper_sheets_counted' | 'total_deputies' | 'ballots_cast' | 'quorum_met' | 'counted_at' | 'version'> & { created_by: string }): Promise<void> {
  await q.query(
    `INSERT INTO vote_rounds (round_id, county_code, title, year, congress_level, congress_region_code, term, seats, secret, rule, created_by, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12)`,
    [r.round_id, r.county_code, r.title, r.year, r.congress_level, r.congress_region_code, r.term, r.seats, r.secret, JSON.stringify(r.rule), r.created_by, r.created_at],
  );
}

export async function updateRound(
  q: Queryable,
  id: string,
  version: number,
  set: Partial<Pick<RoundRow, 'status' | 'opens_at' | 'closes_at' | 'paper_sheets_counted' | 'total_deputies' | 'ballots_cast' | 'quorum_met' | 'counted_at'>>,
  now: Date,
): Promise<number | null> {
  const cols = Object.keys(set);
  const params: unknown[] = [id, version, now, ...cols.map((c) => (set as Record<string, unknown>)[c])];
  const r = await q.query<{ version: number }>(
    `UPDATE vote_rounds SET ${[...cols.map((c, i) => `${c} = $${i + 4}`), 'version = version + 1', 'updated_at = $3'].join(', ')}
     WHERE round_id = $1 AND version = $2 RETURNING version`,
    params,
  );
  return r.rows[0]?.version ?? null;
}

export interface CandidateRow {
  candidate_id: string;
  round_id: string;
  position: number;
  title: string;
  description: string;
  source: 'suggestion' | 'public' | 'department';
  source_suggestion_id: string | null;
  unit_id: string | null;
  unit_name: string | null;
  region_code: string | null;
  budget_fen: number;
  screening: 'pending' | 'listed' | 'screened_out';
  screening_reason: string | null;
  yes_count: number | null;
  no_count: number | null;
  abstain_count: number | null;
  rank: number | null;
  passed: boolean | null;
  chosen: boolean | null;
  project_id: string | null;
}

export async function listCandidates(q: Queryable, roundId: string): Promise<CandidateRow[]> {
  return (await q.query<CandidateRow>(
    `SELECT c.candidate_id, c.round_id, c.position, c.title, c.description, c.source, c.source_suggestion_id, c.unit_id, u.name AS unit_name,
       c.region_code, c.budget_fen, c.screening, c.screening_reason, c.yes_count, c.no_count, c.abstain_count, c.rank, c.passed, c.chosen,
       p.project_id
     FROM vote_candidates c LEFT JOIN handling_units u ON u.unit_id = c.unit_id LEFT JOIN projects p ON p.candidate_id = c.candidate_id
     WHERE c.round_id = $1 ORDER BY c.position`, [roundId])).rows;
}

export async function listCandidateItems(q: Queryable, roundId: string) {
  return (await q.query<{ candidate_id: string; position: number; title: string; budget_fen: number }>(
    `SELECT i.candidate_id, i.position, i.title, i.budget_fen FROM vote_candidate_items i JOIN vote_candidates c ON c.candidate_id = i.candidate_id
     WHERE c.round_id = $1 ORDER BY i.candidate_id, i.position`, [roundId])).rows;
}

export async function insertCandidate(
  q: Queryable,
  c: { candidate_id: string; round_id: string; title: string; description: string; source: string; source_suggestion_id: string | null; unit_id: string; region_code: string | null; budget_fen: number; created_by: string; created_at: Date },
  items: readonly { title: string; budgetFen: number }[],
): Promise<void> {
  await q.query(
    `INSERT INTO vote_candidates (candidate_id, round_id, position, title, description, source, source_suggestion_id, unit_id, region_code, budget_fen, created_by, created_at)
     VALUES ($1, $2, (SELECT COALESCE(max(position), 0) + 1 FROM vote_candidates WHERE round_id = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [c.candidate_id, c.round_id, c.title, c.description, c.source, c.source_suggestion_id, c.unit_id, c.region_code, c.budget_fen, c.created_by, c.created_at],
  );
  for (const [i, it] of items.entries()) {
    await q.query('INSERT INTO vote_candidate_items (candidate_id, position, title, budget_fen) VALUES ($1, $2, $3, $4)', [c.candidate_id, i + 1, it.title, it.budgetFen]);
  }
}

export async function setScreening(q: Queryable, candidateId: string, screening: string, reason: string | null): Promise<void> {
  await q.query('UPDATE vote_candidates SET screening = $2, screening_reason = $3 WHERE candidate_id = $1', [candidateId, screening, reason]);
}

export async function setCandidateResult(q: Queryable, candidateId: string, r: { yes: number; no: number; abstain: number; rank: number; passed: boolean; chosen: boolean }): Promise<void> {
  await q.query('UPDATE vote_candidates SET yes_count = $2, no_count = $3, abstain_count = $4, rank = $5, passed = $6, chosen = $7 WHERE candidate_id = $1',
    [candidateId, r.yes, r.no, r.abstain, r.rank, r.passed, r.chosen]);
}

/** The congress' deputies: active mandates of that level, region and term. */
const ELIGIBLE = `SELECT DISTINCT m.deputy_id FROM deputy_mandates m JOIN deputies d ON d.deputy_id = m.deputy_id
  WHERE m.status = 'active' AND d.is_active AND m.level = $1 AND m.congress_region_code = $2 AND m.term = $3`;

export async function isEligible(q: Queryable, r: Pick<RoundRow, 'congress_level' | 'congress_region_code' | 'term'>, deputyId: string): Promise<boolean> {
  return (await q.query(`${ELIGIBLE} AND m.deputy_id = $4`, [r.congress_level, r.congress_region_code, r.term, deputyId])).rows.length > 0;
}

export async function countEligible(q: Queryable, r: Pick<RoundRow, 'congress_level' | 'congress_region_code' | 'term'>): Promise<number> {
  return (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${ELIGIBLE}) e`, [r.congress_level, r.congress_region_code, r.term])).rows[0]?.n ?? 0;
}

export async function listEligible(q: Queryable, r: RoundRow, search: string | null) {
  return (await q.query<{ deputy_id: string; name: string; region_name: string; channel: string | null }>(
    `SELECT d.deputy_id, d.name, rg.name AS region_name, b.channel FROM (${ELIGIBLE}) e
       JOIN deputies d ON d.deputy_id = e.deputy_id JOIN regions rg ON rg.region_code = d.region_code
       LEFT JOIN vote_ballots b ON b.round_id = $4 AND b.deputy_id = d.deputy_id
     WHERE ($5::text IS NULL OR d.name LIKE '%' || $5 || '%' OR d.name_pinyin LIKE $5 || '%' OR d.name_initials LIKE $5 || '%')
     ORDER BY d.name_pinyin LIMIT 1000`,
    [r.congress_level, r.congress_region_code, r.term, r.round_id, search])).rows;
}

/** ONE ballot per deputy: the unique index decides; null when the deputy already has one. */
export async function insertBallot(q: Queryable, b: { round_id: string; deputy_id: string; channel: 'electronic' | 'paper'; entered_by: string | null; cast_at: Date }): Promise<string | null> {
  const r = await q.query<{ ballot_id: string }>(
    `INSERT INTO vote_ballots (round_id, deputy_id, channel, entered_by, cast_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (round_id, deputy_id) DO NOTHING RETURNING ballot_id`,
    [b.round_id, b.deputy_id, b.channel, b.entered_by, b.cast_at],
  );
  return r.rows[0]?.ballot_id ?? null;
}

export async function findBallot(q: Queryable, roundId: string, deputyId: string) {
  return (await q.query<{ channel: 'electronic' | 'paper'; cast_at: Date }>('SELECT channel, cast_at FROM vote_ballots WHERE round_id = $1 AND deputy_id = $2', [roundId, deputyId])).rows[0] ?? null;
}

/** Choices carry no ballot id and no time; the voter only when the vote is open (deputyId non-null). */
export async function insertChoices(q: Queryable, roundId: string, channel: string, deputyId: string | null, choices: readonly { candidateId: string; choice: string }[]): Promise<void> {
  await q.query(
    `INSERT INTO vote_choices (round_id, candidate_id, choice, channel, deputy_id)
     SELECT $1, c.candidate_id, c.choice, $2, $3 FROM jsonb_to_recordset($4::jsonb) AS c(candidate_id uuid, choice text)`,
    [roundId, channel, deputyId, JSON.stringify(choices.map((c) => ({ candidate_id: c.candidateId, choice: c.choice })))],
  );
}

export async function ballotCounts(q: Queryable, roundId: string) {
  const r = (await q.query<{ channel: string; n: number }>('SELECT channel, count(*)::int AS n FROM vote_ballots WHERE round_id = $1 GROUP BY channel', [roundId])).rows;
  return { electronic: r.find((x) => x.channel === 'electronic')?.n ?? 0, paper: r.find((x) => x.channel === 'paper')?.n ?? 0 };
}

export async function choiceCounts(q: Queryable, roundId: string) {
  return (await q.query<{ candidate_id: string; yes: number; no: number; abstain: number }>(
    `SELECT candidate_id, count(*) FILTER (WHERE choice = 'yes')::int AS yes, count(*) FILTER (WHERE choice = 'no')::int AS no,
       count(*) FILTER (WHERE choice = 'abstain')::int AS abstain FROM vote_choices WHERE round_id = $1 GROUP BY candidate_id`, [roundId])).rows;
}

export async function openVoteChoices(q: Queryable, roundId: string) {
  return (await q.query<{ deputy_id: string; name: string; candidate_id: string; choice: string }>(
    `SELECT c.deputy_id, d.name, c.candidate_id, c.choice FROM vote_choices c JOIN deputies d ON d.deputy_id = c.deputy_id
     WHERE c.round_id = $1 AND c.deputy_id IS NOT NULL ORDER BY d.name_pinyin`, [roundId])).rows;
}

export async function insertDiscrepancy(q: Queryable, d: { round_id: string; deputy_id: string; existing_channel: string; entered_by: string; created_at: Date }): Promise<void> {
  await q.query('INSERT INTO vote_discrepancies (round_id, deputy_id, existing_channel, entered_by, created_at) VALUES ($1, $2, $3, $4, $5)',
    [d.round_id, d.deputy_id, d.existing_channel, d.entered_by, d.created_at]);
}

export async function listDiscrepancies(q: Queryable, roundId: string) {
  return (await q.query<{ deputy_id: string; name: string; existing_channel: 'electronic' | 'paper' }>(
    `SELECT x.deputy_id, d.name, x.existing_channel FROM vote_discrepancies x JOIN deputies d ON d.deputy_id = x.deputy_id
     WHERE x.round_id = $1 ORDER BY x.created_at`, [roundId])).rows;
}

export async function findDeputyName(q: Queryable, id: string): Promise<string | null> {
  return (await q.query<{ name: string }>('SELECT name FROM deputies WHERE deputy_id = $1', [id])).rows[0]?.name ?? null;
}

export async function findUnit(q: Queryable, id: string) {
  return (await q.query<{ unit_id: string; county_code: string; is_active: boolean }>('SELECT unit_id, county_code, is_active FROM handling_units WHERE unit_id = $1', [id])).rows[0] ?? null;
}

export async function findRegion(q: Queryable, code: string) {
  return (await q.query<{ region_code: string; level: string; county_code: string | null }>('SELECT region_code, level, county_code FROM regions WHERE region_code = $1', [code])).rows[0] ?? null;
}

export async function upsertRating(q: Queryable, r: { project_id: string; deputy_id: string; year: number; rating: string; rated_at: Date }): Promise<void> {
  await q.query(
    `INSERT INTO project_ratings (project_id, deputy_id, year, rating, rated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (project_id, deputy_id, year) DO UPDATE SET rating = EXCLUDED.rating, rated_at = EXCLUDED.rated_at`,
    [r.project_id, r.deputy_id, r.year, r.rating, r.rated_at],
  );
}

export async function myRatings(q: Queryable, roundId: string, deputyId: string) {
  return (await q.query<{ project_id: string; rating: string }>(
    'SELECT r.project_id, r.rating FROM project_ratings r JOIN projects p ON p.project_id = r.project_id WHERE p.round_id = $1 AND r.deputy_id = $2', [roundId, deputyId])).rows;
}

export async function roundProjects(q: Queryable, roundId: string) {
  return (await q.query<{ project_id: string; title: string; status: string; budget_fen: number; reported_percent: number | null; verified_percent: number | null; candidate_id: string }>(
    'SELECT project_id, title, status, budget_fen, reported_percent, verified_percent, candidate_id FROM projects WHERE round_id = $1 ORDER BY created_at', [roundId])).rows;
}

export async function ratingCountsByRound(q: Queryable, roundId: string) {
  return (await q.query<{ project_id: string; rating: string; n: number }>(
    `SELECT r.project_id, r.rating, count(*)::int AS n FROM project_ratings r JOIN projects p ON p.project_id = r.project_id
     WHERE p.round_id = $1 GROUP BY r.project_id, r.rating`, [roundId])).rows;
}
