import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CheckinConflicts } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

const POLL_MS = 15_000;

/** GET /api/events/:id/checkin-conflicts: tickets two scanners admitted while offline, polled while shown. */
export function useCheckinConflicts(eventId: string) {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'events', 'checkin-conflicts', eventId],
      queryFn: ({ signal }) =>
        api.get<CheckinConflicts>(`/api/events/${encodeURIComponent(eventId)}/checkin-conflicts`, { signal }),
      refetchInterval: POLL_MS,
    }),
  );
}
