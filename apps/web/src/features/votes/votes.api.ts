import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdoptionRule, Reconciliation } from '@gridvoice/core';
import { apiFetch, type QueryParams } from '../../app/api';
import type { Progress } from '../projects/projects.api';

export const VOTES_API = '/api/votes/rounds';
const KEY = ['votes'] as const;

export interface RoundSummary {
  roundId: string;
  title: string;
  year: number;
  congressRegionName: string;
  term: number;
  seats: number;
  secret: boolean;
  phase: string;
  phaseLabel: string;
  opensAt: string | null;
  closesAt: string | null;
}

export interface Candidate {
  candidateId: string;
  position: number;
  title: string;
  description: string;
  source: string;
  sourceLabel: string;
  unitName: string | null;
  budgetFen: number;
  screening: 'pending' | 'listed' | 'screened_out';
  screeningReason: string | null;
  subItems: { position: number; title: string; budgetFen: number }[];
  result: { yes: number; no: number; abstain: number; rank: number; passed: boolean; chosen: boolean } | null;
  projectId: string | null;
}

export interface RoundDetail {
  roundId: string;
  title: string;
  year: number;
  congress: { level: string; levelLabel: string; regionCode: string; regionName: string; term: number };
  seats: number;
  secret: boolean;
  rule: AdoptionRule;
  ruleText: string;
  status: string;
  phase: string;
  phaseLabel: string;
  opensAt: string | null;
  closesAt: string | null;
  serverNow: string;
  totalDeputies: number;
  ballots: { electronic: number; paper: number; cast: number };
  candidates: Candidate[];
  listedBudgetFen: number;
  listedSubItems: number;
  result: { totalDeputies: number; ballotsCast: number; quorumMet: boolean; countedAt: string | null } | null;
  reconciliation: Reconciliation | null;
  openVotes: { deputy_id: string; name: string; candidate_id: string; choice: string }[] | null;
  projects: { projectId: string; title: string; status: string; statusLabel: string; budgetFen: number; progress: Progress; ratings: { satisfied: number; basically_satisfied: number; dissatisfied: number; total: number; satisfactionPermille: number | null }; myRating: string | null }[];
  me: { eligible: boolean; voted: boolean; channel: string | null; votedAt: string | null };
  ratingOpen: boolean;
  version: number;
  actions: string[];
}

export const useRounds = (params: QueryParams = {}) =>
  useQuery({ queryKey: [...KEY, 'list', params], queryFn: ({ signal }) => apiFetch<{ items: RoundSummary[]; actions: string[] }>(VOTES_API, { query: params, signal }) });

export const useRound = (id: string | undefined) =>
  useQuery({ queryKey: [...KEY, 'detail', id], queryFn: ({ signal }) => apiFetch<RoundDetail>(`${VOTES_API}/${id}`, { signal }), enabled: !!id });

export const useEligibleDeputies = (id: string | undefined, q: string, enabled: boolean) =>
  useQuery({
    queryKey: [...KEY, 'deputies', id, q],
    queryFn: ({ signal }) => apiFetch<{ items: { deputyId: string; name: string; regionName: string; voted: boolean; channel: string | null }[] }>(`${VOTES_API}/${id}/deputies`, { query: { q }, signal }),
    enabled: !!id && enabled,
  });

export function useRoundMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body, method = 'POST' }: { path: string; body: unknown; method?: 'POST' | 'PUT' }) => apiFetch<RoundDetail>(path, { method, body }),
    onSuccess: (data) => {
      qc.setQueryData([...KEY, 'detail', data.roundId], data);
      void qc.invalidateQueries({ queryKey: [...KEY, 'list'] });
      void qc.invalidateQueries({ queryKey: [...KEY, 'deputies'] });
      void qc.invalidateQueries({ queryKey: ['projects'] });
    },
    onError: (_e, v) => {
      // a refused ballot or a stale version: show what the server holds now
      const id = /\/rounds\/([0-9a-f-]{36})/.exec(v.path)?.[1];
      if (id) void qc.invalidateQueries({ queryKey: [...KEY, 'detail', id] });
    },
  });
}
