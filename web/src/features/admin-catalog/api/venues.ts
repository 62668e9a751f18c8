/** GET /api/venues and GET /api/venues/:id (admin). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Venue } from '@iatichet/contracts';
import { getAllPages } from '@/lib/all-pages';
import { api } from '@/lib/api-client';
import { adminVenuesKey } from './catalog-keys';

/** Every venue the caller manages: the list comes a page at a time, the pickers want them all. */
export function getVenues(signal?: AbortSignal): Promise<Venue[]> {
  return getAllPages<Venue>('/api/venues', signal);
}

export function getVenue(id: string, signal?: AbortSignal): Promise<Venue> {
  return api.get<Venue>(`/api/venues/${encodeURIComponent(id)}`, { signal });
}

export function venuesQueryOptions() {
  return queryOptions({ queryKey: [...adminVenuesKey, 'list'], queryFn: ({ signal }) => getVenues(signal) });
}

export function venueQueryOptions(id: string) {
  return queryOptions({ queryKey: [...adminVenuesKey, 'detail', id], queryFn: ({ signal }) => getVenue(id, signal) });
}

export function useVenues() {
  return useQuery(venuesQueryOptions());
}

export function useVenue(id: string | undefined) {
  return useQuery({ ...venueQueryOptions(id ?? ''), enabled: id !== undefined });
}
