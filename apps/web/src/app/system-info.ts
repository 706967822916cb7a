import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './api';

export interface SystemInfo {
  name: string;
  version: string;
  demo: { countyCode: string } | null;
}

/** Public facts about this installation; `demo` set means the data is the fictitious demo county. */
export function useSystemInfo() {
  return useQuery({
    queryKey: ['system-info'],
    queryFn: () => apiFetch<SystemInfo>('/api/system/info'),
    staleTime: Infinity,
  });
}
