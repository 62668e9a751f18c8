import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { Page, Reservation, ReservationListQuery, ReservationStatus } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { reservationKeys } from './reservation-keys';

const PAGE_SIZE = 20;

export function getReservations(query: ReservationListQuery, signal?: AbortSignal): Promise<Page<Reservation>> {
  return api.get<Page<Reservation>>('/api/reservations', { query: { ...query }, signal });
}

export function reservationsQueryOptions(status: ReservationStatus | 'any') {
  return infiniteQueryOptions({
    queryKey: [...reservationKeys.lists(), { status }],
    queryFn: ({ pageParam, signal }) =>
      getReservations({ status: status === 'any' ? undefined : status, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** GET /api/reservations: the signed-in person's reservations, newest first, a page at a time. */
export function useReservations(status: ReservationStatus | 'any') {
  return useInfiniteQuery(reservationsQueryOptions(status));
}
