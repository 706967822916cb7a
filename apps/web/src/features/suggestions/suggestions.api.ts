import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TSuggestionActionBody,
  TSuggestionCreateRequest,
  TSuggestionDetail,
  TSuggestionListItem,
  TSuggestionUnitStats,
} from '@gridvoice/core';
import { apiFetch, type QueryParams } from '../../app/api';

export const SUGGESTIONS_API = '/api/suggestions';
const KEY = ['suggestions'] as const;

export interface SuggestionPage {
  items: TSuggestionListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export function useSuggestionList(params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'list', params],
    queryFn: ({ signal }) => apiFetch<SuggestionPage>(SUGGESTIONS_API, { query: params, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSuggestion(id: string) {
  return useQuery({
    queryKey: [...KEY, 'detail', id],
    queryFn: ({ signal }) => apiFetch<TSuggestionDetail>(`${SUGGESTIONS_API}/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useUnitStats() {
  return useQuery({
    queryKey: [...KEY, 'stats'],
    queryFn: ({ signal }) => apiFetch<TSuggestionUnitStats>(`${SUGGESTIONS_API}/stats/units`, { signal }),
  });
}

export function useMyDeputy(enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'me'],
    queryFn: ({ signal }) => apiFetch<{ deputyId: string; name: string; countyCode: string }>(`${SUGGESTIONS_API}/me`, { signal }),
    retry: false,
    enabled,
  });
}

export function useCreateSuggestion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TSuggestionCreateRequest) => apiFetch<TSuggestionDetail>(SUGGESTIONS_API, { method: 'POST', body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: KEY });
      void qc.invalidateQueries({ queryKey: ['concerns'] });
    },
  });
}

export function useSuggestionAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TSuggestionActionBody) =>
      apiFetch<TSuggestionDetail>(`${SUGGESTIONS_API}/${encodeURIComponent(id)}/actions`, { method: 'POST', body }),
    onSuccess: (detail) => {
      qc.setQueryData([...KEY, 'detail', id], detail);
      void qc.invalidateQueries({ queryKey: KEY, predicate: (q) => q.queryKey[1] !== 'detail' });
    },
  });
}

export function useDeputySearch(q: string, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'deputies', q],
    queryFn: ({ signal }) =>
      apiFetch<{ items: { deputyId: string; name: string; regionName: string | null }[] }>(`${SUGGESTIONS_API}/deputies`, { query: { q }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
