import { randomUUID } from 'node:crypto';
import {
  addDaysIso,
  allowedSuggestionActions,
  applySuggestionAction,
  can,
  DEFAULT_TIME_ZONE,
  draftSuggestion,
  DUE_SOON_DAYS,
  dueStanding,
  daysUntil,
  formatSuggestionNumber,
  isWithinRegion,
  leadUnitOf,
  normalizeRegionCode,
  OPEN_SUGGESTION_STATUSES,
  HANDLING_STATUSES,
  REPLY_CATEGORY_LABELS,
  regionPrefix,
  STATUS_LABELS,
  SUGGESTION_CATEGORY_LABELS,
  SUGGESTION_ERROR_HTTP_STATUS,
  SUGGESTION_EVENT_LABELS,
  SUGGESTION_STATUS_LABELS,
  SUGGESTION_UNIT_ROLE_LABELS,
  suggestionDueOn,
  todayOf,
  type Actor,
  type Permission,
  type SuggestionAction,
  type SuggestionActor,
  type SuggestionEvent,
  type SuggestionFailure,
  type SuggestionState,
  type TPublicSuggestionSummary,
  type TSuggestionActionBody,
  type TSuggestionCreateRequest,
  type TSuggestionDetail,
  type TSuggestionListItem,
  type TSuggestionListQuery,
  type TSuggestionUnitStats,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { createConcernsService } from '../concerns/concerns.service.js';
import * as repo from './suggestions.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The workflow refused: carried out of the transaction so that nothing is written. */
class Refusal extends Error {
  constructor(readonly failure: SuggestionFailure) {
    super(failure.message);
  }
}

export function suggestionActorOf(a: Actor): SuggestionActor {
  return { actorRole: a.role, actorId: a.userId, actorDeputyId: a.deputyId ?? null, actorUnitId: a.unitId ?? null };
}

function refusalError(f: SuggestionFailure): AppError {
  return new AppError(SUGGESTION_ERROR_HTTP_STATUS[f.code], f.code, f.message);
}

function derive(s: SuggestionState): repo.Derived {
  return {
    status: s.status,
    leadUnitId: leadUnitOf(s)?.unitId ?? null,
    dueOn: suggestionDueOn(s),
    keySupervision: s.keySupervision !== null,
    lastReplyCategory: s.replies.at(-1)?.category ?? null,
    mergedInto: s.review?.mergedInto ?? null,
  };
}

function eventRows(events: SuggestionEvent[]): repo.NewEvent[] {
  return events.map((e) => ({
    version: e.version,
    type: e.type,
    at: e.at,
    actorRole: e.actorRole,
    actorUserId: e.actorId,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    unitId: e.unitId,
    data: e.data,
  }));
}

function deputyRows(s: SuggestionState) {
  return [
    { deputyId: s.leadDeputyId, role: 'lead' as const, confirmedAt: null },
    ...s.cosigners.map((c) => ({ deputyId: c.deputyId, role: 'cosigner' as const, confirmedAt: c.confirmedAt })),
  ];
}

/** Per-unit figures: assignments, replies in time, overdue, categories, the result ratings. */
export function unitStatistics(
  rows: { unit_id: string; unit_name: string; role: string; category: string; state: SuggestionState }[],
  today: string,
): TSuggestionUnitStats['items'] {
  const byUnit = new Map<string, TSuggestionUnitStats['items'][number]>();
  for (const r of rows) {
    let u = byUnit.get(r.unit_id);
    if (!u) {
      u = { unitId: r.unit_id, unitName: r.unit_name, total: 0, asLead: 0, replied: 0, repliedOnTime: 0, overdue: 0, byCategory: {}, byReplyCategory: {}, satisfaction: {} };
      byUnit.set(r.unit_id, u);
    }
    u.total += 1;
    u.byCategory[r.category] = (u.byCategory[r.category] ?? 0) + 1;
    if (r.role !== 'lead') continue;
    u.asLead += 1;
    const s = r.state;
    const first = s.replies[0];
    if (first) {
      u.replied += 1;
      if (first.onTime) u.repliedOnTime += 1;
    }
    const last = s.replies.at(-1);
    if (last) u.byReplyCategory[last.category] = (u.byReplyCategory[last.category] ?? 0) + 1;
    const due = suggestionDueOn(s);
    if (due && daysUntil(today, due) < 0) u.overdue += 1;
    const rating = s.ratings.at(-1);
    if (rating) u.satisfaction[rating.result] = (u.satisfaction[rating.result] ?? 0) + 1;
  }
  return [...byUnit.values()];
}

/** Deputies and handlers are bound by their own records (visibility and the workflow); others by region. */
function subjectOf(actor: Actor, row: repo.SuggestionRow) {
  return actor.role === 'deputy' || actor.role === 'unit_handler' ? {} : { regionCode: row.region_code };
}

export function createSuggestionsService(deps: AppDeps) {
  const { db, clock } = deps;
  const concerns = createConcernsService(deps);

  async function isVisible(actor: Actor, row: repo.SuggestionRow): Promise<boolean> {
    switch (actor.role) {
      case 'deputy':
        return !!actor.deputyId && (await repo.deputyIdsOf(db, row.suggestion_id)).includes(actor.deputyId);
      case 'unit_handler':
        return !!actor.unitId && (await repo.unitIdsOf(db, row.suggestion_id)).includes(actor.unitId);
      case 'admin':
      case 'security_admin':
      case 'auditor':
      case 'congress_staff':
      case 'town_staff':
      case 'station_manager':
      case 'viewer':
        return isWithinRegion(row.region_code, actor.scopeRegionCode);
    }
  }

  /** Loads a suggestion the actor may see; otherwise 404 (no existence leak) and an audited refusal. */
  async function loadVisible(ctx: RequestContext, id: string, permission: Permission) {
    const actor = await requireAccess(deps, ctx, permission, {}, { type: 'suggestion', id });
    const row = UUID.test(id) ? await repo.findSuggestion(db, id) : null;
    if (!row) {
      // an id that names nothing is audited too: walking ids by guesswork leaves a trace (issue 9, item 2)
      await insertAudit(db, ctx, clock.now(), { action: permission, objectType: 'suggestion', objectId: id, outcome: 'denied', after: { reason: 'not_found' } });
      throw notFound('未找到该建议');
    }
    if (!(await isVisible(actor, row))) {
      await insertAudit(db, ctx, clock.now(), {
        action: permission,
        objectType: 'suggestion',
        objectId: id,
        regionCode: row.region_code,
        outcome: 'denied',
        after: { reason: 'out_of_scope' },
      });
      throw notFound('未找到该建议');
    }
    return { actor, row };
  }

  function presentItem(row: repo.SuggestionRow, today: string): TSuggestionListItem {
    return {
      suggestionId: row.suggestion_id,
      caseNumber: row.case_number,
      title: row.title,
      category: row.category,
      categoryLabel: SUGGESTION_CATEGORY_LABELS[row.category],
      period: row.period,
      term: row.term,
      session: row.session,
      isPublic: row.is_public,
      status: row.status,
      statusLabel: SUGGESTION_STATUS_LABELS[row.status],
      leadDeputyId: row.lead_deputy_id,
      leadDeputyName: row.lead_deputy_name,
      leadUnitId: row.lead_unit_id,
      leadUnitName: row.lead_unit_name,
      dueOn: row.due_on,
      dueStanding: row.due_on ? dueStanding(today, row.due_on) : null,
      daysLeft: row.due_on ? daysUntil(today, row.due_on) : null,
      keySupervision: row.key_supervision,
      lastReplyCategory: row.last_reply_category,
      createdAt: row.created_at.toISOString(),
      version: row.version,
    };
  }

  async function auditRefusal(ctx: RequestContext, row: repo.SuggestionRow, action: string, f: SuggestionFailure) {
    if (f.code !== 'forbidden' && f.code !== 'not_yours') return;
    await insertAudit(db, ctx, clock.now(), {
      action: `suggestion.${action}`,
      objectType: 'suggestion',
      objectId: row.suggestion_id,
      regionCode: row.region_code,
      outcome: 'denied',
      after: { reason: f.code, message: f.message },
    });
  }

  return {
    /**
     * 起草 (R-SUG-1) from one or more concerns (R-LOOP-8): the draft, its deputies, the first
     * event, each concern's `link_suggestion` step (through the concerns service, so its
     * timeline and collector hear of it) and the audit record — one transaction.
     */
    async create(ctx: RequestContext, input: TSuggestionCreateRequest, opts: { isDemo?: boolean } = {}) {
      const actor = await requireAccess(deps, ctx, 'suggestion.create', { deputyId: input.leadDeputyId }, { type: 'suggestion' });
      const ids = [input.leadDeputyId, ...input.cosignerDeputyIds];
      const found = await repo.findDeputies(db, ids);
      const lead = found.find((d) => d.deputy_id === input.leadDeputyId);
      if (!lead || !isWithinRegion(lead.region_code, actor.scopeRegionCode)) {
        throw badRequest('领衔代表不存在或不在您的管辖范围内', [{ field: 'leadDeputyId', message: '领衔代表不存在或不在您的管辖范围内' }]);
      }
      const missing = input.cosignerDeputyIds.map((id, i) => ({ id, i })).filter(({ id }) => !found.some((d) => d.deputy_id === id && d.county_code === lead.county_code));
      if (missing.length) {
        throw badRequest('附议代表不存在或不是本级人大代表', missing.map(({ i }) => ({ field: `cosignerDeputyIds.${i}`, message: '附议代表不存在或不是本级人大代表' })));
      }
      if (new Set(input.concernIds).size !== input.concernIds.length) {
        throw badRequest('关联的群众意见有重复', [{ field: 'concernIds', message: '关联的群众意见有重复' }]);
      }
      const now = clock.now();
      const suggestionId = randomUUID();
      const res = draftSuggestion(
        { id: suggestionId, period: input.period, leadDeputyId: input.leadDeputyId, cosignerDeputyIds: input.cosignerDeputyIds },
        { ...suggestionActorOf(actor), now },
      );
      if (!res.ok) {
        if (res.code === 'forbidden' || res.code === 'not_yours') {
          await insertAudit(db, ctx, now, { action: 'suggestion.create', objectType: 'suggestion', regionCode: lead.region_code, outcome: 'denied', after: { reason: res.code } });
        }
        throw refusalError(res);
      }
      const congressRegionCode = normalizeRegionCode(lead.county_code);
      await db.transaction(async (tx) => {
        await repo.insertSuggestion(tx, {
          suggestionId,
          countyCode: lead.county_code,
          congressRegionCode,
          regionCode: lead.region_code,
          term: input.term,
          session: input.session,
          period: input.period,
          title: input.title,
          content: input.content,
          category: input.category,
          isPublic: input.isPublic,
          leadDeputyId: input.leadDeputyId,
          state: res.next,
          derived: derive(res.next),
          createdBy: actor.userId,
          isDemo: opts.isDemo ?? false,
          now,
        });
        await repo.replaceDeputies(tx, suggestionId, deputyRows(res.next));
        await repo.appendEvents(tx, suggestionId, eventRows(res.events));
        const linked: string[] = [];
        for (const concernId of input.concernIds) {
          const c = await concerns.linkSuggestionIn(tx, ctx, concernId, suggestionId);
          if (c.countyCode !== lead.county_code) {
            throw badRequest(`群众意见 ${c.caseNumber} 不属于本县`, [{ field: 'concernIds', message: '群众意见不属于本县' }]);
          }
          linked.push(c.caseNumber);
        }
        await repo.insertConcernLinks(tx, suggestionId, input.concernIds);
        await insertAudit(tx, ctx, now, {
          action: 'suggestion.create',
          objectType: 'suggestion',
          objectId: suggestionId,
          regionCode: lead.region_code,
          after: { title: input.title, category: input.category, period: input.period, concerns: linked, cosigners: input.cosignerDeputyIds.length },
        });
      });
      return this.get(ctx, suggestionId);
    },

    async get(ctx: RequestContext, id: string): Promise<TSuggestionDetail> {
      const { actor, row } = await loadVisible(ctx, id, 'suggestion.read');
      const today = todayOf(clock.now(), DEFAULT_TIME_ZONE);
      const [timeline, deputies, units, linked] = await Promise.all([
        repo.listTimeline(db, id),
        repo.listDeputiesOf(db, id),
        repo.listUnitsOf(db, id),
        repo.listConcernsOf(db, id),
      ]);
      const actions = can(actor, 'suggestion.act', subjectOf(actor, row)).allowed
        ? allowedSuggestionActions(row.state, suggestionActorOf(actor))
        : [];
      return {
        ...presentItem(row, today),
        content: row.content,
        countyCode: row.county_code,
        state: row.state as unknown as Record<string, unknown>,
        deputies: deputies.map((d) => ({ deputyId: d.deputy_id, name: d.name, role: d.role, confirmedAt: d.confirmed_at ? d.confirmed_at.toISOString() : null })),
        units: units.map((u) => ({ unitId: u.unit_id, name: u.name, role: u.role, roleLabel: SUGGESTION_UNIT_ROLE_LABELS[u.role] })),
        concerns: linked.map((c) => ({ concernId: c.concern_id, caseNumber: c.case_number, title: c.title, statusLabel: STATUS_LABELS[c.status as keyof typeof STATUS_LABELS] ?? c.status })),
        timeline: timeline.map((e) => ({
          type: e.type,
          label: SUGGESTION_EVENT_LABELS[e.type as keyof typeof SUGGESTION_EVENT_LABELS] ?? e.type,
          at: e.occurred_at.toISOString(),
          version: e.version,
          actorRole: e.actor_role,
          actorName: e.actor_name,
          unitName: e.unit_name,
          data: e.data,
        })),
        actions,
      };
    },

    async list(ctx: RequestContext, query: TSuggestionListQuery) {
      const actor = await requireAccess(deps, ctx, 'suggestion.read', {}, { type: 'suggestion' });
      const today = todayOf(clock.now(), DEFAULT_TIME_ZONE);
      const f: repo.ListFilter = {
        // deputies and unit handlers are held to their own suggestions, wherever the lead deputy is from
        scopePrefix: actor.role === 'deputy' || actor.role === 'unit_handler' ? '' : regionPrefix(actor.scopeRegionCode),
        sort: 'created_desc',
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      };
      if (actor.role === 'deputy') f.deputyId = actor.deputyId ?? '00000000-0000-0000-0000-000000000000';
      if (actor.role === 'unit_handler') f.unitId = actor.unitId ?? '00000000-0000-0000-0000-000000000000';
      if (query.status) f.statuses = [query.status];
      if (query.category) f.category = query.category;
      if (query.period) f.period = query.period;
      if (query.q) f.q = query.q;
      const handling = HANDLING_STATUSES;
      switch (query.view) {
        case 'all':
        case 'mine':
          break;
        case 'to-review':
          f.statuses = ['filed'];
          break;
        case 'to-dispatch':
          f.statuses = ['registered'];
          break;
        case 'handling':
          f.statuses = handling;
          f.sort = 'due_asc';
          break;
        case 'overdue':
          f.statuses = handling;
          f.dueBefore = today;
          f.sort = 'due_asc';
          break;
        case 'due-soon':
          f.statuses = handling;
          f.dueFrom = today;
          f.dueTo = addDaysIso(today, DUE_SOON_DAYS);
          f.sort = 'due_asc';
          break;
        case 'key-supervision':
          f.keySupervision = true;
          f.statuses = OPEN_SUGGESTION_STATUSES;
          break;
        case 'to-cosign':
          f.deputyRole = 'unconfirmed_cosigner';
          f.statuses = ['drafting', 'filed'];
          break;
        case 'to-rate':
          f.deputyRole = 'lead';
          f.statuses = ['replied'];
          break;
      }
      const { rows, total } = await repo.listSuggestions(db, f);
      return { items: rows.map((r) => presentItem(r, today)), total, page: query.page, pageSize: query.pageSize };
    },

    /** Deputies of the congress (names only) to name as lead deputy or co-signers. */
    async searchDeputies(ctx: RequestContext, text: string) {
      const actor = await requireAccess(deps, ctx, 'suggestion.create', {}, { type: 'deputy' });
      let county = actor.scopeRegionCode.slice(0, 6);
      if (actor.role === 'deputy') {
        const [d] = actor.deputyId ? await repo.findDeputies(db, [actor.deputyId]) : [];
        county = d?.county_code ?? county;
      }
      const rows = await repo.searchDeputies(db, county, text.trim(), 30);
      return { items: rows.map((r) => ({ deputyId: r.deputy_id, name: r.name, regionName: r.region_name })) };
    },

    /** The deputy behind this account (the phone view's "my suggestions"); 404 for other accounts. */
    async me(ctx: RequestContext) {
      const actor = await requireAccess(deps, ctx, 'suggestion.read', {}, { type: 'suggestion' });
      const [d] = actor.role === 'deputy' && actor.deputyId ? await repo.findDeputies(db, [actor.deputyId]) : [];
      if (!d) throw notFound('您的账号未关联人大代表，“我的建议”仅供代表使用');
      return { deputyId: d.deputy_id, name: d.name, countyCode: d.county_code };
    },

    /** Per-unit statistics within the actor's scope (a unit handler: their own unit). */
    async unitStats(ctx: RequestContext): Promise<TSuggestionUnitStats> {
      const actor = await requireAccess(deps, ctx, 'suggestion.read', {}, { type: 'suggestion_stats' });
      if (actor.role === 'deputy') return { items: [] };
      const rows = await repo.listUnitAssignments(db, regionPrefix(actor.scopeRegionCode), actor.role === 'unit_handler' ? (actor.unitId ?? undefined) : undefined);
      return { items: unitStatistics(rows, todayOf(clock.now(), DEFAULT_TIME_ZONE)) };
    },

    /**
     * One step. The version the client saw must still be current (409); the workflow decides
     * (403/409/400 in Chinese); on success the state, its projections, the timeline and the
     * audit record are written in one transaction, and nothing at all on failure.
     */
    async act(ctx: RequestContext, id: string, body: TSuggestionActionBody) {
      const { version, ...input } = body;
      const { actor, row } = await loadVisible(ctx, id, 'suggestion.act');
      if (!can(actor, 'suggestion.act', subjectOf(actor, row)).allowed) {
        await auditRefusal(ctx, row, input.type, { ok: false, code: 'forbidden', message: '该建议不在您的管辖范围内' });
        throw refusalError({ ok: false, code: 'forbidden', message: '该建议不在您的管辖范围内' });
      }
      let action = input as SuggestionAction;
      const now = clock.now();
      const sActor = suggestionActorOf(actor);
      try {
        await db.transaction(async (tx) => {
          const cur = await repo.findSuggestion(tx, id, true);
          if (!cur) throw notFound('未找到该建议');
          if (cur.version !== version) throw conflict('该建议已被他人更新，请刷新后重试', 'version_conflict');
          const state = cur.state;
          const sctx = { ...sActor, now, expectedVersion: version };
          let numbering: { sequence: number; caseNumber: string } | undefined;
          if (action.type === 'file') {
            // refuse before taking a number: a refused filing leaves no gap in the sequence
            const dry = applySuggestionAction(state, { type: 'file', caseNumber: 'provisional' }, sctx);
            if (!dry.ok) throw new Refusal(dry);
            const congress = await repo.findRegion(tx, cur.congress_region_code);
            const sequence = await repo.nextSequence(tx, { congressRegionCode: cur.congress_region_code, term: cur.term, session: cur.session, period: cur.period });
            const caseNumber = formatSuggestionNumber({ congressName: congress?.name ?? '', term: cur.term, session: cur.session, period: cur.period, sequence });
            numbering = { sequence, caseNumber };
            action = { type: 'file', caseNumber };
          }
          if (action.type === 'merge') {
            const target = UUID.test(action.mergedInto) ? await repo.findSuggestion(tx, action.mergedInto) : null;
            if (!target || target.county_code !== cur.county_code || target.suggestion_id === cur.suggestion_id || !['filed', 'registered', 'dispatched', 'replied', 'rehandling', 'closed'].includes(target.status)) {
              throw badRequest('未找到可并入的建议（须为本级已提交的建议）', [{ field: 'mergedInto', message: '未找到可并入的建议' }]);
            }
          }
          if (action.type === 'set_key_supervision' && action.deputyIds) {
            const ds = await repo.findDeputies(tx, action.deputyIds);
            if (ds.length !== new Set(action.deputyIds).size || ds.some((d) => d.county_code !== cur.county_code)) {
              throw badRequest('督办代表不存在或不是本级人大代表', [{ field: 'deputyIds', message: '督办代表不存在或不是本级人大代表' }]);
            }
          }
          const res = applySuggestionAction(state, action, sctx);
          if (!res.ok) throw new Refusal(res);
          if (action.type === 'dispatch') {
            const ids = action.units.map((u) => u.unitId);
            const ok = await repo.findActiveUnits(tx, ids, cur.county_code);
            const missing = ids.map((uid, i) => ({ uid, i })).filter(({ uid }) => !ok.some((u) => u.unit_id === uid));
            if (missing.length) {
              throw badRequest('承办单位不存在或已停用', missing.map(({ i }) => ({ field: `units.${i}.unitId`, message: '承办单位不存在或已停用' })));
            }
          }
          const saved = await repo.updateSuggestion(tx, id, version, res.next, derive(res.next), now, numbering);
          if (!saved) throw conflict('该建议已被他人更新，请刷新后重试', 'version_conflict');
          if (action.type === 'cosign' || action.type === 'register') await repo.replaceDeputies(tx, id, deputyRows(res.next));
          if (action.type === 'dispatch') await repo.replaceUnits(tx, id, res.next.units.map((u) => ({ unitId: u.unitId, role: u.role })));
          await repo.appendEvents(tx, id, eventRows(res.events));
          await insertAudit(tx, ctx, now, {
            action: `suggestion.${action.type}`,
            objectType: 'suggestion',
            objectId: id,
            regionCode: cur.region_code,
            before: { status: state.status, version: state.version },
            after: { status: res.next.status, version: res.next.version, events: res.events.map((e) => e.type), ...(numbering ? { caseNumber: numbering.caseNumber } : {}) },
          });
        });
      } catch (err) {
        if (err instanceof Refusal) {
          await auditRefusal(ctx, row, input.type, err.failure);
          throw refusalError(err.failure);
        }
        throw err;
      }
      return this.get(ctx, id);
    },

    /** What the constituents of a concern see of the suggestions formed from it (no personal data). */
    async publicSummariesOfConcern(q: Queryable, concernId: string): Promise<TPublicSuggestionSummary[]> {
      const rows = await repo.listSuggestionsOfConcern(q, concernId);
      return rows
        .filter((r) => r.status !== 'drafting')
        .map((r) => {
          const last = r.state.replies.at(-1);
          const summary = last ? (last.content.length > 200 ? `${last.content.slice(0, 200)}…` : last.content) : '';
          return {
            caseNumber: r.case_number,
            title: r.title,
            statusLabel: SUGGESTION_STATUS_LABELS[r.status],
            reply: last && r.is_public ? { categoryLabel: REPLY_CATEGORY_LABELS[last.category], summary, at: last.at } : null,
          };
        });
    },
  };
}

export type SuggestionsService = ReturnType<typeof createSuggestionsService>;
