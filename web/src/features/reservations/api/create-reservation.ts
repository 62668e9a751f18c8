import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Reservation, ReservationRequest } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { queuePassHeaders } from '@/lib/queue-pass';
import { reservationKeys } from './reservation-keys';

export interface CreateReservationInput {
  request: ReservationRequest;
  /** The same key for a retry of the same attempt, so it never holds twice. */
  idempotencyKey: string;
}

/** An admitted buyer's waiting-room pass for the event goes along (x-queue-pass; lib/queue-pass.ts). */
export function createReservation({ request, idempotencyKey }: CreateReservationInput): Promise<Reservation> {
  const headers = { 'idempotency-key': idempotencyKey, ...queuePassHeaders(request.eventId) };
  return api.post<Reservation>('/api/reservations', request, { headers });
}

/**
 * POST /api/reservations: holds the tickets for 30 minutes. Answers 409 sold_out / seats_taken
 * (with the seat ids), 422 limit_exceeded / sales_closed, 401 when signed out, 403
 * queue_required while the event's waiting room runs and no valid pass goes along.
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
