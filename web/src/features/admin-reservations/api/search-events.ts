import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { CatalogEvent, Page } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

/** What the event filter needs of an event. */
export type EventOption = Pick<CatalogEvent, 'id' | 'title' | 'startsAt'>;

/** GET /api/events?q=…: published events for the filter's suggestions, the latest first when nothing is typed. */
export function useEventOptions(q: string) {
  const text = q.trim();
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'reservations', 'event-options', text],
      queryFn: async ({ signal }): Promise<EventOption[]> =>
        (
          await api.get<Page<CatalogEvent>>('/api/events', {
            query: { q: text === '' ? undefined : text, sort: text === '' ? '-startsAt' : 'relevance', limit: 20 },
            signal,
          })
        ).items,
      placeholderData: keepPreviousData,
    }),
  );
}

/** GET /api/events/:id: the chosen event's title, for a filter that came in through the address bar. */
export function useEventOption(id: string) {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'reservations', 'event-option', id],
      queryFn: ({ signal }): Promise<EventOption> => api.get<CatalogEvent>(`/api/events/${encodeURIComponent(id)}`, { signal }),
      enabled: id !== '',
    }),
  );
}
