import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EventSeats } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import type { SeatMapState } from './seat-sync';

/**
 * Seats change hands while the page is open; without versions (older servers) asking again this
 * often keeps the map honest. A versioned map is kept current by deltas instead (use-live-event).
 */
const REFRESH_MS = 30_000;

/** GET /api/events/:id/seats, or only the seats changed after `since` (a versioned server's ?since=). */
export async function getEventSeats(id: string, signal?: AbortSignal, since?: number): Promise<SeatMapState> {
  const query = since === undefined ? '' : `?since=${since}`;
  const answer = await api.get<EventSeats>(`/api/events/${encodeURIComponent(id)}/seats${query}`, { signal });
  return answer.version === undefined ? { seats: answer.seats } : { seats: answer.seats, version: answer.version };
}

export function eventSeatsQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['events', 'seats', id],
    queryFn: ({ signal }) => getEventSeats(id, signal),
    staleTime: 10_000,
    // A 20,000-seat map is not fetched whole every 30 s when deltas can keep it current.
    refetchInterval: (query) => (query.state.data?.version === undefined ? REFRESH_MS : false),
  });
}

/** GET /api/events/:id/seats: every seat of a reserved-seating event and whether it is free, held or sold. */
export function useEventSeats(id: string, enabled: boolean) {
  return useQuery({ ...eventSeatsQueryOptions(id), enabled, select: (state) => state.seats });
}
