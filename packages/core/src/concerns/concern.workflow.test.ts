import { describe, it, expect } from 'vitest';
import { ROLES } from '../auth/roles.js';
import { formatCalendarDate, parseCalendarDate } from '../common/zoned-time.js';
import { CONCERN_ACTION_ROLES, type ConcernActorRole } from './concern.policy.js';
import {
  allowedConcernActions,
  applyConcernAction,
  CONCERN_ACTION_TYPES,
  CONCERN_ERROR_HTTP_STATUS,
  CONCERN_STATUSES,
  concernDueAt,
  concernOwner,
  concernTrafficLight,
  registerConcern,
  type ConcernAction,
  type ConcernActionType,
  type ConcernActor,
  type ConcernContext,
  type ConcernState,
  type ConcernStatus,
  type TimelineEvent,
} from './concern.workflow.js';
import { addWorkingDays, createWorkingCalendar } from './working-days.js';

// ─── Fixtures ───────────────────────────────────────────────────────────────────────────────

const DAY = 86_400_000;
/** Monday 2025-09-01, 10:00 in Shanghai. */
const T0 = new Date('2025-09-01T02:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

const A = {
  deputy: { actorRole: 'deputy', actorId: 'u-deputy', actorDeputyId: 'd1' },
  otherDeputy: { actorRole: 'deputy', actorId: 'u-deputy2', actorDeputyId: 'd2' },
  station: { actorRole: 'station_manager', actorId: 'u-station' },
  town: { actorRole: 'town_staff', actorId: 'u-town' },
  county: { actorRole: 'congress_staff', actorId: 'u-county', actorLevel: 'county' },
  city: { actorRole: 'congress_staff', actorId: 'u-city', actorLevel: 'city' },
  constituent: { actorRole: 'constituent' },
  system: { actorRole: 'system' },
  L: { actorRole: 'unit_handler', actorId: 'u-L', actorUnitId: 'L' },
  A1: { actorRole: 'unit_handler', actorId: 'u-A1', actorUnitId: 'A1' },
  A2: { actorRole: 'unit_handler', actorId: 'u-A2', actorUnitId: 'A2' },
  A3: { actorRole: 'unit_handler', actorId: 'u-A3', actorUnitId: 'A3' },
  stranger: { actorRole: 'unit_handler', actorId: 'u-X', actorUnitId: 'X' },
} satisfies Record<string, ConcernActor>;

type Step = [ConcernActor, ConcernAction, Date?];

function register(overrides: Partial<Parameters<typeof registerConcern>[0]> = {}): {
  state: ConcernState;
  timeline: TimelineEvent[];
} {
  const r = registerConcern(
    {
      id: 'c1',
      caseNumber: '440784-2025-000824',
      tier: 'general',
      collector: { kind: 'deputy', deputyId: 'd1', userId: 'u-deputy' },
      ...overrides,
    },
    { ...A.deputy, now: T0 },
  );
  if (!r.ok) throw new Error(r.message);
  return { state: r.next, timeline: r.events };
}

/** Applies the steps, each of which must succeed; returns the state and the whole timeline. */
function drive(
  start: { state: ConcernState; timeline: TimelineEvent[] },
  steps: Step[],
  ctx: Partial<ConcernContext> = {},
) {
  let { state } = start;
  const timeline = [...start.timeline];
  let clock = 0;
  for (const [actor, action, now] of steps) {
    clock += 1;
    const r = applyConcernAction(state, action, {
      ...actor,
      now: now ?? new Date(T0.getTime() + clock * 3_600_000),
      ...ctx,
    });
    if (!r.ok) throw new Error(`${action.type} by ${actor.actorRole}: ${r.code} ${r.message}`);
    state = r.next;
    timeline.push(...r.events);
  }
  return { state, timeline };
}

const DISPATCH: ConcernAction = {
  type: 'dispatch',
  units: [
    { unitId: 'L', role: 'lead' },
    { unitId: 'A1', role: 'assisting' },
    { unitId: 'A2', role: 'assisting' },
    { unitId: 'A3', role: 'joint' },
  ],
};

function fixture(status: ConcernStatus): ConcernState {
  const registered = register();
  const toAwaiting: Step[] = [[A.deputy, { type: 'send_for_dispatch' }]];
  const toDispatched: Step[] = [
    ...toAwaiting,
    [A.town, DISPATCH],
    [A.A1, { type: 'accept' }],
    [A.A3, { type: 'accept' }],
    [A.A3, { type: 'request_extension', workingDays: 5, reason: '需协调资金' }],
  ];
  const toInProgress: Step[] = [...toDispatched, [A.L, { type: 'accept' }]];
  const toReplied: Step[] = [...toInProgress, [A.L, { type: 'reply', content: '已安排修复' }]];
  const steps: Record<ConcernStatus, Step[]> = {
    registered: [],
    resolved_on_spot: [[A.deputy, { type: 'resolve_on_spot', result: '与网格员当场清理' }]],
    awaiting_dispatch: toAwaiting,
    dispatched: toDispatched,
    in_progress: toInProgress,
    replied: toReplied,
    closed: [...toReplied, [A.constituent, { type: 'rate', rating: 'satisfied' }]],
    merged: [[A.town, { type: 'merge_into', masterId: 'M', masterStatus: 'awaiting_dispatch' }]],
  };
  return deepFreeze(drive(registered, steps[status]).state);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !(o instanceof Date)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** One way to take each action, by an actor who may take it. */
const CANONICAL: Record<ConcernActionType, [ConcernActor, ConcernAction]> = {
  resolve_on_spot: [A.deputy, { type: 'resolve_on_spot', result: '已协调清理' }],
  send_for_dispatch: [A.deputy, { type: 'send_for_dispatch' }],
  dispatch: [A.town, { type: 'dispatch', units: [{ unitId: 'L', role: 'lead' }] }],
  accept: [A.A2, { type: 'accept' }],
  return: [A.A2, { type: 'return', reason: '不属于本单位职责' }],
  request_extension: [A.A1, { type: 'request_extension', workingDays: 5, reason: '需现场勘查' }],
  approve_extension: [A.town, { type: 'approve_extension', unitId: 'A3' }],
  refuse_extension: [A.town, { type: 'refuse_extension', unitId: 'A3', reason: '时限内可以完成' }],
  give_opinion: [A.A1, { type: 'give_opinion', opinion: '同意主办单位方案' }],
  reply: [A.L, { type: 'reply', content: '已修复路灯' }],
  escalate: [A.town, { type: 'escalate', reason: '涉及县级部门' }],
  urge: [A.town, { type: 'urge' }],
  set_key_supervision: [A.county, { type: 'set_key_supervision', on: true }],
  rate: [A.constituent, { type: 'rate', rating: 'satisfied' }],
  close_not_rated: [A.system, { type: 'close_not_rated' }],
  merge_into: [A.town, { type: 'merge_into', masterId: 'M', masterStatus: 'awaiting_dispatch' }],
  relay_master_reply: [A.system, { type: 'relay_master_reply', masterId: 'M', content: '主件答复：已修复' }],
  link_suggestion: [A.deputy, { type: 'link_suggestion', suggestionId: 'S1' }],
};

/**
 * THE TABLE: for every state, the actions allowed and the state they lead to. Every other
 * (state, action) pair must be refused with invalid_state.
 */
const ALLOWED: Record<ConcernStatus, Partial<Record<ConcernActionType, ConcernStatus>>> = {
  registered: {
    resolve_on_spot: 'resolved_on_spot',
    send_for_dispatch: 'awaiting_dispatch',
    merge_into: 'merged',
    link_suggestion: 'registered',
  },
  resolved_on_spot: { rate: 'closed', close_not_rated: 'closed', link_suggestion: 'resolved_on_spot' },
  awaiting_dispatch: {
    dispatch: 'dispatched',
    escalate: 'awaiting_dispatch',
    set_key_supervision: 'awaiting_dispatch',
    merge_into: 'merged',
    link_suggestion: 'awaiting_dispatch',
  },
  dispatched: {
    accept: 'dispatched', // an assisting unit accepting leaves the concern dispatched
    return: 'dispatched', // an assisting unit returning leaves it dispatched
    request_extension: 'dispatched',
    approve_extension: 'dispatched',
    refuse_extension: 'dispatched',
    give_opinion: 'dispatched',
    escalate: 'dispatched',
    urge: 'dispatched',
    set_key_supervision: 'dispatched',
    link_suggestion: 'dispatched',
  },
  in_progress: {
    accept: 'in_progress',
    return: 'in_progress',
    request_extension: 'in_progress',
    approve_extension: 'in_progress',
    refuse_extension: 'in_progress',
    give_opinion: 'in_progress',
    reply: 'replied',
    escalate: 'in_progress',
    urge: 'in_progress',
    set_key_supervision: 'in_progress',
    link_suggestion: 'in_progress',
  },
  replied: { rate: 'closed', close_not_rated: 'closed', set_key_supervision: 'replied', link_suggestion: 'replied' },
  closed: { link_suggestion: 'closed' },
  merged: { relay_master_reply: 'replied' },
};

const MATRIX_NOW = at(60);
const matrix = CONCERN_STATUSES.flatMap((status) =>
  CONCERN_ACTION_TYPES.map((action) => ({ status, action, to: ALLOWED[status][action] ?? null })),
);

describe('R-LOOP-3 the transition table: every action in every state', () => {
  it('covers every (state, action) pair', () => {
    expect(matrix).toHaveLength(CONCERN_STATUSES.length * CONCERN_ACTION_TYPES.length);
  });

  it.each(matrix.filter((m) => m.to !== null))('$status --$action--> $to', ({ status, action, to }) => {
    const before = fixture(status);
    const [actor, act] = CANONICAL[action];
    const r = applyConcernAction(before, act, { ...actor, now: MATRIX_NOW });
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    expect(r.next.status).toBe(to);
    expect(r.next.version).toBe(before.version + 1);
    expect(r.events.length).toBeGreaterThan(0);
    for (const e of r.events) {
      expect(e.version).toBe(r.next.version);
      expect(e.fromStatus).toBe(status);
      expect(e.toStatus).toBe(to);
      expect(e.at.getTime()).toBe(MATRIX_NOW.getTime());
    }
    // the coarse and the exact allowed-actions lists agree with the table
    expect(allowedConcernActions(before, actor.actorRole)).toContain(action);
    expect(allowedConcernActions(before, { ...actor, now: MATRIX_NOW })).toContain(action);
  });

  it.each(matrix.filter((m) => m.to === null))('$status --$action--> refused (409)', ({ status, action }) => {
    const before = fixture(status);
    const [actor, act] = CANONICAL[action];
    const r = applyConcernAction(before, act, { ...actor, now: MATRIX_NOW });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('invalid_state');
    expect(CONCERN_ERROR_HTTP_STATUS[r.code]).toBe(409);
    expect(r.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(allowedConcernActions(before, actor.actorRole)).not.toContain(action);
  });
});

// ─── Roles ──────────────────────────────────────────────────────────────────────────────────

const ALL_ACTORS: ConcernActorRole[] = [...ROLES, 'constituent', 'system'];

/** An actor of the role, bound to the concern the way the canonical actor is. */
function actorOfRole(role: ConcernActorRole, canonical: ConcernActor): ConcernActor {
  return {
    actorRole: role,
    actorId: `u-${role}`,
    actorDeputyId: 'd1',
    actorUnitId: canonical.actorUnitId ?? 'L',
    actorLevel: role === 'congress_staff' ? 'county' : null,
  };
}

const firstAllowedState = (action: ConcernActionType): ConcernStatus =>
  CONCERN_STATUSES.find((s) => ALLOWED[s][action] !== undefined) ?? 'registered';

const roleMatrix = CONCERN_ACTION_TYPES.flatMap((action) =>
  ALL_ACTORS.map((role) => ({ action, role, allowed: CONCERN_ACTION_ROLES[action].includes(role) })),
);

describe('the policy is enforced for every action and every role', () => {
  it.each(roleMatrix)('$action by $role: allowed=$allowed', ({ action, role, allowed }) => {
    const before = fixture(firstAllowedState(action));
    const [canonical, act] = CANONICAL[action];
    const r = applyConcernAction(before, act, { ...actorOfRole(role, canonical), now: MATRIX_NOW });
    if (allowed) {
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
      expect(r.ok).toBe(true);
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe('forbidden');
        expect(CONCERN_ERROR_HTTP_STATUS[r.code]).toBe(403);
      }
    }
  });
});

describe('binding: deputies, units and staff act only on their own concerns', () => {
  it.each<[string, ConcernStatus, ConcernActor, ConcernAction]>([
    ['another deputy cannot resolve it', 'registered', A.otherDeputy, { type: 'resolve_on_spot', result: 'x' }],
    ['a deputy without a deputy record', 'registered', { actorRole: 'deputy' }, { type: 'send_for_dispatch' }],
    [
      'another deputy cannot rate on the constituent’s behalf',
      'replied',
      A.otherDeputy,
      { type: 'rate', rating: 'satisfied' },
    ],
    ['another deputy cannot urge it', 'in_progress', A.otherDeputy, { type: 'urge' }],
    ['a unit it was not dispatched to cannot accept', 'dispatched', A.stranger, { type: 'accept' }],
    ['a unit it was not dispatched to cannot reply', 'in_progress', A.stranger, { type: 'reply', content: 'x' }],
    ['a unit handler without a unit', 'dispatched', { actorRole: 'unit_handler' }, { type: 'accept' }],
  ])('%s → not_yours (403)', (_name, status, actor, action) => {
    const r = applyConcernAction(fixture(status), action, { ...actor, now: MATRIX_NOW });
    expect(r).toMatchObject({ ok: false, code: 'not_yours' });
  });

  it('any deputy may link the concern to the suggestion they form (R-LOOP-8)', () => {
    const r = applyConcernAction(
      fixture('closed'),
      { type: 'link_suggestion', suggestionId: 'S9' },
      { ...A.otherDeputy, now: MATRIX_NOW },
    );
    expect(r.ok).toBe(true);
  });

  it('R-LOOP-4 once escalated to the county, the town no longer dispatches; the county and the city do', () => {
    const escalated = drive({ state: fixture('awaiting_dispatch'), timeline: [] }, [
      [A.town, { type: 'escalate', reason: '涉及县级交通部门' }],
    ]).state;
    expect(escalated.level).toBe('county');
    const dispatch: ConcernAction = { type: 'dispatch', units: [{ unitId: 'L', role: 'lead' }] };
    expect(applyConcernAction(escalated, dispatch, { ...A.town, now: MATRIX_NOW })).toMatchObject({
      ok: false,
      code: 'not_yours',
    });
    expect(applyConcernAction(escalated, dispatch, { ...A.county, now: MATRIX_NOW }).ok).toBe(true);
    expect(applyConcernAction(escalated, dispatch, { ...A.city, now: MATRIX_NOW }).ok).toBe(true);
  });

  it('the county may act on a town-level concern (a higher level may step in)', () => {
    const r = applyConcernAction(fixture('awaiting_dispatch'), CANONICAL.dispatch[1], { ...A.county, now: MATRIX_NOW });
    expect(r.ok).toBe(true);
  });
});

// ─── Stories ────────────────────────────────────────────────────────────────────────────────

describe('R-LOOP-1 registration', () => {
  it('creates a numbered record at version 1 with its first timeline event', () => {
    const { state, timeline } = register();
    expect(state).toMatchObject({
      status: 'registered',
      version: 1,
      caseNumber: '440784-2025-000824',
      level: 'town',
      reopenCount: 0,
    });
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ type: 'registered', fromStatus: null, toStatus: 'registered', version: 1 });
  });

  it.each<[string, Parameters<typeof registerConcern>[0], ConcernActor, string]>([
    [
      'a bad case number',
      {
        id: 'c',
        caseNumber: '440784-25-1',
        tier: 'general',
        collector: { kind: 'staff', deputyId: null, userId: null },
      },
      A.town,
      'invalid_input',
    ],
    [
      'an unknown tier',
      {
        id: 'c',
        caseNumber: '440784-2025-000001',
        tier: 'huge' as 'major',
        collector: { kind: 'staff', deputyId: null, userId: null },
      },
      A.town,
      'invalid_input',
    ],
    [
      'a deputy collector without a deputy',
      {
        id: 'c',
        caseNumber: '440784-2025-000001',
        tier: 'minor',
        collector: { kind: 'deputy', deputyId: null, userId: null },
      },
      A.town,
      'invalid_input',
    ],
    [
      'a deputy registering for another deputy',
      {
        id: 'c',
        caseNumber: '440784-2025-000001',
        tier: 'minor',
        collector: { kind: 'deputy', deputyId: 'd2', userId: null },
      },
      A.deputy,
      'not_yours',
    ],
    [
      'a constituent claiming a deputy collected it',
      {
        id: 'c',
        caseNumber: '440784-2025-000001',
        tier: 'minor',
        collector: { kind: 'deputy', deputyId: 'd1', userId: null },
      },
      A.constituent,
      'invalid_input',
    ],
    [
      'a unit handler',
      {
        id: 'c',
        caseNumber: '440784-2025-000001',
        tier: 'minor',
        collector: { kind: 'staff', deputyId: null, userId: null },
      },
      A.L,
      'forbidden',
    ],
    [
      'the system administrator',
      {
        id: 'c',
        caseNumber: '440784-2025-000001',
        tier: 'minor',
        collector: { kind: 'staff', deputyId: null, userId: null },
      },
      { actorRole: 'admin' },
      'forbidden',
    ],
  ])('refuses %s', (_name, input, actor, code) => {
    expect(registerConcern(input, { ...actor, now: T0 })).toMatchObject({ ok: false, code });
  });

  it('a constituent may submit online (R-LOOP-2)', () => {
    const r = registerConcern(
      {
        id: 'c',
        caseNumber: '440784-2025-000002',
        tier: 'minor',
        collector: { kind: 'online', deputyId: null, userId: null },
      },
      { ...A.constituent, now: T0 },
    );
    expect(r.ok).toBe(true);
  });
});

describe('R-LOOP-4 resolve on the spot', () => {
  it('the collecting deputy resolves it; the constituent rates; satisfied closes', () => {
    const { state, timeline } = drive(register(), [
      [A.deputy, { type: 'resolve_on_spot', result: '台风前与网格员当场处理霉烂树木' }],
      [A.constituent, { type: 'rate', rating: 'satisfied', comment: '很及时' }],
    ]);
    expect(state).toMatchObject({ status: 'closed', rating: 'satisfied', ratingComment: '很及时', reopenCount: 0 });
    expect(timeline.map((e) => e.type)).toEqual(['registered', 'resolved_on_spot', 'rated', 'closed']);
    expect(concernOwner(state)).toBeNull();
  });

  it('dissatisfied with the on-the-spot result: it goes to the town for dispatch, reopened', () => {
    const { state } = drive(register(), [
      [A.deputy, { type: 'resolve_on_spot', result: '已劝导' }],
      [A.deputy, { type: 'rate', rating: 'dissatisfied', comment: '问题依旧' }],
    ]);
    expect(state).toMatchObject({ status: 'awaiting_dispatch', reopenCount: 1, rating: null });
    expect(concernOwner(state)).toEqual({ kind: 'dispatcher', level: 'town' });
  });

  it('needs a result', () => {
    const r = applyConcernAction(
      fixture('registered'),
      { type: 'resolve_on_spot', result: '  ' },
      { ...A.deputy, now: T0 },
    );
    expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

describe('R-LOOP-3 the whole loop (the browser story)', () => {
  it('register → send → dispatch → return → re-dispatch → reply → dissatisfied → reopen → reply → satisfied → closed', () => {
    const { state, timeline } = drive(register(), [
      [A.deputy, { type: 'send_for_dispatch' }],
      [
        A.town,
        {
          type: 'dispatch',
          units: [
            { unitId: 'X', role: 'lead' },
            { unitId: 'A1', role: 'assisting' },
          ],
        },
      ],
      [
        { actorRole: 'unit_handler', actorUnitId: 'X' },
        { type: 'return', reason: '属供水公司职责' },
      ],
      [
        A.town,
        {
          type: 'dispatch',
          units: [
            { unitId: 'L', role: 'lead' },
            { unitId: 'A1', role: 'assisting' },
          ],
        },
      ],
      [A.L, { type: 'accept' }],
      [A.A1, { type: 'accept' }],
      [A.A1, { type: 'give_opinion', opinion: '配合开挖' }],
      [A.L, { type: 'reply', content: '已疏通' }],
      [A.constituent, { type: 'rate', rating: 'dissatisfied', comment: '又堵了' }],
      [A.L, { type: 'reply', content: '已更换管道' }],
      [A.constituent, { type: 'rate', rating: 'satisfied' }],
    ]);
    expect(state).toMatchObject({
      status: 'closed',
      rating: 'satisfied',
      reopenCount: 1,
      dispatchRound: 2,
      version: 12,
    });
    expect(timeline.map((e) => e.type)).toEqual([
      'registered',
      'sent_for_dispatch',
      'dispatched',
      'returned',
      'dispatched',
      'accepted',
      'accepted',
      'opinion_given',
      'replied',
      'rated',
      'reopened',
      'replied',
      'rated',
      'closed',
    ]);
    // the first round's units are kept as history: X returned, A1 withdrawn
    expect(state.units.filter((u) => u.round === 1).map((u) => [u.unitId, u.status])).toEqual([
      ['X', 'returned'],
      ['A1', 'withdrawn'],
    ]);
    // the assisting unit's opinion went out with the first reply
    const firstReply = timeline.find((e) => e.type === 'replied');
    expect(firstReply?.data.opinions).toEqual([{ unitId: 'A1', content: '配合开挖' }]);
  });
});

describe('R-LOOP-5 tiers and deadlines at dispatch', () => {
  const dispatchAt = new Date('2025-09-26T02:00:00.000Z'); // Friday before National Day 2025, 10:00 Shanghai
  it.each([
    ['minor', '2025-09-30'], // 09-28 (make-up Sunday), 09-29, 09-30
    ['general', '2025-10-23'],
    ['major', '2025-12-25'], // 15 to 10-23, then 45 more plain weeks
  ] as const)('a %s concern is due on %s', (tier, dueOn) => {
    const s = drive(register({ tier }), [[A.deputy, { type: 'send_for_dispatch' }]]).state;
    const r = applyConcernAction(
      s,
      { type: 'dispatch', units: [{ unitId: 'L', role: 'lead' }] },
      { ...A.town, now: dispatchAt },
    );
    if (!r.ok) throw new Error(r.message);
    expect(formatCalendarDate(r.next.units[0]?.dueOn ?? { year: 0, month: 0, day: 0 })).toBe(dueOn);
    expect(
      formatCalendarDate(addWorkingDays({ year: 2025, month: 9, day: 26 }, { minor: 3, general: 15, major: 60 }[tier])),
    ).toBe(dueOn);
  });

  it('each unit may have its own limit, in working days or as a date; the dispatcher may reclassify the tier', () => {
    const s = fixture('awaiting_dispatch');
    const r = applyConcernAction(
      s,
      {
        type: 'dispatch',
        tier: 'minor',
        handlingMode: 'on_site',
        units: [
          { unitId: 'L', role: 'lead' },
          { unitId: 'A1', role: 'assisting', workingDays: 1 },
          { unitId: 'A2', role: 'joint', dueOn: parseCalendarDate('2025-10-20') },
        ],
      },
      { ...A.town, now: dispatchAt },
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.next.tier).toBe('minor');
    expect(r.next.handlingMode).toBe('on_site');
    expect(r.next.units.map((u) => formatCalendarDate(u.dueOn))).toEqual(['2025-09-30', '2025-09-28', '2025-10-20']);
    expect(r.next.units[0]?.dueAt.toISOString()).toBe('2025-09-30T16:00:00.000Z');
  });

  it('region settings and admin overrides change the limits', () => {
    const s = fixture('awaiting_dispatch');
    const r = applyConcernAction(
      s,
      { type: 'dispatch', units: [{ unitId: 'L', role: 'lead' }] },
      {
        ...A.town,
        now: dispatchAt,
        settings: { tierWorkingDays: { general: 2 } },
        calendar: createWorkingCalendar({ '2025-09-28': 'holiday' }),
      },
    );
    if (!r.ok) throw new Error(r.message);
    expect(formatCalendarDate(r.next.units[0]?.dueOn ?? { year: 0, month: 0, day: 0 })).toBe('2025-09-30');
  });

  it.each<[string, ConcernAction]>([
    ['no unit', { type: 'dispatch', units: [] }],
    ['no lead', { type: 'dispatch', units: [{ unitId: 'A1', role: 'assisting' }] }],
    [
      'two leads',
      {
        type: 'dispatch',
        units: [
          { unitId: 'L', role: 'lead' },
          { unitId: 'A1', role: 'lead' },
        ],
      },
    ],
    [
      'the same unit twice',
      {
        type: 'dispatch',
        units: [
          { unitId: 'L', role: 'lead' },
          { unitId: 'L', role: 'assisting' },
        ],
      },
    ],
    ['an empty unit id', { type: 'dispatch', units: [{ unitId: ' ', role: 'lead' }] }],
    ['zero working days', { type: 'dispatch', units: [{ unitId: 'L', role: 'lead', workingDays: 0 }] }],
    [
      'both days and a date',
      {
        type: 'dispatch',
        units: [{ unitId: 'L', role: 'lead', workingDays: 3, dueOn: parseCalendarDate('2025-12-01') }],
      },
    ],
    [
      'a due date on the dispatch day',
      { type: 'dispatch', units: [{ unitId: 'L', role: 'lead', dueOn: parseCalendarDate('2025-09-26') }] },
    ],
    [
      'a due date that does not exist',
      { type: 'dispatch', units: [{ unitId: 'L', role: 'lead', dueOn: { year: 2025, month: 2, day: 30 } }] },
    ],
  ])('refuses a dispatch with %s (400)', (_name, action) => {
    const r = applyConcernAction(fixture('awaiting_dispatch'), action, { ...A.town, now: dispatchAt });
    expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
    if (!r.ok) expect(CONCERN_ERROR_HTTP_STATUS[r.code]).toBe(400);
  });
});

describe('units: accept, return, extension, opinion', () => {
  it('the lead accepting moves the concern to in_progress', () => {
    const r = applyConcernAction(fixture('dispatched'), { type: 'accept' }, { ...A.L, now: MATRIX_NOW });
    expect(r).toMatchObject({ ok: true, next: { status: 'in_progress' } });
  });

  it('an assisting unit returning ends only its own assignment', () => {
    const r = applyConcernAction(
      fixture('dispatched'),
      { type: 'return', reason: '非本单位职责' },
      { ...A.A2, now: MATRIX_NOW },
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.next.status).toBe('dispatched');
    expect(r.next.units.find((u) => u.unitId === 'A2')).toMatchObject({
      status: 'returned',
      returnReason: '非本单位职责',
    });
    expect(r.next.units.find((u) => u.unitId === 'L')?.status).toBe('assigned');
  });

  it('the lead returning sends the whole round back to the dispatcher', () => {
    const r = applyConcernAction(
      fixture('dispatched'),
      { type: 'return', reason: '应由水务局主办' },
      { ...A.L, now: MATRIX_NOW },
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.next.status).toBe('awaiting_dispatch');
    expect(r.next.units.map((u) => u.status)).toEqual(['returned', 'withdrawn', 'withdrawn', 'withdrawn']);
    expect(r.events[0]?.notify).toContain('dispatcher');
    expect(concernOwner(r.next)).toEqual({ kind: 'dispatcher', level: 'town' });
  });

  it.each<[string, ConcernActor, ConcernAction, string]>([
    ['return without a reason', A.A2, { type: 'return', reason: '' }, 'invalid_input'],
    ['return after accepting', A.A1, { type: 'return', reason: '不是我们的' }, 'invalid_state'],
    ['accept twice', A.A1, { type: 'accept' }, 'invalid_state'],
    [
      'an extension before accepting',
      A.A2,
      { type: 'request_extension', workingDays: 3, reason: 'x' },
      'invalid_state',
    ],
    ['a second pending extension', A.A3, { type: 'request_extension', workingDays: 3, reason: 'x' }, 'invalid_state'],
    ['an extension of 0 days', A.A1, { type: 'request_extension', workingDays: 0, reason: 'x' }, 'invalid_input'],
    [
      'an extension without a reason',
      A.A1,
      { type: 'request_extension', workingDays: 3, reason: ' ' },
      'invalid_input',
    ],
    ['an opinion from the lead', A.L, { type: 'give_opinion', opinion: 'x' }, 'invalid_state'],
    ['an opinion before accepting', A.A2, { type: 'give_opinion', opinion: 'x' }, 'invalid_state'],
    ['a reply from an assisting unit', A.A1, { type: 'reply', content: 'x' }, 'invalid_state'],
    ['an empty reply', A.L, { type: 'reply', content: '' }, 'invalid_input'],
    ['approving an extension nobody asked for', A.town, { type: 'approve_extension', unitId: 'A1' }, 'invalid_state'],
    ['approving for a unit not on the concern', A.town, { type: 'approve_extension', unitId: 'X' }, 'invalid_input'],
    ['refusing without a reason', A.town, { type: 'refuse_extension', unitId: 'A3', reason: '' }, 'invalid_input'],
    ['urging a unit not working on it', A.town, { type: 'urge', unitId: 'X' }, 'invalid_input'],
  ])('refuses %s', (_name, actor, action, code) => {
    expect(applyConcernAction(fixture('in_progress'), action, { ...actor, now: MATRIX_NOW })).toMatchObject({
      ok: false,
      code,
    });
  });

  it('an approved extension adds working days to the unit’s deadline', () => {
    const s = fixture('in_progress');
    const before = s.units.find((u) => u.unitId === 'A3');
    const r = applyConcernAction(s, { type: 'approve_extension', unitId: 'A3' }, { ...A.town, now: MATRIX_NOW });
    if (!r.ok || !before) throw new Error('approve failed');
    const after = r.next.units.find((u) => u.unitId === 'A3');
    expect(after?.extension).toBeNull();
    expect(after?.extensionCount).toBe(1);
    expect(after?.dueOn).toEqual(addWorkingDays(before.dueOn, 5));
    expect(r.events[0]).toMatchObject({ type: 'extension_approved', unitId: 'A3', notify: ['unit:A3'] });
  });

  it('the dispatcher may approve fewer days than asked', () => {
    const s = fixture('in_progress');
    const before = s.units.find((u) => u.unitId === 'A3');
    const r = applyConcernAction(
      s,
      { type: 'approve_extension', unitId: 'A3', workingDays: 2 },
      { ...A.town, now: MATRIX_NOW },
    );
    if (!r.ok || !before) throw new Error('approve failed');
    expect(r.next.units.find((u) => u.unitId === 'A3')?.dueOn).toEqual(addWorkingDays(before.dueOn, 2));
  });

  it('a refused extension keeps the deadline', () => {
    const s = fixture('in_progress');
    const r = applyConcernAction(
      s,
      { type: 'refuse_extension', unitId: 'A3', reason: '可在时限内完成' },
      { ...A.town, now: MATRIX_NOW },
    );
    if (!r.ok) throw new Error(r.message);
    const [b, a] = [s, r.next].map((x) => x.units.find((u) => u.unitId === 'A3'));
    expect(a?.dueOn).toEqual(b?.dueOn);
    expect(a?.extension).toBeNull();
    expect(a?.extensionCount).toBe(0);
  });
});

describe('R-LOOP-6 supervision: escalate, urge, key supervision', () => {
  it('R-LOOP-4 escalates town → county → city, and no further', () => {
    const s = drive({ state: fixture('awaiting_dispatch'), timeline: [] }, [
      [A.town, { type: 'escalate', reason: '需县级协调' }],
      [A.county, { type: 'escalate', reason: '跨县事项' }],
    ]).state;
    expect(s.level).toBe('city');
    expect(applyConcernAction(s, { type: 'escalate', reason: 'x' }, { ...A.city, now: MATRIX_NOW })).toMatchObject({
      ok: false,
      code: 'invalid_state',
    });
    expect(allowedConcernActions(s, { ...A.city })).not.toContain('escalate');
  });

  it('escalating needs a reason, and does not take the work away from the units', () => {
    const s = fixture('in_progress');
    expect(applyConcernAction(s, { type: 'escalate', reason: '' }, { ...A.town, now: MATRIX_NOW })).toMatchObject({
      code: 'invalid_input',
    });
    const r = applyConcernAction(s, { type: 'escalate', reason: '久拖未决' }, { ...A.town, now: MATRIX_NOW });
    if (!r.ok) throw new Error(r.message);
    expect(r.next).toMatchObject({ status: 'in_progress', level: 'county' });
    expect(r.next.units).toEqual(s.units);
  });

  it('urging counts per concern and per unit, and notifies the units', () => {
    const r1 = applyConcernAction(
      fixture('in_progress'),
      { type: 'urge', note: '请加快' },
      { ...A.county, now: MATRIX_NOW },
    );
    if (!r1.ok) throw new Error(r1.message);
    expect(r1.next.urgeCount).toBe(1);
    expect(r1.events[0]?.notify).toEqual(['unit:L', 'unit:A1', 'unit:A2', 'unit:A3']);
    const r2 = applyConcernAction(r1.next, { type: 'urge', unitId: 'L' }, { ...A.deputy, now: MATRIX_NOW });
    if (!r2.ok) throw new Error(r2.message);
    expect(r2.next.urgeCount).toBe(2);
    expect(r2.next.units.find((u) => u.unitId === 'L')?.urgeCount).toBe(2);
    expect(r2.next.units.find((u) => u.unitId === 'A1')?.urgeCount).toBe(1);
  });

  it('key supervision is switched on and off, never twice the same way', () => {
    const on = applyConcernAction(
      fixture('in_progress'),
      { type: 'set_key_supervision', on: true, reason: '群众反映强烈' },
      { ...A.county, now: MATRIX_NOW },
    );
    if (!on.ok) throw new Error(on.message);
    expect(on.next.keySupervision).toBe(true);
    expect(on.events[0]?.type).toBe('key_supervision_set');
    expect(
      applyConcernAction(on.next, { type: 'set_key_supervision', on: true }, { ...A.county, now: MATRIX_NOW }),
    ).toMatchObject({ code: 'invalid_state' });
    const off = applyConcernAction(
      on.next,
      { type: 'set_key_supervision', on: false },
      { ...A.county, now: MATRIX_NOW },
    );
    expect(off).toMatchObject({
      ok: true,
      next: { keySupervision: false },
      events: [{ type: 'key_supervision_cleared' }],
    });
  });
});

describe('R-LOOP-6 rating and closure: every concern ends with a rating or "not rated"', () => {
  it('basically satisfied closes, counted as such', () => {
    const r = applyConcernAction(
      fixture('replied'),
      { type: 'rate', rating: 'basically_satisfied' },
      { ...A.constituent, now: MATRIX_NOW },
    );
    expect(r).toMatchObject({ ok: true, next: { status: 'closed', rating: 'basically_satisfied' } });
  });

  it('the deputy or the town may record a rating on the constituent’s behalf', () => {
    for (const actor of [A.deputy, A.town]) {
      const r = applyConcernAction(
        fixture('replied'),
        { type: 'rate', rating: 'satisfied' },
        { ...actor, now: MATRIX_NOW },
      );
      if (!r.ok) throw new Error(r.message);
      expect(r.events[0]?.data).toMatchObject({ recordedBy: actor.actorRole, onBehalf: true });
    }
  });

  it('dissatisfied reopens it with the lead unit, a new deadline and reopenCount + 1', () => {
    const s = fixture('replied');
    const now = new Date('2025-09-26T02:00:00.000Z');
    const r = applyConcernAction(
      s,
      { type: 'rate', rating: 'dissatisfied', comment: '没修好' },
      { ...A.constituent, now },
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.next).toMatchObject({ status: 'in_progress', reopenCount: 1, rating: null, reply: null });
    const lead = r.next.units.find((u) => u.unitId === 'L');
    expect(lead).toMatchObject({ status: 'accepted', assignedAt: now });
    expect(formatCalendarDate(lead?.dueOn ?? { year: 0, month: 0, day: 0 })).toBe('2025-10-23'); // general: 15 working days
    expect(r.events.map((e) => e.type)).toEqual(['rated', 'reopened']);
    expect(concernDueAt(r.next)?.getTime()).toBe(lead?.dueAt.getTime());
  });

  it('the reopening limit may be configured per region', () => {
    const settings = { reopenWorkingDays: 5, maxReopens: 1 };
    const once = applyConcernAction(
      fixture('replied'),
      { type: 'rate', rating: 'dissatisfied' },
      { ...A.constituent, now: at(1), settings },
    );
    if (!once.ok) throw new Error(once.message);
    expect(formatCalendarDate(once.next.units[0]?.dueOn ?? { year: 0, month: 0, day: 0 })).toBe('2025-09-09');
    const replied = drive({ state: once.next, timeline: [] }, [[A.L, { type: 'reply', content: '再次答复' }]]).state;
    const twice = applyConcernAction(
      replied,
      { type: 'rate', rating: 'dissatisfied' },
      { ...A.constituent, now: MATRIX_NOW, settings },
    );
    expect(twice).toMatchObject({ ok: true, next: { status: 'closed', rating: 'dissatisfied', reopenCount: 1 } });
  });

  it.each<[string, number, number | undefined, boolean]>([
    ['1 ms before 15 days', 15 * DAY - 1, undefined, false],
    ['exactly 15 days', 15 * DAY, undefined, true],
    ['20 days', 20 * DAY, undefined, true],
    ['7 days with a 7-day setting', 7 * DAY, 7, true],
    ['7 days less 1 ms with a 7-day setting', 7 * DAY - 1, 7, false],
  ])('close as not rated after %s: %s', (_name, after, days, allowed) => {
    const s = fixture('replied');
    const repliedAt = s.reply?.at ?? T0;
    const now = new Date(repliedAt.getTime() + after);
    const settings = days === undefined ? undefined : { notRatedAfterDays: days };
    const r = applyConcernAction(
      s,
      { type: 'close_not_rated' },
      { ...A.system, now, ...(settings ? { settings } : {}) },
    );
    if (allowed) {
      expect(r).toMatchObject({ ok: true, next: { status: 'closed', rating: 'not_rated', ratedAt: null } });
    } else {
      expect(r).toMatchObject({ ok: false, code: 'too_early' });
    }
    expect(
      allowedConcernActions(s, { ...A.system, now, ...(settings ? { settings } : {}) }).includes('close_not_rated'),
    ).toBe(allowed);
  });

  it('an on-the-spot result unrated for 15 days closes as not rated too', () => {
    const s = fixture('resolved_on_spot');
    const since = s.resolution?.at ?? T0;
    expect(
      applyConcernAction(s, { type: 'close_not_rated' }, { ...A.town, now: new Date(since.getTime() + 15 * DAY) }),
    ).toMatchObject({
      ok: true,
      next: { rating: 'not_rated' },
    });
  });
});

describe('merging duplicates: every merged constituent still gets the reply and rates it', () => {
  it('merged → the master’s reply relayed → rated on its own', () => {
    const { state, timeline } = drive(register(), [
      [A.town, { type: 'merge_into', masterId: 'M', masterStatus: 'in_progress', reason: '同一路段' }],
      [A.system, { type: 'relay_master_reply', masterId: 'M', content: '已修复', unitId: 'L' }],
      [A.constituent, { type: 'rate', rating: 'satisfied' }],
    ]);
    expect(state).toMatchObject({ status: 'closed', rating: 'satisfied', mergedInto: 'M' });
    expect(timeline.map((e) => e.type)).toEqual(['registered', 'merged', 'master_reply_relayed', 'rated', 'closed']);
  });

  it('dissatisfied with the master’s reply: the copy is unmerged and goes to the dispatcher', () => {
    const { state } = drive(register(), [
      [A.town, { type: 'merge_into', masterId: 'M', masterStatus: 'awaiting_dispatch' }],
      [A.system, { type: 'relay_master_reply', masterId: 'M', content: '已修复' }],
      [A.constituent, { type: 'rate', rating: 'dissatisfied' }],
    ]);
    expect(state).toMatchObject({ status: 'awaiting_dispatch', mergedInto: null, reopenCount: 1 });
  });

  it.each<[string, ConcernAction, string]>([
    ['into itself', { type: 'merge_into', masterId: 'c1', masterStatus: 'awaiting_dispatch' }, 'invalid_input'],
    ['without a master', { type: 'merge_into', masterId: '', masterStatus: 'awaiting_dispatch' }, 'invalid_input'],
    ['into a closed master', { type: 'merge_into', masterId: 'M', masterStatus: 'closed' }, 'invalid_state'],
    ['into a merged master', { type: 'merge_into', masterId: 'M', masterStatus: 'merged' }, 'invalid_state'],
    ['into a replied master', { type: 'merge_into', masterId: 'M', masterStatus: 'replied' }, 'invalid_state'],
  ])('refuses a merge %s', (_name, action, code) => {
    expect(applyConcernAction(fixture('registered'), action, { ...A.town, now: MATRIX_NOW })).toMatchObject({
      ok: false,
      code,
    });
  });

  it('relays only the reply of its own master', () => {
    const r = applyConcernAction(
      fixture('merged'),
      { type: 'relay_master_reply', masterId: 'OTHER', content: 'x' },
      { ...A.system, now: MATRIX_NOW },
    );
    expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

describe('R-LOOP-8 concerns become suggestions (a link, not a state)', () => {
  it('links several suggestions, once each, without changing the status', () => {
    const s = fixture('in_progress');
    const { state } = drive({ state: s, timeline: [] }, [
      [A.deputy, { type: 'link_suggestion', suggestionId: 'S1' }],
      [A.county, { type: 'link_suggestion', suggestionId: 'S2' }],
    ]);
    expect(state.suggestionIds).toEqual(['S1', 'S2']);
    expect(state.status).toBe('in_progress');
    expect(
      applyConcernAction(state, { type: 'link_suggestion', suggestionId: 'S1' }, { ...A.deputy, now: MATRIX_NOW }),
    ).toMatchObject({
      ok: false,
      code: 'invalid_state',
    });
  });
});

describe('conflicts and purity', () => {
  it('a stale version is refused with 409 and nothing changes', () => {
    const s = fixture('awaiting_dispatch');
    const r = applyConcernAction(s, CANONICAL.dispatch[1], {
      ...A.town,
      now: MATRIX_NOW,
      expectedVersion: s.version - 1,
    });
    expect(r).toMatchObject({ ok: false, code: 'version_conflict' });
    if (!r.ok) expect(CONCERN_ERROR_HTTP_STATUS[r.code]).toBe(409);
    expect(
      applyConcernAction(s, CANONICAL.dispatch[1], { ...A.town, now: MATRIX_NOW, expectedVersion: s.version }).ok,
    ).toBe(true);
  });

  it('an unknown action is refused as bad input', () => {
    const r = applyConcernAction(fixture('replied'), { type: 'reopen' } as unknown as ConcernAction, {
      ...A.town,
      now: MATRIX_NOW,
    });
    expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('the input state is never modified (fixtures are deep-frozen, and the result is a new object)', () => {
    const s = fixture('in_progress');
    const copy = JSON.stringify(s);
    const r = applyConcernAction(s, { type: 'reply', content: '已处理' }, { ...A.L, now: MATRIX_NOW });
    expect(r.ok).toBe(true);
    expect(Object.isFrozen(s) && Object.isFrozen(s.units[0])).toBe(true);
    expect(JSON.stringify(s)).toBe(copy);
    if (r.ok) expect(r.next).not.toBe(s);
  });
});

describe('owner, due date and traffic light of an open concern', () => {
  it.each<[ConcernStatus, string | null]>([
    ['registered', 'collector'],
    ['resolved_on_spot', 'collector'],
    ['awaiting_dispatch', 'dispatcher'],
    ['dispatched', 'unit'],
    ['in_progress', 'unit'],
    ['replied', 'dispatcher'],
    ['closed', null],
    ['merged', null],
  ])('%s is owned by %s', (status, kind) => {
    expect(concernOwner(fixture(status))?.kind ?? null).toBe(kind);
  });

  it('R-LOOP-6 the light is the worst of the working units', () => {
    const s = fixture('in_progress');
    const lead = s.units.find((u) => u.unitId === 'L');
    if (!lead) throw new Error('no lead');
    expect(concernTrafficLight(s, lead.assignedAt)).toBe('green');
    expect(concernTrafficLight(s, new Date(lead.dueAt.getTime() + 1))).toBe('red');
    expect(concernTrafficLight(fixture('replied'), MATRIX_NOW)).toBeNull();
    expect(concernDueAt(fixture('awaiting_dispatch'))).toBeNull();
  });
});

describe('allowedConcernActions for the UI', () => {
  it.each<[string, ConcernStatus, ConcernActor | ConcernActorRole, ConcernActionType[]]>([
    ['town staff, to dispatch', 'awaiting_dispatch', 'town_staff', ['dispatch', 'escalate', 'merge_into']],
    [
      'county staff, to dispatch',
      'awaiting_dispatch',
      'congress_staff',
      ['dispatch', 'escalate', 'set_key_supervision', 'merge_into', 'link_suggestion'],
    ],
    [
      'the collecting deputy, just registered',
      'registered',
      A.deputy,
      ['resolve_on_spot', 'send_for_dispatch', 'link_suggestion'],
    ],
    ['another deputy, just registered', 'registered', A.otherDeputy, ['link_suggestion']],
    ['the lead, dispatched', 'dispatched', A.L, ['accept', 'return']],
    ['the lead, in progress', 'in_progress', A.L, ['request_extension', 'reply']],
    ['an assisting unit that accepted', 'in_progress', A.A1, ['request_extension', 'give_opinion']],
    ['a joint unit with a pending extension', 'in_progress', A.A3, ['give_opinion']],
    ['a unit not on it', 'in_progress', A.stranger, []],
    ['the town, in progress', 'in_progress', A.town, ['approve_extension', 'refuse_extension', 'escalate', 'urge']],
    ['the constituent, replied', 'replied', A.constituent, ['rate']],
    ['the system, merged', 'merged', A.system, ['relay_master_reply']],
    ['an auditor, anywhere', 'in_progress', 'auditor', []],
    ['anyone, closed (deputy)', 'closed', A.deputy, ['link_suggestion']],
  ])('%s', (_name, status, actor, expected) => {
    expect(allowedConcernActions(fixture(status), actor)).toEqual(expected);
  });
});
