import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TCategoryRoute,
  TCommitteeLink,
  TDeputyGroup,
  TDeputyGroupDetail,
  TCoverageReport,
  TDeputy,
  TDeputyDetail,
  TGrid,
  TGridDetail,
  TRegionNode,
  TStation,
  TStationDetail,
  TStationNetwork,
  TUnit,
  TUnitDetail,
  TVillage,
} from '@gridvoice/core';
import { apiFetch, type QueryParams } from '../../app/api';

export const ORG_API = '/api/organisation';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  canCreate?: boolean;
}

const ORG = ['organisation'] as const;
const enc = encodeURIComponent;

function useList<T>(resource: string, params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: [...ORG, resource, params],
    queryFn: ({ signal }) => apiFetch<Paged<T>>(`${ORG_API}/${resource}`, { query: params, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export const useGrids = (params: QueryParams, enabled = true) => useList<TGrid>('grids', params, enabled);
export const useStations = (params: QueryParams, enabled = true) => useList<TStation>('stations', params, enabled);
export const useDeputies = (params: QueryParams, enabled = true) => useList<TDeputy>('deputies', params, enabled);
export const useUnits = (params: QueryParams, enabled = true) => useList<TUnit>('units', params, enabled);
export const useVillages = (params: QueryParams, enabled = true) => useList<TVillage>('villages', params, enabled);
export const useCategoryRoutes = (params: QueryParams) => useList<TCategoryRoute>('category-routes', params);
export const useDeputyGroups = (params: QueryParams, enabled = true) => useList<TDeputyGroup>('deputy-groups', params, enabled);
export const useCommitteeLinks = (params: QueryParams) => useList<TCommitteeLink>('committee-links', params);

/** The regions of my scope with their grid, station and deputy counts (flat; parentCode links them). */
export function useRegionTree() {
  return useQuery({
    queryKey: [...ORG, 'regions', 'tree'],
    queryFn: ({ signal }) => apiFetch<TRegionNode[]>(`${ORG_API}/regions/tree`, { signal }),
    staleTime: 60_000,
  });
}

export function useCoverage(regionCode?: string) {
  return useQuery({
    queryKey: [...ORG, 'coverage', regionCode ?? null],
    queryFn: ({ signal }) => apiFetch<TCoverageReport>(`${ORG_API}/coverage`, { query: { regionCode }, signal }),
  });
}

export function useStationNetwork(regionCode: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...ORG, 'stations', 'network', regionCode ?? null],
    queryFn: ({ signal }) =>
      apiFetch<TStationNetwork>(`${ORG_API}/stations/network`, { query: { regionCode }, signal }),
    enabled,
  });
}

function useDetail<T>(resource: string, id: string | null) {
  return useQuery({
    queryKey: [...ORG, resource, 'detail', id],
    queryFn: ({ signal }) => apiFetch<T>(`${ORG_API}/${resource}/${enc(id!)}`, { signal }),
    enabled: id !== null,
  });
}

export const useGridDetail = (id: string | null) => useDetail<TGridDetail>('grids', id);
export const useStationDetail = (id: string | null) => useDetail<TStationDetail>('stations', id);
export const useDeputyDetail = (id: string | null) => useDetail<TDeputyDetail>('deputies', id);
export const useUnitDetail = (id: string | null) => useDetail<TUnitDetail>('units', id);
export const useDeputyGroupDetail = (id: string | null) => useDetail<TDeputyGroupDetail>('deputy-groups', id);

export interface OrgRequest {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

/** Any change in the organisation module; every organisation list and count is refetched afterwards. */
export function useOrgMutation<T = unknown>() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ method, path, body }: OrgRequest) => apiFetch<T>(`${ORG_API}${path}`, { method, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ORG }),
  });
}

/** Asks the server for a full phone number (each look is audited); not cached. */
export function useRevealPhone() {
  return useMutation({
    mutationFn: (path: string) => apiFetch<{ phone: string | null }>(`${ORG_API}${path}`, { method: 'POST' }),
  });
}

export { enc };
