import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { CatalogEvent, EventListQuery, Page } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

const PAGE_SIZE = 12;

export const eventsQueryKey = ['events', 'list'] as const;

export function getEvents(query: EventListQuery, signal?: AbortSignal): Promise<Page<CatalogEvent>> {
  return api.get<Page<CatalogEvent>>('/api/events', { query: { ...query }, signal });
}

export function eventsQueryOptions(filters: Omit<EventListQuery, 'limit' | 'cursor'>) {
  return infiniteQueryOptions({
    queryKey: [...eventsQueryKey, filters],
    queryFn: ({ pageParam, signal }) => getEvents({ ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The last results stay on screen while a changed search loads, instead of flashing skeletons.
    placeholderData: keepPreviousData,
  });
}

/** GET /api/events: published events matching the filters, a page at a time ("Load more"). */
export function useEvents(filters: Omit<EventListQuery, 'limit' | 'cursor'>) {
  return useInfiniteQuery(eventsQueryOptions(filters));
}
