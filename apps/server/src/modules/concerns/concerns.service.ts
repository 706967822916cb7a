import { createHash, randomUUID } from 'node:crypto';
import {
  activeUnits,
  allowedConcernActions,
  applyConcernAction,
  calendarCoverageWarning,
  calendarDateOf,
  can,
  CONCERN_ERROR_HTTP_STATUS,
  concernDueAt,
  concernTrafficLight,
  createWorkingCalendar,
  DEFAULT_CONCERN_SETTINGS,
  DEFAULT_TIME_ZONE,
  formatCaseNumber,
  isWithinRegion,
  missingCalendarYears,
  notRatedClosableAt,
  OPEN_CONCERN_STATUSES,
  parentRegionCode,
  regionLevelOf,
  regionPrefix,
  registerConcern,
  RETENTION_MONTHS_DEFAULT,
  STATUS_LABELS,
  EVENT_LABELS,
  type Actor,
  type ConcernAction,
  type ConcernActor,
  type ConcernContext,
  type ConcernFailure,
  type ConcernInbox,
  type ConcernRating,
  type ConcernSettings,
  type ConcernState,
  type Permission,
  type TConcernCreateRequest,
  type TConcernDetail,
  type TConcernListItem,
  type TConcernListQuery,
  type TimelineEvent,
  type WorkingCalendar,
} from '@gridvoice/core';
import type { Queryable } from '@gridvoice/db';
import type { AppDeps, RequestContext } from '../../types.js';
import { requireAccess } from '../../lib/access.js';
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized, unprocessable } from '../../lib/errors.js';
import { createGroupCommit } from '../../lib/group-commit.js';
import { linkAttachments } from '../attachments/attachments.repository.js';
import { insertAudit } from '../audit/audit.repository.js';
import { defaultLeadUnit } from '../organisation/units.service.js';
import { stateFromJson, stateToJson } from './concern-state.json.js';
import { searchTokens } from './concern-search.js';
import * as repo from './concerns.repository.js';

/** Test seams: a fault injected after the first write of a transition or a registration. */
export interface ConcernsServiceOptions {
  faults?: {
    afterFirstWrite?: (what: string) => void | Promise<void>;
    /** sees (and may spoil) each registration before it joins a group commit */
    registration?: (item: repo.RegistrationItem) => repo.RegistrationItem;
  };
  /** Group commit of registrations (lib/group-commit.ts); defaults by engine. */
  groupCommit?: { maxBatch?: number; maxInFlight?: number; gatherTurn?: boolean };
}

/**
 * Registrations gathered per statement (docs/decisions/0005-group-commit.md): what arrived in
 * the same event-loop turn goes together. PostgreSQL runs up to three such statements at once on
 * its own connections; PGlite runs one at a time, synchronously on this thread.
 */
const GROUP_COMMIT_DEFAULTS = {
  postgres: { maxBatch: 64, maxInFlight: 3, gatherTurn: true },
  embedded: { maxBatch: 64, maxInFlight: 1, gatherTurn: true },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_ID = '00000000-0000-0000-0000-000000000000';
const PRIVACY_NOTICE_VERSION = '2025-01';
const SYSTEM_CTX: RequestContext = { actor: null, requestId: 'job:concerns', ip: '' };

/** The citizen on the public pages: no account; the workflow's role table knows them as `constituent`. */
const ONLINE_ACTOR = { actorRole: 'constituent' as const, actorId: null };

/** A registration from the citizens' pages (public.service has checked the SMS code and the place). */
export interface OnlineRegistration {
  concernId: string;
  countyCode: string;
  regionCode: string;
  stationId: string | null;
  gridId: string | null;
  deputyId: string | null;
  title: string;
  content: string;
  categoryCode: string;
  attachmentIds: string[];
  constituent: { name: string | null; phone: string; anonymous: boolean; privacyNoticeVersion: string };
}

/** The workflow refused: carried out of the transaction so that nothing is written. */
class Refusal extends Error {
  constructor(readonly failure: ConcernFailure) {
    super(failure.message);
  }
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function concernActorOf(a: Actor): ConcernActor {
  const level = regionLevelOf(a.scopeRegionCode);
  return {
    actorRole: a.role,
    actorId: a.userId,
    actorUnitId: a.unitId ?? null,
    actorDeputyId: a.deputyId ?? null,
    actorLevel: a.role === 'congress_staff' && (level === 'province' || level === 'prefecture') ? 'city' : null,
  };
}

/** What an actor may see, beyond the region scope: their unit's, their own, their station's. */
function visibilityOf(a: Actor): repo.VisibilityFilter {
  const f: repo.VisibilityFilter = { scopePrefix: regionPrefix(a.scopeRegionCode) };
  if (a.role === 'unit_handler') f.unitId = a.unitId ?? NO_ID;
  if (a.role === 'deputy') f.deputyId = a.deputyId ?? NO_ID;
  if (a.role === 'station_manager') {
    f.stationId = a.stationId ?? null;
    f.createdBy = a.userId;
  }
  return f;
}

function isVisible(a: Actor, row: repo.ConcernRow, state: ConcernState): boolean {
  if (!isWithinRegion(row.region_code, a.scopeRegionCode)) return false;
  switch (a.role) {
    case 'unit_handler':
      return !!a.unitId && state.units.some((u) => u.unitId === a.unitId);
    case 'deputy':
      return !!a.deputyId && row.collector_deputy_id === a.deputyId;
    case 'station_manager':
      return (!!a.stationId && row.station_id === a.stationId) || row.created_by === a.userId;
    case 'admin':
    case 'security_admin':
    case 'auditor':
    case 'congress_staff':
    case 'town_staff':
    case 'viewer':
      return true;
  }
}

/** The regions a setting may come from, most specific first. */
function regionsUp(code: string): string[] {
  const out: string[] = [];
  let c: string | null = code;
  while (c) {
    out.push(c);
    c = parentRegionCode(c);
  }
  return out;
}

function settingsFrom(row: repo.SettingsRow | null): ConcernSettings {
  if (!row) return DEFAULT_CONCERN_SETTINGS;
  return {
    tierWorkingDays: row.tier_working_days,
    notRatedAfterDays: row.not_rated_after_days ?? DEFAULT_CONCERN_SETTINGS.notRatedAfterDays,
    reopenWorkingDays: row.reopen_working_days,
    maxReopens: row.max_reopens,
  };
}

/** The columns kept beside the snapshot, for inboxes, filters and the traffic light. */
export function deriveColumns(s: ConcernState, settings: ConcernSettings): repo.DerivedColumns {
  const working = s.status === 'dispatched' || s.status === 'in_progress' ? activeUnits(s) : [];
  let yellowAt: number | null = null;
  let redAt: number | null = null;
  for (const u of working) {
    const start = u.assignedAt.getTime();
    const due = u.dueAt.getTime();
    const y = start + Math.ceil(((due - start) * 4) / 5);
    yellowAt = yellowAt === null ? y : Math.min(yellowAt, y);
    redAt = redAt === null ? due : Math.min(redAt, due);
  }
  const lead = working.find((u) => u.role === 'lead') ?? null;
  return {
    status: s.status,
    level: s.level,
    tier: s.tier,
    leadUnitId: lead?.unitId ?? (s.units.find((u) => u.round === s.dispatchRound && u.role === 'lead')?.unitId ?? null),
    dueAt: concernDueAt(s),
    yellowAt: yellowAt === null ? null : new Date(yellowAt),
    redAt: redAt === null ? null : new Date(redAt),
    ratingDueAt: notRatedClosableAt(s, settings.notRatedAfterDays),
    reopenCount: s.reopenCount,
    keySupervision: s.keySupervision,
    rating: s.rating,
    closedAt: s.closedAt,
    mergedInto: s.mergedInto,
  };
}

function unitsProjection(s: ConcernState): repo.UnitProjection[] {
  return s.units.map((u) => ({
    unitId: u.unitId,
    round: u.round,
    role: u.role,
    status: u.status,
    isCurrent: u.round === s.dispatchRound,
    assignedAt: u.assignedAt,
    dueAt: u.dueAt,
  }));
}

function eventRows(events: TimelineEvent[]): repo.NewEvent[] {
  return events.map((e) => ({
    version: e.version,
    type: e.type,
    at: e.at.toISOString(),
    actorRole: e.actorRole,
    actorUserId: e.actorId ?? null,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    unitId: e.unitId,
    data: e.data,
    notify: e.notify,
  }));
}

function refusalError(f: ConcernFailure): AppError {
  return new AppError(CONCERN_ERROR_HTTP_STATUS[f.code], f.code, f.message);
}

function canonicalHash(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, canon(x)]),
          )
        : v;
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex');
}

const INBOX_ROLES: Record<ConcernInbox, readonly Actor['role'][]> = {
  mine: ['deputy', 'station_manager', 'town_staff', 'congress_staff'],
  'to-dispatch': ['town_staff', 'congress_staff'],
  overdue: ['town_staff', 'congress_staff', 'unit_handler'],
  assigned: ['unit_handler'],
  'due-soon': ['unit_handler'],
  escalated: ['congress_staff'],
  'key-supervision': ['congress_staff', 'town_staff'],
};

export function createConcernsService(deps: AppDeps, options: ConcernsServiceOptions = {}) {
  const { db, clock, cipher } = deps;
  const fault = async (what: string) => {
    await options.faults?.afterFirstWrite?.(what);
  };
  const registrations = createGroupCommit<repo.RegistrationItem, string>({
    ...GROUP_COMMIT_DEFAULTS[db.engine],
    ...options.groupCommit,
    runBatch: (items) => repo.insertRegisteredConcerns(db, items),
    runOne: async (item) => (await repo.insertRegisteredConcerns(db, [item]))[0] as string,
  });

  async function loadCalendar(q: Queryable): Promise<WorkingCalendar> {
    const rows = await repo.listCalendarOverrides(q);
    return createWorkingCalendar(Object.fromEntries(rows.map((r) => [r.day, r.kind])));
  }

  async function loadSettings(q: Queryable, regionCode: string): Promise<ConcernSettings> {
    return settingsFrom(await repo.findNearestSettings(q, regionsUp(regionCode)));
  }

  /** The settings that apply to a region, with the retention months (nearest region that sets them, else 36). */
  async function readSettings(regionCode: string) {
    const up = regionsUp(regionCode);
    const [s, retention] = await Promise.all([
      loadSettings(db, regionCode),
      repo.findNearestRetention(db, up),
    ]);
    return { regionCode, ...s, retentionMonths: retention ?? RETENTION_MONTHS_DEFAULT };
  }

  /** Loads a concern the actor may see; otherwise 404 (no existence leak) and an audited refusal. */
  async function loadVisible(ctx: RequestContext, concernId: string, permission: Permission) {
    const actor = await requireAccess(deps, ctx, permission, {}, { type: 'concern', id: concernId });
    const row = UUID.test(concernId) ? await repo.findConcern(db, concernId) : null;
    if (!row) {
      // an id that names nothing is audited too: walking ids by guesswork leaves a trace (issue 9, item 2)
      await insertAudit(db, ctx, clock.now(), {
        action: permission,
        objectType: 'concern',
        objectId: concernId,
        outcome: 'denied',
        after: { reason: 'not_found' },
      });
      throw notFound('未找到该群众意见');
    }
    const state = stateFromJson(row.state);
    if (!isVisible(actor, row, state)) {
      await insertAudit(db, ctx, clock.now(), {
        action: permission,
        objectType: 'concern',
        objectId: concernId,
        regionCode: row.region_code,
        outcome: 'denied',
        after: { reason: 'out_of_scope' },
      });
      throw notFound('未找到该群众意见');
    }
    return { actor, row, state };
  }

  function presentItem(actor: Actor, row: repo.ConcernRow, state: ConcernState, now: Date): TConcernListItem {
    const hideIdentity = !!row.c_anonymous && actor.role === 'unit_handler';
    return {
      concernId: row.concern_id,
      caseNumber: row.case_number,
      title: row.title,
      status: row.status,
      statusLabel: STATUS_LABELS[row.status],
      tier: state.tier,
      level: state.level,
      channel: row.channel,
      categoryCode: row.category_code,
      regionCode: row.region_code,
      regionName: row.region_name,
      gridId: row.grid_id,
      leadUnitId: row.lead_unit_id,
      dueAt: iso(row.due_at),
      trafficLight: concernTrafficLight(state, now),
      keySupervision: row.key_supervision,
      reopenCount: row.reopen_count,
      rating: row.rating,
      constituent: {
        name: hideIdentity ? null : row.c_name_masked,
        phone: hideIdentity ? null : row.c_phone_masked,
        anonymous: !!row.c_anonymous,
      },
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      version: row.version,
    };
  }

  /**
   * Saves one successful transition: the state (only if still at the version read), the units
   * projection, the timeline with its outbox rows, and the audit record — inside the caller's
   * transaction.
   */
  async function saveTransition(
    tx: Queryable,
    ctx: RequestContext,
    row: repo.ConcernRow,
    before: ConcernState,
    next: ConcernState,
    events: TimelineEvent[],
    settings: ConcernSettings,
    action: string,
    now: Date,
    auditExtra: Record<string, unknown> = {},
  ) {
    const saved = await repo.updateConcernState(
      tx,
      row.concern_id,
      before.version,
      stateToJson(next),
      deriveColumns(next, settings),
      next.version,
      now,
    );
    if (!saved) throw conflict('该群众意见已被他人更新，请刷新后重试', 'version_conflict');
    await fault(action);
    if (JSON.stringify(before.units) !== JSON.stringify(next.units) || before.dispatchRound !== next.dispatchRound) {
      await repo.replaceConcernUnits(tx, row.concern_id, row.county_code, unitsProjection(next));
    }
    await repo.appendEventsWithOutbox(tx, row.concern_id, row.county_code, row.case_number, eventRows(events), now);
    await insertAudit(tx, ctx, now, {
      action: `concern.${action}`,
      objectType: 'concern',
      objectId: row.concern_id,
      regionCode: row.region_code,
      before: { status: before.status, version: before.version },
      after: { status: next.status, version: next.version, events: events.map((e) => e.type), ...auditExtra },
    });
  }

  async function auditRefusal(ctx: RequestContext, row: repo.ConcernRow, action: string, f: ConcernFailure) {
    if (f.code !== 'forbidden' && f.code !== 'not_yours') return;
    await insertAudit(db, ctx, clock.now(), {
      action: `concern.${action}`,
      objectType: 'concern',
      objectId: row.concern_id,
      regionCode: row.region_code,
      outcome: 'denied',
      after: { reason: f.code, message: f.message },
    });
  }

  function checkIds(input: TConcernCreateRequest) {
    const problems: { field: string; message: string }[] = [];
    const fields: [string, string | undefined, string][] = [
      ['gridId', input.gridId, '网格'],
      ['microGridId', input.microGridId, '微网格'],
      ['stationId', input.stationId, '联络站'],
      ['deputyId', input.deputyId, '收集代表'],
      ['campaignId', input.campaignId, '主题活动'],
    ];
    for (const [field, v, what] of fields) {
      if (v !== undefined && !UUID.test(v)) problems.push({ field, message: `${what}编号格式不正确` });
    }
    input.attachmentIds.forEach((v, i) => {
      if (!UUID.test(v)) problems.push({ field: `attachmentIds.${i}`, message: '附件编号格式不正确' });
    });
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
  }

  /** Regions are reference data: kept a minute in memory (registration reads one per request). */
  const regionCache = new Map<string, { row: Awaited<ReturnType<typeof repo.findRegion>>; at: number }>();
  async function findRegionCached(code: string) {
    const hit = regionCache.get(code);
    const t = Date.now();
    if (hit && t - hit.at < 60_000) return hit.row;
    const row = await repo.findRegion(db, code);
    if (regionCache.size > 50_000) regionCache.clear();
    if (row) regionCache.set(code, { row, at: t });
    return row;
  }

  /** The organisation records the registration names must exist, in its county and village. */
  async function checkReferences(input: TConcernCreateRequest, countyCode: string) {
    const problems: { field: string; message: string }[] = [];
    if (input.deputyId && (await repo.findDeputyCounty(db, input.deputyId)) !== countyCode) {
      problems.push({ field: 'deputyId', message: '收集代表不存在或不属于本县' });
    }
    if (input.stationId && (await repo.findStationCounty(db, input.stationId)) !== countyCode) {
      problems.push({ field: 'stationId', message: '联络站不存在或不属于本县' });
    }
    for (const [field, id, what] of [['gridId', input.gridId, '网格'], ['microGridId', input.microGridId, '微网格']] as const) {
      if (id && (await repo.findGridVillage(db, id)) !== input.regionCode) {
        problems.push({ field, message: `${what}不存在或不在所选村（社区）` });
      }
    }
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
  }

  /**
   * One registration as the statement writes it: the workflow's registration (computed with a
   * provisional number; the statement takes the real one and writes it into the state, the
   * event and the audit image), the constituent's fields encrypted and masked, the audit image.
   */
  function registrationItem(p: {
    concernId: string;
    year: number;
    countyCode: string;
    regionCode: string;
    gridId: string | null;
    microGridId: string | null;
    stationId: string | null;
    title: string;
    content: string;
    categoryCode: string;
    channel: string;
    collectorKind: string;
    collectorDeputyId: string | null;
    collectorUserId: string | null;
    createdBy: string | null;
    latitude: number | null;
    longitude: number | null;
    attachmentIds: string[];
    campaignId: string | null;
    registered: { next: ConcernState; events: TimelineEvent[] };
    constituent: { name: string | null; phone: string | null; address: string | null; anonymous: boolean; privacyNoticeVersion: string } | null;
    ctx: RequestContext;
    auditAfter: Record<string, unknown>;
    now: Date;
  }): repo.RegistrationItem {
    const k = p.constituent;
    const { registered, constituent: _k, ctx: auditCtx, auditAfter, ...concern } = p;
    return {
      concern: {
        ...concern,
        searchTokens: searchTokens(p.title, p.content),
        state: stateToJson(registered.next),
        derived: deriveColumns(registered.next, DEFAULT_CONCERN_SETTINGS),
        version: registered.next.version,
      },
      constituent: k
        ? {
            nameEnc: k.name ? cipher.encrypt(k.name) : null,
            nameMasked: k.name ? cipher.mask('name', k.name) : null,
            phoneEnc: k.phone ? cipher.encrypt(k.phone) : null,
            phoneMasked: k.phone ? cipher.mask('phone', k.phone) : null,
            phoneIndex: k.phone ? cipher.blindIndex('phone', k.phone) : null,
            addressEnc: k.address ? cipher.encrypt(k.address) : null,
            addressMasked: k.address ? cipher.mask('address', k.address) : null,
            anonymous: k.anonymous,
            privacyNoticeVersion: k.privacyNoticeVersion,
          }
        : null,
      events: eventRows(registered.events),
      audit: { ctx: auditCtx, action: 'concern.create', after: auditAfter },
    };
  }

  return {
    /** How the registrations were grouped so far (tests and the benchmark). */
    groupCommitStats: () => registrations.stats(),

    /** 编号登记 (R-LOOP-1): number, record, first timeline event, audit and outbox in one transaction. */
    async create(ctx: RequestContext, input: TConcernCreateRequest, idempotencyKey?: string) {
      const actor = await requireAccess(
        deps,
        ctx,
        'concern.create',
        { regionCode: input.regionCode, ...(input.stationId ? { stationId: input.stationId } : {}) },
        { type: 'concern' },
      );
      checkIds(input);
      if (idempotencyKey !== undefined && !/^[\w.:-]{8,128}$/.test(idempotencyKey)) {
        throw badRequest('Idempotency-Key 应为 8 至 128 位字母、数字或 - _ . :', [
          { field: 'Idempotency-Key', message: '幂等键格式不正确' },
        ]);
      }
      const region = await findRegionCached(input.regionCode);
      if (!region || (region.level !== 'village' && region.level !== 'town') || !region.county_code) {
        throw badRequest('所在村（社区）不存在', [{ field: 'regionCode', message: '所在村（社区）不存在' }]);
      }
      const countyCode = region.county_code;
      await checkReferences(input, countyCode);
      const now = clock.now();
      const year = calendarDateOf(now, DEFAULT_TIME_ZONE).year;
      const concernId = randomUUID();
      const cActor = concernActorOf(actor);
      const registration = {
        id: concernId,
        tier: input.tier,
        level: 'town' as const,
        collector: { kind: input.collectorKind, deputyId: input.deputyId ?? null, userId: actor.userId },
      };
      const cctx: ConcernContext = { ...cActor, now };
      // Refuse before writing anything (the number is taken only for a registration that will be saved).
      const dry = registerConcern({ ...registration, caseNumber: formatCaseNumber({ countyCode, year, sequence: 1 }) }, cctx);
      if (!dry.ok) {
        if (dry.code === 'forbidden' || dry.code === 'not_yours') {
          await insertAudit(db, ctx, now, {
            action: 'concern.create',
            objectType: 'concern',
            regionCode: input.regionCode,
            outcome: 'denied',
            after: { reason: dry.code },
          });
        }
        throw refusalError(dry);
      }
      const k = input.constituent;
      const address = input.address?.trim() || null;
      const requestHash = idempotencyKey ? canonicalHash(input) : '';
      const item = registrationItem({
        concernId,
        year,
        countyCode,
        regionCode: input.regionCode,
        gridId: input.gridId ?? null,
        microGridId: input.microGridId ?? null,
        stationId: input.stationId ?? null,
        title: input.title,
        content: input.content,
        categoryCode: input.categoryCode,
        channel: input.channel,
        collectorKind: input.collectorKind,
        collectorDeputyId: input.deputyId ?? null,
        collectorUserId: actor.userId,
        createdBy: actor.userId,
        latitude: input.location?.latitude ?? null,
        longitude: input.location?.longitude ?? null,
        attachmentIds: input.attachmentIds,
        campaignId: input.campaignId ?? null,
        registered: dry,
        constituent:
          k.name || k.phone || address || k.anonymous
            ? { name: k.name || null, phone: k.phone || null, address, anonymous: k.anonymous, privacyNoticeVersion: PRIVACY_NOTICE_VERSION }
            : null,
        ctx,
        auditAfter: { title: input.title, channel: input.channel, tier: input.tier, regionCode: input.regionCode },
        now,
      });

      // Without an Idempotency-Key or photos the registration is one statement, atomic by itself,
      // and joins the group commit with the registrations arriving at the same time.
      const needsTx = idempotencyKey !== undefined || input.attachmentIds.length > 0;
      if (!needsTx) {
        const caseNumber = await registrations.submit(options.faults?.registration?.(item) ?? item);
        return { concernId, caseNumber, status: 'registered' as const, version: 1, replayed: false };
      }
      // With an Idempotency-Key: claim it, register, record the answer — one transaction.
      // Photos uploaded beforehand are taken by the concern in the same transaction.
      const out = await db.transaction(async (tx) => {
        if (idempotencyKey) {
          const claimed = await repo.claimIdempotencyKey(tx, {
            userId: actor.userId,
            key: idempotencyKey,
            scope: 'concern.create',
            requestHash,
            now,
          });
          if (!claimed) {
            const existing = await repo.findIdempotencyKey(tx, actor.userId, idempotencyKey);
            if (!existing || existing.scope !== 'concern.create' || existing.request_hash !== requestHash) {
              throw unprocessable('该 Idempotency-Key 已用于内容不同的请求', 'idempotency_key_reused');
            }
            const id = existing.response?.concernId;
            if (!id) throw conflict('相同的请求正在处理，请稍后再试', 'idempotency_in_progress');
            return { concernId: id, replayed: true };
          }
          await fault('create');
        }
        const [caseNumber] = await repo.insertRegisteredConcerns(tx, [item]);
        if (input.attachmentIds.length > 0) {
          const linked = await linkAttachments(tx, input.attachmentIds, { type: 'concern', id: concernId }, actor.userId);
          if (linked.length !== new Set(input.attachmentIds).size) {
            throw badRequest('附件不存在、已被使用或不是您上传的', [{ field: 'attachmentIds', message: '附件不存在、已被使用或不是您上传的' }]);
          }
        }
        if (idempotencyKey) await repo.setIdempotencyResponse(tx, actor.userId, idempotencyKey, { concernId });
        return { concernId, caseNumber, replayed: false };
      });
      if (out.replayed) {
        const row = await repo.findConcern(db, out.concernId);
        if (!row) throw notFound('未找到该群众意见');
        return { concernId: row.concern_id, caseNumber: row.case_number, status: row.status, version: row.version, replayed: true };
      }
      return { concernId: out.concernId, caseNumber: out.caseNumber ?? '', status: 'registered' as const, version: 1, replayed: false };
    },

    /**
     * 编号登记 through the citizens' pages (online channel, R-LOOP-2), inside the caller's
     * transaction (with the SMS code, the photos and the tracking token). There is no signed-in
     * actor: the public service has proven the phone with an SMS code, and the workflow's role
     * table decides what the `constituent` may do — the same record, timeline, outbox and audit
     * as a console registration.
     */
    async registerOnline(tx: Queryable, ctx: RequestContext, input: OnlineRegistration, now: Date): Promise<string> {
      const year = calendarDateOf(now, DEFAULT_TIME_ZONE).year;
      const dry = registerConcern(
        {
          id: input.concernId,
          caseNumber: formatCaseNumber({ countyCode: input.countyCode, year, sequence: 1 }),
          tier: 'general',
          level: 'town',
          collector: { kind: 'online', deputyId: input.deputyId, userId: null },
        },
        { ...ONLINE_ACTOR, now },
      );
      if (!dry.ok) throw refusalError(dry);
      const k = input.constituent;
      const [caseNumber] = await repo.insertRegisteredConcerns(tx, [
        registrationItem({
          concernId: input.concernId,
          year,
          countyCode: input.countyCode,
          regionCode: input.regionCode,
          gridId: input.gridId,
          microGridId: null,
          stationId: input.stationId,
          title: input.title,
          content: input.content,
          categoryCode: input.categoryCode,
          channel: 'online',
          collectorKind: 'online',
          collectorDeputyId: input.deputyId,
          collectorUserId: null,
          createdBy: null,
          latitude: null,
          longitude: null,
          attachmentIds: input.attachmentIds,
          campaignId: null,
          registered: dry,
          constituent: { name: k.name, phone: k.phone, address: null, anonymous: k.anonymous, privacyNoticeVersion: k.privacyNoticeVersion },
          ctx,
          auditAfter: { title: input.title, channel: 'online', tier: 'general', regionCode: input.regionCode, via: 'public' },
          now,
        }),
      ]);
      return caseNumber as string;
    },

    /**
     * 群众评价 by the constituent through their tracking link (the public service holds the
     * token); 不满意 reopens it, as in the loop. Same transition, timeline, outbox and audit as
     * a console rating, with `via: public` in the audit image.
     */
    async rateAsConstituent(ctx: RequestContext, concernId: string, rating: ConcernRating, comment: string | undefined): Promise<void> {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const row = await repo.findConcern(tx, concernId, true);
        if (!row) throw notFound('未找到该事项');
        const before = stateFromJson(row.state);
        const settings = await loadSettings(tx, row.region_code);
        const calendar = await loadCalendar(tx);
        const res = applyConcernAction(
          before,
          { type: 'rate', rating, ...(comment ? { comment } : {}) },
          { ...ONLINE_ACTOR, now, settings, calendar },
        );
        if (!res.ok) throw refusalError(res);
        await saveTransition(tx, ctx, row, before, res.next, res.events, settings, 'rate', now, { via: 'public' });
      });
    },

    async get(ctx: RequestContext, concernId: string): Promise<TConcernDetail> {
      const { actor, row, state } = await loadVisible(ctx, concernId, 'concern.read');
      const now = clock.now();
      const [timeline, settings] = await Promise.all([
        repo.listTimeline(db, concernId),
        loadSettings(db, row.region_code),
      ]);
      const actions = can(actor, 'concern.act', { regionCode: row.region_code }).allowed
        ? allowedConcernActions(state, { ...concernActorOf(actor), now, settings }).filter((a) => a !== 'relay_master_reply')
        : [];
      const hideIdentity = !!row.c_anonymous && actor.role === 'unit_handler';
      const suggested = actions.includes('dispatch') ? await defaultLeadUnit(deps, row.region_code, row.category_code) : null;
      return {
        ...presentItem(actor, row, state, now),
        content: row.content,
        microGridId: row.micro_grid_id,
        stationId: row.station_id,
        location: row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
        address: hideIdentity ? null : row.c_address_masked,
        collector: { kind: row.collector_kind, deputyId: row.collector_deputy_id, userId: row.collector_user_id },
        mergedInto: row.merged_into,
        closedAt: iso(row.closed_at),
        state: row.state,
        timeline: timeline.map((e) => ({
          eventId: e.event_id,
          type: e.type,
          label: EVENT_LABELS[e.type as keyof typeof EVENT_LABELS] ?? e.type,
          at: e.occurred_at.toISOString(),
          version: e.version,
          actorRole: e.actor_role,
          actorUserId: e.actor_user_id,
          actorName: e.actor_name,
          fromStatus: e.from_status,
          toStatus: e.to_status,
          unitId: e.unit_id,
          data: e.data,
        })),
        actions,
        canReveal:
          can(actor, 'concern.reveal', { regionCode: row.region_code }).allowed &&
          (row.c_name_masked !== null || row.c_phone_masked !== null || row.c_address_masked !== null),
        suggestedLeadUnit: suggested ? { unitId: suggested.unitId, name: suggested.name } : null,
      };
    },

    async list(ctx: RequestContext, query: TConcernListQuery) {
      const actor = await requireAccess(deps, ctx, 'concern.read', {}, { type: 'concern' });
      return this.listWith(actor, query, {});
    },

    async listWith(actor: Actor, query: TConcernListQuery, extra: Partial<repo.ListFilter>) {
      const now = clock.now();
      if (query.regionCode && !isWithinRegion(query.regionCode, actor.scopeRegionCode)) {
        return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      }
      const statuses =
        query.status === 'all' ? undefined : query.status === 'open' ? OPEN_CONCERN_STATUSES : [query.status];
      const { rows, total } = await repo.listConcerns(db, {
        ...visibilityOf(actor),
        ...(statuses ? { statuses } : {}),
        ...(query.regionCode ? { regionPrefix: regionPrefix(query.regionCode) } : {}),
        ...(query.gridId ? { gridId: query.gridId } : {}),
        ...(query.categoryCode ? { categoryCode: query.categoryCode } : {}),
        ...(query.channel ? { channel: query.channel } : {}),
        ...(query.tier ? { tier: query.tier } : {}),
        ...(query.level ? { level: query.level } : {}),
        ...(query.light ? { light: query.light } : {}),
        ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
        ...(query.keySupervision !== undefined ? { keySupervision: query.keySupervision } : {}),
        ...(query.unitId ? { assignedUnitId: query.unitId } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...extra,
        now,
        sort: query.sort,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return {
        items: rows.map((r) => presentItem(actor, r, stateFromJson(r.state), now)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    /** The role inboxes: each a fixed filter over what the actor may see. */
    async inbox(ctx: RequestContext, inbox: ConcernInbox, page: { page: number; pageSize: number }) {
      const actor = await requireAccess(deps, ctx, 'concern.read', {}, { type: 'concern' });
      if (!INBOX_ROLES[inbox].includes(actor.role)) throw forbidden('您的角色没有该待办列表');
      const open = [...OPEN_CONCERN_STATUSES];
      const base: TConcernListQuery = { status: 'all', sort: 'created_desc', ...page };
      const level = actor.role === 'town_staff' ? 'town' : concernActorOf(actor).actorLevel === 'city' ? 'city' : 'county';
      switch (inbox) {
        case 'mine':
          return this.listWith(actor, base, actor.role === 'deputy' ? { statuses: open } : { statuses: open, createdBy: actor.userId, stationId: actor.role === 'station_manager' ? (actor.stationId ?? null) : null });
        case 'to-dispatch':
          return this.listWith(actor, { ...base, sort: 'created_asc' }, { statuses: ['awaiting_dispatch'], level });
        case 'overdue':
          return this.listWith(actor, { ...base, sort: 'due_asc' }, { statuses: open, overdue: true });
        case 'assigned':
          return this.listWith(actor, { ...base, sort: 'due_asc' }, { unitInbox: { unitId: actor.unitId ?? NO_ID, kind: 'any' } });
        case 'due-soon':
          return this.listWith(actor, { ...base, sort: 'due_asc' }, { unitInbox: { unitId: actor.unitId ?? NO_ID, kind: 'due_soon' } });
        case 'escalated':
          return this.listWith(actor, base, { statuses: open, levels: level === 'city' ? ['city'] : ['county', 'city'] });
        case 'key-supervision':
          return this.listWith(actor, { ...base, sort: 'due_asc' }, { statuses: open, keySupervision: true });
      }
    },

    /**
     * One step of the loop. The version the client saw must still be current (else 409); the
     * workflow decides (403/409/400 with its reason); on success state, units, timeline, outbox
     * and audit are written in one transaction — and for a master's reply, the relay to every
     * concern merged into it too.
     */
    async act(ctx: RequestContext, concernId: string, body: Record<string, unknown>, ifMatch?: string) {
      const { version: bodyVersion, ...actionInput } = body as { version?: number } & Record<string, unknown>;
      const headerVersion = ifMatch ? Number(ifMatch.replace(/^W\//, '').replace(/"/g, '')) : undefined;
      const version = bodyVersion ?? headerVersion;
      if (version === undefined || !Number.isInteger(version) || version < 1) {
        throw badRequest('缺少版本号（请求体 version 或 If-Match 请求头）', [{ field: 'version', message: '缺少版本号' }]);
      }
      const { actor, row } = await loadVisible(ctx, concernId, 'concern.act');
      let action = actionInput as unknown as ConcernAction;
      const now = clock.now();
      const cActor = concernActorOf(actor);
      try {
        await db.transaction(async (tx) => {
          const cur = await repo.findConcern(tx, concernId, true);
          if (!cur) throw notFound('未找到该群众意见');
          if (cur.version !== version) throw conflict('该群众意见已被他人更新，请刷新后重试', 'version_conflict');
          const state = stateFromJson(cur.state);
          if (action.type === 'merge_into') {
            const masterId = action.masterId;
            const master = UUID.test(masterId) ? await repo.findConcern(tx, masterId, true) : null;
            if (!master || master.county_code !== cur.county_code || !isVisible(actor, master, stateFromJson(master.state))) {
              throw badRequest('未找到要并入的主件', [{ field: 'masterId', message: '未找到要并入的主件' }]);
            }
            action = { ...action, masterStatus: master.status };
          }
          const settings = await loadSettings(tx, cur.region_code);
          const calendar = await loadCalendar(tx);
          const cctx: ConcernContext = { ...cActor, now, settings, calendar, expectedVersion: version };
          const res = applyConcernAction(state, action, cctx);
          if (!res.ok) throw new Refusal(res);
          if (action.type === 'dispatch') {
            const ids = action.units.map((u) => u.unitId);
            const found = ids.every((id) => UUID.test(id)) ? await repo.findActiveUnitIds(tx, ids) : [];
            const missing = ids.map((id, i) => ({ id, i })).filter(({ id }) => !found.includes(id));
            if (missing.length) {
              throw badRequest('承办单位不存在或已停用', missing.map(({ i }) => ({ field: `units.${i}.unitId`, message: '承办单位不存在或已停用' })));
            }
          }
          await saveTransition(tx, ctx, cur, state, res.next, res.events, settings, action.type, now);
          if (action.type === 'reply' && res.next.status === 'replied' && res.next.reply) {
            const reply = res.next.reply;
            for (const m of await repo.listMergedAwaitingReply(tx, concernId)) {
              const ms = stateFromJson(m.state);
              const mSettings = await loadSettings(tx, m.region_code);
              const relayed = applyConcernAction(
                ms,
                { type: 'relay_master_reply', masterId: concernId, content: reply.content, unitId: reply.unitId },
                { actorRole: 'system', actorId: null, now, settings: mSettings, calendar },
              );
              if (!relayed.ok) throw new Refusal(relayed);
              await saveTransition(tx, ctx, m, ms, relayed.next, relayed.events, mSettings, 'relay_master_reply', now);
            }
          }
        });
      } catch (err) {
        if (err instanceof Refusal) {
          await auditRefusal(ctx, row, action.type, err.failure);
          throw refusalError(err.failure);
        }
        throw err;
      }
      return this.get(ctx, concernId);
    },

    /**
     * R-LOOP-8: the workflow's `link_suggestion` step, inside the caller's transaction (the
     * suggestions service forms a suggestion from concerns and links each in the same unit of
     * work). The actor must see the concern; the workflow decides; the concern's timeline, its
     * outbox row (the collector hears of it) and the audit record are written here.
     */
    async linkSuggestionIn(tx: Queryable, ctx: RequestContext, concernId: string, suggestionId: string): Promise<{ caseNumber: string; title: string; countyCode: string }> {
      const actor = ctx.actor;
      if (!actor) throw unauthorized();
      const cur = UUID.test(concernId) ? await repo.findConcern(tx, concernId, true) : null;
      if (!cur || !isVisible(actor, cur, stateFromJson(cur.state)) || !can(actor, 'concern.act', { regionCode: cur.region_code }).allowed) {
        throw badRequest('未找到要转为建议的群众意见，或您无权关联', [{ field: 'concernIds', message: '群众意见不存在或无权关联' }]);
      }
      const state = stateFromJson(cur.state);
      const now = clock.now();
      const settings = await loadSettings(tx, cur.region_code);
      const res = applyConcernAction(state, { type: 'link_suggestion', suggestionId }, { ...concernActorOf(actor), now, settings });
      if (!res.ok) {
        throw badRequest(`群众意见 ${cur.case_number}：${res.message}`, [{ field: 'concernIds', message: res.message }]);
      }
      await saveTransition(tx, ctx, cur, state, res.next, res.events, settings, 'link_suggestion', now);
      return { caseNumber: cur.case_number, title: cur.title, countyCode: cur.county_code };
    },

    /** Open concerns of the same village that look alike (the registration's duplicate hint). */
    async similarTo(ctx: RequestContext, input: { regionCode: string; title: string; content: string }) {
      await requireAccess(deps, ctx, 'concern.read', { regionCode: input.regionCode }, { type: 'concern' });
      const tokens = searchTokens(input.title, input.content);
      return this.similarByTokens(input.regionCode, tokens, null);
    },

    async similar(ctx: RequestContext, concernId: string) {
      const { row } = await loadVisible(ctx, concernId, 'concern.read');
      const tokens = (await repo.findSearchTokens(db, concernId)) ?? '';
      return this.similarByTokens(row.region_code, tokens, concernId);
    },

    async similarByTokens(regionCode: string, tokens: string, excludeId: string | null) {
      if (!tokens) return { items: [] };
      const rows = await repo.findSimilar(db, {
        regionCode,
        tokens,
        excludeId,
        statuses: OPEN_CONCERN_STATUSES,
        limit: 10,
        min: 0.3,
      });
      return {
        items: rows.map((r) => ({
          concernId: r.concern_id,
          caseNumber: r.case_number,
          title: r.title,
          status: r.status,
          statusLabel: STATUS_LABELS[r.status],
          regionCode: r.region_code,
          similarity: Math.round(r.score * 1000) / 1000,
          createdAt: r.created_at.toISOString(),
        })),
      };
    },

    /** The constituent's name, phone and address in clear: permission-checked and audited. */
    async reveal(ctx: RequestContext, concernId: string) {
      const { actor, row } = await loadVisible(ctx, concernId, 'concern.read');
      const decision = can(actor, 'concern.reveal', { regionCode: row.region_code });
      const now = clock.now();
      if (!decision.allowed) {
        await insertAudit(db, ctx, now, {
          action: 'concern.reveal',
          objectType: 'concern',
          objectId: concernId,
          regionCode: row.region_code,
          outcome: 'denied',
          after: { reason: decision.reason },
        });
        throw forbidden(decision.message);
      }
      const secret = await repo.findConstituentSecret(db, concernId);
      const fields = secret
        ? (['name', 'phone', 'address'] as const).filter((f) => secret[`${f}_enc`] !== null)
        : [];
      await insertAudit(db, ctx, now, {
        action: 'concern.reveal',
        objectType: 'concern',
        objectId: concernId,
        regionCode: row.region_code,
        after: { fields },
      });
      return {
        name: secret?.name_enc ? cipher.decrypt(secret.name_enc) : null,
        phone: secret?.phone_enc ? cipher.decrypt(secret.phone_enc) : null,
        address: secret?.address_enc ? cipher.decrypt(secret.address_enc) : null,
        anonymous: secret?.anonymous ?? false,
      };
    },

    /** The filtered list as a workbook (personal data masked); audited. */
    async exportRows(ctx: RequestContext, query: TConcernListQuery) {
      const actor = await requireAccess(deps, ctx, 'concern.export', {}, { type: 'concern' });
      const result = await this.listWith(actor, { ...query, page: 1, pageSize: 10_000 }, {});
      await insertAudit(db, ctx, clock.now(), {
        action: 'concern.export',
        objectType: 'concern',
        after: { count: result.items.length, filters: query },
      });
      return result.items;
    },

    /**
     * The scheduled "close not rated" sweep: every concern whose rating wait has passed is
     * closed as not rated by the system, each in its own transaction (a concern another
     * instance closed first is skipped). Returns how many were closed.
     */
    async closeOverdueRatings(now: Date): Promise<{ closed: number }> {
      let closed = 0;
      const ids = await repo.listRatingOverdue(db, now, 1000);
      for (const id of ids) {
        const done = await db.transaction(async (tx) => {
          const cur = await repo.findConcern(tx, id, true);
          if (!cur) return false;
          const state = stateFromJson(cur.state);
          const settings = await loadSettings(tx, cur.region_code);
          const res = applyConcernAction(state, { type: 'close_not_rated' }, { actorRole: 'system', actorId: null, now, settings });
          if (!res.ok) return false;
          await saveTransition(tx, SYSTEM_CTX, cur, state, res.next, res.events, settings, 'close_not_rated', now);
          return true;
        });
        if (done) closed++;
      }
      return { closed };
    },

    async calendarOverrides(ctx: RequestContext, year?: number) {
      const actor = ctx.actor;
      if (!actor) throw unauthorized();
      const perm: Permission = can(actor, 'concern.settings').allowed ? 'concern.settings' : 'concern.read';
      await requireAccess(deps, ctx, perm, {}, { type: 'calendar' });
      const rows = await repo.listCalendarOverrides(db, year);
      return { items: rows.map((r) => ({ date: r.day, kind: r.kind, note: r.note })) };
    },

    async replaceCalendarOverrides(
      ctx: RequestContext,
      input: { year: number; days: { date: string; kind: 'workday' | 'holiday'; note?: string | undefined }[] },
    ) {
      const actor = await requireAccess(deps, ctx, 'concern.settings', {}, { type: 'calendar' });
      const problems = input.days
        .map((d, i) => ({ d, i }))
        .filter(({ d }) => !d.date.startsWith(`${input.year}-`))
        .map(({ i }) => ({ field: `days.${i}.date`, message: `日期应在 ${input.year} 年内` }));
      try {
        createWorkingCalendar(Object.fromEntries(input.days.map((d) => [d.date, d.kind])));
      } catch {
        problems.push({ field: 'days', message: '日期不存在' });
      }
      if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const before = await repo.listCalendarOverrides(tx, input.year);
        await repo.replaceCalendarOverrides(
          tx,
          input.year,
          input.days.map((d) => ({ date: d.date, kind: d.kind, note: d.note ?? null })),
          actor.userId,
          now,
        );
        await insertAudit(tx, ctx, now, {
          action: 'concern.calendar_overrides',
          objectType: 'calendar',
          objectId: String(input.year),
          before: before.length,
          after: input.days,
        });
      });
      return this.calendarOverrides(ctx, input.year);
    },

    async calendarWarning(ctx: RequestContext) {
      const actor = ctx.actor;
      if (!actor) throw unauthorized();
      const calendar = await loadCalendar(db);
      const today = calendarDateOf(clock.now(), DEFAULT_TIME_ZONE);
      return {
        warning: calendarCoverageWarning(today, calendar),
        years: missingCalendarYears([today.year, today.year + 1], calendar),
      };
    },

    async settings(ctx: RequestContext, regionCode: string) {
      // whoever may change the settings may read them (the system administrator holds
      // concern.settings but not concern.read), as with the calendar
      const actor = ctx.actor;
      if (!actor) throw unauthorized();
      const perm: Permission = can(actor, 'concern.settings').allowed ? 'concern.settings' : 'concern.read';
      await requireAccess(deps, ctx, perm, { regionCode }, { type: 'concern_settings', id: regionCode });
      return readSettings(regionCode);
    },

    async updateSettings(
      ctx: RequestContext,
      regionCode: string,
      input: {
        tierWorkingDays: Record<string, number>;
        notRatedAfterDays: number | null;
        reopenWorkingDays: number | null;
        maxReopens: number | null;
        retentionMonths: number | null;
      },
    ) {
      const actor = await requireAccess(deps, ctx, 'concern.settings', { regionCode }, { type: 'concern_settings', id: regionCode });
      if (!(await repo.findRegion(db, regionCode))) {
        throw badRequest('区划不存在', [{ field: 'regionCode', message: '区划不存在' }]);
      }
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.upsertSettings(tx, { regionCode, ...input, userId: actor.userId, now });
        await insertAudit(tx, ctx, now, {
          action: 'concern.settings',
          objectType: 'concern_settings',
          objectId: regionCode,
          regionCode,
          after: input,
        });
      });
      // Read back without a second permission check: whoever may change the settings sees them
      // (a system administrator holds concern.settings but not concern.read; found by the fuzz).
      return readSettings(regionCode);
    },
  };
}

export type ConcernsService = ReturnType<typeof createConcernsService>;
