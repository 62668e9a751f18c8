import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Reservation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { reservationKeys } from './reservation-keys';

export function cancelReservation(id: string): Promise<Reservation> {
  return api.post<Reservation>(`/api/reservations/${encodeURIComponent(id)}/cancel`);
}

/** POST /api/reservations/:id/cancel: a pending one is cancelled, a paid one refunded; its seats go back on sale. */
export function useCancelReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelReservation,
    onSuccess: (reservation) => {
      queryClient.setQueryData(reservationKeys.detail(reservation.id), reservation);
      void queryClient.invalidateQueries({ queryKey: reservationKeys.lists() });
    },
  });
}
