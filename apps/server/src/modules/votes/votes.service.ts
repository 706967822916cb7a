import { randomBytes, randomUUID } from 'node:crypto';
import { findSuggestionForLink } from '../suggestions/suggestions.repository.js';
import {
  allowedRoundActions,
  applyRoundAction,
  ballotProblem,
  BALLOT_CHOICE_LABELS,
  calendarDateOf,
  can,
  CANDIDATE_SOURCE_LABELS,
  CONGRESS_LEVEL_LABELS,
  countyCodeOf,
  describeAdoptionRule,
  formatCalendarDate,
  formatPublicId,
  isWithinRegion,
  progressComparison,
  PROJECT_RATING_LABELS,
  PROJECT_STATUS_LABELS,
  ratingSummary,
  ratingWindowOpen,
  reconcile,
  regionPrefix,
  roundPhase,
  ROUND_ACTION_LABELS,
  ROUND_PHASE_LABELS,
  sumFen,
  tally,
  type Actor,
  type BallotChoice,
  type Permission,
  type ProjectRating,
  type ProjectStatus,
  type RoundAction,
  type RoundState,
  type TCandidateCreateRequest,
  type TRoundActionRequest,
  type TRoundCreateRequest,
} from '@gridvoice/core';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { badRequest, conflict, forbidden, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as projectsRepo from '../projects/projects.repository.js';
import * as repo from './votes.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fieldError = (field: string, message: string) => badRequest(message, [{ field, message }]);
const CONGRESS_REGION_LEVEL = { prefectural: 'prefecture', county: 'county', township: 'town' } as const;
type Choices = { candidateId: string; choice: BallotChoice }[];

const phaseOf = (r: repo.RoundRow) => ({ status: r.status, opensAt: r.opens_at, closesAt: r.closes_at });

/** A round is seen by everyone within the congress' region and by those above it. */
function visible(actor: Actor, r: repo.RoundRow): boolean {
  return isWithinRegion(r.congress_region_code, actor.scopeRegionCode) || isWithinRegion(actor.scopeRegionCode, r.congress_region_code);
}

export function createVotesService(deps: AppDeps) {
  const { db, clock, config } = deps;
  const today = () => formatCalendarDate(calendarDateOf(clock.now(), config.timeZone));

  async function load(ctx: RequestContext, id: string, permission: Permission) {
    const r = UUID.test(id) ? await repo.findRound(db, id) : null;
    const actor = await requireAccess(deps, ctx, permission, {}, { type: 'vote_round', id });
    const ok = r && (permission === 'vote.manage' ? can(actor, permission, { regionCode: r.congress_region_code }).allowed : visible(actor, r));
    if (!r || !ok) {
      if (r) await insertAudit(db, ctx, clock.now(), { action: permission, objectType: 'vote_round', objectId: id, regionCode: r.congress_region_code, outcome: 'denied', after: { reason: 'out_of_scope' } });
      throw notFound('未找到该票决');
    }
    return { actor, r };
  }

  function stateOf(r: repo.RoundRow, listedCount: number): RoundState {
    return { status: r.status, opensAt: r.opens_at, closesAt: r.closes_at, listedCount, seats: r.seats };
  }

  /** Only deputies holding a mandate of that congress vote and rate. */
  async function requireVoter(ctx: RequestContext, r: repo.RoundRow, permission: 'vote.cast' | 'vote.rate', actor: Actor): Promise<string> {
    const eligible = actor.role === 'deputy' && actor.deputyId ? await repo.isEligible(db, r, actor.deputyId) : false;
    if (!eligible || !actor.deputyId) {
      await insertAudit(db, ctx, clock.now(), { action: permission, objectType: 'vote_round', objectId: r.round_id, regionCode: r.congress_region_code, outcome: 'denied', after: { reason: 'not_a_deputy_of_this_congress' } });
      throw forbidden(`只有${r.congress_region_name}第${r.term}届人民代表大会代表才能${permission === 'vote.cast' ? '投票' : '评价'}`);
    }
    return actor.deputyId;
  }

  async function present(actor: Actor, r: repo.RoundRow) {
    const now = clock.now();
    const [candidates, items, counts, totalDeputies, projects] = await Promise.all([
      repo.listCandidates(db, r.round_id),
      repo.listCandidateItems(db, r.round_id),
      repo.ballotCounts(db, r.round_id),
      r.total_deputies !== null ? Promise.resolve(r.total_deputies) : repo.countEligible(db, r),
      repo.roundProjects(db, r.round_id),
    ]);
    const phase = roundPhase(phaseOf(r), now);
    const manage = can(actor, 'vote.manage', { regionCode: r.congress_region_code }).allowed;
    const listed = candidates.filter((c) => c.screening === 'listed');
    // the public sees the candidate list once published; the office sees everything it collects
    const published = phase !== 'collecting' && phase !== 'screening';
    const shown = manage ? candidates : published ? listed : [];
    const eligible = actor.role === 'deputy' && actor.deputyId ? await repo.isEligible(db, r, actor.deputyId) : false;
    const myBallot = eligible && actor.deputyId ? await repo.findBallot(db, r.round_id, actor.deputyId) : null;
    const ratingCounts = await repo.ratingCountsByRound(db, r.round_id);
    const mine = eligible && actor.deputyId ? await repo.myRatings(db, r.round_id, actor.deputyId) : [];
    const discrepancies = manage ? await repo.listDiscrepancies(db, r.round_id) : [];
    const actions: string[] = [];
    if (manage) {
      for (const a of allowedRoundActions(stateOf(r, listed.length), now)) actions.push(a);
      if (phase === 'collecting' || phase === 'screening') actions.push('add_candidate');
      if (phase === 'screening') actions.push('screen_candidate');
      if (phase === 'ballot_open' || phase === 'ballot_closed') actions.push('enter_paper', 'count_sheets');
    }
    if (eligible && phase === 'ballot_open' && !myBallot && can(actor, 'vote.cast').allowed) actions.push('cast');
    const ratingOpen = r.status === 'counted' && ratingWindowOpen(r.year, today());
    if (eligible && ratingOpen && projects.length && can(actor, 'vote.rate').allowed) actions.push('rate');
    return {
      roundId: r.round_id,
      title: r.title,
      year: r.year,
      congress: { level: r.congress_level, levelLabel: CONGRESS_LEVEL_LABELS[r.congress_level], regionCode: r.congress_region_code, regionName: r.congress_region_name, term: r.term },
      seats: r.seats,
      secret: r.secret,
      rule: r.rule,
      ruleText: describeAdoptionRule(r.rule),
      status: r.status,
      phase,
      phaseLabel: ROUND_PHASE_LABELS[phase],
      opensAt: r.opens_at?.toISOString() ?? null,
      closesAt: r.closes_at?.toISOString() ?? null,
      serverNow: now.toISOString(),
      totalDeputies,
      ballots: { electronic: counts.electronic, paper: counts.paper, cast: counts.electronic + counts.paper },
      candidates: shown.map((c) => ({
        candidateId: c.candidate_id,
        position: c.position,
        title: c.title,
        description: c.description,
        source: c.source,
        sourceLabel: CANDIDATE_SOURCE_LABELS[c.source],
        sourceSuggestionId: c.source_suggestion_id,
        unitId: c.unit_id,
        unitName: c.unit_name,
        budgetFen: c.budget_fen,
        screening: c.screening,
        screeningReason: c.screening_reason,
        subItems: items.filter((i) => i.candidate_id === c.candidate_id).map((i) => ({ position: i.position, title: i.title, budgetFen: i.budget_fen })),
        result: r.status === 'counted' ? { yes: c.yes_count, no: c.no_count, abstain: c.abstain_count, rank: c.rank, passed: c.passed, chosen: c.chosen } : null,
        projectId: c.project_id,
      })),
      listedBudgetFen: sumFen(listed.map((c) => c.budget_fen)),
      listedSubItems: items.filter((i) => listed.some((c) => c.candidate_id === i.candidate_id)).length,
      result: r.status === 'counted' ? { totalDeputies: r.total_deputies, ballotsCast: r.ballots_cast, quorumMet: r.quorum_met, countedAt: r.counted_at?.toISOString() ?? null } : null,
      reconciliation: manage
        ? reconcile({ totalDeputies, electronic: counts.electronic, paperEntered: counts.paper, paperSheetsCounted: r.paper_sheets_counted, duplicates: discrepancies.map((d) => ({ deputyId: d.deputy_id, deputyName: d.name, existingChannel: d.existing_channel })) })
        : null,
      openVotes: !r.secret && r.status === 'counted' ? await repo.openVoteChoices(db, r.round_id) : null,
      projects: projects.map((p) => {
        const c: Record<ProjectRating, number> = { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 };
        for (const x of ratingCounts.filter((x) => x.project_id === p.project_id)) c[x.rating as ProjectRating] = x.n;
        return {
          projectId: p.project_id,
          title: p.title,
          status: p.status,
          statusLabel: PROJECT_STATUS_LABELS[p.status as ProjectStatus],
          budgetFen: p.budget_fen,
          progress: progressComparison(p.reported_percent, p.verified_percent),
          ratings: ratingSummary(c),
          myRating: mine.find((m) => m.project_id === p.project_id)?.rating ?? null,
        };
      }),
      me: { eligible, voted: !!myBallot, channel: myBallot?.channel ?? null, votedAt: myBallot?.cast_at.toISOString() ?? null },
      ratingOpen,
      labels: { choices: BALLOT_CHOICE_LABELS, ratings: PROJECT_RATING_LABELS, actions: ROUND_ACTION_LABELS },
      version: r.version,
      actions,
    };
  }

  async function listedIds(roundId: string) {
    return (await repo.listCandidates(db, roundId)).filter((c) => c.screening === 'listed').map((c) => c.candidate_id);
  }

  const service = {
    async list(ctx: RequestContext, query: { year?: number | undefined }) {
      const actor = await requireAccess(deps, ctx, 'vote.read', {}, { type: 'vote_round' });
      const rows = await repo.listRounds(db, regionPrefix(actor.scopeRegionCode), actor.scopeRegionCode, query.year ?? null);
      const now = clock.now();
      return {
        items: rows.map((r) => ({ roundId: r.round_id, title: r.title, year: r.year, congressRegionName: r.congress_region_name, term: r.term, seats: r.seats, secret: r.secret, phase: roundPhase(phaseOf(r), now), phaseLabel: ROUND_PHASE_LABELS[roundPhase(phaseOf(r), now)], opensAt: r.opens_at?.toISOString() ?? null, closesAt: r.closes_at?.toISOString() ?? null })),
        actions: can(actor, 'vote.manage', { regionCode: actor.scopeRegionCode }).allowed ? ['create'] : [],
      };
    },

    async get(ctx: RequestContext, id: string) {
      const { actor, r } = await load(ctx, id, 'vote.read');
      return present(actor, r);
    },

    async create(ctx: RequestContext, body: TRoundCreateRequest) {
      const actor = await requireAccess(deps, ctx, 'vote.manage', { regionCode: body.congressRegionCode }, { type: 'vote_round' });
      const region = await repo.findRegion(db, body.congressRegionCode);
      if (!region || region.level !== CONGRESS_REGION_LEVEL[body.congressLevel]) throw fieldError('congressRegionCode', '人大所在区划与人大层级不符');
      const now = clock.now();
      const roundId = randomUUID();
      await db.transaction(async (tx) => {
        await repo.insertRound(tx, { round_id: roundId, county_code: countyCodeOf(body.congressRegionCode) ?? body.congressRegionCode.slice(0, 6), title: body.title, year: body.year, congress_level: body.congressLevel, congress_region_code: body.congressRegionCode, term: body.term, seats: body.seats, secret: body.secret, rule: body.rule, created_by: actor.userId, created_at: now });
        await insertAudit(tx, ctx, now, { action: 'vote.manage', objectType: 'vote_round', objectId: roundId, regionCode: body.congressRegionCode, after: { title: body.title, year: body.year, seats: body.seats, secret: body.secret, rule: body.rule } });
      });
      return service.get(ctx, roundId);
    },

    async addCandidate(ctx: RequestContext, id: string, body: TCandidateCreateRequest) {
      const { actor, r } = await load(ctx, id, 'vote.manage');
      if (r.status !== 'collecting' && r.status !== 'screening') throw conflict('候选项目已公布，不能再增加', 'wrong_status');
      const unit = await repo.findUnit(db, body.unitId);
      const unitCounty = unit ? unit.county_code.padEnd(12, '0') : '';
      if (!unit || !unit.is_active || !(isWithinRegion(unitCounty, r.congress_region_code) || isWithinRegion(r.congress_region_code, unitCounty))) throw fieldError('unitId', '牵头单位不存在或不在本级人大的行政区域内');
      if (body.regionCode && !isWithinRegion(body.regionCode, r.congress_region_code)) throw fieldError('regionCode', '项目所在区域不在本级人大的行政区域内');
      if (body.sourceSuggestionId) {
        const sug = await findSuggestionForLink(db, body.sourceSuggestionId);
        if (!sug || !isWithinRegion(sug.county_code.padEnd(12, '0'), r.congress_region_code) || sug.status === 'drafting') {
          throw fieldError('sourceSuggestionId', '来源代表建议不存在、仍在起草或不属于本级人大');
        }
      }
      const now = clock.now();
      const candidateId = randomUUID();
      const budget = sumFen(body.subItems.map((i) => i.budgetFen));
      await db.transaction(async (tx) => {
        await repo.insertCandidate(tx, { candidate_id: candidateId, round_id: r.round_id, title: body.title, description: body.description, source: body.source, source_suggestion_id: body.sourceSuggestionId, unit_id: body.unitId, region_code: body.regionCode, budget_fen: budget, created_by: actor.userId, created_at: now }, body.subItems);
        await insertAudit(tx, ctx, now, { action: 'vote.manage', objectType: 'vote_candidate', objectId: candidateId, regionCode: r.congress_region_code, after: { roundId: r.round_id, title: body.title, budgetFen: budget, subItems: body.subItems.length } });
      });
      return service.get(ctx, id);
    },

    async screenCandidate(ctx: RequestContext, id: string, candidateId: string, body: { decision: 'listed' | 'screened_out'; reason?: string | undefined }) {
      const { r } = await load(ctx, id, 'vote.manage');
      if (r.status !== 'screening') throw conflict('只有在审查筛选阶段才能审查候选项目', 'wrong_status');
      const c = (await repo.listCandidates(db, r.round_id)).find((x) => x.candidate_id === candidateId);
      if (!c) throw notFound('未找到该候选项目');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setScreening(tx, candidateId, body.decision, body.reason ?? null);
        await insertAudit(tx, ctx, now, { action: 'vote.manage', objectType: 'vote_candidate', objectId: candidateId, regionCode: r.congress_region_code, before: { screening: c.screening }, after: { screening: body.decision, reason: body.reason ?? null } });
      });
      return service.get(ctx, id);
    },

    async act(ctx: RequestContext, id: string, body: TRoundActionRequest) {
      const { actor, r } = await load(ctx, id, 'vote.manage');
      if (body.version !== r.version) throw conflict('该票决已被他人修改，请刷新后重试', 'version_conflict');
      const now = clock.now();
      const listed = await listedIds(r.round_id);
      const action: RoundAction = body.type === 'open_ballot' ? { type: 'open_ballot', opensAt: body.opensAt ? new Date(body.opensAt) : now, closesAt: new Date(body.closesAt) } : { type: body.type };
      const res = applyRoundAction(stateOf(r, listed.length), action, now);
      if (!res.ok) {
        if (res.code === 'wrong_status') throw conflict(res.message, 'wrong_status');
        throw fieldError(res.field ?? 'type', res.message);
      }
      await db.transaction(async (tx) => {
        const set: Parameters<typeof repo.updateRound>[3] = { status: res.state.status, opens_at: res.state.opensAt, closes_at: res.state.closesAt };
        let outcome: ReturnType<typeof tally> | null = null;
        if (body.type === 'count') {
          const totalDeputies = await repo.countEligible(tx, r);
          const counts = await repo.ballotCounts(tx, r.round_id);
          const byCandidate = await repo.choiceCounts(tx, r.round_id);
          const cast = counts.electronic + counts.paper;
          outcome = tally(listed.map((cid) => { const x = byCandidate.find((b) => b.candidate_id === cid); return { candidateId: cid, yes: x?.yes ?? 0, no: x?.no ?? 0, abstain: x?.abstain ?? 0 }; }), totalDeputies, cast, r.seats, r.rule);
          Object.assign(set, { total_deputies: totalDeputies, ballots_cast: cast, quorum_met: outcome.quorumMet, counted_at: now });
          for (const x of outcome.results) await repo.setCandidateResult(tx, x.candidateId, x);
          // the chosen items become tracked projects, approved with their budget and lead unit
          const cands = await repo.listCandidates(tx, r.round_id);
          const items = await repo.listCandidateItems(tx, r.round_id);
          const on = today();
          for (const x of outcome.results.filter((y) => y.chosen)) {
            const c = cands.find((y) => y.candidate_id === x.candidateId) as repo.CandidateRow;
            const projectId = randomUUID();
            await projectsRepo.insertProject(tx, {
              project_id: projectId, public_id: formatPublicId(randomBytes(8)), county_code: r.county_code, region_code: c.region_code ?? r.congress_region_code,
              kind: 'livelihood', title: c.title, description: c.description, status: 'approved', proposer_deputy_id: null, proposed_by: actor.userId,
              source_suggestion_id: c.source_suggestion_id, round_id: r.round_id, candidate_id: c.candidate_id, estimated_budget_fen: c.budget_fen, budget_fen: c.budget_fen,
              unit_id: c.unit_id, proposed_on: on, approved_on: on, is_demo: false, created_at: now, updated_at: now,
            });
            await projectsRepo.insertItems(tx, projectId, items.filter((i) => i.candidate_id === c.candidate_id).map((i) => ({ title: i.title, budgetFen: i.budget_fen })));
            await projectsRepo.insertRecord(tx, { record_id: randomUUID(), project_id: projectId, kind: 'milestone', action: 'approve', occurred_on: on, note: `经人大代表票决产生（赞成${x.yes}票，排名第${x.rank}）`, actor_user_id: actor.userId, actor_name: actor.username, unit_id: c.unit_id, created_at: now });
          }
        }
        const v = await repo.updateRound(tx, r.round_id, body.version, set, now);
        if (v === null) throw conflict('该票决已被他人修改，请刷新后重试', 'version_conflict');
        await insertAudit(tx, ctx, now, {
          action: 'vote.manage', objectType: 'vote_round', objectId: r.round_id, regionCode: r.congress_region_code,
          before: { status: r.status, opensAt: r.opens_at, closesAt: r.closes_at },
          after: { action: body.type, status: res.state.status, opensAt: res.state.opensAt, closesAt: res.state.closesAt, ...(outcome ? { ballotsCast: outcome.ballotsCast, quorumMet: outcome.quorumMet, chosen: outcome.results.filter((x) => x.chosen).map((x) => x.candidateId) } : {}) },
        });
      });
      return service.get(ctx, id);
    },

    /** A deputy's electronic ballot: open by the server's clock, one per deputy (unique index). */
    async cast(ctx: RequestContext, id: string, choices: Choices) {
      const { actor, r } = await load(ctx, id, 'vote.cast');
      const deputyId = await requireVoter(ctx, r, 'vote.cast', actor);
      await castFor(ctx, r, deputyId, 'electronic', choices, null);
      return service.get(ctx, id);
    },

    /** A teller enters a paper ballot; a deputy with a ballot already is refused and the discrepancy kept. */
    async enterPaper(ctx: RequestContext, id: string, deputyId: string, choices: Choices) {
      const { actor, r } = await load(ctx, id, 'vote.manage');
      const phase = roundPhase(phaseOf(r), clock.now());
      if (phase !== 'ballot_open' && phase !== 'ballot_closed') throw conflict(`票决当前为“${ROUND_PHASE_LABELS[phase]}”，不能录入纸质选票`, 'wrong_status');
      if (!(await repo.isEligible(db, r, deputyId))) throw fieldError('deputyId', '该代表不是本届人民代表大会代表');
      await castFor(ctx, r, deputyId, 'paper', choices, actor);
      return service.get(ctx, id);
    },

    async countSheets(ctx: RequestContext, id: string, sheetsCounted: number) {
      const { r } = await load(ctx, id, 'vote.manage');
      if (r.status === 'counted') throw conflict('已计票，不能再修改清点张数', 'wrong_status');
      const now = clock.now();
      await db.transaction(async (tx) => {
        const v = await repo.updateRound(tx, r.round_id, r.version, { paper_sheets_counted: sheetsCounted }, now);
        if (v === null) throw conflict('该票决已被他人修改，请刷新后重试', 'version_conflict');
        await insertAudit(tx, ctx, now, { action: 'vote.manage', objectType: 'vote_round', objectId: r.round_id, regionCode: r.congress_region_code, before: { paperSheetsCounted: r.paper_sheets_counted }, after: { paperSheetsCounted: sheetsCounted } });
      });
      return service.get(ctx, id);
    },

    async eligibleDeputies(ctx: RequestContext, id: string, q: string | null) {
      const { r } = await load(ctx, id, 'vote.manage');
      const rows = await repo.listEligible(db, r, q);
      return { items: rows.map((d) => ({ deputyId: d.deputy_id, name: d.name, regionName: d.region_name, voted: !!d.channel, channel: d.channel })) };
    },

    async rate(ctx: RequestContext, id: string, ratings: { projectId: string; rating: ProjectRating }[]) {
      const { actor, r } = await load(ctx, id, 'vote.rate');
      const deputyId = await requireVoter(ctx, r, 'vote.rate', actor);
      if (r.status !== 'counted' || !ratingWindowOpen(r.year, today())) throw conflict(`年终评价自${r.year}年12月1日起开放`, 'wrong_status');
      const projects = await repo.roundProjects(db, r.round_id);
      const bad = ratings.find((x) => !projects.some((p) => p.project_id === x.projectId));
      if (bad) throw fieldError('ratings', '评价的项目不是本次票决产生的项目');
      const now = clock.now();
      await db.transaction(async (tx) => {
        for (const x of ratings) await repo.upsertRating(tx, { project_id: x.projectId, deputy_id: deputyId, year: r.year, rating: x.rating, rated_at: now });
        await insertAudit(tx, ctx, now, { action: 'vote.rate', objectType: 'vote_round', objectId: r.round_id, regionCode: r.congress_region_code, after: { ratings } });
      });
      return service.get(ctx, id);
    },
  };

  async function castFor(ctx: RequestContext, r: repo.RoundRow, deputyId: string, channel: 'electronic' | 'paper', choices: Choices, teller: Actor | null) {
    const now = clock.now();
    if (channel === 'electronic') {
      const phase = roundPhase(phaseOf(r), now);
      if (phase === 'ballot_closed' || phase === 'counted') throw conflict('投票已截止，不能再投票', 'ballot_closed');
      if (phase !== 'ballot_open') throw conflict('投票尚未开始', 'ballot_not_open');
    }
    const problem = ballotProblem(choices, await listedIds(r.round_id), r.seats);
    if (problem) throw fieldError('choices', problem);
    const existing = await db.transaction(async (tx) => {
      const ballotId = await repo.insertBallot(tx, { round_id: r.round_id, deputy_id: deputyId, channel, entered_by: teller?.userId ?? null, cast_at: now });
      if (!ballotId) return (await repo.findBallot(tx, r.round_id, deputyId))?.channel ?? channel;
      // secret ballot: the choices carry no voter; open ballot: they name the deputy
      await repo.insertChoices(tx, r.round_id, channel, r.secret ? null : deputyId, choices);
      // the audit says who voted and how (channel), never what: the choices stay out of it
      await insertAudit(tx, ctx, now, { action: channel === 'electronic' ? 'vote.cast' : 'vote.manage', objectType: 'vote_ballot', objectId: ballotId, regionCode: r.congress_region_code, after: { roundId: r.round_id, deputyId, channel } });
      return null;
    });
    if (existing) {
      if (channel === 'paper' && teller) {
        await db.transaction(async (tx) => {
          await repo.insertDiscrepancy(tx, { round_id: r.round_id, deputy_id: deputyId, existing_channel: existing, entered_by: teller.userId, created_at: now });
          await insertAudit(tx, ctx, now, { action: 'vote.manage', objectType: 'vote_round', objectId: r.round_id, regionCode: r.congress_region_code, outcome: 'failure', after: { paperBallotRefused: deputyId, existingChannel: existing } });
        });
        const name = (await repo.findDeputyName(db, deputyId)) ?? '该代表';
        throw conflict(`${name}已${existing === 'electronic' ? '电子投票' : '有纸质选票'}，每位代表只能有一张选票；此纸质选票不计入，已记入核对差异`, 'duplicate_ballot');
      }
      throw conflict(existing === 'paper' ? '您的纸质选票已录入，每位代表只能投一票' : '您已投票，每位代表只能投一票', 'duplicate_ballot');
    }
  }

  return service;
}
