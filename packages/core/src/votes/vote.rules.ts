/**
 * The livelihood vote (民生实事项目人大代表票决制, R-VOTE-1): a yearly round collects candidate
 * items (from suggestions and the public), screens them, publishes the candidate list with budgets,
 * opens and closes the ballot on the server's clock, counts, and the chosen items become tracked
 * projects that deputies rate at year end. Pure: the caller passes `now`.
 */

export const ROUND_STATUSES = ['collecting', 'screening', 'published', 'voting', 'counted'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
/** What a round shows: `voting` splits by the clock into not yet open / open / closed. */
export type RoundPhase = 'collecting' | 'screening' | 'published' | 'ballot_pending' | 'ballot_open' | 'ballot_closed' | 'counted';

export const ROUND_PHASE_LABELS: Record<RoundPhase, string> = {
  collecting: '征集候选项目',
  screening: '审查筛选',
  published: '候选项目已公布',
  ballot_pending: '待开始投票',
  ballot_open: '投票中',
  ballot_closed: '投票已截止',
  counted: '已计票',
};

export const ROUND_ACTIONS = ['screen', 'publish', 'open_ballot', 'close_ballot', 'count'] as const;
export type RoundActionType = (typeof ROUND_ACTIONS)[number];
export const ROUND_ACTION_LABELS: Record<RoundActionType, string> = {
  screen: '进入审查',
  publish: '公布候选项目',
  open_ballot: '开始投票',
  close_ballot: '截止投票',
  count: '计票',
};

export interface RoundState {
  status: RoundStatus;
  opensAt: Date | null;
  closesAt: Date | null;
  /** candidates on the published list */
  listedCount: number;
  /** how many items the congress chooses (e.g. the city's ten) */
  seats: number;
}

export type RoundAction =
  | { type: 'screen' }
  | { type: 'publish' }
  | { type: 'open_ballot'; opensAt: Date; closesAt: Date }
  | { type: 'close_ballot' }
  | { type: 'count' };

export type RoundResult = { ok: true; state: RoundState } | { ok: false; code: 'wrong_status' | 'invalid'; field?: string; message: string };

export function roundPhase(r: Pick<RoundState, 'status' | 'opensAt' | 'closesAt'>, now: Date): RoundPhase {
  if (r.status !== 'voting') return r.status;
  if (r.opensAt && now < r.opensAt) return 'ballot_pending';
  if (r.closesAt && now >= r.closesAt) return 'ballot_closed';
  return 'ballot_open';
}

export function isBallotOpen(r: Pick<RoundState, 'status' | 'opensAt' | 'closesAt'>, now: Date): boolean {
  return roundPhase(r, now) === 'ballot_open';
}

/** Which actions the round's phase allows now. */
export function allowedRoundActions(r: RoundState, now: Date): RoundActionType[] {
  switch (roundPhase(r, now)) {
    case 'collecting':
      return ['screen'];
    case 'screening':
      return ['publish'];
    case 'published':
      return ['open_ballot'];
    case 'ballot_pending':
    case 'ballot_open':
      return ['close_ballot'];
    case 'ballot_closed':
      return ['count'];
    case 'counted':
      return [];
  }
}

export function applyRoundAction(r: RoundState, a: RoundAction, now: Date): RoundResult {
  const phase = roundPhase(r, now);
  if (!allowedRoundActions(r, now).includes(a.type)) {
    return { ok: false, code: 'wrong_status', message: `票决当前为“${ROUND_PHASE_LABELS[phase]}”，不能${ROUND_ACTION_LABELS[a.type]}` };
  }
  switch (a.type) {
    case 'screen':
      return { ok: true, state: { ...r, status: 'screening' } };
    case 'publish':
      if (r.listedCount < r.seats) {
        return { ok: false, code: 'invalid', field: 'candidates', message: `列入候选的项目（${r.listedCount}个）少于应选数（${r.seats}个）` };
      }
      return { ok: true, state: { ...r, status: 'published' } };
    case 'open_ballot':
      if (a.closesAt <= a.opensAt) return { ok: false, code: 'invalid', field: 'closesAt', message: '截止时间应晚于开始时间' };
      if (a.closesAt <= now) return { ok: false, code: 'invalid', field: 'closesAt', message: '截止时间应晚于当前时间' };
      return { ok: true, state: { ...r, status: 'voting', opensAt: a.opensAt < now ? now : a.opensAt, closesAt: a.closesAt } };
    case 'close_ballot':
      return { ok: true, state: { ...r, closesAt: now, opensAt: r.opensAt && r.opensAt > now ? now : r.opensAt } };
    case 'count':
      return { ok: true, state: { ...r, status: 'counted' } };
  }
}

// ── Ballots ──────────────────────────────────────────────────────────────────────────────────

export const BALLOT_CHOICES = ['yes', 'no', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];
export const BALLOT_CHOICE_LABELS: Record<BallotChoice, string> = { yes: '赞成', no: '不赞成', abstain: '弃权' };

/**
 * A ballot names every listed candidate once, with at most `seats` yes (a ballot with more yes
 * than seats is void — the congress' rule). Returns the Chinese problem or null.
 */
export function ballotProblem(choices: readonly { candidateId: string; choice: BallotChoice }[], listed: readonly string[], seats: number): string | null {
  const ids = choices.map((c) => c.candidateId);
  if (new Set(ids).size !== ids.length) return '同一候选项目不能重复投票';
  const unknown = ids.find((id) => !listed.includes(id));
  if (unknown) return '选票中有不在候选名单上的项目';
  if (ids.length !== listed.length) return `请对全部${listed.length}个候选项目逐项表决`;
  const yes = choices.filter((c) => c.choice === 'yes').length;
  if (yes > seats) return `赞成的项目不能超过应选数${seats}个（本票选了${yes}个）`;
  return null;
}

// ── The adoption rule ───────────────────────────────────────────────────────────────────────

/**
 * How a candidate is adopted: yes votes compared with a fraction of a base (all deputies of the
 * congress, or ballots cast), strictly more than or at least; valid only with a quorum of ballots
 * (a fraction of all deputies); at most `seats` items are chosen, highest yes first.
 */
export interface AdoptionRule {
  base: 'all_deputies' | 'ballots_cast';
  numerator: number;
  denominator: number;
  strict: boolean;
  quorumNumerator: number;
  quorumDenominator: number;
}

/** Default: more than half of ALL deputies of the congress vote yes; two thirds must take part. */
export const DEFAULT_ADOPTION_RULE: AdoptionRule = {
  base: 'all_deputies',
  numerator: 1,
  denominator: 2,
  strict: true,
  quorumNumerator: 2,
  quorumDenominator: 3,
};

export function adoptionRuleProblem(r: AdoptionRule): string | null {
  const ints = [r.numerator, r.denominator, r.quorumNumerator, r.quorumDenominator];
  if (!ints.every((n) => Number.isInteger(n) && n >= 0)) return '表决规则的比例应为非负整数';
  if (r.denominator < 1 || r.quorumDenominator < 1) return '表决规则的分母应大于0';
  if (r.numerator > r.denominator || r.quorumNumerator > r.quorumDenominator) return '表决规则的比例不能超过1';
  return null;
}

export function describeAdoptionRule(r: AdoptionRule): string {
  const frac = (n: number, d: number) => (n * 2 === d ? '半数' : `${d}分之${n}`);
  const base = r.base === 'all_deputies' ? '全体代表' : '实到（投票）代表';
  return `赞成票${r.strict ? '超过' : '达到'}${base}的${frac(r.numerator, r.denominator)}为通过；投票人数须达全体代表的${frac(r.quorumNumerator, r.quorumDenominator)}以上`;
}

export interface CandidateCount {
  candidateId: string;
  yes: number;
  no: number;
  abstain: number;
}

export interface RankedResult extends CandidateCount {
  rank: number;
  /** meets the threshold */
  passed: boolean;
  /** passed and within the seats (ties at the last seat are all chosen and flagged) */
  chosen: boolean;
  tiedAtCutoff: boolean;
}

export interface TallyOutcome {
  totalDeputies: number;
  ballotsCast: number;
  quorum: number;
  quorumMet: boolean;
  /** yes votes needed */
  threshold: number;
  results: RankedResult[];
}

/** The smallest whole number of yes votes that satisfies yes·den > (≥) num·base — integers only. */
export function yesNeeded(base: number, numerator: number, denominator: number, strict: boolean): number {
  const q = Math.floor((numerator * base) / denominator);
  const exact = q * denominator === numerator * base;
  return strict ? q + 1 : exact ? q : q + 1;
}

export function tally(counts: readonly CandidateCount[], totalDeputies: number, ballotsCast: number, seats: number, rule: AdoptionRule = DEFAULT_ADOPTION_RULE): TallyOutcome {
  const quorum = yesNeeded(totalDeputies, rule.quorumNumerator, rule.quorumDenominator, false);
  const quorumMet = ballotsCast >= quorum && ballotsCast > 0;
  const threshold = Math.max(1, yesNeeded(rule.base === 'all_deputies' ? totalDeputies : ballotsCast, rule.numerator, rule.denominator, rule.strict));
  const sorted = [...counts].sort((a, b) => b.yes - a.yes || a.no - b.no || a.candidateId.localeCompare(b.candidateId));
  const passedList = sorted.filter((c) => quorumMet && c.yes >= threshold);
  const cutoffYes = passedList.length > seats ? (passedList[seats - 1] as CandidateCount).yes : null;
  const results: RankedResult[] = [];
  let rank = 0;
  let prevYes: number | null = null;
  sorted.forEach((c, i) => {
    if (c.yes !== prevYes) rank = i + 1;
    prevYes = c.yes;
    const passed = quorumMet && c.yes >= threshold;
    const chosen = passed && (cutoffYes === null || c.yes >= cutoffYes);
    const tiedAtCutoff = cutoffYes !== null && passed && c.yes === cutoffYes && passedList.filter((p) => p.yes >= cutoffYes).length > seats;
    results.push({ ...c, rank, passed, chosen, tiedAtCutoff });
  });
  return { totalDeputies, ballotsCast, quorum, quorumMet, threshold, results };
}

// ── Paper ballots reconciled with electronic ones ───────────────────────────────────────────

export interface ReconciliationInput {
  totalDeputies: number;
  electronic: number;
  paperEntered: number;
  /** sheets the tellers counted in the box */
  paperSheetsCounted: number | null;
  /** refused entries: a paper ballot for a deputy who already has a ballot */
  duplicates: readonly { deputyId: string; deputyName: string; existingChannel: 'electronic' | 'paper' }[];
}

export interface Reconciliation {
  totalDeputies: number;
  electronic: number;
  paper: number;
  ballotsCast: number;
  notVoted: number;
  paperSheetsCounted: number | null;
  discrepancies: { kind: 'sheets_mismatch' | 'duplicate'; message: string }[];
  balanced: boolean;
}

export function reconcile(i: ReconciliationInput): Reconciliation {
  const discrepancies: Reconciliation['discrepancies'] = [];
  if (i.paperSheetsCounted !== null && i.paperSheetsCounted !== i.paperEntered) {
    discrepancies.push({ kind: 'sheets_mismatch', message: `计票人清点纸质选票${i.paperSheetsCounted}张，已录入${i.paperEntered}张，相差${Math.abs(i.paperSheetsCounted - i.paperEntered)}张` });
  }
  for (const d of i.duplicates) {
    discrepancies.push({ kind: 'duplicate', message: `${d.deputyName}已${d.existingChannel === 'electronic' ? '电子投票' : '有纸质选票'}，其纸质选票未计入` });
  }
  const ballotsCast = i.electronic + i.paperEntered;
  return {
    totalDeputies: i.totalDeputies,
    electronic: i.electronic,
    paper: i.paperEntered,
    ballotsCast,
    notVoted: Math.max(0, i.totalDeputies - ballotsCast),
    paperSheetsCounted: i.paperSheetsCounted,
    discrepancies,
    balanced: discrepancies.length === 0,
  };
}

// ── Year-end rating of the chosen projects ──────────────────────────────────────────────────

export const PROJECT_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type ProjectRating = (typeof PROJECT_RATINGS)[number];
export const PROJECT_RATING_LABELS: Record<ProjectRating, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

/** Satisfaction = (satisfied + basically satisfied) / all, in whole per-mille (no floats in storage). */
export function ratingSummary(counts: Record<ProjectRating, number>) {
  const total = counts.satisfied + counts.basically_satisfied + counts.dissatisfied;
  const permille = total === 0 ? null : Math.round(((counts.satisfied + counts.basically_satisfied) * 1000) / total);
  return { ...counts, total, satisfactionPermille: permille };
}

/** Deputies rate the chosen projects at year end: from 1 December of the round's year on (local dates). */
export function ratingWindowOpen(roundYear: number, today: string): boolean {
  return today >= `${roundYear}-12-01`;
}
