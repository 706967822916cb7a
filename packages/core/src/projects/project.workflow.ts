/**
 * Micro-projects (民生微实事, R-PROJ-1) and the tracked projects chosen by the livelihood vote:
 * "deputies propose, government delivers, congress supervises" (代表提、政府办、人大督).
 * A pure state machine: proposed → approved (budget in fen, delivering unit) → started → finished →
 * accepted (with dates and photos); a proposal may be rejected and a running project cancelled,
 * each with a reason. Dates never run backwards. No clock, no I/O.
 */

export const PROJECT_STATUSES = ['proposed', 'approved', 'started', 'finished', 'accepted', 'rejected', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  proposed: '已提出',
  approved: '已立项',
  started: '已开工',
  finished: '已完工',
  accepted: '已验收',
  rejected: '未立项',
  cancelled: '已撤销',
};

export const PROJECT_KINDS = ['micro', 'livelihood'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];
export const PROJECT_KIND_LABELS: Record<ProjectKind, string> = { micro: '民生微实事', livelihood: '民生实事（票决）' };

export const PROJECT_ACTIONS = ['approve', 'reject', 'start', 'finish', 'accept', 'cancel'] as const;
export type ProjectActionType = (typeof PROJECT_ACTIONS)[number];

export const PROJECT_ACTION_LABELS: Record<ProjectActionType, string> = {
  approve: '立项',
  reject: '不予立项',
  start: '开工',
  finish: '完工',
  accept: '验收',
  cancel: '撤销',
};

/** Which permission each step needs (the service checks it with can() and the unit scope). */
export const PROJECT_ACTION_PERMISSION: Record<ProjectActionType, 'project.approve' | 'project.report'> = {
  approve: 'project.approve',
  reject: 'project.approve',
  start: 'project.report',
  finish: 'project.report',
  accept: 'project.approve',
  cancel: 'project.approve',
};

export type ProjectAction =
  | { type: 'approve'; budgetFen: number; unitId: string; on: string }
  | { type: 'reject'; reason: string; on: string }
  | { type: 'start'; on: string }
  | { type: 'finish'; on: string }
  | { type: 'accept'; on: string; photoCount: number; note?: string }
  | { type: 'cancel'; reason: string; on: string };

/** What the machine needs to know of a project. Dates are YYYY-MM-DD (local calendar days). */
export interface ProjectState {
  status: ProjectStatus;
  budgetFen: number | null;
  unitId: string | null;
  proposedOn: string;
  approvedOn: string | null;
  startedOn: string | null;
  finishedOn: string | null;
  acceptedOn: string | null;
  closedReason: string | null;
}

export type ProjectResult =
  | { ok: true; state: ProjectState }
  | { ok: false; code: 'wrong_status' | 'invalid'; field?: string; message: string };

const FROM: Record<ProjectActionType, readonly ProjectStatus[]> = {
  approve: ['proposed'],
  reject: ['proposed'],
  start: ['approved'],
  finish: ['started'],
  accept: ['finished'],
  cancel: ['proposed', 'approved', 'started'],
};

/** Budgets are whole fen (分); the largest allowed is ¥100 billion (exact in a JS number and in bigint). */
export const MAX_BUDGET_FEN = 10_000_000_000_000;

export function isValidFen(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && n <= MAX_BUDGET_FEN;
}

/** ¥ with two decimals from whole fen, by integer arithmetic (no floats): 18000000 → "180,000.00". */
export function formatFen(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${neg ? '-' : ''}${yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents.toString().padStart(2, '0')}`;
}

/** "180000.5" / "180,000" / "12.5" yuan → fen, exactly, by string arithmetic; null if not money. */
export function parseYuanToFen(text: string): number | null {
  const m = /^\s*(\d{1,11})(?:\.(\d{1,2}))?\s*$/.exec(text.replace(/,/g, ''));
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

export function allowedProjectActions(status: ProjectStatus): ProjectActionType[] {
  return PROJECT_ACTIONS.filter((a) => FROM[a].includes(status));
}

function lastDate(s: ProjectState): string {
  return [s.proposedOn, s.approvedOn, s.startedOn, s.finishedOn].filter((d): d is string => !!d).sort().at(-1) as string;
}

export function applyProjectAction(s: ProjectState, a: ProjectAction): ProjectResult {
  if (!FROM[a.type].includes(s.status)) {
    return {
      ok: false,
      code: 'wrong_status',
      message: `项目当前为“${PROJECT_STATUS_LABELS[s.status]}”，不能${PROJECT_ACTION_LABELS[a.type]}`,
    };
  }
  if (a.on < lastDate(s)) {
    return { ok: false, code: 'invalid', field: 'on', message: `${PROJECT_ACTION_LABELS[a.type]}日期不能早于上一环节日期（${lastDate(s)}）` };
  }
  switch (a.type) {
    case 'approve':
      if (!isValidFen(a.budgetFen)) return { ok: false, code: 'invalid', field: 'budgetFen', message: '立项资金应为大于0的整数（分）' };
      if (!a.unitId) return { ok: false, code: 'invalid', field: 'unitId', message: '请选择承办单位' };
      return { ok: true, state: { ...s, status: 'approved', budgetFen: a.budgetFen, unitId: a.unitId, approvedOn: a.on } };
    case 'reject':
    case 'cancel':
      if (!a.reason.trim()) return { ok: false, code: 'invalid', field: 'reason', message: '请填写原因' };
      return { ok: true, state: { ...s, status: a.type === 'reject' ? 'rejected' : 'cancelled', closedReason: a.reason.trim() } };
    case 'start':
      return { ok: true, state: { ...s, status: 'started', startedOn: a.on } };
    case 'finish':
      return { ok: true, state: { ...s, status: 'finished', finishedOn: a.on } };
    case 'accept':
      if (a.photoCount < 1) return { ok: false, code: 'invalid', field: 'photoIds', message: '验收须上传至少一张现场照片' };
      return { ok: true, state: { ...s, status: 'accepted', acceptedOn: a.on } };
  }
}

/** The delivering unit reports progress while the work runs; deputies inspect from the start on. */
export function canReportProgress(status: ProjectStatus): boolean {
  return status === 'approved' || status === 'started' || status === 'finished';
}
export function canInspect(status: ProjectStatus): boolean {
  return status === 'started' || status === 'finished' || status === 'accepted';
}
export function canSupervise(status: ProjectStatus): boolean {
  return status === 'proposed' || status === 'approved' || status === 'started' || status === 'finished';
}

/**
 * The two progress figures side by side: what the unit says and what deputies saw. The gap is
 * flagged when the unit claims 10 points or more above the last inspection.
 */
export function progressComparison(reported: number | null, verified: number | null) {
  const gap = reported !== null && verified !== null ? reported - verified : null;
  return { reported, verified, gap, flagged: gap !== null && gap >= 10 };
}

/** Sum of sub-items' budgets (fen); exact for any safe integers. */
export function sumFen(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  if (!Number.isSafeInteger(s)) throw new RangeError('金额超出范围');
  return s;
}
