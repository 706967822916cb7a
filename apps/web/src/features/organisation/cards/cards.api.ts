import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../app/api';

export interface ServiceCard {
  deputyId: string;
  publicId: string;
  name: string;
  photoPath: string | null;
  regionName: string;
  levels: string[];
  levelLabels: string[];
  stations: { code: string; name: string }[];
  grids: { code: string; name: string }[];
  phoneMasked: string | null;
  publicUrl: string;
  qrDataUrl: string;
}

export interface ServiceCardSheet {
  townCode: string;
  townName: string;
  cards: ServiceCard[];
}

export function useServiceCardSheet(townCode: string | null) {
  return useQuery({
    queryKey: ['organisation', 'service-cards', townCode],
    queryFn: ({ signal }) => apiFetch<ServiceCardSheet>('/api/organisation/service-cards', { query: { townCode }, signal }),
    enabled: !!townCode,
  });
}

export function useServiceCard(deputyId: string | null) {
  return useQuery({
    queryKey: ['organisation', 'service-card', deputyId],
    queryFn: ({ signal }) => apiFetch<ServiceCard>(`/api/organisation/deputies/${deputyId}/service-card`, { signal }),
    enabled: !!deputyId,
  });
}
