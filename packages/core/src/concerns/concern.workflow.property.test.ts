import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  activeUnits,
  applyConcernAction,
  CLOSING_RATINGS,
  CONCERN_ERROR_CODES,
  CONCERN_LEVELS,
  CONCERN_STATUSES,
  concernDueAt,
  concernOwner,
  currentLead,
  isOpenStatus,
  registerConcern,
  type ConcernAction,
  type ConcernActor,
  type ConcernSettings,
  type ConcernState,
  type ConcernStatus,
  type TimelineEvent,
} from './concern.workflow.js';

const T0 = new Date('2025-09-01T02:00:00.000Z');
const HOUR = 3_600_000;

const deputy: ConcernActor = { actorRole: 'deputy', actorId: 'u-d', actorDeputyId: 'd1' };
const station: ConcernActor = { actorRole: 'station_manager', actorId: 'u-s' };
const town: ConcernActor = { actorRole: 'town_staff', actorId: 'u-t' };
const county: ConcernActor = { actorRole: 'congress_staff', actorId: 'u-c', actorLevel: 'county' };
const city: ConcernActor = { actorRole: 'congress_staff', actorId: 'u-y', actorLevel: 'city' };
const constituent: ConcernActor = { actorRole: 'constituent' };
const system: ConcernActor = { actorRole: 'system' };
const admin: ConcernActor = { actorRole: 'admin', actorId: 'u-a' };
const unit = (id: string): ConcernActor => ({ actorRole: 'unit_handler', actorId: `u-${id}`, actorUnitId: id });

/** Everything anyone might try, right or wrong; the machine must stay consistent whatever happens. */
const COMMANDS: [ConcernActor, ConcernAction][] = [
  [deputy, { type: 'resolve_on_spot', result: '当场解决' }],
  [deputy, { type: 'send_for_dispatch' }],
  [station, { type: 'send_for_dispatch', level: 'county' }],
  [town, { type: 'dispatch', units: [{ unitId: 'L', role: 'lead' }] }],
  [
    town,
    {
      type: 'dispatch',
      units: [
        { unitId: 'L', role: 'lead' },
        { unitId: 'A1', role: 'assisting', workingDays: 2 },
      ],
    },
  ],
  [
    county,
    {
      type: 'dispatch',
      tier: 'minor',
      units: [
        { unitId: 'A1', role: 'lead' },
        { unitId: 'A2', role: 'joint' },
      ],
    },
  ],
  [town, { type: 'dispatch', units: [] }],
  ...['L', 'A1', 'A2'].flatMap((id): [ConcernActor, ConcernAction][] => [
    [unit(id), { type: 'accept' }],
    [unit(id), { type: 'accept' }],
    [unit(id), { type: 'return', reason: '非本单位职责' }],
    [unit(id), { type: 'request_extension', workingDays: 3, reason: '需协调' }],
    [unit(id), { type: 'give_opinion', opinion: '同意' }],
    [unit(id), { type: 'reply', content: '已办理' }],
    [unit(id), { type: 'reply', content: '已办理' }],
    [town, { type: 'approve_extension', unitId: id }],
    [county, { type: 'refuse_extension', unitId: id, reason: '不予延期' }],
  ]),
  [town, { type: 'escalate', reason: '上交' }],
  [county, { type: 'escalate', reason: '上交' }],
  [city, { type: 'escalate', reason: '上交' }],
  [town, { type: 'urge' }],
  [deputy, { type: 'urge', unitId: 'L' }],
  [county, { type: 'set_key_supervision', on: true }],
  [county, { type: 'set_key_supervision', on: false }],
  [constituent, { type: 'rate', rating: 'satisfied' }],
  [constituent, { type: 'rate', rating: 'basically_satisfied' }],
  [constituent, { type: 'rate', rating: 'dissatisfied' }],
  [deputy, { type: 'rate', rating: 'dissatisfied' }],
  [system, { type: 'close_not_rated' }],
  [town, { type: 'merge_into', masterId: 'M', masterStatus: 'in_progress' }],
  [system, { type: 'relay_master_reply', masterId: 'M', content: '主件答复' }],
  [deputy, { type: 'link_suggestion', suggestionId: 'S1' }],
  [county, { type: 'link_suggestion', suggestionId: 'S2' }],
  [admin, { type: 'dispatch', units: [{ unitId: 'L', role: 'lead' }] }],
  [admin, { type: 'close_not_rated' }],
];

const LEVEL_RANK = Object.fromEntries(CONCERN_LEVELS.map((l, i) => [l, i])) as Record<string, number>;

/** The invariants of one state. */
function checkState(s: ConcernState): void {
  if (isOpenStatus(s.status)) expect(concernOwner(s), `owner of ${s.status}`).not.toBeNull();
  if (s.status === 'dispatched' || s.status === 'in_progress') {
    const lead = currentLead(s);
    expect(lead, 'a dispatched concern has a lead').not.toBeNull();
    expect(['assigned', 'accepted']).toContain(lead?.status);
    expect(lead?.status === 'accepted').toBe(s.status === 'in_progress');
    expect(concernDueAt(s)).toBeInstanceOf(Date);
    for (const u of activeUnits(s)) expect(u.dueAt.getTime()).toBeGreaterThan(u.assignedAt.getTime());
  }
  for (let round = 1; round <= s.dispatchRound; round++) {
    expect(s.units.filter((u) => u.round === round && u.role === 'lead')).toHaveLength(1);
  }
  if (s.status === 'closed') {
    expect(CLOSING_RATINGS).toContain(s.rating);
    expect(s.closedAt).toBeInstanceOf(Date);
  } else {
    expect(s.rating).toBeNull();
    expect(s.closedAt).toBeNull();
  }
  if (s.status === 'merged') expect(s.mergedInto).not.toBeNull();
  if (s.status === 'replied') expect(s.reply).not.toBeNull();
  if (s.status === 'resolved_on_spot') expect(s.resolution).not.toBeNull();
}

interface Walk {
  statuses: Set<ConcernStatus>;
  closingRatings: Set<string>;
  maxReopenCount: number;
  maxLevel: string;
}

function walk(steps: { command: number; hours: number }[], settings: Partial<ConcernSettings>, seen?: Walk): void {
  const reg = registerConcern(
    {
      id: 'c1',
      caseNumber: '440784-2025-000001',
      tier: 'general',
      collector: { kind: 'deputy', deputyId: 'd1', userId: null },
    },
    { ...deputy, now: T0 },
  );
  if (!reg.ok) throw new Error(reg.message);
  let state = reg.next;
  const timeline: TimelineEvent[] = [...reg.events];
  let now = T0;
  checkState(state);
  for (const { command, hours } of steps) {
    const [actor, action] = COMMANDS[command % COMMANDS.length] ?? [system, { type: 'close_not_rated' }];
    now = new Date(now.getTime() + hours * HOUR);
    const before = state;
    const snapshot = JSON.stringify(before);
    const r = applyConcernAction(state, action, { ...actor, now, settings });
    expect(JSON.stringify(before), 'the input is never modified').toBe(snapshot);
    if (!r.ok) {
      expect(CONCERN_ERROR_CODES).toContain(r.code);
      expect(r.message).toMatch(/[\u4e00-\u9fa5]/);
      continue;
    }
    // the timeline only grows, one version per transition
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.next.version).toBe(before.version + 1);
    for (const e of r.events) {
      expect(e.version).toBe(r.next.version);
      expect(e.at.getTime()).toBe(now.getTime());
      expect(e.fromStatus).toBe(before.status);
      expect(e.toStatus).toBe(r.next.status);
    }
    const length = timeline.length;
    timeline.push(...r.events);
    expect(timeline.length).toBeGreaterThan(length);
    // what only goes up
    expect(r.next.reopenCount).toBeGreaterThanOrEqual(before.reopenCount);
    expect(LEVEL_RANK[r.next.level]).toBeGreaterThanOrEqual(LEVEL_RANK[before.level] ?? 0);
    expect(r.next.dispatchRound).toBeGreaterThanOrEqual(before.dispatchRound);
    expect(r.next.units.length).toBeGreaterThanOrEqual(before.units.length);
    expect(r.next.suggestionIds.slice(0, before.suggestionIds.length)).toEqual(before.suggestionIds);
    // a closed concern stays closed
    if (before.status === 'closed') expect(r.next.status).toBe('closed');
    state = r.next;
    checkState(state);
    if (seen) {
      seen.statuses.add(state.status);
      if (state.rating) seen.closingRatings.add(state.rating);
      seen.maxReopenCount = Math.max(seen.maxReopenCount, state.reopenCount);
      if ((LEVEL_RANK[state.level] ?? 0) > (LEVEL_RANK[seen.maxLevel] ?? 0)) seen.maxLevel = state.level;
    }
  }
}

const stepsArb = fc.array(
  fc.record({ command: fc.nat({ max: COMMANDS.length - 1 }), hours: fc.integer({ min: 0, max: 24 * 20 }) }),
  { minLength: 1, maxLength: 60 },
);
const settingsArb = fc.record({
  maxReopens: fc.constantFrom(null, 0, 2),
  notRatedAfterDays: fc.constantFrom(7, 15),
});

describe('property: random sequences of actions keep the loop consistent', () => {
  it('R-LOOP-6 every open concern has an owner (and a deadline when dispatched); closed ones a rating or not_rated; the timeline only grows', () => {
    fc.assert(
      fc.property(stepsArb, settingsArb, (steps, settings) => {
        walk(steps, settings);
      }),
      { numRuns: 300 },
    );
  });

  it('the random walks do reach every state (fixed seed, so the property above is not vacuous)', () => {
    const seen: Walk = { statuses: new Set(), closingRatings: new Set(), maxReopenCount: 0, maxLevel: 'town' };
    fc.assert(
      fc.property(stepsArb, settingsArb, (steps, settings) => {
        walk(steps, settings, seen);
      }),
      { numRuns: 300, seed: 20250901 },
    );
    expect([...seen.statuses].sort()).toEqual([...CONCERN_STATUSES].sort());
    expect([...seen.closingRatings].sort()).toEqual([...CLOSING_RATINGS].sort());
    expect(seen.maxReopenCount).toBeGreaterThanOrEqual(1);
    expect(seen.maxLevel).toBe('city');
  });
});
