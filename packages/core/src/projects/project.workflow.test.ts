import { describe, expect, it } from 'vitest';
import {
  allowedProjectActions,
  applyProjectAction,
  canInspect,
  canReportProgress,
  canSupervise,
  formatFen,
  parseYuanToFen,
  progressComparison,
  PROJECT_ACTIONS,
  PROJECT_STATUSES,
  sumFen,
  type ProjectAction,
  type ProjectActionType,
  type ProjectState,
  type ProjectStatus,
} from './project.workflow.js';

// R-PROJ-1: proposed → approved (budget, unit) → started → finished → accepted; reject / cancel with reason.
const base: ProjectState = {
  status: 'proposed',
  budgetFen: null,
  unitId: null,
  proposedOn: '2025-03-01',
  approvedOn: null,
  startedOn: null,
  finishedOn: null,
  acceptedOn: null,
  closedReason: null,
};
const at = (status: ProjectStatus): ProjectState => ({
  ...base,
  status,
  ...(status !== 'proposed' && status !== 'rejected' ? { budgetFen: 18_000_000, unitId: 'u1', approvedOn: '2025-03-10' } : {}),
  ...(['started', 'finished', 'accepted'].includes(status) ? { startedOn: '2025-04-01' } : {}),
  ...(['finished', 'accepted'].includes(status) ? { finishedOn: '2025-06-01' } : {}),
  ...(status === 'accepted' ? { acceptedOn: '2025-06-20' } : {}),
});
const ACTION: Record<ProjectActionType, ProjectAction> = {
  approve: { type: 'approve', budgetFen: 18_000_000, unitId: 'u1', on: '2025-07-01' },
  reject: { type: 'reject', reason: '不属于微实事范围', on: '2025-07-01' },
  start: { type: 'start', on: '2025-07-01' },
  finish: { type: 'finish', on: '2025-07-01' },
  accept: { type: 'accept', on: '2025-07-01', photoCount: 2 },
  cancel: { type: 'cancel', reason: '已纳入道路改造统一实施', on: '2025-07-01' },
};
/** The whole transition table: from each status, each action → the status it leads to, or refused. */
const TABLE: Record<ProjectStatus, Partial<Record<ProjectActionType, ProjectStatus>>> = {
  proposed: { approve: 'approved', reject: 'rejected', cancel: 'cancelled' },
  approved: { start: 'started', cancel: 'cancelled' },
  started: { finish: 'finished', cancel: 'cancelled' },
  finished: { accept: 'accepted' },
  accepted: {},
  rejected: {},
  cancelled: {},
};

describe('project state machine (R-PROJ-1), every status × every action', () => {
  for (const from of PROJECT_STATUSES) {
    for (const action of PROJECT_ACTIONS) {
      const to = TABLE[from][action];
      it(`${from} --${action}--> ${to ?? 'refused'}`, () => {
        const r = applyProjectAction(at(from), ACTION[action]);
        if (to) {
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.state.status).toBe(to);
        } else {
          expect(r).toMatchObject({ ok: false, code: 'wrong_status' });
          if (!r.ok) expect(r.message).toMatch(/不能/);
        }
      });
    }
    it(`allowed actions of ${from} are the table's`, () => {
      expect(allowedProjectActions(from).sort()).toEqual(Object.keys(TABLE[from]).sort());
    });
  }
});

describe('what each step records and refuses', () => {
  it('approve records budget (exact fen), unit and date', () => {
    const r = applyProjectAction(base, { type: 'approve', budgetFen: 18_000_000, unitId: 'u9', on: '2025-03-05' });
    expect(r).toEqual({ ok: true, state: { ...base, status: 'approved', budgetFen: 18_000_000, unitId: 'u9', approvedOn: '2025-03-05' } });
  });
  it.each([
    [0, 'budgetFen'],
    [-1, 'budgetFen'],
    [1.5, 'budgetFen'],
    [10_000_000_000_001, 'budgetFen'],
  ])('approve with budget %s is refused on %s', (budgetFen, field) => {
    expect(applyProjectAction(base, { type: 'approve', budgetFen, unitId: 'u', on: '2025-03-05' })).toMatchObject({ ok: false, code: 'invalid', field });
  });
  it('approve without a unit is refused', () => {
    expect(applyProjectAction(base, { type: 'approve', budgetFen: 1, unitId: '', on: '2025-03-05' })).toMatchObject({ ok: false, field: 'unitId' });
  });
  it.each([
    ['approved', { type: 'start', on: '2025-03-09' }],
    ['started', { type: 'finish', on: '2025-03-31' }],
    ['finished', { type: 'accept', on: '2025-05-31', photoCount: 1 }],
    ['proposed', { type: 'approve', budgetFen: 1, unitId: 'u', on: '2025-02-28' }],
  ] as [ProjectStatus, ProjectAction][])('a %s project refuses %o dated before the last step', (from, action) => {
    expect(applyProjectAction(at(from), action)).toMatchObject({ ok: false, code: 'invalid', field: 'on' });
  });
  it('the same day as the last step is fine (boundary)', () => {
    expect(applyProjectAction(at('approved'), { type: 'start', on: '2025-03-10' }).ok).toBe(true);
  });
  it('accept without photos is refused', () => {
    expect(applyProjectAction(at('finished'), { type: 'accept', on: '2025-07-01', photoCount: 0 })).toMatchObject({ ok: false, field: 'photoIds' });
  });
  it.each(['reject', 'cancel'] as const)('%s needs a reason and keeps it', (type) => {
    const from = type === 'reject' ? base : at('started');
    expect(applyProjectAction(from, { type, reason: '  ', on: '2025-07-01' })).toMatchObject({ ok: false, field: 'reason' });
    const r = applyProjectAction(from, { type, reason: ' 重复立项 ', on: '2025-07-01' });
    expect(r.ok && r.state.closedReason).toBe('重复立项');
  });
});

describe('progress and inspection windows; the two figures side by side', () => {
  it.each(PROJECT_STATUSES.map((s) => [s] as const))('%s', (s) => {
    expect(canReportProgress(s)).toBe(['approved', 'started', 'finished'].includes(s));
    expect(canInspect(s)).toBe(['started', 'finished', 'accepted'].includes(s));
    expect(canSupervise(s)).toBe(['proposed', 'approved', 'started', 'finished'].includes(s));
  });
  it.each([
    [80, 60, 20, true],
    [70, 60, 10, true],
    [69, 60, 9, false],
    [50, 60, -10, false],
    [null, 60, null, false],
    [40, null, null, false],
  ])('reported %s verified %s → gap %s flagged %s', (r, v, gap, flagged) => {
    expect(progressComparison(r, v)).toEqual({ reported: r, verified: v, gap, flagged });
  });
});

describe('money is exact fen', () => {
  it.each([
    [18_000_000, '180,000.00'],
    [1, '0.01'],
    [1_216_700_000_000, '12,167,000,000.00'],
    [-250, '-2.50'],
  ])('formatFen(%s) = %s', (fen, text) => expect(formatFen(fen)).toBe(text));
  it.each([
    ['180000', 18_000_000],
    ['180,000.5', 18_000_050],
    ['0.07', 7],
    ['12167000000', 1_216_700_000_000],
    ['1.234', null],
    ['abc', null],
    ['-3', null],
  ])('parseYuanToFen(%s) = %s', (t, fen) => expect(parseYuanToFen(t)).toBe(fen));
  it('Jiangmen since 2019 (R-VOTE-1): sums of many sub-items stay exact', () => {
    // 187 sub-items adding up to ¥12.167 billion: 186 of ¥65,000,000.00 and one remainder
    const parts = Array.from({ length: 186 }, () => 6_500_000_000);
    parts.push(1_216_700_000_000 - 186 * 6_500_000_000);
    expect(parts).toHaveLength(187);
    expect(sumFen(parts)).toBe(1_216_700_000_000);
    expect(formatFen(sumFen(parts))).toBe('12,167,000,000.00');
  });
});
