import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatFen, type ProjectActionType } from '@gridvoice/core';
import { apiFetch, type QueryParams } from '../../app/api';

export const PROJECTS_API = '/api/projects';
const KEY = ['projects'] as const;

export interface Progress {
  reported: number | null;
  verified: number | null;
  gap: number | null;
  flagged: boolean;
}

export interface ProjectSummary {
  projectId: string;
  publicId: string;
  kind: 'micro' | 'livelihood';
  kindLabel: string;
  title: string;
  regionCode: string;
  regionName: string;
  status: string;
  statusLabel: string;
  proposerName: string | null;
  sourceSuggestionId: string | null;
  roundId: string | null;
  roundTitle: string | null;
  sourceSuggestionNumber: string | null;
  sourceSuggestionTitle: string | null;
  estimatedBudgetFen: number | null;
  budgetFen: number | null;
  unitId: string | null;
  unitName: string | null;
  proposedOn: string;
  approvedOn: string | null;
  startedOn: string | null;
  finishedOn: string | null;
  acceptedOn: string | null;
  closedReason: string | null;
  progress: Progress;
  version: number;
  actions: string[];
}

export interface ProjectRecord {
  recordId: string;
  action: string | null;
  actionLabel: string | null;
  on: string;
  percent: number | null;
  note: string | null;
  location: { lat: number; lng: number } | null;
  place: string | null;
  actorName: string | null;
  deputyName: string | null;
  unitName: string | null;
  photos: { attachmentId: string; name: string; url: string }[];
  createdAt: string;
}

export interface ProjectDetail extends ProjectSummary {
  description: string;
  acceptanceNote: string | null;
  items: { position: number; title: string; budgetFen: number }[];
  itemsTotalFen: number;
  sourceConcerns: { concernId: string; caseNumber: string; title: string; status: string }[];
  milestones: ProjectRecord[];
  progressReports: ProjectRecord[];
  inspections: ProjectRecord[];
  supervisions: ProjectRecord[];
  ratings: { satisfied: number; basically_satisfied: number; dissatisfied: number; total: number; satisfactionPermille: number | null };
  serverToday: string;
}

export interface Totals {
  rows: { regionCode: string; regionName: string; year: number; kind: string; kindLabel: string; projects: number; budgetFen: number; accepted: number }[];
  byYear: { year: number; projects: number; budgetFen: number; accepted: number }[];
  total: { projects: number; budgetFen: number; accepted: number };
}

/** ¥ with exact fen: 18000000 → "¥180,000.00". */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `¥${formatFen(fen)}`);

export const useProjects = (params: QueryParams) =>
  useQuery({ queryKey: [...KEY, 'list', params], queryFn: ({ signal }) => apiFetch<{ items: ProjectSummary[]; actions: string[] }>(PROJECTS_API, { query: params, signal }) });

export const useProject = (id: string | undefined) =>
  useQuery({ queryKey: [...KEY, 'detail', id], queryFn: ({ signal }) => apiFetch<ProjectDetail>(`${PROJECTS_API}/${id}`, { signal }), enabled: !!id });

export const useProjectTotals = (params: QueryParams) =>
  useQuery({ queryKey: [...KEY, 'totals', params], queryFn: ({ signal }) => apiFetch<Totals>(`${PROJECTS_API}/totals`, { query: params, signal }) });

export function useProjectMutation(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) => apiFetch<ProjectDetail>(path, { method: 'POST', body }),
    onSuccess: (data) => {
      qc.setQueryData([...KEY, 'detail', data.projectId], data);
      void qc.invalidateQueries({ queryKey: [...KEY, 'list'] });
      void qc.invalidateQueries({ queryKey: [...KEY, 'totals'] });
      if (id) void qc.invalidateQueries({ queryKey: ['votes'] });
    },
  });
}

export const ACTION_BUTTONS: Record<ProjectActionType, { label: string; danger?: boolean }> = {
  approve: { label: '立项' },
  reject: { label: '不予立项', danger: true },
  start: { label: '开工' },
  finish: { label: '完工' },
  accept: { label: '验收' },
  cancel: { label: '撤销', danger: true },
};
