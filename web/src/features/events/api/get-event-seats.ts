import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EventSeat } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

/** Seats change hands while the page is open; asking again this often keeps the map honest. */
const REFRESH_MS = 30_000;

export async function getEventSeats(id: string, signal?: AbortSignal): Promise<EventSeat[]> {
  return (await api.get<{ seats: EventSeat[] }>(`/api/events/${encodeURIComponent(id)}/seats`, { signal })).seats;
}

export function eventSeatsQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['events', 'seats', id],
    queryFn: ({ signal }) => getEventSeats(id, signal),
    staleTime: 10_000,
    refetchInterval: REFRESH_MS,
  });
}

/** GET /api/events/:id/seats: every seat of a reserved-seating event and whether it is free, held or sold. */
export function useEventSeats(id: string, enabled: boolean) {
  return useQuery({ ...eventSeatsQueryOptions(id), enabled });
}
