import { randomBytes, randomUUID } from 'node:crypto';
import { findSuggestionForLink } from '../suggestions/suggestions.repository.js';
import {
  allowedProjectActions,
  applyProjectAction,
  calendarDateOf,
  can,
  canInspect,
  canReportProgress,
  canSupervise,
  formatCalendarDate,
  formatFen,
  formatPublicId,
  isWithinRegion,
  progressComparison,
  PROJECT_ACTION_LABELS,
  PROJECT_ACTION_PERMISSION,
  PROJECT_KIND_LABELS,
  PROJECT_RATING_LABELS,
  PROJECT_STATUS_LABELS,
  ratingSummary,
  regionPrefix,
  SUPERVISION_KIND_LABELS,
  sumFen,
  type Actor,
  type Permission,
  type ProjectAction,
  type ProjectRating,
  type ProjectState,
  type ProjectStatus,
  type TInspectionRequest,
  type TProgressReportRequest,
  type TProjectActionRequest,
  type TProjectCreateRequest,
  type TProjectListQuery,
  type TSupervisionRequest,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { linkAttachments } from '../attachments/attachments.repository.js';
import * as repo from './projects.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fieldError = (field: string, message: string) => badRequest(message, [{ field, message }]);

/** The attributes can() checks for a project: its region and (for handlers) its delivering unit. */
function subjectOf(p: Pick<repo.ProjectRow, 'region_code' | 'unit_id' | 'kind'>, actor: Actor) {
  // a county-wide livelihood project is seen and inspected by deputies and town staff below the county
  const regionCode = p.kind === 'livelihood' && isWithinRegion(actor.scopeRegionCode, p.region_code) ? actor.scopeRegionCode : p.region_code;
  return { regionCode, unitId: p.unit_id };
}

function stateOf(p: repo.ProjectRow): ProjectState {
  return {
    status: p.status as ProjectStatus,
    budgetFen: p.budget_fen,
    unitId: p.unit_id,
    proposedOn: p.proposed_on,
    approvedOn: p.approved_on,
    startedOn: p.started_on,
    finishedOn: p.finished_on,
    acceptedOn: p.accepted_on,
    closedReason: p.closed_reason,
  };
}

export function createProjectsService(deps: AppDeps) {
  const { db, clock, config } = deps;
  const today = () => formatCalendarDate(calendarDateOf(clock.now(), config.timeZone));

  /** Load + policy: a project outside the actor's reach answers 404 like a missing one (audited). */
  async function load(ctx: RequestContext, id: string, permission: Permission) {
    const p = UUID.test(id) ? await repo.findProject(db, id) : null;
    const actor = await requireAccess(deps, ctx, permission, {}, { type: 'project', id });
    if (!p || !can(actor, permission, subjectOf(p, actor)).allowed) {
      if (p) await insertAudit(db, ctx, clock.now(), { action: permission, objectType: 'project', objectId: id, regionCode: p.region_code, outcome: 'denied', after: { reason: 'out_of_scope' } });
      throw notFound('未找到该项目');
    }
    return { actor, p };
  }

  function actionsFor(actor: Actor, p: repo.ProjectRow): string[] {
    const s = p.status as ProjectStatus;
    const subj = subjectOf(p, actor);
    const out: string[] = allowedProjectActions(s).filter((a) => can(actor, PROJECT_ACTION_PERMISSION[a], subj).allowed);
    if (canReportProgress(s) && can(actor, 'project.report', subj).allowed) out.push('report_progress');
    if (canInspect(s) && can(actor, 'project.inspect', subj).allowed) out.push('inspect');
    if (canSupervise(s) && can(actor, 'project.supervise', subj).allowed) out.push('supervise');
    return out;
  }

  function summary(actor: Actor, p: repo.ProjectRow) {
    return {
      projectId: p.project_id,
      publicId: p.public_id,
      kind: p.kind,
      kindLabel: PROJECT_KIND_LABELS[p.kind],
      title: p.title,
      regionCode: p.region_code,
      regionName: p.region_name,
      status: p.status,
      statusLabel: PROJECT_STATUS_LABELS[p.status as ProjectStatus],
      proposerDeputyId: p.proposer_deputy_id,
      proposerName: p.proposer_name,
      sourceSuggestionId: p.source_suggestion_id,
      sourceSuggestionNumber: p.source_suggestion_number,
      sourceSuggestionTitle: p.source_suggestion_title,
      roundId: p.round_id,
      roundTitle: p.round_title,
      estimatedBudgetFen: p.estimated_budget_fen,
      budgetFen: p.budget_fen,
      unitId: p.unit_id,
      unitName: p.unit_name,
      proposedOn: p.proposed_on,
      approvedOn: p.approved_on,
      startedOn: p.started_on,
      finishedOn: p.finished_on,
      acceptedOn: p.accepted_on,
      closedReason: p.closed_reason,
      progress: progressComparison(p.reported_percent, p.verified_percent),
      version: p.version,
      actions: actionsFor(actor, p),
    };
  }

  async function detail(actor: Actor, p: repo.ProjectRow) {
    const [items, concerns, records, ratings] = await Promise.all([
      repo.listItems(db, p.project_id),
      repo.listProjectConcerns(db, p.project_id),
      repo.listRecords(db, p.project_id),
      repo.ratingCounts(db, p.project_id),
    ]);
    const photos = await repo.listRecordPhotos(db, records.map((r) => r.record_id));
    const counts: Record<ProjectRating, number> = { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 };
    for (const r of ratings) counts[r.rating as ProjectRating] = r.n;
    const rec = (kind: repo.RecordRow['kind']) =>
      records
        .filter((r) => r.kind === kind)
        .map((r) => ({
          recordId: r.record_id,
          action: r.action,
          actionLabel:
            kind === 'milestone'
              ? r.action === 'propose' ? '提出' : PROJECT_ACTION_LABELS[r.action as keyof typeof PROJECT_ACTION_LABELS] ?? r.action
              : kind === 'supervision' ? SUPERVISION_KIND_LABELS[r.action as keyof typeof SUPERVISION_KIND_LABELS] ?? r.action : null,
          on: r.occurred_on,
          percent: r.percent,
          note: r.note,
          location: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null,
          place: r.place,
          actorName: r.actor_name,
          deputyName: r.deputy_name,
          unitName: r.unit_name,
          photos: photos.filter((x) => x.owner_id === r.record_id).map((x) => ({ attachmentId: x.attachment_id, name: x.original_name, url: `/api/attachments/${x.attachment_id}` })),
          createdAt: r.created_at.toISOString(),
        }));
    return {
      ...summary(actor, p),
      description: p.description,
      acceptanceNote: p.acceptance_note,
      items: items.map((i) => ({ position: i.position, title: i.title, budgetFen: i.budget_fen })),
      itemsTotalFen: sumFen(items.map((i) => i.budget_fen)),
      sourceConcerns: concerns.map((c) => ({ concernId: c.concern_id, caseNumber: c.case_number, title: c.title, status: c.status })),
      milestones: rec('milestone'),
      progressReports: rec('progress'),
      inspections: rec('inspection'),
      supervisions: rec('supervision'),
      ratings: { ...ratingSummary(counts), labels: PROJECT_RATING_LABELS },
      /** the server's calendar day: dates of steps may not be after it */
      serverToday: today(),
    };
  }

  async function claimPhotos(tx: Queryable, ids: readonly string[], recordId: string, actor: Actor): Promise<number> {
    const linked = await linkAttachments(tx, ids, { type: 'project_record', id: recordId }, actor.userId);
    if (linked.length !== ids.length) throw fieldError('photoIds', '照片不存在或已被使用，请重新上传');
    return linked.length;
  }

  async function saveVersioned(tx: Queryable, p: repo.ProjectRow, version: number, set: Parameters<typeof repo.updateProject>[3]) {
    const v = await repo.updateProject(tx, p.project_id, version, set, clock.now());
    if (v === null) throw conflict('该项目已被他人修改，请刷新后重试', 'version_conflict');
    return v;
  }

  const service = {
    async list(ctx: RequestContext, query: TProjectListQuery) {
      const actor = await requireAccess(deps, ctx, 'project.read', query.regionCode ? { regionCode: query.regionCode } : {}, { type: 'project' });
      const rows = await repo.listProjects(db, {
        scopePrefix: regionPrefix(actor.scopeRegionCode),
        scopeCode: actor.scopeRegionCode,
        regionPrefix: query.regionCode ? regionPrefix(query.regionCode) : null,
        unitId: actor.role === 'unit_handler' ? actor.unitId ?? '00000000-0000-0000-0000-000000000000' : null,
        status: query.status,
        kind: query.kind,
        year: query.year,
        roundId: query.roundId,
        q: query.q,
      });
      return {
        items: rows.map((p) => summary(actor, p)),
        actions: can(actor, 'project.propose', { regionCode: actor.scopeRegionCode }).allowed ? ['propose'] : [],
      };
    },

    async get(ctx: RequestContext, id: string) {
      const { actor, p } = await load(ctx, id, 'project.read');
      return detail(actor, p);
    },

    /** A deputy (or staff for a deputy) proposes a micro-project, from concerns or a suggestion. */
    async create(ctx: RequestContext, body: TProjectCreateRequest, opts: { isDemo?: boolean } = {}) {
      const actor = await requireAccess(deps, ctx, 'project.propose', { regionCode: body.regionCode }, { type: 'project' });
      const region = await repo.findRegion(db, body.regionCode);
      if (!region || !region.county_code || !['town', 'village'].includes(region.level)) throw fieldError('regionCode', '请选择项目所在的镇街或村（社区）');
      const concerns = await repo.findConcerns(db, body.sourceConcernIds);
      if (concerns.length !== new Set(body.sourceConcernIds).size || concerns.some((c) => !isWithinRegion(c.region_code, actor.scopeRegionCode))) {
        throw fieldError('sourceConcernIds', '关联的群众意见不存在或不在您的管辖范围内');
      }
      if (body.sourceSuggestionId) {
        const sug = await findSuggestionForLink(db, body.sourceSuggestionId);
        if (!sug || sug.county_code !== region.county_code || sug.status === 'drafting') {
          throw fieldError('sourceSuggestionId', '来源代表建议不存在、仍在起草或不属于本行政区域');
        }
      }
      const proposerDeputyId = actor.role === 'deputy' ? actor.deputyId ?? null : body.proposerDeputyId;
      if (proposerDeputyId && !(await repo.findDeputy(db, proposerDeputyId))) throw fieldError('proposerDeputyId', '提出代表不存在');
      const proposedOn = body.proposedOn ?? today();
      if (proposedOn > today()) throw fieldError('proposedOn', '提出日期不能晚于今天');
      const now = clock.now();
      const projectId = randomUUID();
      const row = {
        project_id: projectId,
        public_id: formatPublicId(randomBytes(8)),
        county_code: region.county_code,
        region_code: body.regionCode,
        kind: 'micro' as const,
        title: body.title,
        description: body.description,
        status: 'proposed',
        proposer_deputy_id: proposerDeputyId,
        proposed_by: actor.userId,
        source_suggestion_id: body.sourceSuggestionId,
        round_id: null,
        candidate_id: null,
        estimated_budget_fen: body.estimatedBudgetFen ?? (body.items.length ? sumFen(body.items.map((i) => i.budgetFen)) : null),
        budget_fen: null,
        unit_id: null,
        proposed_on: proposedOn,
        approved_on: null,
        is_demo: opts.isDemo ?? false,
        created_at: now,
        updated_at: now,
      };
      await db.transaction(async (tx) => {
        await repo.insertProject(tx, row);
        await repo.insertItems(tx, projectId, body.items);
        await repo.linkConcerns(tx, projectId, body.sourceConcernIds);
        await repo.insertRecord(tx, { record_id: randomUUID(), project_id: projectId, kind: 'milestone', action: 'propose', occurred_on: proposedOn, actor_user_id: actor.userId, actor_name: actor.username, deputy_id: proposerDeputyId, created_at: now });
        await insertAudit(tx, ctx, now, { action: 'project.propose', objectType: 'project', objectId: projectId, regionCode: body.regionCode, after: { title: body.title, sourceConcernIds: body.sourceConcernIds, sourceSuggestionId: body.sourceSuggestionId } });
      });
      return service.get(ctx, projectId);
    },

    async act(ctx: RequestContext, id: string, body: TProjectActionRequest) {
      const { actor, p } = await load(ctx, id, PROJECT_ACTION_PERMISSION[body.type]);
      if (body.version !== p.version) throw conflict('该项目已被他人修改，请刷新后重试', 'version_conflict');
      if (body.on > today()) throw fieldError('on', '日期不能晚于今天');
      if (body.type === 'approve') {
        const unit = await repo.findUnit(db, body.unitId);
        if (!unit || !unit.is_active || unit.county_code !== p.county_code) throw fieldError('unitId', '承办单位不存在或不属于本县（市、区）');
      }
      const action: ProjectAction =
        body.type === 'accept' ? { type: 'accept', on: body.on, photoCount: body.photoIds.length, ...(body.note ? { note: body.note } : {}) } : body;
      const r = applyProjectAction(stateOf(p), action);
      if (!r.ok) {
        if (r.code === 'wrong_status') throw conflict(r.message, 'wrong_status');
        throw fieldError(r.field ?? 'type', r.message);
      }
      const s = r.state;
      const now = clock.now();
      const recordId = randomUUID();
      await db.transaction(async (tx) => {
        await saveVersioned(tx, p, body.version, {
          status: s.status,
          budget_fen: s.budgetFen,
          unit_id: s.unitId,
          approved_on: s.approvedOn,
          started_on: s.startedOn,
          finished_on: s.finishedOn,
          accepted_on: s.acceptedOn,
          closed_reason: s.closedReason,
          ...(body.type === 'accept' ? { acceptance_note: body.note ?? null } : {}),
          ...(body.type === 'finish' && p.reported_percent !== 100 ? { reported_percent: 100 } : {}),
        });
        const note = body.type === 'reject' || body.type === 'cancel' ? body.reason : body.type === 'accept' ? body.note ?? null : body.type === 'approve' ? `立项资金${formatFen(body.budgetFen)}元` : null;
        await repo.insertRecord(tx, { record_id: recordId, project_id: p.project_id, kind: 'milestone', action: body.type, occurred_on: body.on, note, actor_user_id: actor.userId, actor_name: actor.username, unit_id: s.unitId, created_at: now });
        if (body.type === 'accept') await claimPhotos(tx, body.photoIds, recordId, actor);
        await insertAudit(tx, ctx, now, { action: PROJECT_ACTION_PERMISSION[body.type], objectType: 'project', objectId: p.project_id, regionCode: p.region_code, before: { status: p.status }, after: { status: s.status, action: body.type, on: body.on, budgetFen: s.budgetFen, unitId: s.unitId } });
      });
      return service.get(ctx, id);
    },

    /** The delivering unit reports its progress (the first of the two figures). */
    async reportProgress(ctx: RequestContext, id: string, body: TProgressReportRequest) {
      const { actor, p } = await load(ctx, id, 'project.report');
      if (!canReportProgress(p.status as ProjectStatus)) throw conflict(`项目当前为“${PROJECT_STATUS_LABELS[p.status as ProjectStatus]}”，不能报告进度`, 'wrong_status');
      if (body.on > today()) throw fieldError('on', '日期不能晚于今天');
      const now = clock.now();
      const recordId = randomUUID();
      await db.transaction(async (tx) => {
        await saveVersioned(tx, p, p.version, { reported_percent: body.percent });
        await repo.insertRecord(tx, { record_id: recordId, project_id: p.project_id, kind: 'progress', occurred_on: body.on, percent: body.percent, note: body.note, actor_user_id: actor.userId, actor_name: actor.username, unit_id: p.unit_id, created_at: now });
        await claimPhotos(tx, body.photoIds, recordId, actor);
        await insertAudit(tx, ctx, now, { action: 'project.report', objectType: 'project', objectId: p.project_id, regionCode: p.region_code, before: { reportedPercent: p.reported_percent }, after: { reportedPercent: body.percent } });
      });
      return service.get(ctx, id);
    },

    /** A deputy inspects on site (the second figure), with photos and location. */
    async inspect(ctx: RequestContext, id: string, body: TInspectionRequest) {
      const { actor, p } = await load(ctx, id, 'project.inspect');
      if (!canInspect(p.status as ProjectStatus)) throw conflict(`项目当前为“${PROJECT_STATUS_LABELS[p.status as ProjectStatus]}”，尚不能视察`, 'wrong_status');
      if (body.on > today()) throw fieldError('on', '日期不能晚于今天');
      const now = clock.now();
      const recordId = randomUUID();
      await db.transaction(async (tx) => {
        await saveVersioned(tx, p, p.version, { verified_percent: body.verifiedPercent });
        await repo.insertRecord(tx, { record_id: recordId, project_id: p.project_id, kind: 'inspection', occurred_on: body.on, percent: body.verifiedPercent, note: body.findings, lat: body.location?.lat ?? null, lng: body.location?.lng ?? null, place: body.place ?? null, actor_user_id: actor.userId, actor_name: actor.username, deputy_id: actor.deputyId ?? null, created_at: now });
        await claimPhotos(tx, body.photoIds, recordId, actor);
        await insertAudit(tx, ctx, now, { action: 'project.inspect', objectType: 'project', objectId: p.project_id, regionCode: p.region_code, before: { verifiedPercent: p.verified_percent }, after: { verifiedPercent: body.verifiedPercent, photos: body.photoIds.length, located: !!body.location } });
      });
      return service.get(ctx, id);
    },

    async supervise(ctx: RequestContext, id: string, body: TSupervisionRequest) {
      const { actor, p } = await load(ctx, id, 'project.supervise');
      if (!canSupervise(p.status as ProjectStatus)) throw conflict('项目已结束，不能再督办', 'wrong_status');
      if (body.on > today()) throw fieldError('on', '日期不能晚于今天');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.insertRecord(tx, { record_id: randomUUID(), project_id: p.project_id, kind: 'supervision', action: body.kind, occurred_on: body.on, note: body.content, actor_user_id: actor.userId, actor_name: actor.username, deputy_id: actor.deputyId ?? null, created_at: now });
        await insertAudit(tx, ctx, now, { action: 'project.supervise', objectType: 'project', objectId: p.project_id, regionCode: p.region_code, after: { kind: body.kind } });
      });
      return service.get(ctx, id);
    },

    async totals(ctx: RequestContext, query: { regionCode?: string | undefined; year?: number | undefined }) {
      const actor = await requireAccess(deps, ctx, 'project.read', query.regionCode ? { regionCode: query.regionCode } : {}, { type: 'project' });
      const code = query.regionCode ?? actor.scopeRegionCode;
      return shapeTotals(await repo.totals(db, regionPrefix(code), code, query.year ?? null));
    },

    /** May this actor read the project that owns a record's photo? (attachments module asks) */
    async mayReadRecord(ctx: RequestContext, recordId: string): Promise<boolean> {
      const projectId = await repo.findRecordProject(db, recordId);
      const actor = ctx.actor;
      if (!projectId || !actor) return false;
      const p = await repo.findProject(db, projectId);
      return !!p && can(actor, 'project.read', subjectOf(p, actor)).allowed;
    },

    // ── Public (no session): a micro-project's page and the totals ──
    async publicGet(publicId: string) {
      const p = /^[2-9A-HJKMNP-TV-Z]{8}$/.test(publicId) ? await repo.findProjectByPublicId(db, publicId) : null;
      if (!p || ['proposed', 'rejected'].includes(p.status)) throw notFound('未找到该项目');
      const [items, records] = await Promise.all([repo.listItems(db, p.project_id), repo.listRecords(db, p.project_id)]);
      const photos = await repo.listRecordPhotos(db, records.filter((r) => r.kind === 'milestone' && r.action === 'accept').map((r) => r.record_id));
      return {
        publicId: p.public_id,
        kindLabel: PROJECT_KIND_LABELS[p.kind],
        title: p.title,
        description: p.description,
        regionName: p.region_name,
        statusLabel: PROJECT_STATUS_LABELS[p.status as ProjectStatus],
        budgetFen: p.budget_fen,
        unitName: p.unit_name,
        proposerName: p.proposer_name,
        roundTitle: p.round_title,
        items: items.map((i) => ({ title: i.title, budgetFen: i.budget_fen })),
        milestones: records.filter((r) => r.kind === 'milestone' && r.action !== 'propose').map((r) => ({ label: PROJECT_ACTION_LABELS[r.action as keyof typeof PROJECT_ACTION_LABELS] ?? r.action, on: r.occurred_on })),
        progress: progressComparison(p.reported_percent, p.verified_percent),
        inspections: records.filter((r) => r.kind === 'inspection').length,
        acceptancePhotos: photos.length,
      };
    },

    async publicTotals(countyCode: string, year: number | null) {
      return shapeTotals(await repo.totals(db, countyCode.slice(0, 6), countyCode, year));
    },
  };
  return service;
}

function shapeTotals(rows: Awaited<ReturnType<typeof repo.totals>>) {
  const sum = (xs: typeof rows) => ({ projects: xs.reduce((a, r) => a + r.projects, 0), budgetFen: sumFen(xs.map((r) => r.budget_fen)), accepted: xs.reduce((a, r) => a + r.accepted, 0) });
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => b - a);
  return {
    rows: rows.map((r) => ({ regionCode: r.region_code, regionName: r.region_name, year: r.year, kind: r.kind, kindLabel: PROJECT_KIND_LABELS[r.kind as 'micro'], projects: r.projects, budgetFen: r.budget_fen, accepted: r.accepted })),
    byYear: years.map((y) => ({ year: y, ...sum(rows.filter((r) => r.year === y)) })),
    total: sum(rows),
  };
}
