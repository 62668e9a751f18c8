import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CheckinStats } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { checkinKeys } from './checkin-keys';

export function getCheckinStats(eventId: string, signal?: AbortSignal): Promise<CheckinStats> {
  return api.get<CheckinStats>(`/api/events/${encodeURIComponent(eventId)}/checkin-stats`, { signal });
}

/** GET /api/events/:id/checkin-stats; other scanners at other doors move it too, so it is polled. */
export function useCheckinStats(eventId: string) {
  return useQuery(
    queryOptions({
      queryKey: checkinKeys.stats(eventId),
      queryFn: ({ signal }) => getCheckinStats(eventId, signal),
      refetchInterval: 10_000,
    }),
  );
}
