import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CatalogEvent } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { adminEventsKey } from './catalog-keys';

export function getAdminEvent(id: string, signal?: AbortSignal): Promise<CatalogEvent> {
  // ?manage=true: every ticket type, hidden ones included, so that saving the form keeps them.
  return api.get<CatalogEvent>(`/api/events/${encodeURIComponent(id)}?manage=true`, { signal });
}

export function adminEventQueryOptions(id: string) {
  return queryOptions({ queryKey: [...adminEventsKey, 'detail', id], queryFn: ({ signal }) => getAdminEvent(id, signal) });
}

/** GET /api/events/:id as an admin: drafts and cancelled events answer too. */
export function useAdminEvent(id: string | undefined) {
  return useQuery({ ...adminEventQueryOptions(id ?? ''), enabled: id !== undefined });
}
