import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConcernInbox,
  TConcernActionRequest,
  TConcernCreateRequest,
  TConcernDetail,
  TConcernListItem,
} from '@gridvoice/core';
import { apiFetch, setCsrfToken, withQuery, ApiError, type QueryParams } from '../../app/api';

export const CONCERNS_API = '/api/concerns';
const KEY = ['concerns'] as const;

export interface ConcernPage {
  items: TConcernListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SimilarItem {
  concernId: string;
  caseNumber: string;
  title: string;
  statusLabel: string;
  similarity: number;
  createdAt: string;
}

export function useConcernList(params: QueryParams) {
  return useQuery({
    queryKey: [...KEY, 'list', params],
    queryFn: ({ signal }) => apiFetch<ConcernPage>(CONCERNS_API, { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useInbox(inbox: ConcernInbox, params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'inbox', inbox, params],
    queryFn: ({ signal }) => apiFetch<ConcernPage>(`${CONCERNS_API}/inbox/${inbox}`, { query: params, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useConcern(id: string) {
  return useQuery({
    queryKey: [...KEY, 'detail', id],
    queryFn: ({ signal }) => apiFetch<TConcernDetail>(`${CONCERNS_API}/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useSimilar(regionCode: string | undefined, title: string, content: string) {
  const enabled = !!regionCode && (title.trim().length >= 2 || content.trim().length >= 4);
  return useQuery({
    queryKey: [...KEY, 'similar', regionCode, title, content],
    queryFn: ({ signal }) =>
      apiFetch<{ items: SimilarItem[] }>(`${CONCERNS_API}/similar`, {
        method: 'POST',
        body: { regionCode, title, content },
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useCreateConcern() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TConcernCreateRequest) =>
      apiFetch<{ concernId: string; caseNumber: string; version: number }>(CONCERNS_API, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useConcernAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TConcernActionRequest & { version: number }) =>
      apiFetch<TConcernDetail>(`${CONCERNS_API}/${encodeURIComponent(id)}/actions`, { method: 'POST', body }),
    onSuccess: (detail) => {
      qc.setQueryData([...KEY, 'detail', id], detail);
      void qc.invalidateQueries({ queryKey: KEY, predicate: (q) => q.queryKey[1] !== 'detail' });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export function useReveal(id: string) {
  return useMutation({
    mutationFn: () =>
      apiFetch<{ name: string | null; phone: string | null; address: string | null; anonymous: boolean }>(
        `${CONCERNS_API}/${encodeURIComponent(id)}/reveal`,
        { method: 'POST' },
      ),
  });
}

export const exportHref = (params: QueryParams) => withQuery(`${CONCERNS_API}/export.xlsx`, params);

/**
 * Uploads one photo (multipart). apiFetch speaks JSON only, so this asks the session for the
 * CSRF token first (the same token apiFetch holds).
 */
export async function uploadAttachment(file: File): Promise<{ attachmentId: string }> {
  const session = await apiFetch<{ csrfToken: string }>('/api/auth/session');
  setCsrfToken(session.csrfToken);
  const form = new FormData();
  form.append('file', file);
  const res = await fetch('/api/attachments', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': session.csrfToken, accept: 'application/json' },
  });
  const body = (await res.json().catch(() => null)) as { attachmentId?: string; error?: { message?: string } } | null;
  if (!res.ok || !body?.attachmentId) {
    throw new ApiError(res.status, 'upload', body?.error?.message ?? `上传失败（${res.status}）`);
  }
  return { attachmentId: body.attachmentId };
}
