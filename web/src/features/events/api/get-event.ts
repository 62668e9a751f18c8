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

/** GET /api/events/:id?code=: the event as that code shows it (unlocked hidden types, discounted prices); 422 code_invalid. */
export function eventWithCodeQueryOptions(id: string, code: string) {
  return queryOptions({
    queryKey: ['events', 'detail', id, 'code', code],
    queryFn: ({ signal }) =>
      api.get<CatalogEvent>(`/api/events/${encodeURIComponent(id)}?code=${encodeURIComponent(code)}`, { signal }),
    // A refused code is an answer, not a hiccup: asking again changes nothing.
    retry: false,
  });
}

export function useEventWithCode(id: string, code: string | null) {
  return useQuery({ ...eventWithCodeQueryOptions(id, code ?? ''), enabled: code !== null && code !== '' });
}
