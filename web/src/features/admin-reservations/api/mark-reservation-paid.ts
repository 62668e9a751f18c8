import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MarkPaidRequest, Reservation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { storeAdminReservation } from './admin-reservation-keys';

export function markReservationPaid({ id, body }: { id: string; body: MarkPaidRequest }): Promise<Reservation> {
  return api.post<Reservation>(`/api/admin/reservations/${encodeURIComponent(id)}/mark-paid`, body);
}

/** POST /api/admin/reservations/:id/mark-paid: an assisted payment (cash, bank transfer, other); 409 unless pending. */
export function useMarkReservationPaid() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markReservationPaid,
    onSuccess: (reservation) => storeAdminReservation(queryClient, reservation),
  });
}
