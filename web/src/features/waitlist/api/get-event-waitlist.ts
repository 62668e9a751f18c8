/** GET /api/admin/events/:id/waitlist: an event's lists in join order, for its organizer. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AdminWaitlistEntry } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { waitlistKeys } from './waitlist-keys';

export function eventWaitlistQueryOptions(eventId: string) {
  return queryOptions({
    queryKey: waitlistKeys.event(eventId),
    queryFn: ({ signal }) =>
      api.get<{ items: AdminWaitlistEntry[] }>(`/api/admin/events/${encodeURIComponent(eventId)}/waitlist`, { signal }),
    select: (page) => page.items,
    // Offers are made and lapse on their own: the organizer's view refreshes while it is open.
    refetchInterval: 15_000,
  });
}

export function useEventWaitlist(eventId: string) {
  return useQuery(eventWaitlistQueryOptions(eventId));
}
