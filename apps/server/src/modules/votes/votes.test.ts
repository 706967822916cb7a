import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, loginAs, makeCounty, type Session, type TestApp } from '../../../test/harness.js';
import { makeUnit } from '../../../test/organisation.factory.js';
import { countRows, makeCongressDeputy, makeSuggestionRow } from '../../../test/projects-votes.factory.js';

// R-VOTE-1: the livelihood vote over HTTP on a real database (PGlite and PostgreSQL).
type County = Awaited<ReturnType<typeof makeCounty>>;
const H = 3_600_000;

describe('livelihood vote (R-VOTE-1)', () => {
  let t: TestApp;
  let county: County;
  let staff: Session;
  let unitId: string;
  let staffName: string;
  let deputies: { deputyId: string; name: string; username: string; session: Session }[];
  let suggestionId: string;

  /** Moves the server clock; sessions idle out after 30 minutes, so everyone signs in again. */
  async function setClock(at: Date | string) {
    t.clock.set(at);
    staff = await login(t.app, staffName);
    for (const d of deputies) d.session = await login(t.app, d.username);
  }

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-01-10T01:00:00Z', config: { loginRateLimitPerMinute: 10_000 } });
    county = await makeCounty(t, 2, 1);
    const s = await loginAs(t, 'congress_staff', county.countyCode);
    staff = s.session;
    staffName = s.username;
    unitId = (await makeUnit(t, county.countyCode)).unitId;
    deputies = [];
    for (let i = 0; i < 6; i++) {
      const d = await makeCongressDeputy(t, county.townCodes[i % 2]!, county.countyCode, 17, 'county', `代表${i + 1}`);
      const u = await loginAs(t, 'deputy', county.townCodes[i % 2]!, { deputyId: d.deputyId });
      deputies.push({ ...d, username: u.username, session: u.session });
    }
    suggestionId = (await makeSuggestionRow(t, { regionCode: county.townCodes[0]!, leadDeputyId: deputies[0]!.deputyId })).suggestionId;
  });
  afterAll(() => t.close());

  /** A round with `n` listed candidates, published and open for one hour. */
  async function openRound(opts: { secret?: boolean; seats?: number; n?: number } = {}) {
    const created = await staff.request('POST', '/api/votes/rounds', {
      title: '2026年民生实事项目票决', year: 2026, congressLevel: 'county', congressRegionCode: county.countyCode, term: 17,
      seats: opts.seats ?? 2, secret: opts.secret ?? true,
    });
    expect(created.statusCode, created.body).toBe(200);
    const roundId = created.json().roundId as string;
    for (let i = 0; i < (opts.n ?? 3); i++) {
      const c = await staff.request('POST', `/api/votes/rounds/${roundId}/candidates`, {
        title: `候选项目${i + 1}`, description: '内容', source: i === 0 ? 'suggestion' : 'public', unitId,
        ...(i === 0 ? { sourceSuggestionId: suggestionId } : {}),
        subItems: [{ title: '子项一', budgetFen: 150_000_000 }, { title: '子项二', budgetFen: 50_000_001 }],
      });
      expect(c.statusCode, c.body).toBe(200);
    }
    let round = await act(roundId, { type: 'screen' });
    for (const c of round.candidates) {
      const s = await staff.request('POST', `/api/votes/rounds/${roundId}/candidates/${c.candidateId}/screening`, { decision: 'listed' });
      expect(s.statusCode, s.body).toBe(200);
    }
    round = await act(roundId, { type: 'publish' });
    expect(round.listedBudgetFen).toBe((opts.n ?? 3) * 200_000_001);
    round = await act(roundId, { type: 'open_ballot', closesAt: new Date(t.clock.now().getTime() + H).toISOString() });
    expect(round.phase).toBe('ballot_open');
    return round;
  }
  async function act(roundId: string, body: Record<string, unknown>) {
    const cur = (await staff.request('GET', `/api/votes/rounds/${roundId}`)).json();
    const res = await staff.request('POST', `/api/votes/rounds/${roundId}/actions`, { ...body, version: cur.version });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const ballot = (round: { candidates: { candidateId: string }[] }, yes: number[]) => ({
    choices: round.candidates.map((c, i) => ({ candidateId: c.candidateId, choice: yes.includes(i) ? 'yes' : 'no' })),
  });

  it('a candidate "from a suggestion" names a real suggestion of this congress (issue 6); a made-up one is a Chinese 400 that adds nothing', async () => {
    const round = await openRound({ n: 2 });
    expect(round.candidates.map((c: { sourceSuggestionId: string | null }) => c.sourceSuggestionId)).toContain(suggestionId);
    const created = await staff.request('POST', '/api/votes/rounds', {
      title: '2027年民生实事项目票决', year: 2027, congressLevel: 'county', congressRegionCode: county.countyCode, term: 17, seats: 1, secret: true,
    });
    const roundId = created.json().roundId as string;
    const before = await countRows(t, 'vote_candidates');
    const res = await staff.request('POST', `/api/votes/rounds/${roundId}/candidates`, {
      title: '候选', description: '内容', source: 'suggestion', unitId, sourceSuggestionId: '6f1c1c8e-8a54-4c55-9a3e-4d7b2f0c9a11',
      subItems: [{ title: '子项', budgetFen: 100 }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toContainEqual({ field: 'sourceSuggestionId', message: '来源代表建议不存在、仍在起草或不属于本级人大' });
    expect(await countRows(t, 'vote_candidates')).toBe(before);
  });

  it('50 simultaneous ballots by one deputy leave exactly one; the others get a clear Chinese 409', async () => {
    const round = await openRound();
    const d = deputies[0]!;
    const results = await Promise.all(Array.from({ length: 50 }, () => d.session.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [0]))));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.message).toBe('您已投票，每位代表只能投一票');
    expect(await countRows(t, 'vote_ballots', 'round_id = $1', [round.roundId])).toBe(1);
    expect(await countRows(t, 'vote_choices', 'round_id = $1', [round.roundId])).toBe(3);
    const mine = (await d.session.request('GET', `/api/votes/rounds/${round.roundId}`)).json();
    expect(mine.me).toMatchObject({ eligible: true, voted: true, channel: 'electronic' });
    expect(mine.actions).not.toContain('cast');
  });

  it('the ballot closes on the server clock: one millisecond before is accepted, at closing it is refused', async () => {
    const round = await openRound();
    const closes = new Date(round.closesAt).getTime();
    await setClock(new Date(closes - 1));
    const ok = await deputies[1]!.session.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [1]));
    expect(ok.statusCode, ok.body).toBe(200);
    await setClock(new Date(closes));
    const late = await deputies[2]!.session.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [1]));
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('投票已截止，不能再投票');
    expect(await countRows(t, 'vote_ballots', 'round_id = $1', [round.roundId])).toBe(1);
    await setClock('2026-01-10T01:00:00Z');
  });

  it('only deputies of that congress vote: staff 403, a deputy of another congress 403, bad ballot 400 with nothing written', async () => {
    const round = await openRound();
    const clerk = (await loginAs(t, 'town_staff', county.townCodes[0]!)).session;
    const r1 = await clerk.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [0]));
    expect(r1.statusCode).toBe(403);
    const township = await makeCongressDeputy(t, county.townCodes[0]!, county.townCodes[0]!, 18, 'township');
    const s = (await loginAs(t, 'deputy', county.townCodes[0]!, { deputyId: township.deputyId })).session;
    const r2 = await s.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [0]));
    expect(r2.statusCode).toBe(403);
    expect(r2.json().error.message).toMatch(/^只有测试县\d+第17届人民代表大会代表才能投票$/);
    const tooMany = await deputies[3]!.session.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [0, 1, 2]));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toBe('赞成的项目不能超过应选数2个（本票选了3个）');
    expect(tooMany.json().error.details).toEqual([{ field: 'choices', message: '赞成的项目不能超过应选数2个（本票选了3个）' }]);
    const badChoice = await deputies[3]!.session.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, { choices: [{ candidateId: round.candidates[0].candidateId, choice: 'maybe' }] });
    expect(badChoice.statusCode).toBe(400);
    expect(badChoice.body).toContain('表决意见应为赞成、不赞成或弃权');
    expect(await countRows(t, 'vote_ballots', 'round_id = $1', [round.roundId])).toBe(0);
    expect(await countRows(t, 'vote_choices', 'round_id = $1', [round.roundId])).toBe(0);
  });

  it('secret ballot: who voted is recorded, how is not — no voter, ballot or time on a choice; the audit names no choice', async () => {
    const round = await openRound({ secret: true });
    await deputies[0]!.session.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [0, 2]));
    await deputies[1]!.session.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [1]));
    expect(await countRows(t, 'vote_ballots', 'round_id = $1', [round.roundId])).toBe(2);
    expect(await countRows(t, 'vote_choices', 'round_id = $1 AND deputy_id IS NOT NULL', [round.roundId])).toBe(0);
    const cols = (await t.db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'vote_choices' ORDER BY column_name`)).rows.map((r) => r.column_name);
    expect(cols).toEqual(['candidate_id', 'channel', 'choice', 'choice_id', 'deputy_id', 'round_id']);
    const audits = (await t.db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'vote.cast' AND after->>'roundId' = $1`, [round.roundId])).rows;
    expect(audits).toHaveLength(2);
    for (const a of audits) expect(JSON.stringify(a.after)).not.toMatch(/yes|no"|abstain|choice/);
  });

  it('open ballot (set by the congress): choices name the voter and the counted round shows them', async () => {
    const round = await openRound({ secret: false, seats: 1, n: 2 });
    await deputies[0]!.session.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [1]));
    expect(await countRows(t, 'vote_choices', 'round_id = $1 AND deputy_id = $2', [round.roundId, deputies[0]!.deputyId])).toBe(2);
    await setClock(new Date(t.clock.now().getTime() + 2 * H));
    const counted = await act(round.roundId, { type: 'count' });
    expect(counted.openVotes).toHaveLength(2);
    await setClock('2026-01-10T01:00:00Z');
  });

  it('paper ballots: a deputy cannot have both; the teller is told, the discrepancy and a sheet mismatch are reported; count ranks and makes projects', async () => {
    const round = await openRound({ seats: 2, n: 3 });
    const url = `/api/votes/rounds/${round.roundId}`;
    // deputies 1–3 vote electronically; tellers enter paper ballots for 4 and 5
    await deputies[0]!.session.request('POST', `${url}/ballots`, ballot(round, [0, 1]));
    await deputies[1]!.session.request('POST', `${url}/ballots`, ballot(round, [0, 1]));
    await deputies[2]!.session.request('POST', `${url}/ballots`, ballot(round, [0, 2]));
    for (const d of [deputies[3]!, deputies[4]!]) {
      const p = await staff.request('POST', `${url}/paper-ballots`, { deputyId: d.deputyId, ...ballot(round, [0, 1]) });
      expect(p.statusCode, p.body).toBe(200);
    }
    const dup = await staff.request('POST', `${url}/paper-ballots`, { deputyId: deputies[0]!.deputyId, ...ballot(round, [2]) });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('代表1已电子投票，每位代表只能有一张选票；此纸质选票不计入，已记入核对差异');
    // and the other way round: a paper ballot first, then the deputy's phone
    const late = await deputies[3]!.session.request('POST', `${url}/ballots`, ballot(round, [2]));
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('您的纸质选票已录入，每位代表只能投一票');
    const sheets = await staff.request('PUT', `${url}/paper-sheets`, { sheetsCounted: 3 });
    expect(sheets.statusCode, sheets.body).toBe(200);
    const rec = sheets.json().reconciliation;
    expect(rec).toMatchObject({ totalDeputies: 6, electronic: 3, paper: 2, ballotsCast: 5, notVoted: 1, paperSheetsCounted: 3, balanced: false });
    expect(rec.discrepancies.map((d: { message: string }) => d.message)).toEqual(['计票人清点纸质选票3张，已录入2张，相差1张', '代表1已电子投票，其纸质选票未计入']);
    // counting before closing is refused; after closing, results are ranked with counts
    const early = await staff.request('POST', `${url}/actions`, { type: 'count', version: sheets.json().version });
    expect(early.statusCode).toBe(409);
    await setClock(new Date(t.clock.now().getTime() + 2 * H));
    const counted = await act(round.roundId, { type: 'count' });
    expect(counted.result).toMatchObject({ totalDeputies: 6, ballotsCast: 5, quorumMet: true });
    const results = counted.candidates.map((c: { title: string; result: unknown }) => [c.title, c.result]);
    expect(results).toEqual([
      ['候选项目1', { yes: 5, no: 0, abstain: 0, rank: 1, passed: true, chosen: true }],
      ['候选项目2', { yes: 4, no: 1, abstain: 0, rank: 2, passed: true, chosen: true }],
      ['候选项目3', { yes: 1, no: 4, abstain: 0, rank: 3, passed: false, chosen: false }],
    ]);
    expect(counted.projects.map((p: { title: string; status: string; budgetFen: number }) => [p.title, p.status, p.budgetFen])).toEqual([
      ['候选项目1', 'approved', 200_000_001],
      ['候选项目2', 'approved', 200_000_001],
    ]);
    // the chosen items are tracked projects with their sub-items
    const project = (await staff.request('GET', `/api/projects/${counted.projects[0].projectId}`)).json();
    expect(project).toMatchObject({ kind: 'livelihood', status: 'approved', budgetFen: 200_000_001, itemsTotalFen: 200_000_001 });
    expect(project.items).toHaveLength(2);
    expect(project.milestones[0].note).toBe('经人大代表票决产生（赞成5票，排名第1）');
    // R-STAT-1: the statistics count the items the vote chose, and their money, on the counting day
    const y = (project.approvedOn as string).slice(0, 4);
    const cut = await staff.request('GET', `/api/stats/cut?dim=total&from=${y}-01-01&to=${y}-12-31`);
    expect(cut.statusCode, cut.body).toBe(200);
    const figures = cut.json().rows[0].figures;
    const recount = (await t.db.query<{ n: number; fen: string }>(
      `SELECT count(*)::int AS n, sum(budget_fen)::text AS fen FROM projects WHERE kind = 'livelihood' AND EXTRACT(YEAR FROM approved_on) = $1::int`, [Number(y)],
    )).rows[0]!;
    expect(recount.n).toBeGreaterThanOrEqual(2);
    expect([figures.livelihood_projects_approved, figures.livelihood_projects_money]).toEqual([recount.n, Number(recount.fen)]);
    const drill = await staff.request('GET', `/api/stats/records?metric=livelihood_projects_money&from=${y}-01-01&to=${y}-12-31`);
    expect(drill.json()).toMatchObject({ kind: 'projects', figure: Number(recount.fen), total: recount.n });

    // year-end rating: refused before 1 December, then one rating per deputy and project
    const before = await deputies[0]!.session.request('POST', `${url}/ratings`, { ratings: [{ projectId: project.projectId, rating: 'satisfied' }] });
    expect(before.statusCode).toBe(409);
    expect(before.json().error.message).toBe('年终评价自2026年12月1日起开放');
    await setClock('2026-12-01T00:00:00Z');
    for (const [i, rating] of (['satisfied', 'basically_satisfied', 'dissatisfied', 'satisfied'] as const).entries()) {
      const r = await deputies[i]!.session.request('POST', `${url}/ratings`, { ratings: [{ projectId: project.projectId, rating }] });
      expect(r.statusCode, r.body).toBe(200);
    }
    const again = await deputies[0]!.session.request('POST', `${url}/ratings`, { ratings: [{ projectId: project.projectId, rating: 'satisfied' }] });
    const rated = again.json().projects[0];
    expect(rated.ratings).toMatchObject({ satisfied: 2, basically_satisfied: 1, dissatisfied: 1, total: 4, satisfactionPermille: 750 });
    expect(rated.myRating).toBe('satisfied');
    await setClock('2026-01-10T01:00:00Z');
  });

  it('the quorum: with too few ballots nothing is chosen', async () => {
    const round = await openRound({ seats: 1, n: 2 });
    await deputies[0]!.session.request('POST', `/api/votes/rounds/${round.roundId}/ballots`, ballot(round, [0]));
    await setClock(new Date(t.clock.now().getTime() + 2 * H));
    const counted = await act(round.roundId, { type: 'count' });
    expect(counted.result.quorumMet).toBe(false);
    expect(counted.projects).toEqual([]);
    await setClock('2026-01-10T01:00:00Z');
  });

  it('a stale version is refused with 409; managing needs vote.manage in scope', async () => {
    const created = await staff.request('POST', '/api/votes/rounds', { title: '测试', year: 2026, congressLevel: 'county', congressRegionCode: county.countyCode, term: 17, seats: 1 });
    const id = created.json().roundId;
    const stale = await staff.request('POST', `/api/votes/rounds/${id}/actions`, { type: 'screen', version: 99 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('该票决已被他人修改，请刷新后重试');
    const d = await deputies[0]!.session.request('POST', `/api/votes/rounds/${id}/actions`, { type: 'screen', version: 1 });
    expect(d.statusCode).toBe(403);
    const wrongLevel = await staff.request('POST', '/api/votes/rounds', { title: '测试', year: 2026, congressLevel: 'township', congressRegionCode: county.countyCode, term: 17, seats: 1 });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().error.details).toEqual([{ field: 'congressRegionCode', message: '人大所在区划与人大层级不符' }]);
  });
});
