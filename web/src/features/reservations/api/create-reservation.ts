import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Reservation, ReservationRequest } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { reservationKeys } from './reservation-keys';

export interface CreateReservationInput {
  request: ReservationRequest;
  /** The same key for a retry of the same attempt, so it never holds twice. */
  idempotencyKey: string;
}

export function createReservation({ request, idempotencyKey }: CreateReservationInput): Promise<Reservation> {
  return api.post<Reservation>('/api/reservations', request, { headers: { 'idempotency-key': idempotencyKey } });
}

/**
 * POST /api/reservations: holds the tickets for 30 minutes. Answers 409 sold_out / seats_taken
 * (with the seat ids), 422 limit_exceeded / sales_closed, 401 when signed out.
 */
export function useCreateReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createReservation,
    onSuccess: (reservation) => {
      queryClient.setQueryData(reservationKeys.detail(reservation.id), reservation);
      void queryClient.invalidateQueries({ queryKey: reservationKeys.lists() });
    },
  });
}
