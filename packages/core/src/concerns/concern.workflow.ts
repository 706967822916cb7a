/**
 * The closed loop of a concern (R-LOOP-1…8) as a pure state machine:
 * 群众反映 → 代表收集 → 平台分办 → 部门处置 → 结果反馈 → 群众评价.
 *
 *   registered ─┬─ resolve_on_spot ──▶ resolved_on_spot ─┬─ rate 满意/基本满意, close_not_rated ──▶ closed
 *               │                                         └─ rate 不满意 (reopen) ──▶ awaiting_dispatch
 *               ├─ send_for_dispatch ──▶ awaiting_dispatch ── dispatch ──▶ dispatched ── accept (lead) ──▶ in_progress
 *               │                              ▲                             │                            │
 *               │                              └── return (lead, before it accepts)                reply (lead)
 *               │                                                                                           ▼
 *               └─ merge_into ──▶ merged ── relay_master_reply ──────────────────────────────────────────▶ replied
 *   replied ─┬─ rate 满意/基本满意, close_not_rated ──▶ closed (rating, or not_rated)
 *            └─ rate 不满意 (reopen) ──▶ in_progress (the lead unit again), or awaiting_dispatch (no lead: a merged copy)
 *   Without a change of state: escalate (level town → county → city), urge, set_key_supervision, link_suggestion,
 *   and the assisting/joint units' accept, return, give_opinion, and every unit's extensions.
 *   The full table is CONCERN_TRANSITIONS below; who may act is CONCERN_ACTION_ROLES in concern.policy.ts.
 *
 * Decisions:
 * - "Converted to a suggestion" is a link (`suggestionIds`), not a state: the concern keeps
 *   its own loop and may be linked to several suggestions, in any state but `merged`.
 * - Key supervision and urging are flags/counters, not states.
 * - Escalation raises `level` (who dispatches and supervises) and never cancels the units'
 *   work: in `awaiting_dispatch` the higher level dispatches; later it supervises, approves
 *   extensions and receives returns.
 * - A unit may return an item only before accepting it. When the lead returns, the whole
 *   round goes back to the dispatcher (other units are withdrawn); when an assisting or joint
 *   unit returns, only its own assignment ends.
 * - The lead's reply carries the opinions the assisting/joint units had given by then; it
 *   does not wait for missing ones.
 * - Closure only after a rating: 满意/基本满意 close; 不满意 reopens with a new deadline and
 *   `reopenCount + 1` (back to the lead unit, or to the dispatcher when there is no lead — a
 *   concern resolved on the spot or a merged copy). With `maxReopens` set, a dissatisfied
 *   rating beyond it closes the concern as dissatisfied.
 * - A merged concern keeps its constituent: the master's reply is relayed to it
 *   (`relay_master_reply`) and it is rated and closed on its own.
 * - Every successful transition increments `version` and emits at least one timeline event;
 *   a refused one changes nothing. The caller may pass `expectedVersion` (If-Match).
 */
import { calendarDateOf, DEFAULT_TIME_ZONE, formatCalendarDate, type CalendarDate } from '../common/zoned-time.js';
import { isCaseNumber } from './case-number.js';
import { roleMayTake, type ConcernActorRole } from './concern.policy.js';
import { trafficLight, worstLight, type TrafficLight } from './traffic-light.js';
import {
  addWorkingDays,
  DEFAULT_WORKING_CALENDAR,
  endOfDay,
  workingDayDeadline,
  workingDaysForTier,
  CONCERN_TIERS,
  type ConcernTier,
  type Deadline,
  type TierWorkingDays,
  type WorkingCalendar,
} from './working-days.js';

// ─── Names ──────────────────────────────────────────────────────────────────────────────────

export const CONCERN_STATUSES = [
  'registered', // 已登记: collected, not yet sent on
  'resolved_on_spot', // 已就地解决: awaiting the constituent's rating
  'awaiting_dispatch', // 待交办: with the dispatcher of its level
  'dispatched', // 已交办: units assigned, lead not yet accepted
  'in_progress', // 办理中: lead unit accepted
  'replied', // 已答复: awaiting the constituent's rating
  'closed', // 已办结: rated, or not rated in time
  'merged', // 已合并: folded into a master concern
] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];

/** Statuses in which the loop is not finished (merged ones follow their master). */
export const OPEN_CONCERN_STATUSES: readonly ConcernStatus[] = [
  'registered',
  'resolved_on_spot',
  'awaiting_dispatch',
  'dispatched',
  'in_progress',
  'replied',
];

export function isOpenStatus(status: ConcernStatus): boolean {
  return OPEN_CONCERN_STATUSES.includes(status);
}

/** The congress level that dispatches and supervises: 乡镇(街道) → 县(区) → 市. */
export const CONCERN_LEVELS = ['town', 'county', 'city'] as const;
export type ConcernLevel = (typeof CONCERN_LEVELS)[number];

export const UNIT_ROLES = ['lead', 'assisting', 'joint'] as const; // 主办 / 协办 / 会办
export type UnitRole = (typeof UNIT_ROLES)[number];

export const UNIT_ASSIGNMENT_STATUSES = [
  'assigned', // 待签收
  'accepted', // 已签收, handling
  'opinion_given', // 协办/会办意见已提交 (done)
  'replied', // 主办已答复 (done)
  'returned', // 已退回
  'withdrawn', // 已撤回 (the lead returned the round)
] as const;
export type UnitAssignmentStatus = (typeof UNIT_ASSIGNMENT_STATUSES)[number];

export const CONCERN_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type ConcernRating = (typeof CONCERN_RATINGS)[number];
/** The rating a closed concern carries: "not rated" is counted apart from "satisfied". */
export const CLOSING_RATINGS = [...CONCERN_RATINGS, 'not_rated'] as const;
export type ClosingRating = (typeof CLOSING_RATINGS)[number];

/** 接单即办、现场协办、联合会办 (R-LOOP-5). */
export const HANDLING_MODES = ['immediate', 'on_site', 'joint'] as const;
export type HandlingMode = (typeof HANDLING_MODES)[number];

/** Who collected the concern: a deputy, a community envoy (民情使者), staff, or the online channel. */
export const COLLECTOR_KINDS = ['deputy', 'envoy', 'staff', 'online'] as const;
export type CollectorKind = (typeof COLLECTOR_KINDS)[number];

export const CONCERN_ACTION_TYPES = [
  'resolve_on_spot',
  'send_for_dispatch',
  'dispatch',
  'accept',
  'return',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'give_opinion',
  'reply',
  'escalate',
  'urge',
  'set_key_supervision',
  'rate',
  'close_not_rated',
  'merge_into',
  'relay_master_reply',
  'link_suggestion',
] as const;
export type ConcernActionType = (typeof CONCERN_ACTION_TYPES)[number];

export const CONCERN_EVENT_TYPES = [
  'registered',
  'resolved_on_spot',
  'sent_for_dispatch',
  'dispatched',
  'accepted',
  'returned',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'opinion_given',
  'replied',
  'escalated',
  'urged',
  'key_supervision_set',
  'key_supervision_cleared',
  'rated',
  'reopened',
  'closed',
  'closed_not_rated',
  'merged',
  'master_reply_relayed',
  'suggestion_linked',
] as const;
export type ConcernEventType = (typeof CONCERN_EVENT_TYPES)[number];

// ─── State ──────────────────────────────────────────────────────────────────────────────────

export interface ConcernCollector {
  kind: CollectorKind;
  deputyId: string | null;
  userId: string | null;
}

export interface PendingExtension {
  workingDays: number;
  reason: string;
  requestedAt: Date;
}

export interface ConcernUnitAssignment {
  unitId: string;
  role: UnitRole;
  /** The dispatch round it belongs to; only the current round's assignments are live. */
  round: number;
  status: UnitAssignmentStatus;
  /** Start of the current time limit (dispatch, or reopening). */
  assignedAt: Date;
  dueOn: CalendarDate;
  dueAt: Date;
  acceptedAt: Date | null;
  extension: PendingExtension | null;
  extensionCount: number;
  urgeCount: number;
  opinion: { content: string; at: Date } | null;
  returnReason: string | null;
}

export interface ConcernReply {
  /** The lead unit, or null for a reply relayed from a master concern. */
  unitId: string | null;
  content: string;
  at: Date;
  opinions: { unitId: string; content: string }[];
  fromMasterId: string | null;
}

export interface ConcernState {
  id: string;
  caseNumber: string;
  tier: ConcernTier;
  status: ConcernStatus;
  level: ConcernLevel;
  collector: ConcernCollector;
  registeredAt: Date;
  handlingMode: HandlingMode | null;
  /** 0 until first dispatched; +1 on each dispatch. */
  dispatchRound: number;
  units: ConcernUnitAssignment[];
  resolution: { content: string; at: Date } | null;
  reply: ConcernReply | null;
  reopenCount: number;
  keySupervision: boolean;
  urgeCount: number;
  /** Set when closed: the closing rating, or 'not_rated'. */
  rating: ClosingRating | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  closedAt: Date | null;
  mergedInto: string | null;
  suggestionIds: string[];
  version: number;
}

// ─── Actions, context, results ──────────────────────────────────────────────────────────────

export interface DispatchUnitInput {
  unitId: string;
  role: UnitRole;
  /** Time limit in working days; default: the tier's. */
  workingDays?: number;
  /** Or an explicit last day (must be after the dispatch day). */
  dueOn?: CalendarDate;
}

export type ConcernAction =
  | { type: 'resolve_on_spot'; result: string }
  | { type: 'send_for_dispatch'; level?: ConcernLevel; note?: string }
  | { type: 'dispatch'; units: DispatchUnitInput[]; tier?: ConcernTier; handlingMode?: HandlingMode; note?: string }
  | { type: 'accept' }
  | { type: 'return'; reason: string }
  | { type: 'request_extension'; workingDays: number; reason: string }
  | { type: 'approve_extension'; unitId: string; workingDays?: number; note?: string }
  | { type: 'refuse_extension'; unitId: string; reason: string }
  | { type: 'give_opinion'; opinion: string }
  | { type: 'reply'; content: string }
  | { type: 'escalate'; reason: string }
  | { type: 'urge'; unitId?: string; note?: string }
  | { type: 'set_key_supervision'; on: boolean; reason?: string }
  | { type: 'rate'; rating: ConcernRating; comment?: string }
  | { type: 'close_not_rated' }
  | { type: 'merge_into'; masterId: string; masterStatus: ConcernStatus; reason?: string }
  | { type: 'relay_master_reply'; masterId: string; content: string; unitId?: string | null }
  | { type: 'link_suggestion'; suggestionId: string };

export interface ConcernSettings {
  /** Working days per tier (region setting); defaults 3 / 15 / 60. */
  tierWorkingDays: TierWorkingDays;
  /** Calendar days after the reply (or on-the-spot result) before it may close as not rated. */
  notRatedAfterDays: number;
  /** Working days for a reopened concern; null: the tier's limit. */
  reopenWorkingDays: number | null;
  /** Reopenings allowed; null: no limit. Beyond it, 不满意 closes as dissatisfied. */
  maxReopens: number | null;
}

export const DEFAULT_CONCERN_SETTINGS: ConcernSettings = {
  tierWorkingDays: {},
  notRatedAfterDays: 15,
  reopenWorkingDays: null,
  maxReopens: null,
};

/** Who acts. Ids come from the session, never from the request body. */
export interface ConcernActor {
  actorRole: ConcernActorRole;
  actorId?: string | null;
  /** The handling unit of a unit_handler. */
  actorUnitId?: string | null;
  /** The deputy record of a deputy. */
  actorDeputyId?: string | null;
  /** congress_staff of a city congress say 'city'; otherwise county. town_staff are always 'town'. */
  actorLevel?: ConcernLevel | null;
}

export interface ConcernContext extends ConcernActor {
  now: Date;
  /** The version the client saw; a different current version is a conflict. */
  expectedVersion?: number;
  calendar?: WorkingCalendar;
  timeZone?: string;
  settings?: Partial<ConcernSettings>;
}

/** Hints for the outbox: who should hear of an event (the server resolves them to people). */
export type NotifyTarget = 'constituent' | 'collector' | 'dispatcher' | `unit:${string}`;

export interface TimelineEvent {
  type: ConcernEventType;
  at: Date;
  /** The concern's version after the transition. */
  version: number;
  actorRole: ConcernActorRole;
  actorId: string | null;
  fromStatus: ConcernStatus | null;
  toStatus: ConcernStatus;
  unitId: string | null;
  /** JSON-safe details (dates as YYYY-MM-DD, instants as ISO strings). */
  data: Record<string, unknown>;
  notify: NotifyTarget[];
}

export const CONCERN_ERROR_CODES = [
  'forbidden', // the role may not take this action
  'not_yours', // not the actor's concern, unit or level
  'invalid_state', // not allowed in the current state
  'invalid_input', // missing or wrong fields
  'version_conflict', // stale version
  'too_early', // e.g. closing as not rated before the waiting period
] as const;
export type ConcernErrorCode = (typeof CONCERN_ERROR_CODES)[number];

export const CONCERN_ERROR_HTTP_STATUS: Record<ConcernErrorCode, number> = {
  forbidden: 403,
  not_yours: 403,
  invalid_state: 409,
  invalid_input: 400,
  version_conflict: 409,
  too_early: 409,
};

export interface ConcernFailure {
  ok: false;
  code: ConcernErrorCode;
  message: string;
}
export type ConcernResult = { ok: true; next: ConcernState; events: TimelineEvent[] } | ConcernFailure;

/** Which states each action may start from, and where it leads. */
export const CONCERN_TRANSITIONS: Readonly<Record<ConcernActionType, { from: readonly ConcernStatus[]; to: string }>> =
  {
    resolve_on_spot: { from: ['registered'], to: 'resolved_on_spot' },
    send_for_dispatch: { from: ['registered'], to: 'awaiting_dispatch' },
    dispatch: { from: ['awaiting_dispatch'], to: 'dispatched' },
    accept: { from: ['dispatched', 'in_progress'], to: 'in_progress when the lead accepts; else unchanged' },
    return: { from: ['dispatched', 'in_progress'], to: 'awaiting_dispatch when the lead returns; else unchanged' },
    request_extension: { from: ['dispatched', 'in_progress'], to: 'unchanged' },
    approve_extension: { from: ['dispatched', 'in_progress'], to: 'unchanged' },
    refuse_extension: { from: ['dispatched', 'in_progress'], to: 'unchanged' },
    give_opinion: { from: ['dispatched', 'in_progress'], to: 'unchanged' },
    reply: { from: ['in_progress'], to: 'replied' },
    escalate: { from: ['awaiting_dispatch', 'dispatched', 'in_progress'], to: 'unchanged (level + 1)' },
    urge: { from: ['dispatched', 'in_progress'], to: 'unchanged' },
    set_key_supervision: { from: ['awaiting_dispatch', 'dispatched', 'in_progress', 'replied'], to: 'unchanged' },
    rate: {
      from: ['resolved_on_spot', 'replied'],
      to: 'closed (满意/基本满意); in_progress or awaiting_dispatch (不满意, reopened)',
    },
    close_not_rated: { from: ['resolved_on_spot', 'replied'], to: 'closed' },
    merge_into: { from: ['registered', 'awaiting_dispatch'], to: 'merged' },
    relay_master_reply: { from: ['merged'], to: 'replied' },
    link_suggestion: {
      from: ['registered', 'resolved_on_spot', 'awaiting_dispatch', 'dispatched', 'in_progress', 'replied', 'closed'],
      to: 'unchanged',
    },
  };

/** A master must still be open and not itself merged to absorb another concern. */
export const MERGE_MASTER_STATUSES: readonly ConcernStatus[] = [
  'registered',
  'awaiting_dispatch',
  'dispatched',
  'in_progress',
];

/** Upper bound for any time limit or extension, in working days. */
export const MAX_WORKING_DAYS = 365;

/** Status names for error messages (the UI's labels are STATUS_LABELS in concern.contract.ts). */
const STATUS_IN_MESSAGES: Record<ConcernStatus, string> = {
  registered: '尚未提交分办',
  resolved_on_spot: '已就地解决，正等待评价',
  awaiting_dispatch: '正等待交办',
  dispatched: '已交办，待主办单位签收',
  in_progress: '正在办理',
  replied: '已答复，正等待评价',
  closed: '已办结',
  merged: '已合并到其他群众意见',
};

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────

const LEVEL_RANK: Record<ConcernLevel, number> = { town: 0, county: 1, city: 2 };

export function nextLevel(level: ConcernLevel): ConcernLevel | null {
  return CONCERN_LEVELS[LEVEL_RANK[level] + 1] ?? null;
}

function fail(code: ConcernErrorCode, message: string): ConcernFailure {
  return { ok: false, code, message };
}

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t.length > 0 ? t : null;
}

function isWorkingDayCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_WORKING_DAYS;
}

function isValidCalendarDate(d: unknown): d is CalendarDate {
  if (typeof d !== 'object' || d === null) return false;
  const { year, month, day } = d as CalendarDate;
  if (![year, month, day].every((x) => Number.isInteger(x))) return false;
  const t = new Date(Date.UTC(year, month - 1, day));
  return t.getUTCFullYear() === year && t.getUTCMonth() === month - 1 && t.getUTCDate() === day;
}

function settingsOf(ctx: ConcernContext): ConcernSettings {
  return { ...DEFAULT_CONCERN_SETTINGS, ...ctx.settings };
}

/** The level a staff actor works at; null for other roles. */
export function actorLevelOf(actor: ConcernActor): ConcernLevel | null {
  if (actor.actorRole === 'town_staff') return 'town';
  if (actor.actorRole === 'congress_staff') return actor.actorLevel === 'city' ? 'city' : 'county';
  return null;
}

/** Assignments of the current round that are still working (to accept, or accepted). */
export function activeUnits(s: ConcernState): ConcernUnitAssignment[] {
  return s.units.filter((u) => u.round === s.dispatchRound && (u.status === 'assigned' || u.status === 'accepted'));
}

export function currentLead(s: ConcernState): ConcernUnitAssignment | null {
  return s.units.find((u) => u.round === s.dispatchRound && u.role === 'lead') ?? null;
}

function ownAssignment(s: ConcernState, actor: ConcernActor): ConcernUnitAssignment | null {
  if (!actor.actorUnitId) return null;
  return s.units.find((u) => u.round === s.dispatchRound && u.unitId === actor.actorUnitId) ?? null;
}

function replaceUnit(
  s: ConcernState,
  target: ConcernUnitAssignment,
  patch: Partial<ConcernUnitAssignment>,
): ConcernUnitAssignment[] {
  return s.units.map((u) => (u === target ? { ...u, ...patch } : u));
}

function iso(d: Date): string {
  return d.toISOString();
}

// ─── Who owns it, how urgent ────────────────────────────────────────────────────────────────

export type ConcernOwner =
  | { kind: 'collector'; deputyId: string | null }
  | { kind: 'dispatcher'; level: ConcernLevel }
  | { kind: 'unit'; unitId: string; dueAt: Date };

/**
 * Who must move an open concern next: the collector before it is sent on (and while an
 * on-the-spot result awaits rating), the dispatcher of its level while waiting for dispatch
 * or for a rating after the reply (回访), the lead unit while dispatched. Null when finished.
 */
export function concernOwner(s: ConcernState): ConcernOwner | null {
  switch (s.status) {
    case 'registered':
    case 'resolved_on_spot':
      return { kind: 'collector', deputyId: s.collector.deputyId };
    case 'awaiting_dispatch':
    case 'replied':
      return { kind: 'dispatcher', level: s.level };
    case 'dispatched':
    case 'in_progress': {
      const lead = currentLead(s);
      return lead ? { kind: 'unit', unitId: lead.unitId, dueAt: lead.dueAt } : null;
    }
    case 'closed':
    case 'merged':
      return null;
  }
}

/** The lead unit's deadline while the concern is with units; else null. */
export function concernDueAt(s: ConcernState): Date | null {
  if (s.status !== 'dispatched' && s.status !== 'in_progress') return null;
  return currentLead(s)?.dueAt ?? null;
}

/** The most urgent light of the units still working on it; null when no unit is. */
export function concernTrafficLight(s: ConcernState, now: Date): TrafficLight | null {
  if (s.status !== 'dispatched' && s.status !== 'in_progress') return null;
  return worstLight(activeUnits(s).map((u) => trafficLight(u.assignedAt, u.dueAt, now)));
}

// ─── Registration ───────────────────────────────────────────────────────────────────────────

export interface ConcernRegistration {
  id: string;
  caseNumber: string;
  tier: ConcernTier;
  /** The level it is registered at; default town. */
  level?: ConcernLevel;
  collector: ConcernCollector;
}

/** Creates the record (编号登记, R-LOOP-1): status `registered`, version 1, one timeline event. */
export function registerConcern(input: ConcernRegistration, ctx: ConcernContext): ConcernResult {
  if (!roleMayTake(ctx.actorRole, 'register')) return fail('forbidden', '您无权登记群众意见');
  if (!text(input.id)) return fail('invalid_input', '缺少群众意见编号（id）');
  if (!isCaseNumber(input.caseNumber)) return fail('invalid_input', `案件编号格式不正确：${input.caseNumber}`);
  if (!CONCERN_TIERS.includes(input.tier)) return fail('invalid_input', '请选择办理层级（微事、一般、重大）');
  const level = input.level ?? 'town';
  if (!CONCERN_LEVELS.includes(level)) return fail('invalid_input', '受理层级不正确');
  const collector = input.collector;
  if (!COLLECTOR_KINDS.includes(collector.kind)) return fail('invalid_input', '收集人类型不正确');
  if (collector.kind === 'deputy' && !text(collector.deputyId)) {
    return fail('invalid_input', '由代表收集的群众意见须注明代表');
  }
  if (
    ctx.actorRole === 'deputy' &&
    (collector.kind !== 'deputy' || !ctx.actorDeputyId || collector.deputyId !== ctx.actorDeputyId)
  ) {
    return fail('not_yours', '代表只能登记本人收集的群众意见');
  }
  if (ctx.actorRole === 'constituent' && collector.kind !== 'online') {
    return fail('invalid_input', '群众自行提交的意见，收集方式应为网上提交');
  }
  const now = new Date(ctx.now.getTime());
  const next: ConcernState = {
    id: input.id,
    caseNumber: input.caseNumber,
    tier: input.tier,
    status: 'registered',
    level,
    collector: { kind: collector.kind, deputyId: collector.deputyId ?? null, userId: collector.userId ?? null },
    registeredAt: now,
    handlingMode: null,
    dispatchRound: 0,
    units: [],
    resolution: null,
    reply: null,
    reopenCount: 0,
    keySupervision: false,
    urgeCount: 0,
    rating: null,
    ratingComment: null,
    ratedAt: null,
    closedAt: null,
    mergedInto: null,
    suggestionIds: [],
    version: 1,
  };
  const event: TimelineEvent = {
    type: 'registered',
    at: now,
    version: 1,
    actorRole: ctx.actorRole,
    actorId: ctx.actorId ?? null,
    fromStatus: null,
    toStatus: 'registered',
    unitId: null,
    data: { caseNumber: input.caseNumber, tier: input.tier, level, collectorKind: collector.kind },
    notify: [],
  };
  return { ok: true, next, events: [event] };
}

// ─── Checks shared by apply and allowed ─────────────────────────────────────────────────────

interface CheckOptions {
  /** Only role and state are known (no ids): skip the binding and per-unit checks. */
  coarse: boolean;
  now?: Date;
  settings: ConcernSettings;
}

function bindingFailure(s: ConcernState, type: ConcernActionType, actor: ConcernActor): ConcernFailure | null {
  switch (actor.actorRole) {
    case 'deputy':
      if (type === 'link_suggestion') return null;
      if (!actor.actorDeputyId || s.collector.deputyId !== actor.actorDeputyId) {
        return fail('not_yours', '只能办理本人收集的群众意见');
      }
      return null;
    case 'unit_handler':
      if (!ownAssignment(s, actor)) return fail('not_yours', '该群众意见未交办给您所在的单位');
      return null;
    case 'town_staff':
    case 'congress_staff': {
      const level = actorLevelOf(actor);
      if (level === null || LEVEL_RANK[level] < LEVEL_RANK[s.level]) {
        return fail('not_yours', '该群众意见已上交上级人大，由上级办理');
      }
      return null;
    }
    // station managers, constituents and the system: no binding beyond the server's region scope;
    // administrators, auditors and viewers take no step at all (the role check refuses them first)
    case 'station_manager':
    case 'constituent':
    case 'system':
    case 'admin':
    case 'security_admin':
    case 'auditor':
    case 'viewer':
      return null;
  }
}

function awaitingRatingSince(s: ConcernState): Date | null {
  if (s.status === 'replied') return s.reply?.at ?? null;
  if (s.status === 'resolved_on_spot') return s.resolution?.at ?? null;
  return null;
}

/** When a concern awaiting rating may be closed as not rated. */
export function notRatedClosableAt(
  s: ConcernState,
  notRatedAfterDays = DEFAULT_CONCERN_SETTINGS.notRatedAfterDays,
): Date | null {
  const since = awaitingRatingSince(s);
  return since ? new Date(since.getTime() + notRatedAfterDays * 86_400_000) : null;
}

/** Role, state, binding and the action's own preconditions that need no payload. */
function precheck(
  s: ConcernState,
  type: ConcernActionType,
  actor: ConcernActor,
  opts: CheckOptions,
): ConcernFailure | null {
  if (!roleMayTake(actor.actorRole, type)) return fail('forbidden', '您的角色无权执行此操作');
  if (!CONCERN_TRANSITIONS[type].from.includes(s.status)) {
    return fail('invalid_state', `该群众意见${STATUS_IN_MESSAGES[s.status]}，不能执行此操作`);
  }
  if (opts.coarse) {
    if (type === 'escalate' && nextLevel(s.level) === null) return fail('invalid_state', '已是最高一级，不能再上交');
    return null;
  }
  const binding = bindingFailure(s, type, actor);
  if (binding) return binding;
  const own = actor.actorRole === 'unit_handler' ? ownAssignment(s, actor) : null;
  switch (type) {
    case 'accept':
      if (own?.status !== 'assigned') return fail('invalid_state', '本单位已签收或已办结，无需签收');
      return null;
    case 'return':
      if (own?.status !== 'assigned') return fail('invalid_state', '已签收的事项不能退回，如有异议请与交办人联系');
      return null;
    case 'request_extension':
      if (own?.status !== 'accepted') return fail('invalid_state', '签收后、办结前才能申请延期');
      if (own.extension) return fail('invalid_state', '已有待审批的延期申请');
      return null;
    case 'give_opinion':
      if (own?.role === 'lead') return fail('invalid_state', '主办单位请直接答复');
      if (own?.status !== 'accepted') return fail('invalid_state', '签收后、提交意见前才能提交协办意见');
      return null;
    case 'reply':
      if (own?.role !== 'lead') return fail('invalid_state', '只有主办单位可以答复');
      if (own.status !== 'accepted') return fail('invalid_state', '主办单位签收后才能答复');
      return null;
    case 'approve_extension':
    case 'refuse_extension':
      if (!activeUnits(s).some((u) => u.extension)) return fail('invalid_state', '没有待审批的延期申请');
      return null;
    case 'escalate':
      if (nextLevel(s.level) === null) return fail('invalid_state', '已是最高一级，不能再上交');
      return null;
    case 'close_not_rated': {
      if (!opts.now) return null;
      const at = notRatedClosableAt(s, opts.settings.notRatedAfterDays);
      if (at && opts.now.getTime() < at.getTime()) {
        return fail('too_early', `答复后满 ${opts.settings.notRatedAfterDays} 天仍未评价才能按“未评价”办结`);
      }
      return null;
    }
    // no precondition beyond role, state and binding (payload checks come in the transition)
    case 'resolve_on_spot':
    case 'send_for_dispatch':
    case 'dispatch':
    case 'urge':
    case 'set_key_supervision':
    case 'rate':
    case 'merge_into':
    case 'relay_master_reply':
    case 'link_suggestion':
      return null;
  }
}

/**
 * The actions this actor may take now — for the UI to show only those. With a role alone the
 * answer is coarse (role and state); with the actor's ids (and `now`) it is exact, except for
 * checks on the action's own fields.
 */
export function allowedConcernActions(
  s: ConcernState,
  actor: ConcernActorRole | (ConcernActor & { now?: Date; settings?: Partial<ConcernSettings> }),
): ConcernActionType[] {
  const coarse = typeof actor === 'string';
  const a: ConcernActor = coarse ? { actorRole: actor } : actor;
  const opts: CheckOptions = coarse
    ? { coarse, settings: DEFAULT_CONCERN_SETTINGS }
    : { coarse, now: actor.now, settings: { ...DEFAULT_CONCERN_SETTINGS, ...actor.settings } };
  return CONCERN_ACTION_TYPES.filter((t) => precheck(s, t, a, opts) === null);
}

// ─── The transition ─────────────────────────────────────────────────────────────────────────

interface Step {
  next: Omit<ConcernState, 'version'>;
  events: { type: ConcernEventType; unitId?: string | null; data?: Record<string, unknown>; notify?: NotifyTarget[] }[];
}

/**
 * Applies one action. Checks, in order: version, role, state, the actor's binding, the
 * action's fields. On success: the next state (version + 1) and the timeline events to append.
 */
export function applyConcernAction(s: ConcernState, action: ConcernAction, ctx: ConcernContext): ConcernResult {
  if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== s.version) {
    return fail('version_conflict', '该群众意见已被他人更新，请刷新后重试');
  }
  if (!CONCERN_ACTION_TYPES.includes(action.type)) return fail('invalid_input', '未知的操作');
  const settings = settingsOf(ctx);
  const pre = precheck(s, action.type, ctx, { coarse: false, now: ctx.now, settings });
  if (pre) return pre;
  const step = transition(s, action, ctx, settings);
  if (!step.ok) return step;
  const version = s.version + 1;
  const next: ConcernState = { ...step.step.next, version };
  const at = new Date(ctx.now.getTime());
  const events = step.step.events.map((e): TimelineEvent => ({
    type: e.type,
    at,
    version,
    actorRole: ctx.actorRole,
    actorId: ctx.actorId ?? null,
    fromStatus: s.status,
    toStatus: next.status,
    unitId: e.unitId ?? null,
    data: e.data ?? {},
    notify: e.notify ?? [],
  }));
  return { ok: true, next, events };
}

type StepResult = { ok: true; step: Step } | ConcernFailure;

function ok(next: Omit<ConcernState, 'version'>, events: Step['events']): StepResult {
  return { ok: true, step: { next, events } };
}

function deadlineFor(
  start: Date,
  input: { workingDays?: number; dueOn?: CalendarDate },
  defaultDays: number,
  ctx: ConcernContext,
): Deadline | ConcernFailure {
  const tz = ctx.timeZone ?? DEFAULT_TIME_ZONE;
  const calendar = ctx.calendar ?? DEFAULT_WORKING_CALENDAR;
  if (input.workingDays !== undefined && input.dueOn !== undefined) {
    return fail('invalid_input', '办理时限请填工作日数或截止日期，不能同时填写');
  }
  if (input.dueOn !== undefined) {
    if (!isValidCalendarDate(input.dueOn)) return fail('invalid_input', '截止日期不正确');
    const today = formatCalendarDate(calendarDateOf(start, tz));
    if (formatCalendarDate(input.dueOn) <= today) return fail('invalid_input', '截止日期应晚于交办当天');
    return { dueOn: input.dueOn, dueAt: endOfDay(input.dueOn, tz) };
  }
  const days = input.workingDays ?? defaultDays;
  if (!isWorkingDayCount(days)) return fail('invalid_input', `办理时限应为 1 至 ${MAX_WORKING_DAYS} 个工作日`);
  return workingDayDeadline(start, days, calendar, tz);
}

function isFailure(x: unknown): x is ConcernFailure {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}

function transition(
  s: ConcernState,
  action: ConcernAction,
  ctx: ConcernContext,
  settings: ConcernSettings,
): StepResult {
  const now = new Date(ctx.now.getTime());
  const own = ctx.actorRole === 'unit_handler' ? ownAssignment(s, ctx) : null;
  switch (action.type) {
    case 'resolve_on_spot': {
      const result = text(action.result);
      if (!result) return fail('invalid_input', '请填写就地解决的情况');
      return ok({ ...s, status: 'resolved_on_spot', resolution: { content: result, at: now } }, [
        { type: 'resolved_on_spot', data: { result }, notify: ['constituent'] },
      ]);
    }

    case 'send_for_dispatch': {
      const level = action.level ?? s.level;
      if (!CONCERN_LEVELS.includes(level)) return fail('invalid_input', '受理层级不正确');
      if (LEVEL_RANK[level] < LEVEL_RANK[s.level]) return fail('invalid_input', '不能提交到低于当前的层级');
      return ok({ ...s, status: 'awaiting_dispatch', level }, [
        { type: 'sent_for_dispatch', data: { level, note: text(action.note) }, notify: ['dispatcher'] },
      ]);
    }

    case 'dispatch': {
      const units = Array.isArray(action.units) ? action.units : [];
      if (units.length === 0) return fail('invalid_input', '请选择承办单位');
      if (units.filter((u) => u.role === 'lead').length !== 1) {
        return fail('invalid_input', '须指定且只能指定一个主办单位');
      }
      if (units.some((u) => !UNIT_ROLES.includes(u.role))) return fail('invalid_input', '承办方式应为主办、协办或会办');
      if (units.some((u) => !text(u.unitId))) return fail('invalid_input', '承办单位不能为空');
      if (new Set(units.map((u) => u.unitId)).size !== units.length) {
        return fail('invalid_input', '同一单位不能重复交办');
      }
      const tier = action.tier ?? s.tier;
      if (!CONCERN_TIERS.includes(tier)) return fail('invalid_input', '办理层级不正确');
      if (action.handlingMode !== undefined && !HANDLING_MODES.includes(action.handlingMode)) {
        return fail('invalid_input', '办理方式不正确');
      }
      const defaultDays = workingDaysForTier(tier, settings.tierWorkingDays);
      const round = s.dispatchRound + 1;
      const assignments: ConcernUnitAssignment[] = [];
      for (const u of units) {
        const d = deadlineFor(now, u, defaultDays, ctx);
        if (isFailure(d)) return d;
        assignments.push({
          unitId: u.unitId,
          role: u.role,
          round,
          status: 'assigned',
          assignedAt: now,
          dueOn: d.dueOn,
          dueAt: d.dueAt,
          acceptedAt: null,
          extension: null,
          extensionCount: 0,
          urgeCount: 0,
          opinion: null,
          returnReason: null,
        });
      }
      return ok(
        {
          ...s,
          status: 'dispatched',
          tier,
          handlingMode: action.handlingMode ?? s.handlingMode,
          dispatchRound: round,
          units: [...s.units, ...assignments],
        },
        [
          {
            type: 'dispatched',
            data: {
              round,
              tier,
              handlingMode: action.handlingMode ?? null,
              note: text(action.note),
              units: assignments.map((a) => ({
                unitId: a.unitId,
                role: a.role,
                dueOn: formatCalendarDate(a.dueOn),
                dueAt: iso(a.dueAt),
              })),
            },
            notify: [...assignments.map((a): NotifyTarget => `unit:${a.unitId}`), 'collector'],
          },
        ],
      );
    }

    case 'accept': {
      if (!own) return fail('not_yours', '该群众意见未交办给您所在的单位');
      const units = replaceUnit(s, own, { status: 'accepted', acceptedAt: now });
      const status = own.role === 'lead' ? 'in_progress' : s.status;
      return ok({ ...s, status, units }, [
        { type: 'accepted', unitId: own.unitId, data: { role: own.role }, notify: ['dispatcher'] },
      ]);
    }

    case 'return': {
      if (!own) return fail('not_yours', '该群众意见未交办给您所在的单位');
      const reason = text(action.reason);
      if (!reason) return fail('invalid_input', '请填写退回理由');
      if (own.role !== 'lead') {
        return ok({ ...s, units: replaceUnit(s, own, { status: 'returned', returnReason: reason, extension: null }) }, [
          { type: 'returned', unitId: own.unitId, data: { role: own.role, reason }, notify: ['dispatcher'] },
        ]);
      }
      const units = s.units.map((u) => {
        if (u === own) return { ...u, status: 'returned' as const, returnReason: reason, extension: null };
        if (u.round === s.dispatchRound && (u.status === 'assigned' || u.status === 'accepted')) {
          return { ...u, status: 'withdrawn' as const, extension: null };
        }
        return u;
      });
      return ok({ ...s, status: 'awaiting_dispatch', units }, [
        {
          type: 'returned',
          unitId: own.unitId,
          data: {
            role: own.role,
            reason,
            withdrawn: activeUnits(s)
              .filter((u) => u !== own)
              .map((u) => u.unitId),
          },
          notify: [
            'dispatcher',
            ...activeUnits(s)
              .filter((u) => u !== own)
              .map((u): NotifyTarget => `unit:${u.unitId}`),
          ],
        },
      ]);
    }

    case 'request_extension': {
      if (!own) return fail('not_yours', '该群众意见未交办给您所在的单位');
      const reason = text(action.reason);
      if (!reason) return fail('invalid_input', '请填写延期理由');
      if (!isWorkingDayCount(action.workingDays)) {
        return fail('invalid_input', `延期天数应为 1 至 ${MAX_WORKING_DAYS} 个工作日`);
      }
      const extension: PendingExtension = { workingDays: action.workingDays, reason, requestedAt: now };
      return ok({ ...s, units: replaceUnit(s, own, { extension }) }, [
        {
          type: 'extension_requested',
          unitId: own.unitId,
          data: { workingDays: action.workingDays, reason, currentDueOn: formatCalendarDate(own.dueOn) },
          notify: ['dispatcher'],
        },
      ]);
    }

    case 'approve_extension':
    case 'refuse_extension': {
      const target = activeUnits(s).find((u) => u.unitId === action.unitId);
      if (!target) return fail('invalid_input', '该单位不在本件的承办单位中');
      if (!target.extension) return fail('invalid_state', '该单位没有待审批的延期申请');
      if (action.type === 'refuse_extension') {
        const reason = text(action.reason);
        if (!reason) return fail('invalid_input', '请填写不予延期的理由');
        return ok({ ...s, units: replaceUnit(s, target, { extension: null }) }, [
          { type: 'extension_refused', unitId: target.unitId, data: { reason }, notify: [`unit:${target.unitId}`] },
        ]);
      }
      const days = action.workingDays ?? target.extension.workingDays;
      if (!isWorkingDayCount(days)) return fail('invalid_input', `延期天数应为 1 至 ${MAX_WORKING_DAYS} 个工作日`);
      const dueOn = addWorkingDays(target.dueOn, days, ctx.calendar ?? DEFAULT_WORKING_CALENDAR);
      const dueAt = endOfDay(dueOn, ctx.timeZone ?? DEFAULT_TIME_ZONE);
      return ok(
        {
          ...s,
          units: replaceUnit(s, target, { extension: null, dueOn, dueAt, extensionCount: target.extensionCount + 1 }),
        },
        [
          {
            type: 'extension_approved',
            unitId: target.unitId,
            data: {
              workingDays: days,
              previousDueOn: formatCalendarDate(target.dueOn),
              dueOn: formatCalendarDate(dueOn),
              dueAt: iso(dueAt),
              note: text(action.note),
            },
            notify: [`unit:${target.unitId}`],
          },
        ],
      );
    }

    case 'give_opinion': {
      if (!own) return fail('not_yours', '该群众意见未交办给您所在的单位');
      const opinion = text(action.opinion);
      if (!opinion) return fail('invalid_input', '请填写协办意见');
      const lead = currentLead(s);
      return ok(
        {
          ...s,
          units: replaceUnit(s, own, {
            status: 'opinion_given',
            opinion: { content: opinion, at: now },
            extension: null,
          }),
        },
        [
          {
            type: 'opinion_given',
            unitId: own.unitId,
            data: { role: own.role, opinion },
            notify: lead ? [`unit:${lead.unitId}`] : [],
          },
        ],
      );
    }

    case 'reply': {
      if (!own) return fail('not_yours', '该群众意见未交办给您所在的单位');
      const content = text(action.content);
      if (!content) return fail('invalid_input', '请填写答复内容');
      const opinions = s.units
        .filter((u) => u.round === s.dispatchRound && u.opinion)
        .map((u) => ({ unitId: u.unitId, content: u.opinion?.content ?? '' }));
      const reply: ConcernReply = { unitId: own.unitId, content, at: now, opinions, fromMasterId: null };
      return ok(
        { ...s, status: 'replied', reply, units: replaceUnit(s, own, { status: 'replied', extension: null }) },
        [
          {
            type: 'replied',
            unitId: own.unitId,
            data: { content, opinions, overdue: now.getTime() > own.dueAt.getTime() },
            notify: ['constituent', 'collector', 'dispatcher'],
          },
        ],
      );
    }

    case 'escalate': {
      const reason = text(action.reason);
      if (!reason) return fail('invalid_input', '请填写上交理由');
      const level = nextLevel(s.level);
      if (!level) return fail('invalid_state', '已是最高一级，不能再上交');
      return ok({ ...s, level }, [
        { type: 'escalated', data: { from: s.level, to: level, reason }, notify: ['dispatcher'] },
      ]);
    }

    case 'urge': {
      const active = activeUnits(s);
      let targets = active;
      if (action.unitId !== undefined) {
        targets = active.filter((u) => u.unitId === action.unitId);
        if (targets.length === 0) return fail('invalid_input', '该单位不在办理中的承办单位中');
      }
      const units = s.units.map((u) => (targets.includes(u) ? { ...u, urgeCount: u.urgeCount + 1 } : u));
      return ok({ ...s, units, urgeCount: s.urgeCount + 1 }, [
        {
          type: 'urged',
          unitId: action.unitId ?? null,
          data: { units: targets.map((u) => u.unitId), note: text(action.note) },
          notify: targets.map((u): NotifyTarget => `unit:${u.unitId}`),
        },
      ]);
    }

    case 'set_key_supervision': {
      if (typeof action.on !== 'boolean') return fail('invalid_input', '请指定是否列为重点督办');
      if (action.on === s.keySupervision) {
        return fail('invalid_state', action.on ? '已列为重点督办' : '未列为重点督办');
      }
      return ok({ ...s, keySupervision: action.on }, [
        {
          type: action.on ? 'key_supervision_set' : 'key_supervision_cleared',
          data: { reason: text(action.reason) },
          notify: ['dispatcher', ...activeUnits(s).map((u): NotifyTarget => `unit:${u.unitId}`)],
        },
      ]);
    }

    case 'rate': {
      if (!CONCERN_RATINGS.includes(action.rating)) return fail('invalid_input', '评价应为满意、基本满意或不满意');
      const comment = text(action.comment);
      const rated = {
        type: 'rated' as const,
        data: { rating: action.rating, comment, recordedBy: ctx.actorRole, onBehalf: ctx.actorRole !== 'constituent' },
        notify: ['collector', 'dispatcher'] as NotifyTarget[],
      };
      const reopenLimitReached = settings.maxReopens !== null && s.reopenCount >= settings.maxReopens;
      if (action.rating !== 'dissatisfied' || reopenLimitReached) {
        return ok(
          { ...s, status: 'closed', rating: action.rating, ratingComment: comment, ratedAt: now, closedAt: now },
          [rated, { type: 'closed', data: { rating: action.rating }, notify: ['constituent', 'collector'] }],
        );
      }
      // 不满意: reopen. Back to the lead unit with a new limit, or to the dispatcher if there is none.
      const reopenCount = s.reopenCount + 1;
      const lead = s.status === 'replied' ? currentLead(s) : null;
      if (lead && lead.status === 'replied') {
        const days = settings.reopenWorkingDays ?? workingDaysForTier(s.tier, settings.tierWorkingDays);
        const d = deadlineFor(now, { workingDays: days }, days, ctx);
        if (isFailure(d)) return d;
        const units = replaceUnit(s, lead, {
          status: 'accepted',
          assignedAt: now,
          dueOn: d.dueOn,
          dueAt: d.dueAt,
          extension: null,
        });
        return ok({ ...s, status: 'in_progress', units, reply: null, reopenCount }, [
          rated,
          {
            type: 'reopened',
            unitId: lead.unitId,
            data: { reopenCount, dueOn: formatCalendarDate(d.dueOn), dueAt: iso(d.dueAt) },
            notify: [`unit:${lead.unitId}`, 'dispatcher'],
          },
        ]);
      }
      return ok({ ...s, status: 'awaiting_dispatch', reply: null, mergedInto: null, reopenCount }, [
        rated,
        { type: 'reopened', data: { reopenCount, previousMaster: s.mergedInto }, notify: ['dispatcher'] },
      ]);
    }

    case 'close_not_rated': {
      const at = notRatedClosableAt(s, settings.notRatedAfterDays);
      if (at && now.getTime() < at.getTime()) {
        return fail('too_early', `答复后满 ${settings.notRatedAfterDays} 天仍未评价才能按“未评价”办结`);
      }
      return ok({ ...s, status: 'closed', rating: 'not_rated', ratingComment: null, ratedAt: null, closedAt: now }, [
        {
          type: 'closed_not_rated',
          data: { afterDays: settings.notRatedAfterDays },
          notify: ['constituent', 'collector'],
        },
      ]);
    }

    case 'merge_into': {
      const masterId = text(action.masterId);
      if (!masterId) return fail('invalid_input', '请选择要并入的主件');
      if (masterId === s.id) return fail('invalid_input', '不能并入自身');
      if (!MERGE_MASTER_STATUSES.includes(action.masterStatus)) {
        return fail('invalid_state', '主件已答复、办结或已被合并，不能再并入');
      }
      return ok({ ...s, status: 'merged', mergedInto: masterId }, [
        { type: 'merged', data: { masterId, reason: text(action.reason) }, notify: ['collector'] },
      ]);
    }

    case 'relay_master_reply': {
      if (action.masterId !== s.mergedInto) return fail('invalid_input', '答复不是来自本件所并入的主件');
      const content = text(action.content);
      if (!content) return fail('invalid_input', '答复内容不能为空');
      const reply: ConcernReply = {
        unitId: action.unitId ?? null,
        content,
        at: now,
        opinions: [],
        fromMasterId: action.masterId,
      };
      return ok({ ...s, status: 'replied', reply }, [
        {
          type: 'master_reply_relayed',
          unitId: action.unitId ?? null,
          data: { masterId: action.masterId, content },
          notify: ['constituent', 'collector'],
        },
      ]);
    }

    case 'link_suggestion': {
      const suggestionId = text(action.suggestionId);
      if (!suggestionId) return fail('invalid_input', '请选择代表建议');
      if (s.suggestionIds.includes(suggestionId)) return fail('invalid_state', '已关联该代表建议');
      return ok({ ...s, suggestionIds: [...s.suggestionIds, suggestionId] }, [
        { type: 'suggestion_linked', data: { suggestionId }, notify: ['collector'] },
      ]);
    }
  }
}
