import {
  DEFAULT_PERFORMANCE_SCHEME,
  OVERSIGHT_KIND_LABELS,
  OVERSIGHT_STAGE_LABELS,
  PERFORMANCE_GRADE_LABELS,
  RATER_STAGE_LABELS,
  addCalendarDays,
  allowedActions,
  can,
  isWithinRegion,
  nextRaterStage,
  parentRegionCode,
  parseCalendarDate,
  performanceResult,
  performanceTotal,
  submitPerformanceRating,
  zonedInstant,
  type Actor,
  type PerformanceRating,
  type PerformanceScheme,
  type RaterStage,
  type TCampaignRequest,
  type TCampaignTagRequest,
  type TOversightCreateRequest,
  type TOversightDispatchRequest,
  type TPerformanceRatingRequest,
  type TPerformanceSchemeRequest,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { badRequest, conflict, forbidden, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { computeComplianceFor } from './duty-compliance.js';
import { dayRange, fieldError, iso, listScope, requireInScope, UUID } from './duty.shared.js';
import * as repo from './duty.repository.js';

/** Which roles rate at which stage (R-DUTY-9): self → group → town → deputy affairs office. */
const STAGE_ROLES: Record<RaterStage, readonly Actor['role'][]> = {
  self: ['deputy'],
  group: ['town_staff', 'congress_staff'],
  town: ['town_staff', 'congress_staff'],
  deputy_affairs_office: ['congress_staff'],
};

function regionsUp(code: string): string[] {
  const out: string[] = [];
  for (let c: string | null = code; c; c = parentRegionCode(c)) out.push(c);
  return out;
}

export function createCampaignsService(deps: AppDeps) {
  const { db, clock, config } = deps;
  const tz = config.timeZone;

  async function regionOf(q: Queryable, code: string, field = 'regionCode') {
    const r = await repo.findRegion(q, code);
    if (!r || !r.county_code) throw fieldError(field, '行政区划不存在或不在县级以下');
    return r;
  }

  async function presentCampaign(actor: Actor, c: repo.CampaignRow) {
    const end = zonedInstant(addCalendarDays(parseCalendarDate(c.ends_on), 1), tz);
    const targets = c.targets;
    const facts = await repo.campaignFacts(db, c.campaign_id, end, targets.townHeadActivityPerTown ?? 1);
    const towns = c.region_code.slice(6, 9) === '000' ? await repo.listTownsWithin(db, c.region_code.slice(0, 6)) : [await repo.findRegion(db, c.region_code.slice(0, 9) + '000')].filter((x): x is repo.RegionRow => !!x);
    const groups = await repo.countGroupsWithin(db, c.region_code.slice(6, 9) === '000' ? c.region_code.slice(0, 6) : c.region_code.slice(0, 9));
    const townsDone = new Set(facts.towns_with_head_activity);
    const summary = `收集群众意见${facts.concerns_collected}条，当月解决${facts.concerns_solved_in_period}条，形成建议${c.suggestions_formed}条`;
    return {
      campaignId: c.campaign_id,
      name: c.name,
      theme: c.theme,
      regionCode: c.region_code,
      regionName: c.region_name,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      targets,
      suggestionsFormed: c.suggestions_formed,
      progress: {
        activities: facts.activities,
        personTimes: facts.person_times,
        constituentsReceived: facts.constituents,
        concernsCollected: facts.concerns_collected,
        concernsSolvedInPeriod: facts.concerns_solved_in_period,
        suggestionsFormed: c.suggestions_formed,
        threeOnes: [
          {
            code: 'town_head_activity',
            label: '每个镇（街）至少开展一次由人大主席（主任）带队的活动',
            target: towns.length,
            done: towns.filter((t) => townsDone.has(t.region_code)).length,
            missing: towns.filter((t) => !townsDone.has(t.region_code)).map((t) => ({ regionCode: t.region_code, name: t.name })),
          },
          { code: 'group_quality_suggestion', label: '每个代表小组至少提出一条高质量建议', target: groups * (targets.qualitySuggestionPerGroup ?? 1), done: Math.min(c.suggestions_formed, groups * (targets.qualitySuggestionPerGroup ?? 1)), missing: [] },
          { code: 'prominent_problem_solved', label: '至少推动解决一个突出问题', target: targets.prominentProblemsSolved ?? 1, done: facts.prominent_solved, missing: [] },
        ],
      },
      summary,
      version: c.version,
      createdAt: c.created_at.toISOString(),
      actions: allowedActions(actor, ['campaign.manage'] as const, { regionCode: c.region_code }).length ? ['update', 'delete', 'tag'] : [],
    };
  }

  async function loadCampaign(ctx: RequestContext, id: string, permission: 'duty.read' | 'campaign.manage') {
    const c = UUID.test(id) ? await repo.findCampaign(db, id) : null;
    // a campaign of a county is visible to everyone below it (towns join the county's campaign)
    const actor = await requireAccess(deps, ctx, permission, {}, { type: 'campaign', id });
    const visible = c && (permission === 'duty.read'
      ? isWithinRegion(c.region_code, actor.scopeRegionCode) || isWithinRegion(actor.scopeRegionCode, c.region_code)
      : can(actor, permission, { regionCode: c.region_code }).allowed);
    if (!c || !visible) {
      if (c) await insertAudit(db, ctx, clock.now(), { action: permission, objectType: 'campaign', objectId: id, regionCode: c.region_code, outcome: 'denied', after: { reason: 'out_of_scope' } });
      throw notFound('未找到该主题活动');
    }
    return { actor, c };
  }

  async function schemeFor(q: Queryable, regionCode: string, year: number): Promise<{ scheme: PerformanceScheme; fromRegionCode: string | null }> {
    const up = regionsUp(regionCode);
    const rows = await repo.findSchemesUp(q, up, year);
    for (const code of up) {
      const r = rows.find((x) => x.region_code === code);
      if (r) return { scheme: r.scheme as PerformanceScheme, fromRegionCode: code };
    }
    return { scheme: DEFAULT_PERFORMANCE_SCHEME, fromRegionCode: null };
  }

  async function presentEvaluation(actor: Actor, deputy: repo.DeputyRef, year: number, evaluation: repo.EvaluationRow | null) {
    const scheme = evaluation ? (evaluation.scheme as PerformanceScheme) : (await schemeFor(db, deputy.region_code, year)).scheme;
    const ratings = evaluation ? await repo.listRatings(db, evaluation.evaluation_id) : [];
    const asRatings: PerformanceRating[] = ratings.map((r) => ({ stage: r.stage as RaterStage, raterId: r.rater_user_id ?? '', scores: r.scores, ...(r.comment ? { comment: r.comment } : {}) }));
    const next = nextRaterStage(asRatings, scheme.raterOrder);
    const result = performanceResult(asRatings, scheme);
    const { start, end } = dayRange(`${year}-01-01`, `${year}-12-31`, clock.now(), tz);
    const facts = await repo.deputyYearFacts(db, deputy.deputy_id, start, end);
    const canRateNext = next !== null && STAGE_ROLES[next].includes(actor.role) && can(actor, 'evaluation.rate', { regionCode: deputy.region_code, deputyId: deputy.deputy_id }).allowed;
    return {
      deputyId: deputy.deputy_id,
      name: deputy.name,
      year,
      scheme,
      facts: {
        activities: facts.activities,
        stationGridDuties: facts.duty_activities,
        surveysInspections: facts.surveys_inspections,
        meetings: facts.meetings,
        constituentsReceived: facts.constituents,
        concernsCollected: facts.concerns_collected,
        receptions: facts.receptions,
        suggestions: facts.suggestions,
      },
      ratings: ratings.map((r) => ({ stage: r.stage, stageLabel: RATER_STAGE_LABELS[r.stage as RaterStage], total: r.total, scores: r.scores, comment: r.comment, ratedAt: r.created_at.toISOString() })),
      nextStage: next,
      nextStageLabel: next ? RATER_STAGE_LABELS[next] : null,
      result: result && { total: result.total, grade: result.grade, gradeLabel: PERFORMANCE_GRADE_LABELS[result.grade], totalsByStage: result.totalsByStage },
      actions: canRateNext ? ['rate'] : [],
    };
  }

  async function loadDeputy(ctx: RequestContext, deputyId: string, permission: 'duty.read' | 'evaluation.rate') {
    const d = UUID.test(deputyId) ? (await repo.findDeputies(db, [deputyId]))[0] : undefined;
    const actor = await requireInScope(deps, ctx, permission, { type: 'deputy', id: deputyId }, d ? { regionCode: d.region_code, deputyId } : null, '未找到该代表');
    return { actor, d: d as repo.DeputyRef };
  }

  async function loadOversight(ctx: RequestContext, id: string, permission: 'duty.read' | 'oversight.manage') {
    const o = UUID.test(id) ? await repo.findOversight(db, id) : null;
    const actor = await requireInScope(deps, ctx, permission, { type: 'oversight', id }, o ? { regionCode: o.region_code } : null, '未找到该监督事项');
    return { actor, o: o as repo.OversightRow };
  }

  async function presentOversight(actor: Actor, o: repo.OversightRow, withProblems: boolean) {
    const problems = withProblems ? await repo.listProblems(db, o.oversight_id) : [];
    const manage = can(actor, 'oversight.manage', { regionCode: o.region_code }).allowed;
    return {
      oversightId: o.oversight_id,
      kind: o.kind,
      kindLabel: OVERSIGHT_KIND_LABELS[o.kind as keyof typeof OVERSIGHT_KIND_LABELS] ?? o.kind,
      regionCode: o.region_code,
      title: o.title,
      subject: o.subject,
      startsOn: o.starts_on,
      endsOn: o.ends_on,
      findings: o.findings,
      suggestions: o.suggestions,
      stage: o.stage,
      stageLabel: OVERSIGHT_STAGE_LABELS[o.stage as keyof typeof OVERSIGHT_STAGE_LABELS] ?? o.stage,
      campaignId: o.campaign_id,
      problemCount: o.problems,
      answeredCount: o.answered,
      createdAt: o.created_at.toISOString(),
      version: o.version,
      ...(withProblems
        ? {
            problems: problems
              .filter((p) => actor.role !== 'unit_handler' || p.unit_id === actor.unitId)
              .map((p) => ({
                problemId: p.problem_id,
                position: p.position,
                category: p.category,
                description: p.description,
                unitId: p.unit_id,
                unitName: p.unit_name,
                status: p.status,
                dueOn: p.due_on,
                dispatchedAt: iso(p.dispatched_at),
                answer: p.answer,
                answeredAt: iso(p.answered_at),
                revisitNote: p.revisit_note,
                revisitedAt: iso(p.revisited_at),
                actions: [
                  ...(manage && p.status === 'open' ? ['dispatch'] : []),
                  ...(p.status === 'dispatched' && actor.role === 'unit_handler' && actor.unitId === p.unit_id ? ['answer'] : []),
                  ...(manage && p.status === 'answered' ? ['revisit'] : []),
                ],
              })),
          }
        : {}),
      actions: manage ? ['dispatch', 'stage'] : [],
    };
  }

  const service = {
    // ─── Campaigns (R-DUTY-8) ──────────────────────────────────────────────────────────
    async createCampaign(ctx: RequestContext, input: TCampaignRequest, isDemo = false) {
      const actor = await requireAccess(deps, ctx, 'campaign.manage', { regionCode: input.regionCode }, { type: 'campaign' });
      const region = await regionOf(db, input.regionCode);
      const now = clock.now();
      const id = await db.transaction(async (tx) => {
        const id = await repo.insertCampaign(tx, { countyCode: region.county_code as string, regionCode: input.regionCode, name: input.name, theme: input.theme, startsOn: input.startsOn, endsOn: input.endsOn, targets: input.targets, suggestionsFormed: input.suggestionsFormed ?? 0, userId: actor.userId, isDemo, now });
        await insertAudit(tx, ctx, now, { action: 'campaign.create', objectType: 'campaign', objectId: id, regionCode: input.regionCode, after: input });
        return id;
      });
      return service.getCampaign(ctx, id);
    },

    async listCampaigns(ctx: RequestContext) {
      const actor = await requireAccess(deps, ctx, 'duty.read', {}, { type: 'campaign' });
      // a county's campaigns are seen by the towns in it
      const rows = await repo.listCampaigns(db, actor.scopeRegionCode.slice(0, 6));
      const visible = rows.filter((c) => isWithinRegion(c.region_code, actor.scopeRegionCode) || isWithinRegion(actor.scopeRegionCode, c.region_code));
      return { items: await Promise.all(visible.map((c) => presentCampaign(actor, c))), canCreate: can(actor, 'campaign.manage').allowed };
    },

    async getCampaign(ctx: RequestContext, id: string) {
      const { actor, c } = await loadCampaign(ctx, id, 'duty.read');
      return presentCampaign(actor, c);
    },

    async updateCampaign(ctx: RequestContext, id: string, input: TCampaignRequest) {
      const { c } = await loadCampaign(ctx, id, 'campaign.manage');
      await requireAccess(deps, ctx, 'campaign.manage', { regionCode: input.regionCode }, { type: 'campaign', id });
      await regionOf(db, input.regionCode);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.updateCampaign(tx, id, { regionCode: input.regionCode, name: input.name, theme: input.theme, startsOn: input.startsOn, endsOn: input.endsOn, targets: input.targets, suggestionsFormed: input.suggestionsFormed ?? c.suggestions_formed, now });
        await insertAudit(tx, ctx, now, { action: 'campaign.update', objectType: 'campaign', objectId: id, regionCode: c.region_code, before: { name: c.name, startsOn: c.starts_on, endsOn: c.ends_on, targets: c.targets }, after: input });
      });
      return service.getCampaign(ctx, id);
    },

    async deleteCampaign(ctx: RequestContext, id: string) {
      const { c } = await loadCampaign(ctx, id, 'campaign.manage');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.deleteCampaign(tx, id);
        await insertAudit(tx, ctx, now, { action: 'campaign.delete', objectType: 'campaign', objectId: id, regionCode: c.region_code, before: { name: c.name } });
      });
      return { campaignId: id, deleted: true };
    },

    async tagCampaign(ctx: RequestContext, id: string, input: TCampaignTagRequest) {
      const { c } = await loadCampaign(ctx, id, 'campaign.manage');
      const acts = await Promise.all(input.activityIds.map((a) => repo.findActivity(db, a)));
      const badAct = acts.findIndex((a) => !a || !a.region_code.startsWith(c.region_code.slice(0, c.region_code.slice(6, 9) === '000' ? 6 : 9)));
      if (badAct >= 0) throw fieldError(`activityIds.${badAct}`, '活动不存在或不在主题活动范围内');
      const cons = await repo.findConcernsBrief(db, input.concernIds);
      if (cons.length !== new Set(input.concernIds).size || cons.some((x) => !x.region_code.startsWith(c.region_code.slice(0, 6)))) {
        throw fieldError('concernIds', '群众意见不存在或不在主题活动范围内');
      }
      const now = clock.now();
      await db.transaction(async (tx) => {
        const a = await repo.tagActivities(tx, id, input.activityIds);
        const k = await repo.tagConcerns(tx, id, input.concernIds);
        await insertAudit(tx, ctx, now, { action: 'campaign.tag', objectType: 'campaign', objectId: id, regionCode: c.region_code, after: { activities: a, concerns: k } });
      });
      return service.getCampaign(ctx, id);
    },

    // ─── Evaluations (R-DUTY-9) ────────────────────────────────────────────────────────
    async getScheme(ctx: RequestContext, regionCode: string, year: number) {
      await requireAccess(deps, ctx, 'duty.read', { regionCode }, { type: 'performance_scheme', id: regionCode });
      const s = await schemeFor(db, regionCode, year);
      return { regionCode, year, scheme: s.scheme, inheritedFrom: s.fromRegionCode === regionCode ? null : s.fromRegionCode, isDefault: s.fromRegionCode === null };
    },

    async putScheme(ctx: RequestContext, input: TPerformanceSchemeRequest) {
      await requireAccess(deps, ctx, 'duty.manage', { regionCode: input.regionCode }, { type: 'performance_scheme', id: input.regionCode });
      const region = await regionOf(db, input.regionCode);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.upsertScheme(tx, input.regionCode, region.county_code, input.year, input.scheme, now);
        await insertAudit(tx, ctx, now, { action: 'evaluation.scheme.update', objectType: 'performance_scheme', objectId: `${input.regionCode}/${input.year}`, regionCode: input.regionCode, after: input.scheme });
      });
      return service.getScheme(ctx, input.regionCode, input.year);
    },

    async getEvaluation(ctx: RequestContext, deputyId: string, year: number) {
      const { actor, d } = await loadDeputy(ctx, deputyId, 'duty.read');
      return presentEvaluation(actor, d, year, await repo.findEvaluation(db, deputyId, year));
    },

    /** One rating, in the rater order; the scheme is frozen into the evaluation at the first rating. */
    async rate(ctx: RequestContext, deputyId: string, year: number, input: TPerformanceRatingRequest) {
      const { actor, d } = await loadDeputy(ctx, deputyId, 'evaluation.rate');
      if (!STAGE_ROLES[input.stage].includes(actor.role)) throw forbidden(`您不能进行“${RATER_STAGE_LABELS[input.stage]}”`);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const { scheme } = await schemeFor(tx, d.region_code, year);
        await repo.insertEvaluation(tx, { deputyId, countyCode: d.county_code, regionCode: d.region_code, year, scheme, now });
        const ev = (await repo.findEvaluation(tx, deputyId, year, true)) as repo.EvaluationRow;
        const frozen = ev.scheme as PerformanceScheme;
        const existing = await repo.listRatings(tx, ev.evaluation_id);
        const outcome = submitPerformanceRating(
          existing.map((r) => ({ stage: r.stage as RaterStage, raterId: r.rater_user_id ?? '', scores: r.scores })),
          { stage: input.stage, raterId: actor.userId, scores: input.scores, ...(input.comment ? { comment: input.comment } : {}) },
          frozen,
        );
        if (!outcome.ok) {
          if (outcome.error.includes('评分') || outcome.error.includes('评价项目')) throw badRequest(outcome.error, [{ field: 'scores', message: outcome.error }]);
          throw conflict(outcome.error, 'rating_out_of_order');
        }
        const total = performanceTotal(input.scores, frozen.items);
        await repo.insertRating(tx, { evaluationId: ev.evaluation_id, stage: input.stage, position: existing.length + 1, raterUserId: actor.userId, scores: input.scores, total, comment: input.comment ?? null, now });
        await insertAudit(tx, ctx, now, { action: 'evaluation.rate', objectType: 'performance_evaluation', objectId: ev.evaluation_id, regionCode: d.region_code, after: { deputyId, year, stage: input.stage, total } });
      });
      return service.getEvaluation(ctx, deputyId, year);
    },

    /** The printable annual performance record (履职档案) of a deputy, also the basis of a 述职 report. */
    async performanceRecord(ctx: RequestContext, deputyId: string, year: number) {
      const { actor, d } = await loadDeputy(ctx, deputyId, 'duty.read');
      const evaluation = await presentEvaluation(actor, d, year, await repo.findEvaluation(db, deputyId, year));
      const now = clock.now();
      const [compliance] = await computeComplianceFor(db, { prefix: d.region_code.slice(0, 6), range: { from: { year, month: 1, day: 1 }, to: { year, month: 12, day: 31 } }, now, timeZone: tz, deputyIds: [deputyId] });
      const f = evaluation.facts;
      return {
        paper: 'A4',
        title: `${year}年度人大代表履职档案`,
        deputy: { deputyId, name: d.name, levels: d.levels },
        year,
        facts: f,
        compliance: compliance ?? null,
        evaluation: { ratings: evaluation.ratings, result: evaluation.result },
        reportOutline: [
          `参加各类履职活动${f.activities}次，其中进站入网格${f.stationGridDuties}次`,
          `接待群众${f.constituentsReceived}人次，收集群众意见${f.concernsCollected}条`,
          `参加调研、视察、执法检查${f.surveysInspections}次，参加会议座谈${f.meetings}次`,
          `领衔或附议提出建议${f.suggestions}件`,
        ],
      };
    },

    // ─── Oversight (R-OVS-1/2, R-LOOP-7) ───────────────────────────────────────────────
    async createOversight(ctx: RequestContext, input: TOversightCreateRequest) {
      const actor = await requireAccess(deps, ctx, 'oversight.manage', { regionCode: input.regionCode }, { type: 'oversight' });
      const region = await regionOf(db, input.regionCode);
      const county = region.county_code as string;
      for (const [i, p] of input.problems.entries()) {
        if (p.unitId && (await repo.findUnitCounty(db, p.unitId)) !== county) throw fieldError(`problems.${i}.unitId`, '承办单位不存在或不属于本县');
      }
      if (input.campaignId && !(await repo.findCampaign(db, input.campaignId))) throw fieldError('campaignId', '主题活动不存在');
      const now = clock.now();
      const id = await db.transaction(async (tx) => {
        const id = await repo.insertOversight(
          tx,
          { countyCode: county, regionCode: input.regionCode, kind: input.kind, title: input.title, subject: input.subject ?? null, startsOn: input.startsOn ?? null, endsOn: input.endsOn ?? null, findings: input.findings ?? null, suggestions: input.suggestions ?? null, campaignId: input.campaignId ?? null, userId: actor.userId, now },
          input.problems.map((p) => ({ description: p.description, category: p.category ?? null, unitId: p.unitId ?? null, dueOn: p.dueOn ?? null })),
        );
        await insertAudit(tx, ctx, now, { action: 'oversight.create', objectType: 'oversight', objectId: id, regionCode: input.regionCode, after: { kind: input.kind, title: input.title, problems: input.problems.length } });
        return id;
      });
      return service.getOversight(ctx, id);
    },

    async listOversight(ctx: RequestContext, regionCode?: string) {
      if (ctx.actor?.role === 'unit_handler') {
        // a handling unit sees the items with problems dispatched to it
        const actor = await requireAccess(deps, ctx, 'oversight.answer', {}, { type: 'oversight' });
        const rows = await repo.listOversight(db, { prefix: actor.scopeRegionCode.slice(0, 6), unitId: actor.unitId ?? '00000000-0000-0000-0000-000000000000' });
        return { items: await Promise.all(rows.map((o) => presentOversight(actor, o, false))), canCreate: false };
      }
      const { actor, prefix } = await listScope(deps, ctx, 'duty.read', 'oversight', regionCode);
      const rows = await repo.listOversight(db, { prefix, unitId: null });
      return { items: await Promise.all(rows.map((o) => presentOversight(actor, o, false))), canCreate: can(actor, 'oversight.manage').allowed };
    },

    async getOversight(ctx: RequestContext, id: string) {
      if (ctx.actor?.role === 'unit_handler') {
        const o = UUID.test(id) ? await repo.findOversight(db, id) : null;
        const actor = await requireAccess(deps, ctx, 'oversight.answer', {}, { type: 'oversight', id });
        const mine = o && (await repo.listProblems(db, id)).some((p) => p.unit_id === actor.unitId && p.status !== 'open');
        if (!o || !mine) throw notFound('未找到该监督事项');
        return presentOversight(actor, o, true);
      }
      const { actor, o } = await loadOversight(ctx, id, 'duty.read');
      return presentOversight(actor, o, true);
    },

    /** Point-to-point dispatch of problems to units (交办). */
    async dispatchProblems(ctx: RequestContext, id: string, input: TOversightDispatchRequest) {
      const { o } = await loadOversight(ctx, id, 'oversight.manage');
      const problems = await repo.listProblems(db, id);
      for (const [i, p] of input.problems.entries()) {
        const found = problems.find((x) => x.problem_id === p.problemId);
        if (!found) throw fieldError(`problems.${i}.problemId`, '问题不属于该监督事项');
        if (found.status !== 'open' && found.status !== 'dispatched') throw conflict(`问题${found.position}已答复，不能再交办`);
        if ((await repo.findUnitCounty(db, p.unitId)) !== o.county_code) throw fieldError(`problems.${i}.unitId`, '承办单位不存在或不属于本县');
      }
      const now = clock.now();
      await db.transaction(async (tx) => {
        for (const p of input.problems) await repo.dispatchProblem(tx, p.problemId, p.unitId, p.dueOn ?? null, now);
        await insertAudit(tx, ctx, now, { action: 'oversight.dispatch', objectType: 'oversight', objectId: id, regionCode: o.region_code, after: { problems: input.problems } });
      });
      return service.getOversight(ctx, id);
    },

    async answerProblem(ctx: RequestContext, problemId: string, answer: string) {
      const actor = await requireAccess(deps, ctx, 'oversight.answer', {}, { type: 'oversight_problem', id: problemId });
      const p = UUID.test(problemId) ? await repo.findProblem(db, problemId) : null;
      if (!p || p.unit_id !== actor.unitId || p.status === 'open') {
        if (p) await insertAudit(db, ctx, clock.now(), { action: 'oversight.answer', objectType: 'oversight_problem', objectId: problemId, outcome: 'denied', after: { reason: 'not_your_unit' } });
        throw notFound('未找到该问题');
      }
      if (p.status !== 'dispatched') throw conflict('该问题已答复');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.answerProblem(tx, problemId, answer, actor.userId, now);
        await insertAudit(tx, ctx, now, { action: 'oversight.answer', objectType: 'oversight_problem', objectId: problemId, after: { oversightId: p.oversight_id } });
      });
      return service.getOversight(ctx, p.oversight_id);
    },

    /** 面回复: the constituents visited again with the answer. */
    async revisitProblem(ctx: RequestContext, problemId: string, note: string) {
      const p = UUID.test(problemId) ? await repo.findProblem(db, problemId) : null;
      const o = p ? await repo.findOversight(db, p.oversight_id) : null;
      await requireInScope(deps, ctx, 'oversight.manage', { type: 'oversight_problem', id: problemId }, o ? { regionCode: o.region_code } : null, '未找到该问题');
      const prob = p as repo.ProblemRow;
      if (prob.status !== 'answered') throw conflict('问题答复后才能回访');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.revisitProblem(tx, problemId, note, now);
        await insertAudit(tx, ctx, now, { action: 'oversight.revisit', objectType: 'oversight_problem', objectId: problemId, regionCode: (o as repo.OversightRow).region_code });
      });
      return service.getOversight(ctx, prob.oversight_id);
    },

    async setStage(ctx: RequestContext, id: string, stage: string) {
      const { o } = await loadOversight(ctx, id, 'oversight.manage');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.setOversightStage(tx, id, stage, now);
        await insertAudit(tx, ctx, now, { action: 'oversight.stage', objectType: 'oversight', objectId: id, regionCode: o.region_code, before: { stage: o.stage }, after: { stage } });
      });
      return service.getOversight(ctx, id);
    },
  };
  return service;
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
