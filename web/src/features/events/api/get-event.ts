import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CatalogEvent } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

export function getEvent(id: string, signal?: AbortSignal): Promise<CatalogEvent> {
  return api.get<CatalogEvent>(`/api/events/${encodeURIComponent(id)}`, { signal });
}

export function eventQueryOptions(id: string) {
  return queryOptions({ queryKey: ['events', 'detail', id], queryFn: ({ signal }) => getEvent(id, signal) });
}

/** GET /api/events/:id: one event with live `remaining` per ticket type (404 for drafts and unknown ids). */
export function useEvent(id: string) {
  return useQuery(eventQueryOptions(id));
}
