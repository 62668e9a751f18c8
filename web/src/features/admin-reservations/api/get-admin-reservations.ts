import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { AdminReservationQuery, Page, Reservation, ReservationStatus } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { adminReservationKeys } from './admin-reservation-keys';

const PAGE_SIZE = 25;

export interface AdminReservationFilters {
  eventId: string;
  status: ReservationStatus | 'any';
  /** Code, buyer email or name, attendee name; '' for all. */
  q: string;
  /** An answer to this question of the event ('' for any question)... */
  questionId: string;
  /** ...containing this text ('' for any answer). */
  answer: string;
}

export function getAdminReservations(query: AdminReservationQuery, signal?: AbortSignal): Promise<Page<Reservation>> {
  return api.get<Page<Reservation>>('/api/admin/reservations', { query: { ...query }, signal });
}

export function adminReservationsQueryOptions(filters: AdminReservationFilters) {
  const q = filters.q.trim();
  return infiniteQueryOptions({
    queryKey: [
      ...adminReservationKeys.lists(),
      { eventId: filters.eventId, status: filters.status, q, questionId: filters.questionId, answer: filters.answer.trim() },
    ],
    queryFn: ({ pageParam, signal }) =>
      getAdminReservations(
        {
          eventId: filters.eventId === '' ? undefined : filters.eventId,
          status: filters.status === 'any' ? undefined : filters.status,
          q: q === '' ? undefined : q,
          questionId: filters.questionId === '' ? undefined : filters.questionId,
          answer: filters.answer.trim() === '' ? undefined : filters.answer.trim(),
          limit: PAGE_SIZE,
          cursor: pageParam,
        },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** GET /api/admin/reservations, newest first, a page at a time ("Load more"). */
export function useAdminReservations(filters: AdminReservationFilters) {
  return useInfiniteQuery(adminReservationsQueryOptions(filters));
}
