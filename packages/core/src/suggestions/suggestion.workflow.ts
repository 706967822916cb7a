/**
 * A deputy's suggestion (代表建议, R-SUG-1, R-SUG-2, R-LOOP-8) as a pure state machine:
 *
 *   drafting ── record_communication (沟通, R-SUG-1), cosign (附议) ── file ──▶ filed (案号)
 *   filed ── cosign ─┬─ register (立案) ──────────▶ registered ── dispatch (主办 + 协办/会办, 3 months) ──▶ dispatched
 *                    ├─ merge (并案) ─────────────▶ merged (final)
 *                    └─ refuse_registration ─────▶ not_registered (final, with reason)
 *   dispatched ── give_opinion (协办/会办 → 主办), record_consultation (面商), request_extension / decide_extension
 *             ── reply (A/B/C/D; needs a consultation of this round) ──▶ replied
 *   replied ── rate (办理工作 + 办理结果) ─┬─ no 不满意, or already re-handled ──▶ closed
 *                                         └─ 不满意 on the first reply ─────────▶ rehandling (second reply within 1 month)
 *   rehandling ── give_opinion, record_consultation ── reply ──▶ replied
 *   set_key_supervision (重点督办, R-SUG-2) in registered, dispatched, replied, rehandling: no change of state.
 *
 * Decisions:
 * - The state is JSON-safe: instants are ISO strings, days are YYYY-MM-DD in the zone.
 * - Co-signers are named when drafting; each confirms (附议) until the office reviews it; at
 *   review the unconfirmed ones are dropped from the co-signers (recorded in the event).
 * - Filing needs at least one communication record (提交前沟通) and takes the 案号 the caller allocates.
 * - A dissatisfied rating of either the work or the result reopens it once; a second
 *   dissatisfied rating closes it as it stands (the rating is kept).
 * - Every successful transition increments `version` and emits one timeline event; a refused
 *   one changes nothing. `expectedVersion` guards against stale writes.
 */
import { calendarDateOf, DEFAULT_TIME_ZONE, formatCalendarDate, parseCalendarDate } from '../common/zoned-time.js';
import type { Role } from '../auth/roles.js';
import {
  addDaysIso,
  daysUntil,
  DEFAULT_OPINION_DAYS,
  dueStanding,
  handlingDueOn,
  maxExtendedDueOn,
  rehandlingDueOn,
  type DueStanding,
} from './suggestion-dates.js';
import { SUGGESTION_PERIODS, type SuggestionPeriod } from './suggestion-number.js';

// ─── Names ──────────────────────────────────────────────────────────────────────────────────

export const SUGGESTION_STATUSES = [
  'drafting', // 起草沟通中
  'filed', // 已提交，待审查
  'registered', // 已立案，待交办
  'merged', // 已并案
  'not_registered', // 不予立案
  'dispatched', // 办理中
  'replied', // 已答复，待代表评价
  'rehandling', // 重新办理
  'closed', // 已办结
] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export const OPEN_SUGGESTION_STATUSES: readonly SuggestionStatus[] = ['drafting', 'filed', 'registered', 'dispatched', 'replied', 'rehandling'];
/** With the units: the deadline runs. */
export const HANDLING_STATUSES: readonly SuggestionStatus[] = ['dispatched', 'rehandling'];

export const SUGGESTION_CATEGORIES = ['politics_law', 'finance_economy', 'urban_environment', 'education_culture_health', 'agriculture_rural', 'other'] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];

export const SUGGESTION_UNIT_ROLES = ['lead', 'assisting', 'joint'] as const; // 主办 / 协办 / 会办
export type SuggestionUnitRole = (typeof SUGGESTION_UNIT_ROLES)[number];

export const CONSULTATION_FORMS = ['meeting', 'visit', 'phone'] as const; // 座谈 / 走访 / 电话
export type ConsultationForm = (typeof CONSULTATION_FORMS)[number];

export const COMMUNICATION_FORMS = ['meeting', 'visit', 'phone', 'other'] as const;
export type CommunicationForm = (typeof COMMUNICATION_FORMS)[number];

export const REPLY_CATEGORIES = ['A', 'B', 'C', 'D'] as const;
export type ReplyCategory = (typeof REPLY_CATEGORIES)[number];

export const SUGGESTION_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'no_opinion'] as const; // 满意/基本满意/不满意/未表态
export type SuggestionRating = (typeof SUGGESTION_RATINGS)[number];

export const SUGGESTION_ACTION_TYPES = [
  'record_communication',
  'cosign',
  'file',
  'register',
  'merge',
  'refuse_registration',
  'dispatch',
  'give_opinion',
  'record_consultation',
  'request_extension',
  'decide_extension',
  'reply',
  'rate',
  'set_key_supervision',
] as const;
export type SuggestionActionType = (typeof SUGGESTION_ACTION_TYPES)[number];

export const SUGGESTION_EVENT_TYPES = [
  'drafted',
  'communication_recorded',
  'cosigned',
  'filed',
  'registered',
  'merged',
  'not_registered',
  'dispatched',
  'opinion_given',
  'consultation_recorded',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'replied',
  'rated',
  'rehandling_started',
  'closed',
  'key_supervision_set',
  'key_supervision_cleared',
] as const;
export type SuggestionEventType = (typeof SUGGESTION_EVENT_TYPES)[number];

// ─── State ──────────────────────────────────────────────────────────────────────────────────

export interface SuggestionUnit {
  unitId: string;
  role: SuggestionUnitRole;
  /** The assisting/joint unit's opinion to the lead unit, per handling round. */
  opinions: { round: number; content: string; at: string }[];
}

export interface SuggestionReply {
  round: number;
  unitId: string;
  category: ReplyCategory;
  content: string;
  documentNumber: string;
  signer: string;
  contact: string;
  itemsDone: string[];
  itemsPlanned: { item: string; dueOn: string }[];
  at: string;
  /** The last day in force when it was given, and whether it came in time. */
  dueOn: string;
  onTime: boolean;
}

export interface SuggestionRatingRecord {
  round: number;
  handling: SuggestionRating;
  result: SuggestionRating;
  comment: string | null;
  at: string;
}

export interface SuggestionState {
  id: string;
  status: SuggestionStatus;
  period: SuggestionPeriod;
  leadDeputyId: string;
  cosigners: { deputyId: string; confirmedAt: string | null }[];
  communications: { form: CommunicationForm; on: string; withWhom: string; note: string; at: string }[];
  caseNumber: string | null;
  filedAt: string | null;
  review: { decision: 'registered' | 'merged' | 'not_registered'; reason: string | null; mergedInto: string | null; at: string } | null;
  /** 0 until dispatched; 1 the first handling; 2 the re-handling after a dissatisfied rating. */
  round: number;
  dispatchedOn: string | null;
  /** The last day in force (3 months, an approved extension, or the re-handling month). */
  dueOn: string | null;
  maxDueOn: string | null;
  opinionDueOn: string | null;
  units: SuggestionUnit[];
  consultations: { round: number; form: ConsultationForm; on: string; people: string[]; note: string; at: string }[];
  pendingExtension: { dueOn: string; reason: string; requestedAt: string } | null;
  extensionCount: number;
  replies: SuggestionReply[];
  ratings: SuggestionRatingRecord[];
  keySupervision: { leader: string; deputyIds: string[]; note: string | null; at: string } | null;
  closedAt: string | null;
  version: number;
}

// ─── Actions, context, results ──────────────────────────────────────────────────────────────

export type SuggestionAction =
  | { type: 'record_communication'; form: CommunicationForm; on: string; withWhom: string; note: string }
  | { type: 'cosign' }
  | { type: 'file'; caseNumber: string }
  | { type: 'register'; note?: string }
  | { type: 'merge'; mergedInto: string; reason?: string }
  | { type: 'refuse_registration'; reason: string }
  | { type: 'dispatch'; units: { unitId: string; role: SuggestionUnitRole }[]; opinionDays?: number; dueOn?: string }
  | { type: 'give_opinion'; content: string }
  | { type: 'record_consultation'; form: ConsultationForm; on: string; people: string[]; note: string }
  | { type: 'request_extension'; dueOn: string; reason: string }
  | { type: 'decide_extension'; approve: boolean; note?: string }
  | {
      type: 'reply';
      category: ReplyCategory;
      content: string;
      documentNumber: string;
      signer: string;
      contact: string;
      itemsDone: string[];
      itemsPlanned: { item: string; dueOn: string }[];
    }
  | { type: 'rate'; handling: SuggestionRating; result: SuggestionRating; comment?: string }
  | { type: 'set_key_supervision'; on: boolean; leader?: string; deputyIds?: string[]; note?: string };

export type SuggestionActorRole = Role;

export interface SuggestionActor {
  actorRole: SuggestionActorRole;
  actorId?: string | null;
  actorDeputyId?: string | null;
  actorUnitId?: string | null;
}

export interface SuggestionContext extends SuggestionActor {
  now: Date;
  timeZone?: string;
  expectedVersion?: number;
}

export interface SuggestionEvent {
  type: SuggestionEventType;
  at: string;
  version: number;
  actorRole: SuggestionActorRole;
  actorId: string | null;
  fromStatus: SuggestionStatus | null;
  toStatus: SuggestionStatus;
  unitId: string | null;
  data: Record<string, unknown>;
}

export const SUGGESTION_ERROR_CODES = ['forbidden', 'not_yours', 'invalid_state', 'invalid_input', 'version_conflict'] as const;
export type SuggestionErrorCode = (typeof SUGGESTION_ERROR_CODES)[number];
export const SUGGESTION_ERROR_HTTP_STATUS: Record<SuggestionErrorCode, number> = {
  forbidden: 403,
  not_yours: 403,
  invalid_state: 409,
  invalid_input: 400,
  version_conflict: 409,
};

export interface SuggestionFailure {
  ok: false;
  code: SuggestionErrorCode;
  message: string;
}
export type SuggestionResult = { ok: true; next: SuggestionState; events: SuggestionEvent[] } | SuggestionFailure;

/**
 * Who may take each step. The deputy affairs office (代表工作室/选联工委) is congress_staff.
 *
 * | action               | 中文        | role           | binding                           |
 * |----------------------|-------------|----------------|-----------------------------------|
 * | record_communication | 提交前沟通  | deputy         | the lead deputy                   |
 * | cosign               | 附议        | deputy         | a named co-signer, not yet signed |
 * | file                 | 提交        | deputy         | the lead deputy                   |
 * | register             | 立案        | congress_staff |                                   |
 * | merge                | 并案        | congress_staff |                                   |
 * | refuse_registration  | 不予立案    | congress_staff |                                   |
 * | dispatch             | 交办        | congress_staff |                                   |
 * | give_opinion         | 协办意见    | unit_handler   | an assisting or joint unit        |
 * | record_consultation  | 面商        | unit_handler   | the lead unit                     |
 * | request_extension    | 申请延期    | unit_handler   | the lead unit                     |
 * | decide_extension     | 审批延期    | congress_staff |                                   |
 * | reply                | 答复        | unit_handler   | the lead unit                     |
 * | rate                 | 代表评价    | deputy         | the lead deputy                   |
 * | set_key_supervision  | 重点督办    | congress_staff |                                   |
 */
export const SUGGESTION_ACTION_ROLES: Readonly<Record<SuggestionActionType, readonly SuggestionActorRole[]>> = {
  record_communication: ['deputy'],
  cosign: ['deputy'],
  file: ['deputy'],
  register: ['congress_staff'],
  merge: ['congress_staff'],
  refuse_registration: ['congress_staff'],
  dispatch: ['congress_staff'],
  give_opinion: ['unit_handler'],
  record_consultation: ['unit_handler'],
  request_extension: ['unit_handler'],
  decide_extension: ['congress_staff'],
  reply: ['unit_handler'],
  rate: ['deputy'],
  set_key_supervision: ['congress_staff'],
};

/** Who may create (draft) a suggestion: the lead deputy themself, or the office on their behalf. */
export const SUGGESTION_DRAFT_ROLES: readonly SuggestionActorRole[] = ['deputy', 'congress_staff'];

export const SUGGESTION_TRANSITIONS: Readonly<Record<SuggestionActionType, { from: readonly SuggestionStatus[]; to: string }>> = {
  record_communication: { from: ['drafting'], to: 'unchanged' },
  cosign: { from: ['drafting', 'filed'], to: 'unchanged' },
  file: { from: ['drafting'], to: 'filed' },
  register: { from: ['filed'], to: 'registered' },
  merge: { from: ['filed'], to: 'merged' },
  refuse_registration: { from: ['filed'], to: 'not_registered' },
  dispatch: { from: ['registered'], to: 'dispatched' },
  give_opinion: { from: ['dispatched', 'rehandling'], to: 'unchanged' },
  record_consultation: { from: ['dispatched', 'rehandling'], to: 'unchanged' },
  request_extension: { from: ['dispatched'], to: 'unchanged' },
  decide_extension: { from: ['dispatched'], to: 'unchanged' },
  reply: { from: ['dispatched', 'rehandling'], to: 'replied' },
  rate: { from: ['replied'], to: 'closed; rehandling when 不满意 on the first reply' },
  set_key_supervision: { from: ['registered', 'dispatched', 'replied', 'rehandling'], to: 'unchanged' },
};

const STATUS_IN_MESSAGES: Record<SuggestionStatus, string> = {
  drafting: '尚在起草沟通中',
  filed: '已提交，正待审查',
  registered: '已立案，正待交办',
  merged: '已并案办理',
  not_registered: '未予立案',
  dispatched: '正在办理',
  replied: '已答复，正待代表评价',
  rehandling: '正在重新办理',
  closed: '已办结',
};

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────

function fail(code: SuggestionErrorCode, message: string): SuggestionFailure {
  return { ok: false, code, message };
}

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t.length > 0 ? t : null;
}

function isDay(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    parseCalendarDate(v);
    return true;
  } catch {
    return false;
  }
}

export function todayOf(now: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return formatCalendarDate(calendarDateOf(now, timeZone));
}

export function leadUnitOf(s: SuggestionState): SuggestionUnit | null {
  return s.units.find((u) => u.role === 'lead') ?? null;
}

function ownUnit(s: SuggestionState, a: SuggestionActor): SuggestionUnit | null {
  return a.actorUnitId ? (s.units.find((u) => u.unitId === a.actorUnitId) ?? null) : null;
}

/** The last day in force while the units handle it; null otherwise. */
export function suggestionDueOn(s: SuggestionState): string | null {
  return HANDLING_STATUSES.includes(s.status) ? s.dueOn : null;
}

export function suggestionDueStanding(s: SuggestionState, today: string): DueStanding | null {
  const due = suggestionDueOn(s);
  return due ? dueStanding(today, due) : null;
}

/** Whether the current round has a consultation record (面商) — needed before the reply. */
export function hasConsultationThisRound(s: SuggestionState): boolean {
  return s.consultations.some((c) => c.round === s.round);
}

/** The deputies who take part: the lead and the co-signers (confirmed or not). */
export function deputiesOf(s: SuggestionState): string[] {
  return [s.leadDeputyId, ...s.cosigners.map((c) => c.deputyId)];
}

// ─── Drafting ───────────────────────────────────────────────────────────────────────────────

export interface SuggestionDraft {
  id: string;
  period: SuggestionPeriod;
  leadDeputyId: string;
  cosignerDeputyIds: string[];
}

/** Creates the draft (起草): status drafting, version 1, one event. */
export function draftSuggestion(input: SuggestionDraft, ctx: SuggestionContext): SuggestionResult {
  if (!SUGGESTION_DRAFT_ROLES.includes(ctx.actorRole)) return fail('forbidden', '您无权起草代表建议');
  if (!text(input.id)) return fail('invalid_input', '缺少建议编号（id）');
  if (!SUGGESTION_PERIODS.includes(input.period)) return fail('invalid_input', '请选择提出时间（会议期间或闭会期间）');
  if (!text(input.leadDeputyId)) return fail('invalid_input', '请选择领衔代表');
  if (ctx.actorRole === 'deputy' && input.leadDeputyId !== ctx.actorDeputyId) {
    return fail('not_yours', '代表只能以本人为领衔代表起草建议');
  }
  const cosigners = input.cosignerDeputyIds;
  if (cosigners.includes(input.leadDeputyId)) return fail('invalid_input', '领衔代表不能同时作为附议代表');
  if (new Set(cosigners).size !== cosigners.length) return fail('invalid_input', '附议代表有重复');
  const at = ctx.now.toISOString();
  const next: SuggestionState = {
    id: input.id,
    status: 'drafting',
    period: input.period,
    leadDeputyId: input.leadDeputyId,
    cosigners: cosigners.map((deputyId) => ({ deputyId, confirmedAt: null })),
    communications: [],
    caseNumber: null,
    filedAt: null,
    review: null,
    round: 0,
    dispatchedOn: null,
    dueOn: null,
    maxDueOn: null,
    opinionDueOn: null,
    units: [],
    consultations: [],
    pendingExtension: null,
    extensionCount: 0,
    replies: [],
    ratings: [],
    keySupervision: null,
    closedAt: null,
    version: 1,
  };
  return {
    ok: true,
    next,
    events: [
      {
        type: 'drafted',
        at,
        version: 1,
        actorRole: ctx.actorRole,
        actorId: ctx.actorId ?? null,
        fromStatus: null,
        toStatus: 'drafting',
        unitId: null,
        data: { leadDeputyId: input.leadDeputyId, cosigners: cosigners.length, period: input.period },
      },
    ],
  };
}

// ─── Checks shared by apply and allowed ─────────────────────────────────────────────────────

function bindingFailure(s: SuggestionState, type: SuggestionActionType, a: SuggestionActor): SuggestionFailure | null {
  switch (type) {
    case 'record_communication':
    case 'file':
    case 'rate':
      if (!a.actorDeputyId || a.actorDeputyId !== s.leadDeputyId) return fail('not_yours', '只有领衔代表可以执行此操作');
      if (type === 'file' && s.communications.length === 0) return fail('invalid_state', '提交前须先与有关单位沟通并登记沟通情况');
      return null;
    case 'cosign': {
      const c = s.cosigners.find((x) => x.deputyId === a.actorDeputyId);
      if (!a.actorDeputyId || !c) return fail('not_yours', '您不是该建议的附议代表');
      if (c.confirmedAt) return fail('invalid_state', '您已附议该建议');
      return null;
    }
    case 'give_opinion': {
      const u = ownUnit(s, a);
      if (!u) return fail('not_yours', '该建议未交办给您所在的单位');
      if (u.role === 'lead') return fail('invalid_state', '主办单位请直接答复');
      if (u.opinions.some((o) => o.round === s.round)) return fail('invalid_state', '本单位本轮已提交协办意见');
      return null;
    }
    case 'record_consultation':
    case 'request_extension':
    case 'reply': {
      const u = ownUnit(s, a);
      if (!u) return fail('not_yours', '该建议未交办给您所在的单位');
      if (u.role !== 'lead') return fail('not_yours', '只有主办单位可以执行此操作');
      if (type === 'request_extension' && s.pendingExtension) return fail('invalid_state', '已有待审批的延期申请');
      if (type === 'reply' && !hasConsultationThisRound(s)) return fail('invalid_state', '答复前须与代表面商并登记面商记录');
      return null;
    }
    case 'decide_extension':
      if (!s.pendingExtension) return fail('invalid_state', '没有待审批的延期申请');
      return null;
    case 'register':
    case 'merge':
    case 'refuse_registration':
    case 'dispatch':
    case 'set_key_supervision':
      return null;
  }
}

function precheck(s: SuggestionState, type: SuggestionActionType, a: SuggestionActor, coarse: boolean): SuggestionFailure | null {
  if (!SUGGESTION_ACTION_ROLES[type].includes(a.actorRole)) return fail('forbidden', '您的角色无权执行此操作');
  if (!SUGGESTION_TRANSITIONS[type].from.includes(s.status)) {
    return fail('invalid_state', `该建议${STATUS_IN_MESSAGES[s.status]}，不能执行此操作`);
  }
  if (coarse) return null;
  return bindingFailure(s, type, a);
}

/** The actions this actor may take now (coarse with a role alone: role and state only). */
export function allowedSuggestionActions(s: SuggestionState, actor: SuggestionActorRole | SuggestionActor): SuggestionActionType[] {
  const coarse = typeof actor === 'string';
  const a: SuggestionActor = coarse ? { actorRole: actor } : actor;
  return SUGGESTION_ACTION_TYPES.filter((t) => precheck(s, t, a, coarse) === null);
}

// ─── The transition ─────────────────────────────────────────────────────────────────────────

const trimmedList = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v).map((x) => x.trim()).filter((x) => x.length > 0) : null;

export function applySuggestionAction(s: SuggestionState, action: SuggestionAction, ctx: SuggestionContext): SuggestionResult {
  if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== s.version) {
    return fail('version_conflict', '该建议已被他人更新，请刷新后重试');
  }
  if (!SUGGESTION_ACTION_TYPES.includes(action.type)) return fail('invalid_input', '没有该操作');
  const pre = precheck(s, action.type, ctx, false);
  if (pre) return pre;
  const at = ctx.now.toISOString();
  const today = todayOf(ctx.now, ctx.timeZone);
  const version = s.version + 1;
  const ok = (
    next: Omit<SuggestionState, 'version'>,
    type: SuggestionEventType,
    data: Record<string, unknown> = {},
    unitId: string | null = null,
  ): SuggestionResult => ({
    ok: true,
    next: { ...next, version },
    events: [{ type, at, version, actorRole: ctx.actorRole, actorId: ctx.actorId ?? null, fromStatus: s.status, toStatus: next.status, unitId, data }],
  });

  switch (action.type) {
    case 'record_communication': {
      if (!(COMMUNICATION_FORMS as readonly string[]).includes(action.form)) return fail('invalid_input', '请选择沟通方式');
      if (!isDay(action.on) || action.on > today) return fail('invalid_input', '沟通日期不正确（不能晚于今天）');
      const withWhom = text(action.withWhom);
      const note = text(action.note);
      if (!withWhom) return fail('invalid_input', '请填写沟通对象');
      if (!note) return fail('invalid_input', '请填写沟通情况');
      const rec = { form: action.form, on: action.on, withWhom, note, at };
      return ok({ ...s, communications: [...s.communications, rec] }, 'communication_recorded', { form: action.form, on: action.on, withWhom });
    }
    case 'cosign':
      return ok(
        { ...s, cosigners: s.cosigners.map((c) => (c.deputyId === ctx.actorDeputyId ? { ...c, confirmedAt: at } : c)) },
        'cosigned',
        { deputyId: ctx.actorDeputyId },
      );
    case 'file': {
      const caseNumber = text(action.caseNumber);
      if (!caseNumber) return fail('invalid_input', '缺少案号');
      return ok({ ...s, status: 'filed', caseNumber, filedAt: at }, 'filed', { caseNumber });
    }
    case 'register': {
      const dropped = s.cosigners.filter((c) => !c.confirmedAt).map((c) => c.deputyId);
      return ok(
        { ...s, status: 'registered', cosigners: s.cosigners.filter((c) => c.confirmedAt), review: { decision: 'registered', reason: text(action.note), mergedInto: null, at } },
        'registered',
        { droppedCosigners: dropped, note: text(action.note) },
      );
    }
    case 'merge': {
      const into = text(action.mergedInto);
      if (!into) return fail('invalid_input', '请选择并入的建议');
      if (into === s.id) return fail('invalid_input', '不能并入本件');
      return ok(
        { ...s, status: 'merged', review: { decision: 'merged', reason: text(action.reason), mergedInto: into, at }, closedAt: at },
        'merged',
        { mergedInto: into, reason: text(action.reason) },
      );
    }
    case 'refuse_registration': {
      const reason = text(action.reason);
      if (!reason) return fail('invalid_input', '不予立案须说明理由');
      return ok({ ...s, status: 'not_registered', review: { decision: 'not_registered', reason, mergedInto: null, at }, closedAt: at }, 'not_registered', {
        reason,
      });
    }
    case 'dispatch': {
      const units = Array.isArray(action.units) ? action.units : [];
      if (units.filter((u) => u.role === 'lead').length !== 1) return fail('invalid_input', '须指定一个主办单位');
      if (units.some((u) => !text(u.unitId) || !(SUGGESTION_UNIT_ROLES as readonly string[]).includes(u.role))) {
        return fail('invalid_input', '承办单位不正确');
      }
      if (new Set(units.map((u) => u.unitId)).size !== units.length) return fail('invalid_input', '同一单位不能重复交办');
      const opinionDays = action.opinionDays ?? DEFAULT_OPINION_DAYS;
      if (!Number.isInteger(opinionDays) || opinionDays < 1 || opinionDays > 60) return fail('invalid_input', '协办意见期限应为 1 至 60 天');
      const defaultDue = handlingDueOn(today);
      const dueOn = action.dueOn ?? defaultDue;
      if (!isDay(dueOn) || dueOn <= today || dueOn > defaultDue) return fail('invalid_input', `办理期限应在今天之后、不超过交办之日起三个月（${defaultDue}）`);
      return ok(
        {
          ...s,
          status: 'dispatched',
          round: 1,
          dispatchedOn: today,
          dueOn,
          maxDueOn: maxExtendedDueOn(today),
          opinionDueOn: addDaysIso(today, opinionDays),
          units: units.map((u) => ({ unitId: u.unitId, role: u.role, opinions: [] })),
        },
        'dispatched',
        { units: units.map((u) => ({ unitId: u.unitId, role: u.role })), dueOn, opinionDueOn: addDaysIso(today, opinionDays) },
      );
    }
    case 'give_opinion': {
      const content = text(action.content);
      if (!content) return fail('invalid_input', '请填写协办意见');
      const unitId = ctx.actorUnitId ?? '';
      return ok(
        { ...s, units: s.units.map((u) => (u.unitId === unitId ? { ...u, opinions: [...u.opinions, { round: s.round, content, at }] } : u)) },
        'opinion_given',
        { late: s.opinionDueOn !== null && today > s.opinionDueOn },
        unitId,
      );
    }
    case 'record_consultation': {
      if (!(CONSULTATION_FORMS as readonly string[]).includes(action.form)) return fail('invalid_input', '请选择面商方式（座谈、走访、电话）');
      if (!isDay(action.on) || action.on > today || (s.dispatchedOn !== null && action.on < s.dispatchedOn)) {
        return fail('invalid_input', '面商日期应在交办之后、不晚于今天');
      }
      const people = trimmedList(action.people);
      if (!people || people.length === 0) return fail('invalid_input', '请填写参加面商的人员');
      const note = text(action.note) ?? '';
      const rec = { round: s.round, form: action.form, on: action.on, people, note, at };
      return ok({ ...s, consultations: [...s.consultations, rec] }, 'consultation_recorded', { form: action.form, on: action.on, people }, ctx.actorUnitId ?? null);
    }
    case 'request_extension': {
      const reason = text(action.reason);
      if (!reason) return fail('invalid_input', '请说明延期理由');
      const max = s.maxDueOn ?? '';
      if (!isDay(action.dueOn) || !s.dueOn || action.dueOn <= s.dueOn || action.dueOn > max) {
        return fail('invalid_input', `延期后的期限应晚于现期限（${s.dueOn ?? ''}），且自交办之日起总计不超过六个月（${max}）`);
      }
      return ok({ ...s, pendingExtension: { dueOn: action.dueOn, reason, requestedAt: at } }, 'extension_requested', { dueOn: action.dueOn, reason }, ctx.actorUnitId ?? null);
    }
    case 'decide_extension': {
      const p = s.pendingExtension;
      if (!p) return fail('invalid_state', '没有待审批的延期申请');
      if (typeof action.approve !== 'boolean') return fail('invalid_input', '请选择是否批准延期');
      if (!action.approve) {
        const note = text(action.note);
        if (!note) return fail('invalid_input', '不予延期须说明理由');
        return ok({ ...s, pendingExtension: null }, 'extension_refused', { dueOn: p.dueOn, note });
      }
      return ok({ ...s, pendingExtension: null, dueOn: p.dueOn, extensionCount: s.extensionCount + 1 }, 'extension_approved', {
        from: s.dueOn,
        dueOn: p.dueOn,
        note: text(action.note),
      });
    }
    case 'reply': {
      if (!(REPLY_CATEGORIES as readonly string[]).includes(action.category)) return fail('invalid_input', '请选择答复类别（A、B、C、D）');
      const content = text(action.content);
      const documentNumber = text(action.documentNumber);
      const signer = text(action.signer);
      const contact = text(action.contact);
      if (!content) return fail('invalid_input', '请填写答复内容');
      if (!documentNumber) return fail('invalid_input', '请填写答复文号');
      if (!signer) return fail('invalid_input', '请填写签发人');
      if (!contact) return fail('invalid_input', '请填写联系人及电话');
      const itemsDone = trimmedList(action.itemsDone);
      if (!itemsDone) return fail('invalid_input', '已办事项格式不正确');
      const planned = Array.isArray(action.itemsPlanned) ? action.itemsPlanned : null;
      if (!planned || planned.some((p) => !text(p.item) || !isDay(p.dueOn) || p.dueOn < today)) {
        return fail('invalid_input', '计划事项须写明事项和不早于今天的完成日期');
      }
      if ((action.category === 'B' || action.category === 'C') && planned.length === 0) {
        return fail('invalid_input', 'B类、C类答复须列明计划办理的事项和完成时间');
      }
      if (action.category === 'A' && itemsDone.length === 0) return fail('invalid_input', 'A类答复须列明已办结的事项');
      const unitId = ctx.actorUnitId ?? '';
      const dueOn = s.dueOn ?? today;
      const reply: SuggestionReply = {
        round: s.round,
        unitId,
        category: action.category,
        content,
        documentNumber,
        signer,
        contact,
        itemsDone,
        itemsPlanned: planned.map((p) => ({ item: p.item.trim(), dueOn: p.dueOn })),
        at,
        dueOn,
        onTime: today <= dueOn,
      };
      return ok({ ...s, status: 'replied', replies: [...s.replies, reply], pendingExtension: null }, 'replied', {
        category: action.category,
        documentNumber,
        onTime: reply.onTime,
        round: s.round,
      }, unitId);
    }
    case 'rate': {
      const valid = (r: unknown) => (SUGGESTION_RATINGS as readonly string[]).includes(r as string);
      if (!valid(action.handling)) return fail('invalid_input', '请评价办理工作');
      if (!valid(action.result)) return fail('invalid_input', '请评价办理结果');
      const comment = text(action.comment);
      const dissatisfied = action.handling === 'dissatisfied' || action.result === 'dissatisfied';
      if (dissatisfied && !comment) return fail('invalid_input', '不满意时请写明意见，供承办单位重新办理');
      const rating: SuggestionRatingRecord = { round: s.round, handling: action.handling, result: action.result, comment, at };
      const ratings = [...s.ratings, rating];
      if (dissatisfied && s.round === 1) {
        const dueOn = rehandlingDueOn(today);
        return ok({ ...s, status: 'rehandling', round: 2, ratings, dueOn }, 'rehandling_started', {
          handling: action.handling,
          result: action.result,
          dueOn,
        });
      }
      return ok({ ...s, status: 'closed', ratings, closedAt: at }, 'closed', { handling: action.handling, result: action.result });
    }
    case 'set_key_supervision': {
      if (typeof action.on !== 'boolean') return fail('invalid_input', '请选择是否重点督办');
      if (!action.on) {
        if (!s.keySupervision) return fail('invalid_state', '该建议未列入重点督办');
        return ok({ ...s, keySupervision: null }, 'key_supervision_cleared');
      }
      const leader = text(action.leader);
      if (!leader) return fail('invalid_input', '请填写督办的常委会领导');
      const deputyIds = action.deputyIds ?? [s.leadDeputyId];
      const ks = { leader, deputyIds, note: text(action.note), at };
      return ok({ ...s, keySupervision: ks }, 'key_supervision_set', { leader, deputyIds });
    }
  }
}

/** Days left for the units (negative when overdue); null when not with the units. */
export function suggestionDaysLeft(s: SuggestionState, today: string): number | null {
  const due = suggestionDueOn(s);
  return due ? daysUntil(today, due) : null;
}
