import { describe, expect, it } from 'vitest';
import { ROLES } from '../auth/roles.js';
import {
  addCalendarMonths,
  addMonthsIso,
  daysUntil,
  dueStanding,
  handlingDueOn,
  maxExtendedDueOn,
  rehandlingDueOn,
} from './suggestion-dates.js';
import { chineseNumeral, formatSuggestionNumber, suggestionNumberError } from './suggestion-number.js';
import {
  allowedSuggestionActions,
  applySuggestionAction,
  draftSuggestion,
  SUGGESTION_ACTION_ROLES,
  SUGGESTION_ACTION_TYPES,
  SUGGESTION_STATUSES,
  SUGGESTION_TRANSITIONS,
  suggestionDueStanding,
  type SuggestionAction,
  type SuggestionActionType,
  type SuggestionActor,
  type SuggestionState,
  type SuggestionStatus,
} from './suggestion.workflow.js';
import { ZSuggestionActionBody, ZSuggestionCreateRequest } from './suggestions.contract.js';

/** Monday 2025-09-01, 10:00 in Shanghai. */
const T0 = new Date('2025-09-01T02:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0.getTime() + days * DAY);

const A = {
  lead: { actorRole: 'deputy', actorId: 'u-d1', actorDeputyId: 'd1' },
  co: { actorRole: 'deputy', actorId: 'u-d2', actorDeputyId: 'd2' },
  co2: { actorRole: 'deputy', actorId: 'u-d3', actorDeputyId: 'd3' },
  stranger: { actorRole: 'deputy', actorId: 'u-d9', actorDeputyId: 'd9' },
  office: { actorRole: 'congress_staff', actorId: 'u-office' },
  L: { actorRole: 'unit_handler', actorId: 'u-L', actorUnitId: 'L' },
  H: { actorRole: 'unit_handler', actorId: 'u-H', actorUnitId: 'H' },
  J: { actorRole: 'unit_handler', actorId: 'u-J', actorUnitId: 'J' },
  X: { actorRole: 'unit_handler', actorId: 'u-X', actorUnitId: 'X' },
  town: { actorRole: 'town_staff', actorId: 'u-town' },
  viewer: { actorRole: 'viewer', actorId: 'u-viewer' },
} satisfies Record<string, SuggestionActor>;

type Step = [SuggestionActor, SuggestionAction, Date?];

function draft(): SuggestionState {
  const r = draftSuggestion({ id: 's1', period: 'between_sessions', leadDeputyId: 'd1', cosignerDeputyIds: ['d2', 'd3'] }, { ...A.lead, now: T0 });
  if (!r.ok) throw new Error(r.message);
  return r.next;
}

function drive(start: SuggestionState, steps: Step[]): SuggestionState {
  let s = start;
  steps.forEach(([actor, action, now], i) => {
    const r = applySuggestionAction(s, action, { ...actor, now: now ?? new Date(T0.getTime() + (i + 1) * 3_600_000) });
    if (!r.ok) throw new Error(`${action.type} by ${actor.actorRole}: ${r.code} ${r.message}`);
    s = r.next;
  });
  return s;
}

const COMMUNICATE: SuggestionAction = { type: 'record_communication', form: 'visit', on: '2025-09-01', withWhom: '共和镇政府', note: '现场查看污水倒灌' };
const DISPATCH: SuggestionAction = {
  type: 'dispatch',
  units: [
    { unitId: 'L', role: 'lead' },
    { unitId: 'H', role: 'assisting' },
    { unitId: 'J', role: 'joint' },
  ],
};
const CONSULT: SuggestionAction = { type: 'record_consultation', form: 'meeting', on: '2025-09-01', people: ['钟慧芬', '水利局李科长'], note: '座谈' };
const REPLY_B: SuggestionAction = {
  type: 'reply',
  category: 'B',
  content: '已列入农村生活污水工程改造',
  documentNumber: '鹤水函〔2025〕12号',
  signer: '王局长',
  contact: '李科长 0750-8888888',
  itemsDone: ['完成现场勘查'],
  itemsPlanned: [{ item: '改造截污管网', dueOn: '2025-12-31' }],
};
const REPLY_A: SuggestionAction = { ...REPLY_B, category: 'A', itemsDone: ['完成管网改造'], itemsPlanned: [] };
const RATE_OK: SuggestionAction = { type: 'rate', handling: 'satisfied', result: 'satisfied' };
const RATE_BAD: SuggestionAction = { type: 'rate', handling: 'basically_satisfied', result: 'dissatisfied', comment: '雨天仍倒灌' };

function fixture(status: SuggestionStatus): SuggestionState {
  const toFiled: Step[] = [[A.lead, COMMUNICATE], [A.co, { type: 'cosign' }], [A.lead, { type: 'file', caseNumber: '鹤山市十七届五次会议闭会期间第001号' }]];
  const toRegistered: Step[] = [...toFiled, [A.office, { type: 'register' }]];
  const toDispatched: Step[] = [...toRegistered, [A.office, DISPATCH]];
  const toReplied: Step[] = [...toDispatched, [A.L, CONSULT], [A.L, REPLY_B]];
  const steps: Record<SuggestionStatus, Step[]> = {
    drafting: [],
    filed: toFiled,
    registered: toRegistered,
    merged: [...toFiled, [A.office, { type: 'merge', mergedInto: 's0' }]],
    not_registered: [...toFiled, [A.office, { type: 'refuse_registration', reason: '属于个人诉求，不宜作为代表建议' }]],
    dispatched: toDispatched,
    replied: toReplied,
    rehandling: [...toReplied, [A.lead, RATE_BAD]],
    closed: [...toReplied, [A.lead, RATE_OK]],
  };
  return drive(draft(), steps[status]);
}

/** A valid action of each type, from the actor bound to it. */
const SAMPLE: Record<SuggestionActionType, [SuggestionActor, SuggestionAction]> = {
  record_communication: [A.lead, COMMUNICATE],
  cosign: [A.co2, { type: 'cosign' }],
  file: [A.lead, { type: 'file', caseNumber: '鹤山市十七届五次会议闭会期间第001号' }],
  register: [A.office, { type: 'register' }],
  merge: [A.office, { type: 'merge', mergedInto: 's0' }],
  refuse_registration: [A.office, { type: 'refuse_registration', reason: '不属于本级职权' }],
  dispatch: [A.office, DISPATCH],
  give_opinion: [A.H, { type: 'give_opinion', content: '同意主办单位方案' }],
  record_consultation: [A.L, CONSULT],
  request_extension: [A.L, { type: 'request_extension', dueOn: '2026-01-15', reason: '需争取上级资金' }],
  decide_extension: [A.office, { type: 'decide_extension', approve: true }],
  reply: [A.L, REPLY_A],
  rate: [A.lead, RATE_OK],
  set_key_supervision: [A.office, { type: 'set_key_supervision', on: true, leader: '常委会副主任' }],
};

/** Preparations some actions need beyond the state (a pending extension; a consultation). */
function prepared(status: SuggestionStatus, type: SuggestionActionType): SuggestionState {
  const s = fixture(status);
  if (type === 'file' && status === 'drafting') return drive(s, [[A.lead, COMMUNICATE]]);
  if (type === 'decide_extension' && status === 'dispatched') return drive(s, [[A.L, SAMPLE.request_extension[1]]]);
  if (type === 'reply' && status === 'rehandling') return drive(s, [[A.L, CONSULT]]);
  if (type === 'reply' && status === 'dispatched') return drive(s, [[A.L, CONSULT]]);
  return s;
}

describe('R-SUG-1: every state × action, by the bound actor', () => {
  for (const status of SUGGESTION_STATUSES) {
    for (const type of SUGGESTION_ACTION_TYPES) {
      const allowed = SUGGESTION_TRANSITIONS[type].from.includes(status);
      it(`${status} × ${type} → ${allowed ? 'allowed' : 'refused (409)'}`, () => {
        const s = prepared(status, type);
        const [actor, action] = SAMPLE[type];
        const r = applySuggestionAction(s, action, { ...actor, now: at(2) });
        if (allowed) {
          expect(r.ok, r.ok ? '' : r.message).toBe(true);
          if (!r.ok) return;
          expect(r.next.version).toBe(s.version + 1);
          expect(r.events).toHaveLength(1);
          expect(r.events[0]?.fromStatus).toBe(status);
        } else {
          expect(r).toMatchObject({ ok: false, code: 'invalid_state' });
        }
      });
    }
  }
});

describe('R-SUG-1: every action × role — only the table’s roles pass the role check', () => {
  for (const type of SUGGESTION_ACTION_TYPES) {
    for (const role of ROLES) {
      const allowed = SUGGESTION_ACTION_ROLES[type].includes(role);
      it(`${type} by ${role} → ${allowed ? 'role allowed' : 'forbidden'}`, () => {
        const from = SUGGESTION_TRANSITIONS[type].from[0] as SuggestionStatus;
        const s = prepared(from, type);
        const [bound, action] = SAMPLE[type];
        const actor: SuggestionActor = role === bound.actorRole ? bound : { actorRole: role, actorId: 'u-any' };
        const r = applySuggestionAction(s, action, { ...actor, now: at(2) });
        if (allowed) expect(r.ok, r.ok ? '' : r.message).toBe(true);
        else expect(r).toMatchObject({ ok: false, code: 'forbidden' });
        expect(allowedSuggestionActions(s, role).includes(type)).toBe(allowed);
      });
    }
  }
});

describe('bindings: deputies, units', () => {
  const cases: [string, SuggestionStatus, SuggestionActor, SuggestionAction, string][] = [
    ['another deputy cannot file', 'drafting', A.stranger, { type: 'file', caseNumber: 'x' }, 'not_yours'],
    ['a co-signer cannot file', 'drafting', A.co, { type: 'file', caseNumber: 'x' }, 'not_yours'],
    ['a stranger cannot co-sign', 'filed', A.stranger, { type: 'cosign' }, 'not_yours'],
    ['a co-signer cannot co-sign twice', 'filed', A.co, { type: 'cosign' }, 'invalid_state'],
    ['the lead unit does not give an assisting opinion', 'dispatched', A.L, { type: 'give_opinion', content: '意见' }, 'invalid_state'],
    ['an assisting unit does not reply', 'dispatched', A.H, REPLY_A, 'not_yours'],
    ['a unit not assigned cannot consult', 'dispatched', A.X, CONSULT, 'not_yours'],
    ['a co-signer cannot rate', 'replied', A.co, RATE_OK, 'not_yours'],
  ];
  for (const [name, status, actor, action, code] of cases) {
    it(name, () => {
      expect(applySuggestionAction(fixture(status), action, { ...actor, now: at(2) })).toMatchObject({ ok: false, code });
    });
  }
  it('exact allowed actions name only what the bound actor may do', () => {
    const s = fixture('dispatched');
    expect(allowedSuggestionActions(s, A.L)).toEqual(['record_consultation', 'request_extension']);
    expect(allowedSuggestionActions(s, A.H)).toEqual(['give_opinion']);
    expect(allowedSuggestionActions(s, A.X)).toEqual([]);
    expect(allowedSuggestionActions(s, A.office)).toEqual(['set_key_supervision']);
    expect(allowedSuggestionActions(drive(s, [[A.L, CONSULT]]), A.L)).toEqual(['record_consultation', 'request_extension', 'reply']);
  });
});

describe('R-SUG-1: communication before filing, co-signing, review', () => {
  it('filing needs a communication record', () => {
    expect(applySuggestionAction(draft(), { type: 'file', caseNumber: 'n' }, { ...A.lead, now: T0 })).toMatchObject({
      ok: false,
      code: 'invalid_state',
      message: '提交前须先与有关单位沟通并登记沟通情况',
    });
  });
  it('a communication may not be dated in the future', () => {
    const r = applySuggestionAction(draft(), { ...COMMUNICATE, on: '2025-09-02' }, { ...A.lead, now: T0 });
    expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
  });
  it('registration drops co-signers who did not confirm', () => {
    const s = fixture('registered');
    expect(s.cosigners.map((c) => c.deputyId)).toEqual(['d2']);
  });
  it('not registering needs a reason', () => {
    expect(applySuggestionAction(fixture('filed'), { type: 'refuse_registration', reason: ' ' }, { ...A.office, now: T0 })).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
  });
  it('a draft names no co-signer twice nor the lead as co-signer', () => {
    const ctx = { ...A.lead, now: T0 };
    expect(draftSuggestion({ id: 's', period: 'session', leadDeputyId: 'd1', cosignerDeputyIds: ['d1'] }, ctx)).toMatchObject({ ok: false });
    expect(draftSuggestion({ id: 's', period: 'session', leadDeputyId: 'd1', cosignerDeputyIds: ['d2', 'd2'] }, ctx)).toMatchObject({ ok: false });
    expect(draftSuggestion({ id: 's', period: 'session', leadDeputyId: 'd2', cosignerDeputyIds: [] }, ctx)).toMatchObject({ ok: false, code: 'not_yours' });
  });
});

describe('R-SUG-1: deadlines — 3 months from dispatch, extension up to 6 in total, 1 month to re-handle', () => {
  it('dispatch on 1 Sep sets 1 Dec, at most 1 Mar, opinions by 16 Sep', () => {
    const s = fixture('dispatched');
    expect([s.dispatchedOn, s.dueOn, s.maxDueOn, s.opinionDueOn]).toEqual(['2025-09-01', '2025-12-01', '2026-03-01', '2025-09-16']);
  });
  const ext: [string, string, boolean][] = [
    ['2025-12-01', 'the same day', false],
    ['2025-12-02', 'one day more', true],
    ['2026-03-01', 'exactly 6 months', true],
    ['2026-03-02', 'beyond 6 months', false],
  ];
  for (const [dueOn, what, ok] of ext) {
    it(`extension to ${dueOn} (${what}) → ${ok ? 'accepted' : 'refused'}`, () => {
      const r = applySuggestionAction(fixture('dispatched'), { type: 'request_extension', dueOn, reason: '资金' }, { ...A.L, now: at(1) });
      expect(r.ok).toBe(ok);
    });
  }
  it('an approved extension moves the last day; a refused one keeps it', () => {
    const asked = drive(fixture('dispatched'), [[A.L, { type: 'request_extension', dueOn: '2026-02-01', reason: '资金' }]]);
    expect(drive(asked, [[A.office, { type: 'decide_extension', approve: true }]]).dueOn).toBe('2026-02-01');
    const refused = drive(asked, [[A.office, { type: 'decide_extension', approve: false, note: '理由不足' }]]);
    expect([refused.dueOn, refused.pendingExtension]).toEqual(['2025-12-01', null]);
    expect(applySuggestionAction(asked, { type: 'decide_extension', approve: false }, { ...A.office, now: at(1) })).toMatchObject({ ok: false, code: 'invalid_input' });
  });
  it('dispatch may set an earlier last day but not beyond 3 months', () => {
    const reg = fixture('registered');
    expect(applySuggestionAction(reg, { ...DISPATCH, dueOn: '2025-11-01' }, { ...A.office, now: T0 }).ok).toBe(true);
    expect(applySuggestionAction(reg, { ...DISPATCH, dueOn: '2025-12-02' }, { ...A.office, now: T0 })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(applySuggestionAction(reg, { type: 'dispatch', units: [{ unitId: 'H', role: 'assisting' }] }, { ...A.office, now: T0 })).toMatchObject({ ok: false, message: '须指定一个主办单位' });
  });
  it('dissatisfied → re-handling due 1 month after the rating; the next reply needs a new consultation', () => {
    const s = drive(fixture('replied'), [[A.lead, RATE_BAD, at(10)]]);
    expect([s.status, s.round, s.dueOn]).toEqual(['rehandling', 2, '2025-10-11']);
    expect(applySuggestionAction(s, REPLY_A, { ...A.L, now: at(11) })).toMatchObject({ ok: false, message: '答复前须与代表面商并登记面商记录' });
  });
  it('a second dissatisfied rating closes it, keeping both ratings', () => {
    const s = drive(fixture('rehandling'), [[A.L, CONSULT], [A.L, REPLY_A], [A.lead, RATE_BAD]]);
    expect([s.status, s.ratings.length, s.replies.length]).toEqual(['closed', 2, 2]);
  });
  it('dissatisfied needs a comment; "no opinion" closes', () => {
    expect(applySuggestionAction(fixture('replied'), { type: 'rate', handling: 'dissatisfied', result: 'satisfied' }, { ...A.lead, now: at(1) })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(drive(fixture('replied'), [[A.lead, { type: 'rate', handling: 'no_opinion', result: 'no_opinion' }]]).status).toBe('closed');
  });
  it('replies record whether they came in time', () => {
    const consulted = drive(fixture('dispatched'), [[A.L, CONSULT]]);
    // 15:59Z is 23:59 on 1 Dec in Shanghai (the last day); 16:00Z is already 2 Dec
    expect(drive(consulted, [[A.L, REPLY_A, new Date('2025-12-01T15:59:00Z')]]).replies[0]?.onTime).toBe(true);
    expect(drive(consulted, [[A.L, REPLY_A, new Date('2025-12-01T16:00:00Z')]]).replies[0]?.onTime).toBe(false);
  });
});

describe('reply rules', () => {
  const s = drive(fixture('dispatched'), [[A.L, CONSULT]]);
  const cases: [string, Partial<Extract<SuggestionAction, { type: 'reply' }>>, boolean][] = [
    ['A with items done', {}, true],
    ['A without items done', { itemsDone: [] }, false],
    ['B without planned items', { category: 'B', itemsPlanned: [] }, false],
    ['C with planned items', { category: 'C', itemsPlanned: [{ item: '列入明年计划', dueOn: '2026-06-30' }] }, true],
    ['D explained', { category: 'D', itemsDone: [] }, true],
    ['no document number', { documentNumber: ' ' }, false],
    ['planned date in the past', { category: 'B', itemsPlanned: [{ item: 'x', dueOn: '2025-08-01' }] }, false],
  ];
  for (const [name, patch, ok] of cases) {
    it(`${name} → ${ok ? 'accepted' : 'refused'}`, () => {
      expect(applySuggestionAction(s, { ...REPLY_A, ...patch }, { ...A.L, now: at(1) }).ok).toBe(ok);
    });
  }
});

describe('R-SUG-2: key supervision by committee leaders with the lead deputies', () => {
  it('names the leader and defaults the deputies to the lead deputy; clearing needs it set', () => {
    const s = drive(fixture('dispatched'), [[A.office, { type: 'set_key_supervision', on: true, leader: '常委会副主任陈某' }]]);
    expect(s.keySupervision).toMatchObject({ leader: '常委会副主任陈某', deputyIds: ['d1'] });
    expect(drive(s, [[A.office, { type: 'set_key_supervision', on: false }]]).keySupervision).toBeNull();
    expect(applySuggestionAction(fixture('dispatched'), { type: 'set_key_supervision', on: false }, { ...A.office, now: T0 })).toMatchObject({ ok: false });
    expect(applySuggestionAction(fixture('dispatched'), { type: 'set_key_supervision', on: true }, { ...A.office, now: T0 })).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

describe('versions', () => {
  it('a stale expected version is a conflict and changes nothing', () => {
    const s = fixture('filed');
    expect(applySuggestionAction(s, { type: 'register' }, { ...A.office, now: T0, expectedVersion: s.version - 1 })).toMatchObject({ ok: false, code: 'version_conflict' });
  });
});

describe('date rules', () => {
  const months: [string, number, string][] = [
    ['2025-09-01', 3, '2025-12-01'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2023-11-30', 3, '2024-02-29'],
    ['2025-08-31', 1, '2025-09-30'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-10-31', 6, '2026-04-30'],
  ];
  for (const [from, n, to] of months) {
    it(`${from} + ${n} months = ${to}`, () => expect(addMonthsIso(from, n)).toBe(to));
  }
  it('named rules', () => {
    expect(handlingDueOn('2025-09-01')).toBe('2025-12-01');
    expect(maxExtendedDueOn('2025-09-01')).toBe('2026-03-01');
    expect(rehandlingDueOn('2025-01-31')).toBe('2025-02-28');
    expect(addCalendarMonths({ year: 2025, month: 12, day: 31 }, 2)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(daysUntil('2025-12-01', '2025-11-30')).toBe(-1);
  });
  const standing: [string, string, string][] = [
    ['2025-12-02', '2025-12-01', 'overdue'],
    ['2025-12-01', '2025-12-01', 'due_soon'],
    ['2025-11-16', '2025-12-01', 'due_soon'],
    ['2025-11-15', '2025-12-01', 'on_track'],
  ];
  for (const [today, due, want] of standing) {
    it(`today ${today}, due ${due} → ${want}`, () => expect(dueStanding(today, due)).toBe(want));
  }
  it('only suggestions with the units have a standing', () => {
    expect(suggestionDueStanding(fixture('replied'), '2026-01-01')).toBeNull();
    expect(suggestionDueStanding(fixture('dispatched'), '2026-01-01')).toBe('overdue');
  });
});

describe('案号: per congress, term and session', () => {
  const cases: [number, string][] = [[1, '一'], [10, '十'], [17, '十七'], [20, '二十'], [99, '九十九']];
  for (const [n, s] of cases) it(`${n} → ${s}`, () => expect(chineseNumeral(n)).toBe(s));
  it('formats during and between sessions', () => {
    expect(formatSuggestionNumber({ congressName: '鹤山市', term: 17, session: 5, period: 'session', sequence: 12 })).toBe('鹤山市十七届五次会议第012号');
    expect(formatSuggestionNumber({ congressName: '郁南县', term: 17, session: 3, period: 'between_sessions', sequence: 1 })).toBe('郁南县十七届三次会议闭会期间第001号');
  });
  it('refuses impossible parts in Chinese', () => {
    expect(suggestionNumberError({ congressName: '鹤山市', term: 0, session: 1, period: 'session', sequence: 1 })).toBe('届次应为 1 至 99');
    expect(suggestionNumberError({ congressName: ' ', term: 1, session: 1, period: 'session', sequence: 1 })).toBe('缺少人大名称');
    expect(() => formatSuggestionNumber({ congressName: '鹤山市', term: 1, session: 1, period: 'session', sequence: 10_000 })).toThrow('序号应为 1 至 9999');
  });
});

describe('contract', () => {
  it('names the field in Chinese', () => {
    const r = ZSuggestionCreateRequest.safeParse({ title: '', content: 'x', category: 'other', period: 'session', term: 17, session: 5, leadDeputyId: '00000000-0000-4000-8000-000000000000' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['title'], message: '请填写建议标题' });
    const a = ZSuggestionActionBody.safeParse({ type: 'reply', version: 3, category: 'E', content: 'x', documentNumber: 'x', signer: 'x', contact: 'x' });
    expect(a.error?.issues[0]?.message).toBe('请选择答复类别（A、B、C、D）');
  });
});
