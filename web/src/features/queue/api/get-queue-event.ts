/** GET /api/events/:id for the waiting room: its queue settings, sale times and waiting-list setting. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CatalogEvent } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { queueKeys } from './queue-keys';

export function queueEventQueryOptions(eventId: string) {
  return queryOptions({
    queryKey: queueKeys.event(eventId),
    queryFn: ({ signal }) => api.get<CatalogEvent>(`/api/events/${encodeURIComponent(eventId)}`, { signal }),
  });
}

export function useQueueEvent(eventId: string) {
  return useQuery(queueEventQueryOptions(eventId));
}
