import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TActivityBulkRequest,
  TActivityCreateRequest,
  TPerformanceRatingRequest,
  TPerformanceSchemeRequest,
  TRegionDutyRuleRequest,
  TRotaTemplateRequest,
  TCampaignRequest,
  TCampaignTagRequest,
  TCheckInRequest,
  TConcernListItem,
  TOversightCreateRequest,
  TOversightDispatchRequest,
  TReceptionConcernsRequest,
  TReceptionEntryRequest,
} from '@gridvoice/core';
import { apiFetch, type QueryParams } from '../../app/api';

export const DUTY_API = '/api/duty';
const DUTY = ['duty'] as const;

export interface DeputyRef {
  deputyId: string;
  name: string | null;
}

export interface RotaSlot {
  slotId: string;
  templateId: string;
  purpose: string;
  place: { kind: 'station' | 'grid'; id: string; name: string | null };
  date: string;
  start: string;
  end: string;
  deputies: DeputyRef[];
}

export interface MyDuty {
  deputyId: string;
  name: string;
  nextDuty: RotaSlot | null;
  compliance: {
    periodKey: string;
    periodType: string;
    required: number;
    done: number;
    compliant: boolean;
    daysLeft: number;
    reminderDue: boolean;
    level: string;
  } | null;
  actions: string[];
}

export interface DeputyComplianceDetail {
  deputyId: string;
  name: string;
  assignments: { stationId: string | null; stationName: string | null; gridId: string | null; gridName: string | null }[];
}

export interface Activity {
  activityId: string;
  kind: string;
  startedAt: string;
  stationId: string | null;
  regionCode: string;
}

export interface ReceptionEntry {
  entryId: string;
  registerNumber: string;
  stationId: string;
  stationName: string | null;
  activityId: string | null;
  receivedAt: string;
  dutyDeputies: DeputyRef[];
  visitor: { name: string | null; phone: string | null; address: string | null; count: number };
  requests: { index: number; content: string; title: string | null; concern: { concernId: string; caseNumber: string; status: string } | null }[];
  routeLabel: string;
  regionCode?: string;
}

export interface ComplianceRow {
  deputyId: string;
  name: string;
  regionCode: string;
  townCode: string;
  level: string;
  compliantPeriods: number;
  totalPeriods: number;
  nonCompliantPeriods: { periodKey: string; done: number }[];
  pendingPeriod: { periodKey: string; done: number } | null;
  compliant: boolean;
}

export interface ComplianceReport {
  regionCode: string;
  from: string;
  to: string;
  total: { deputies: number; compliant: number; nonCompliant: number };
  towns: Record<string, string>;
  byTownAndLevel: {
    townCode: string;
    townName: string | null;
    level: string;
    levelLabel: string;
    deputies: number;
    compliant: number;
    nonCompliant: number;
    nonCompliantDeputyIds: string[];
  }[];
  nonCompliant: ComplianceRow[];
  deputies: ComplianceRow[];
}

export interface ThreeOne {
  code: string;
  label: string;
  target: number;
  done: number;
  missing: { regionCode: string; name: string }[];
}

export interface Campaign {
  campaignId: string;
  name: string;
  theme: string;
  regionCode: string;
  regionName: string | null;
  startsOn: string;
  endsOn: string;
  progress: {
    activities: number;
    personTimes: number;
    constituentsReceived: number;
    concernsCollected: number;
    concernsSolvedInPeriod: number;
    suggestionsFormed: number;
    threeOnes: ThreeOne[];
  };
  summary: string;
  actions: string[];
}

export const useMyDuty = (enabled = true) =>
  useQuery({
    queryKey: [...DUTY, 'me'],
    queryFn: ({ signal }) => apiFetch<MyDuty>(`${DUTY_API}/me`, { signal }),
    enabled,
  });

export const useDeputyCompliance = (deputyId: string | undefined) =>
  useQuery({
    queryKey: [...DUTY, 'deputy-compliance', deputyId],
    queryFn: ({ signal }) => apiFetch<DeputyComplianceDetail>(`${DUTY_API}/deputies/${deputyId}/compliance`, { signal }),
    enabled: !!deputyId,
  });

export const useComplianceReport = (params: QueryParams) =>
  useQuery({
    queryKey: [...DUTY, 'compliance', params],
    queryFn: ({ signal }) => apiFetch<ComplianceReport>(`${DUTY_API}/compliance`, { query: params, signal }),
  });

export const useCampaigns = () =>
  useQuery({
    queryKey: [...DUTY, 'campaigns'],
    queryFn: ({ signal }) => apiFetch<{ items: Campaign[]; canCreate: boolean }>(`${DUTY_API}/campaigns`, { signal }),
  });

export const useActivities = (params: QueryParams, enabled = true) =>
  useQuery({
    queryKey: [...DUTY, 'activities', params],
    queryFn: ({ signal }) =>
      apiFetch<{ items: (Activity & { summary?: string; kindLabel?: string })[]; total: number }>(`${DUTY_API}/activities`, {
        query: params,
        signal,
      }),
    enabled,
  });

function useDutyMutation<TVars, TOut>(fn: (v: TVars) => Promise<TOut>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: DUTY }) });
}

export const useCheckIn = () =>
  useDutyMutation((body: TCheckInRequest) => apiFetch<Activity>(`${DUTY_API}/check-ins`, { method: 'POST', body }));

export const useCreateEntry = () =>
  useDutyMutation((body: TReceptionEntryRequest) =>
    apiFetch<ReceptionEntry>(`${DUTY_API}/reception-entries`, { method: 'POST', body }),
  );

/** Turns requests of an entry into concerns, filed in the region of the entry's activity. */
export const useEntryConcerns = () =>
  useDutyMutation(async ({ entry, items }: { entry: ReceptionEntry; items: Omit<TReceptionConcernsRequest['items'][number], 'regionCode'>[] }) => {
    const activity = await apiFetch<Activity>(`${DUTY_API}/activities/${entry.activityId}`);
    const body: TReceptionConcernsRequest = { items: items.map((it) => ({ ...it, regionCode: activity.regionCode })) };
    return apiFetch<{ created: { requestIndex: number; concernId: string; caseNumber: string }[]; entry: ReceptionEntry }>(
      `${DUTY_API}/reception-entries/${entry.entryId}/concerns`,
      { method: 'POST', body },
    );
  });

export const useTagCampaign = () =>
  useDutyMutation(({ campaignId, body }: { campaignId: string; body: TCampaignTagRequest }) =>
    apiFetch<unknown>(`${DUTY_API}/campaigns/${campaignId}/tags`, { method: 'POST', body }),
  );

export const useRecentConcerns = (enabled: boolean) =>
  useQuery({
    queryKey: [...DUTY, 'recent-concerns'],
    queryFn: ({ signal }) =>
      apiFetch<{ items: TConcernListItem[] }>('/api/concerns', { query: { sort: 'created_desc', pageSize: 100 }, signal }),
    enabled,
  });

export const useCreateCampaign = () =>
  useDutyMutation((body: TCampaignRequest) => apiFetch<Campaign>(`${DUTY_API}/campaigns`, { method: 'POST', body }));

export interface RotaTemplate {
  templateId: string;
  name: string;
  purpose: TRotaTemplateRequest['purpose'];
  purposeLabel: string;
  recurrence: TRotaTemplateRequest['recurrence'];
  rotation: DeputyRef[][];
  place: { kind: string; id: string | null; name: string | null };
  recurrenceLabel: string;
  startTime: string;
  endTime: string;
  deputies: DeputyRef[];
  validFrom: string;
  validUntil: string | null;
  active: boolean;
  actions: string[];
}

export const useRotaTemplates = () =>
  useQuery({
    queryKey: [...DUTY, 'rota-templates'],
    queryFn: ({ signal }) => apiFetch<{ items: RotaTemplate[]; canCreate: boolean }>(`${DUTY_API}/rota-templates`, { signal }),
  });

export const useRotaCalendar = (from: string, to: string) =>
  useQuery({
    queryKey: [...DUTY, 'rota-calendar', from, to],
    queryFn: ({ signal }) => apiFetch<{ slots: RotaSlot[] }>(`${DUTY_API}/rota-calendar`, { query: { from, to }, signal }),
  });

export const useAnnounce = () =>
  useDutyMutation(({ templateId, from, to }: { templateId: string; from: string; to: string }) =>
    apiFetch<{ title: string; slots: unknown[]; late: string[] }>(`${DUTY_API}/rota-templates/${templateId}/announcements`, {
      method: 'POST',
      body: { from, to },
    }),
  );

export const useSwap = () =>
  useDutyMutation((body: { slotId: string; fromDeputyId: string; toDeputyId: string; reason?: string }) =>
    apiFetch<RotaSlot>(`${DUTY_API}/rota-swaps`, { method: 'POST', body }),
  );

export interface ActivityListItem extends Activity {
  kindLabel: string;
  placeLabel: string;
  placeName: string | null;
  regionName: string | null;
  summary: string;
  constituentsReceived: number;
  personTimes: number;
  countsAsDuty: boolean;
}

export interface ActivityList {
  items: ActivityListItem[];
  total: number;
  page: number;
  pageSize: number;
  totals: { activities: number; personTimes: number; constituentsReceived: number };
  canCreate: boolean;
  canBulkCreate: boolean;
}

export const useActivityList = (params: QueryParams) =>
  useQuery({
    queryKey: [...DUTY, 'activity-list', params],
    queryFn: ({ signal }) => apiFetch<ActivityList>(`${DUTY_API}/activities`, { query: params, signal }),
  });

export const useCreateActivity = () =>
  useDutyMutation((body: TActivityCreateRequest) => apiFetch<Activity>(`${DUTY_API}/activities`, { method: 'POST', body }));

// ─── Reception register (R-DUTY-5) ───────────────────────────────────────────────────────

export interface ReceptionEntryDetail extends ReceptionEntry {
  proposedHandling: string | null;
  route: string;
  feedback: string | null;
  feedbackAt: string | null;
  createdAt: string;
  actions: ('feedback' | 'create_concerns' | 'reveal' | 'print')[];
}

export interface ReceptionPrint {
  paper: 'A4';
  title: string;
  number: string;
  fields: { label: string; value: string }[];
  requests: { no: number; content: string; caseNumber: string | null }[];
  proposedHandling: string;
  route: string;
  feedback: string;
  signatures: string[];
}

export const useReceptionEntries = (params: QueryParams) =>
  useQuery({
    queryKey: [...DUTY, 'reception-entries', params],
    queryFn: ({ signal }) =>
      apiFetch<{ items: ReceptionEntryDetail[]; total: number; page: number; pageSize: number }>(`${DUTY_API}/reception-entries`, {
        query: params,
        signal,
      }),
  });

export const useReceptionEntry = (entryId: string | undefined) =>
  useQuery({
    queryKey: [...DUTY, 'reception-entry', entryId],
    queryFn: ({ signal }) => apiFetch<ReceptionEntryDetail>(`${DUTY_API}/reception-entries/${entryId}`, { signal }),
    enabled: !!entryId,
  });

export const useReceptionPrint = (entryId: string | undefined) =>
  useQuery({
    queryKey: [...DUTY, 'reception-print', entryId],
    queryFn: ({ signal }) => apiFetch<ReceptionPrint>(`${DUTY_API}/reception-entries/${entryId}/print`, { signal }),
    enabled: !!entryId,
  });

/** The visitor in full: audited on the server, so it is fetched only when asked for, never cached. */
export const revealEntry = (entryId: string) =>
  apiFetch<{ entryId: string; name: string | null; phone: string | null; address: string | null }>(
    `${DUTY_API}/reception-entries/${entryId}/reveal`,
    { method: 'POST' },
  );

export const useEntryFeedback = () =>
  useDutyMutation(({ entryId, feedback }: { entryId: string; feedback: string }) =>
    apiFetch<ReceptionEntryDetail>(`${DUTY_API}/reception-entries/${entryId}/feedback`, { method: 'POST', body: { feedback } }),
  );

// ─── Rota templates (R-DUTY-2) ───────────────────────────────────────────────────────────

export const useSaveRotaTemplate = () =>
  useDutyMutation(({ templateId, body }: { templateId?: string; body: TRotaTemplateRequest }) =>
    apiFetch<RotaTemplate>(templateId ? `${DUTY_API}/rota-templates/${templateId}` : `${DUTY_API}/rota-templates`, {
      method: templateId ? 'PUT' : 'POST',
      body,
    }),
  );

export const useRetireRotaTemplate = () =>
  useDutyMutation((templateId: string) => apiFetch<unknown>(`${DUTY_API}/rota-templates/${templateId}`, { method: 'DELETE' }));

// ─── Bulk entry of activities (R-DUTY-6) ─────────────────────────────────────────────────

export const useBulkActivities = () =>
  useDutyMutation((body: TActivityBulkRequest) =>
    apiFetch<{ created: number; activityIds: string[] }>(`${DUTY_API}/activities/bulk`, { method: 'POST', body }),
  );

// ─── Work log, evaluation and performance record (R-DUTY-9) ──────────────────────────────

export interface WorkLog {
  deputyId: string;
  name: string;
  from: string;
  to: string;
  counts: { activities: number; concerns: number; receptions: number; suggestions: number };
  items: { type: 'activity' | 'concern' | 'reception' | 'suggestion'; at: string; id: string; title: string; detail: string | null; place?: string | null; status?: string }[];
}

export interface Evaluation {
  deputyId: string;
  name: string;
  year: number;
  scheme: { items: { code: string; label: string; weight: number; maxScore: number }[]; grades: { grade: string; minTotal: number }[]; raterOrder: string[] };
  facts: Record<string, number>;
  ratings: { stage: string; stageLabel: string; total: number; scores: Record<string, number>; comment: string | null; ratedAt: string }[];
  nextStage: string | null;
  nextStageLabel: string | null;
  result: { total: number; grade: string; gradeLabel: string; totalsByStage: Record<string, number> } | null;
  actions: string[];
}

export interface PerformanceRecord {
  paper: 'A4';
  title: string;
  deputy: { deputyId: string; name: string; levels: string[] };
  year: number;
  facts: Record<string, number>;
  compliance: { level: string; compliantPeriods: number; totalPeriods: number; compliant: boolean } | null;
  evaluation: { ratings: Evaluation['ratings']; result: Evaluation['result'] };
  reportOutline: string[];
}

export const useWorkLog = (deputyId: string | undefined, year: number) =>
  useQuery({
    queryKey: [...DUTY, 'work-log', deputyId, year],
    queryFn: ({ signal }) =>
      apiFetch<WorkLog>(`${DUTY_API}/deputies/${deputyId}/work-log`, { query: { from: `${year}-01-01`, to: `${year}-12-31` }, signal }),
    enabled: !!deputyId,
  });

export const useEvaluation = (deputyId: string | undefined, year: number) =>
  useQuery({
    queryKey: [...DUTY, 'evaluation', deputyId, year],
    queryFn: ({ signal }) => apiFetch<Evaluation>(`${DUTY_API}/deputies/${deputyId}/evaluations/${year}`, { signal }),
    enabled: !!deputyId,
  });

export const usePerformanceRecord = (deputyId: string | undefined, year: number) =>
  useQuery({
    queryKey: [...DUTY, 'performance-record', deputyId, year],
    queryFn: ({ signal }) => apiFetch<PerformanceRecord>(`${DUTY_API}/deputies/${deputyId}/performance-record/${year}`, { signal }),
    enabled: !!deputyId,
  });

export const useRate = () =>
  useDutyMutation(({ deputyId, year, body }: { deputyId: string; year: number; body: TPerformanceRatingRequest }) =>
    apiFetch<Evaluation>(`${DUTY_API}/deputies/${deputyId}/evaluations/${year}/ratings`, { method: 'POST', body }),
  );

// ─── Oversight work (R-OVS-1, R-OVS-2, R-LOOP-7) ─────────────────────────────────────────

export interface OversightProblem {
  problemId: string;
  position: number;
  category: string | null;
  description: string;
  unitId: string | null;
  unitName: string | null;
  status: 'open' | 'dispatched' | 'answered' | 'revisited';
  dueOn: string | null;
  dispatchedAt: string | null;
  answer: string | null;
  answeredAt: string | null;
  revisitNote: string | null;
  revisitedAt: string | null;
  actions: ('dispatch' | 'answer' | 'revisit')[];
}

export interface Oversight {
  oversightId: string;
  kind: string;
  kindLabel: string;
  regionCode: string;
  title: string;
  subject: string | null;
  startsOn: string | null;
  endsOn: string | null;
  findings: string | null;
  suggestions: string | null;
  stage: string;
  stageLabel: string;
  problemCount: number;
  answeredCount: number;
  createdAt: string;
  problems?: OversightProblem[];
  actions: string[];
}

export const useOversightList = () =>
  useQuery({
    queryKey: [...DUTY, 'oversight'],
    queryFn: ({ signal }) => apiFetch<{ items: Oversight[]; canCreate: boolean }>(`${DUTY_API}/oversight`, { signal }),
  });

export const useOversight = (id: string | undefined) =>
  useQuery({
    queryKey: [...DUTY, 'oversight', id],
    queryFn: ({ signal }) => apiFetch<Oversight>(`${DUTY_API}/oversight/${id}`, { signal }),
    enabled: !!id,
  });

export const useCreateOversight = () =>
  useDutyMutation((body: TOversightCreateRequest) => apiFetch<Oversight>(`${DUTY_API}/oversight`, { method: 'POST', body }));

export const useDispatchProblems = () =>
  useDutyMutation(({ id, body }: { id: string; body: TOversightDispatchRequest }) =>
    apiFetch<Oversight>(`${DUTY_API}/oversight/${id}/dispatch`, { method: 'POST', body }),
  );

export const useOversightStage = () =>
  useDutyMutation(({ id, stage }: { id: string; stage: string }) =>
    apiFetch<Oversight>(`${DUTY_API}/oversight/${id}/stage`, { method: 'POST', body: { stage } }),
  );

export const useAnswerProblem = () =>
  useDutyMutation(({ problemId, answer }: { problemId: string; answer: string }) =>
    apiFetch<Oversight>(`${DUTY_API}/oversight-problems/${problemId}/answer`, { method: 'POST', body: { answer } }),
  );

export const useRevisitProblem = () =>
  useDutyMutation(({ problemId, note }: { problemId: string; note: string }) =>
    apiFetch<Oversight>(`${DUTY_API}/oversight-problems/${problemId}/revisit`, { method: 'POST', body: { note } }),
  );

// ─── Settings: duty rule, direct-contact days, evaluation scheme ─────────────────────────

export interface DutyRuleView {
  regionCode: string;
  rule: TRegionDutyRuleRequest['rule'];
  inheritedFrom: string | null;
  isDefault: boolean;
  reminderDaysBefore: number;
  directContactWeekdays: number[];
  actions: string[];
}

export interface EvaluationScheme {
  regionCode: string;
  year: number;
  scheme: TPerformanceSchemeRequest['scheme'];
  inheritedFrom: string | null;
  isDefault: boolean;
}

export const useDutyRule = (regionCode: string) =>
  useQuery({
    queryKey: [...DUTY, 'rule', regionCode],
    queryFn: ({ signal }) => apiFetch<DutyRuleView>(`${DUTY_API}/rules`, { query: { regionCode }, signal }),
  });

export const useSaveDutyRule = () =>
  useDutyMutation((body: TRegionDutyRuleRequest) => apiFetch<DutyRuleView>(`${DUTY_API}/rules`, { method: 'PUT', body }));

export const useDirectContactDays = (regionCode: string) => {
  const from = new Date();
  const to = new Date(from.getTime() + 30 * 86_400_000);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return useQuery({
    queryKey: [...DUTY, 'direct-contact-days', regionCode],
    queryFn: ({ signal }) =>
      apiFetch<{ weekdays: number[]; days: string[] }>(`${DUTY_API}/direct-contact-days`, {
        query: { regionCode, from: day(from), to: day(to) },
        signal,
      }),
  });
};

export const useSaveDirectContactDays = () =>
  useDutyMutation((body: { regionCode: string; weekdays: number[] }) =>
    apiFetch<{ weekdays: number[]; days: string[] }>(`${DUTY_API}/direct-contact-days`, { method: 'PUT', body }),
  );

export const useEvaluationScheme = (regionCode: string, year: number) =>
  useQuery({
    queryKey: [...DUTY, 'evaluation-scheme', regionCode, year],
    queryFn: ({ signal }) => apiFetch<EvaluationScheme>(`${DUTY_API}/evaluation-schemes`, { query: { regionCode, year }, signal }),
  });

export const useSaveEvaluationScheme = () =>
  useDutyMutation((body: TPerformanceSchemeRequest) =>
    apiFetch<EvaluationScheme>(`${DUTY_API}/evaluation-schemes`, { method: 'PUT', body }),
  );
