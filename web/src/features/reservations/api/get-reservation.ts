import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Reservation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { reservationKeys } from './reservation-keys';

export function getReservation(id: string, signal?: AbortSignal): Promise<Reservation> {
  return api.get<Reservation>(`/api/reservations/${encodeURIComponent(id)}`, { signal });
}

/**
 * A pending reservation changes without us (an organiser extends or cancels it, a provider's webhook
 * pays it), so it is asked for again every minute, and every 2 seconds while a payment made on the
 * provider's own page is being confirmed. Anything else is final.
 */
export function reservationQueryOptions(id: string, confirmingPayment = false) {
  return queryOptions({
    queryKey: reservationKeys.detail(id),
    queryFn: ({ signal }) => getReservation(id, signal),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.status === 'pending_payment' ? (confirmingPayment ? 2_000 : 60_000) : false),
  });
}

/** GET /api/reservations/:id: one of your reservations (404 for anyone else's). */
export function useReservation(id: string, confirmingPayment = false) {
  return useQuery(reservationQueryOptions(id, confirmingPayment));
}
