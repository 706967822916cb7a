import { describe, expect, it } from 'vitest';
import {
  allowedRoundActions,
  applyRoundAction,
  ballotProblem,
  DEFAULT_ADOPTION_RULE,
  describeAdoptionRule,
  adoptionRuleProblem,
  isBallotOpen,
  ratingSummary,
  ratingWindowOpen,
  reconcile,
  roundPhase,
  ROUND_ACTIONS,
  tally,
  yesNeeded,
  type RoundAction,
  type RoundActionType,
  type RoundPhase,
  type RoundState,
} from './vote.rules.js';

// R-VOTE-1: the livelihood vote round, the adoption rule, paper reconciliation, year-end rating.
const NOW = new Date('2026-01-15T02:00:00Z');
const H = 3_600_000;
const t = (h: number) => new Date(NOW.getTime() + h * H);
const base: RoundState = { status: 'collecting', opensAt: null, closesAt: null, listedCount: 12, seats: 10 };
const AT: Record<RoundPhase, RoundState> = {
  collecting: base,
  screening: { ...base, status: 'screening' },
  published: { ...base, status: 'published' },
  ballot_pending: { ...base, status: 'voting', opensAt: t(1), closesAt: t(2) },
  ballot_open: { ...base, status: 'voting', opensAt: t(-1), closesAt: t(1) },
  ballot_closed: { ...base, status: 'voting', opensAt: t(-2), closesAt: t(-1) },
  counted: { ...base, status: 'counted', opensAt: t(-2), closesAt: t(-1) },
};
const ACTION: Record<RoundActionType, RoundAction> = {
  screen: { type: 'screen' },
  publish: { type: 'publish' },
  open_ballot: { type: 'open_ballot', opensAt: NOW, closesAt: t(3) },
  close_ballot: { type: 'close_ballot' },
  count: { type: 'count' },
};
const TABLE: Record<RoundPhase, Partial<Record<RoundActionType, RoundPhase>>> = {
  collecting: { screen: 'screening' },
  screening: { publish: 'published' },
  published: { open_ballot: 'ballot_open' },
  ballot_pending: { close_ballot: 'ballot_closed' },
  ballot_open: { close_ballot: 'ballot_closed' },
  ballot_closed: { count: 'counted' },
  counted: {},
};

describe('vote round state machine, every phase × every action', () => {
  for (const [phase, state] of Object.entries(AT) as [RoundPhase, RoundState][]) {
    it(`${phase} is the phase by the clock`, () => expect(roundPhase(state, NOW)).toBe(phase));
    for (const action of ROUND_ACTIONS) {
      const to = TABLE[phase][action];
      it(`${phase} --${action}--> ${to ?? 'refused'}`, () => {
        const r = applyRoundAction(state, ACTION[action], NOW);
        if (to) {
          expect(r.ok).toBe(true);
          if (r.ok) expect(roundPhase(r.state, NOW)).toBe(to);
        } else expect(r).toMatchObject({ ok: false, code: 'wrong_status' });
      });
    }
    it(`${phase} allows ${Object.keys(TABLE[phase]).join(',') || 'nothing'}`, () => {
      expect(allowedRoundActions(state, NOW).sort()).toEqual(Object.keys(TABLE[phase]).sort());
    });
  }
  it('the ballot opens at opensAt (inclusive) and closes at closesAt (exclusive) — server clock', () => {
    const r = AT.ballot_pending;
    expect(isBallotOpen(r, new Date(t(1).getTime() - 1))).toBe(false);
    expect(isBallotOpen(r, t(1))).toBe(true);
    expect(isBallotOpen(r, new Date(t(2).getTime() - 1))).toBe(true);
    expect(isBallotOpen(r, t(2))).toBe(false);
  });
  it('publish needs at least as many listed candidates as seats', () => {
    expect(applyRoundAction({ ...AT.screening, listedCount: 9 }, { type: 'publish' }, NOW)).toMatchObject({ ok: false, field: 'candidates' });
    expect(applyRoundAction({ ...AT.screening, listedCount: 10 }, { type: 'publish' }, NOW).ok).toBe(true);
  });
  it('open_ballot refuses a closing time not after the opening or now', () => {
    expect(applyRoundAction(AT.published, { type: 'open_ballot', opensAt: t(2), closesAt: t(2) }, NOW)).toMatchObject({ ok: false, field: 'closesAt' });
    expect(applyRoundAction(AT.published, { type: 'open_ballot', opensAt: t(-5), closesAt: t(-1) }, NOW)).toMatchObject({ ok: false, field: 'closesAt' });
  });
  it('open_ballot in the past opens now; close_ballot closes now', () => {
    const r = applyRoundAction(AT.published, { type: 'open_ballot', opensAt: t(-5), closesAt: t(1) }, NOW);
    expect(r.ok && r.state.opensAt).toEqual(NOW);
    const c = applyRoundAction(AT.ballot_open, { type: 'close_ballot' }, NOW);
    expect(c.ok && c.state.closesAt).toEqual(NOW);
  });
});

describe('ballot validity', () => {
  const listed = ['a', 'b', 'c'];
  it.each([
    [[{ candidateId: 'a', choice: 'yes' }, { candidateId: 'b', choice: 'no' }, { candidateId: 'c', choice: 'abstain' }], 2, null],
    [[{ candidateId: 'a', choice: 'yes' }, { candidateId: 'b', choice: 'yes' }, { candidateId: 'c', choice: 'no' }], 2, null],
    [[{ candidateId: 'a', choice: 'yes' }, { candidateId: 'b', choice: 'yes' }, { candidateId: 'c', choice: 'yes' }], 2, /不能超过应选数2个/],
    [[{ candidateId: 'a', choice: 'yes' }, { candidateId: 'a', choice: 'no' }, { candidateId: 'c', choice: 'no' }], 2, /重复/],
    [[{ candidateId: 'a', choice: 'yes' }, { candidateId: 'x', choice: 'no' }, { candidateId: 'c', choice: 'no' }], 2, /不在候选名单/],
    [[{ candidateId: 'a', choice: 'yes' }], 2, /逐项表决/],
  ] as const)('%o with %s seats → %s', (choices, seats, problem) => {
    const p = ballotProblem(choices, listed, seats);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toMatch(problem);
  });
});

describe('adoption rule (default: more than half of ALL deputies, quorum two thirds)', () => {
  it.each([
    [218, 1, 2, true, 110],
    [218, 1, 2, false, 109],
    [217, 1, 2, true, 109],
    [217, 1, 2, false, 109],
    [300, 2, 3, false, 200],
    [300, 2, 3, true, 201],
    [0, 1, 2, true, 1],
  ])('base %s, %s/%s strict=%s → %s yes needed', (b, n, d, s, need) => expect(yesNeeded(b, n, d, s)).toBe(need));

  const counts = (yes: number[]) => yes.map((y, i) => ({ candidateId: `c${String(i).padStart(2, '0')}`, yes: y, no: 200 - y, abstain: 0 }));
  it('quorum boundary: 145 of 218 ballots is a quorum, 144 is not', () => {
    expect(tally(counts([150]), 218, 146, 10).quorumMet).toBe(true);
    expect(tally(counts([150]), 218, 146, 10).quorum).toBe(146);
    expect(tally(counts([150]), 218, 145, 10).quorumMet).toBe(false);
    expect(tally(counts([150]), 218, 145, 10).results[0]?.chosen).toBe(false);
  });
  it('threshold boundary: 110 of 218 deputies passes, 109 (exactly half of 218 is 109) does not', () => {
    const r = tally(counts([110, 109]), 218, 200, 10);
    expect(r.threshold).toBe(110);
    expect(r.results.map((x) => [x.candidateId, x.passed])).toEqual([['c00', true], ['c01', false]]);
  });
  it('all-deputies base differs from ballots-cast base', () => {
    const cast = tally(counts([100]), 218, 150, 10, { ...DEFAULT_ADOPTION_RULE, base: 'ballots_cast' });
    expect(cast.threshold).toBe(76);
    expect(cast.results[0]?.chosen).toBe(true);
    expect(tally(counts([100]), 218, 150, 10).results[0]?.chosen).toBe(false);
  });
  it('ranks by yes with equal ranks for ties, chooses at most the seats, flags a tie at the cutoff', () => {
    const r = tally(counts([190, 180, 180, 170, 170, 120]), 218, 200, 4);
    expect(r.results.map((x) => [x.rank, x.yes, x.chosen, x.tiedAtCutoff])).toEqual([
      [1, 190, true, false],
      [2, 180, true, false],
      [2, 180, true, false],
      [4, 170, true, true],
      [4, 170, true, true],
      [6, 120, false, false],
    ]);
    const clean = tally(counts([190, 180, 175, 170, 160]), 218, 200, 4);
    expect(clean.results.filter((x) => x.chosen)).toHaveLength(4);
    expect(clean.results.some((x) => x.tiedAtCutoff)).toBe(false);
  });
  it('a bad rule is refused in Chinese; the default is described', () => {
    expect(adoptionRuleProblem({ ...DEFAULT_ADOPTION_RULE, denominator: 0 })).toMatch(/分母/);
    expect(adoptionRuleProblem({ ...DEFAULT_ADOPTION_RULE, numerator: 3 })).toMatch(/不能超过1/);
    expect(adoptionRuleProblem(DEFAULT_ADOPTION_RULE)).toBeNull();
    expect(describeAdoptionRule(DEFAULT_ADOPTION_RULE)).toBe('赞成票超过全体代表的半数为通过；投票人数须达全体代表的3分之2以上');
  });
});

describe('paper ballots reconciled with electronic ones', () => {
  it('balanced when sheets counted equal entered and no deputy has two ballots', () => {
    expect(reconcile({ totalDeputies: 218, electronic: 150, paperEntered: 50, paperSheetsCounted: 50, duplicates: [] })).toEqual({
      totalDeputies: 218, electronic: 150, paper: 50, ballotsCast: 200, notVoted: 18, paperSheetsCounted: 50, discrepancies: [], balanced: true,
    });
  });
  it('reports sheets that do not match and refused duplicates', () => {
    const r = reconcile({ totalDeputies: 218, electronic: 150, paperEntered: 50, paperSheetsCounted: 52, duplicates: [{ deputyId: 'd1', deputyName: '张三', existingChannel: 'electronic' }] });
    expect(r.balanced).toBe(false);
    expect(r.discrepancies.map((d) => d.message)).toEqual(['计票人清点纸质选票52张，已录入50张，相差2张', '张三已电子投票，其纸质选票未计入']);
  });
});

describe('year-end rating', () => {
  it.each([
    [{ satisfied: 0, basically_satisfied: 0, dissatisfied: 0 }, null],
    [{ satisfied: 2, basically_satisfied: 1, dissatisfied: 0 }, 1000],
    [{ satisfied: 1, basically_satisfied: 1, dissatisfied: 1 }, 667],
  ])('%o → %s‰', (c, p) => expect(ratingSummary(c).satisfactionPermille).toBe(p));
});

describe('year-end rating window', () => {
  it.each([
    [2026, '2026-11-30', false],
    [2026, '2026-12-01', true],
    [2026, '2027-01-15', true],
    [2026, '2026-03-01', false],
  ])('round %s on %s → %s', (y, d, open) => expect(ratingWindowOpen(y, d)).toBe(open));
});
