import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Reservation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { storeAdminReservation } from './admin-reservation-keys';

export function cancelAdminReservation({ id, refund }: { id: string; refund: boolean }): Promise<Reservation> {
  return api.post<Reservation>(`/api/admin/reservations/${encodeURIComponent(id)}/cancel`, { refund });
}

/** POST /api/admin/reservations/:id/cancel: releases the tickets; a paid one is refunded only when asked. */
export function useCancelAdminReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelAdminReservation,
    onSuccess: (reservation) => storeAdminReservation(queryClient, reservation),
  });
}
