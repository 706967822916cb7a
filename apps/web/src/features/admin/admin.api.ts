import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role, TAuditEntry, TRegion, TUser, TUserCreateRequest, TUserUpdateRequest } from '@gridvoice/core';
import { apiFetch } from '../../app/api';

export interface UserListParams {
  q?: string;
  role?: Role;
  page: number;
  pageSize: number;
}

export interface UserList {
  items: TUser[];
  total: number;
  page: number;
  pageSize: number;
  canCreate: boolean;
}

export interface AuditListParams {
  action?: string;
  actor?: string;
  outcome?: 'success' | 'denied' | 'failure';
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface AuditList {
  items: TAuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

const USERS = ['admin', 'users'] as const;

export function useUsers(params: UserListParams) {
  return useQuery({
    queryKey: [...USERS, params],
    queryFn: ({ signal }) => apiFetch<UserList>('/api/admin/users', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The regions within the current user's scope (flat; parentCode links them into a tree). */
export function useRegions() {
  return useQuery({
    queryKey: ['admin', 'regions'],
    queryFn: ({ signal }) => apiFetch<TRegion[]>('/api/admin/regions', { signal }),
    staleTime: 5 * 60_000,
  });
}

function useUserMutation<V>(request: (vars: V) => Promise<TUser>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
}

export const useCreateUser = () =>
  useUserMutation((body: TUserCreateRequest) => apiFetch<TUser>('/api/admin/users', { method: 'POST', body }));

export const useUpdateUser = () =>
  useUserMutation(({ userId, body }: { userId: string; body: TUserUpdateRequest }) =>
    apiFetch<TUser>(`/api/admin/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body }),
  );

export const useSetUserDisabled = () =>
  useUserMutation(({ userId, disabled }: { userId: string; disabled: boolean }) =>
    apiFetch<TUser>(`/api/admin/users/${encodeURIComponent(userId)}/${disabled ? 'disable' : 'enable'}`, {
      method: 'POST',
    }),
  );

export const useResetPassword = () =>
  useUserMutation(({ userId, newPassword }: { userId: string; newPassword: string }) =>
    apiFetch<TUser>(`/api/admin/users/${encodeURIComponent(userId)}/reset-password`, {
      method: 'POST',
      body: { newPassword },
    }),
  );

export function useAuditLog(params: AuditListParams) {
  return useQuery({
    queryKey: ['admin', 'audit', params],
    queryFn: ({ signal }) => apiFetch<AuditList>('/api/admin/audit', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}
