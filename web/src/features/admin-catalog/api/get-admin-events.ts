import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { CatalogEvent, EventListQuery, EventStatus, Page } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { adminEventsKey } from './catalog-keys';

const PAGE_SIZE = 25;

export interface AdminEventFilters {
  status: EventStatus;
  q: string;
  /** The organizer chosen in the switcher; null: every organizer the caller manages. */
  organizerId: string | null;
}

export function getAdminEvents(query: EventListQuery, signal?: AbortSignal): Promise<Page<CatalogEvent>> {
  return api.get<Page<CatalogEvent>>('/api/events', { query: { ...query }, signal });
}

export function adminEventsQueryOptions(filters: AdminEventFilters) {
  const q = filters.q.trim();
  return infiniteQueryOptions({
    queryKey: [...adminEventsKey, 'list', { status: filters.status, q, organizerId: filters.organizerId }],
    queryFn: ({ pageParam, signal }) =>
      getAdminEvents(
        {
          status: filters.status,
          // The admin list shows the caller's own organizers' events only, whatever their status.
          mine: true,
          organizerId: filters.organizerId ?? undefined,
          q: q === '' ? undefined : q,
          sort: q === '' ? '-startsAt' : 'relevance',
          limit: PAGE_SIZE,
          cursor: pageParam,
        },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** GET /api/events?status=…: an admin may list drafts and cancelled events too. */
export function useAdminEvents(filters: AdminEventFilters) {
  return useInfiniteQuery(adminEventsQueryOptions(filters));
}
