import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Billing, Reservation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { reservationKeys } from './reservation-keys';

export function saveBilling(id: string, billing: Billing): Promise<Reservation> {
  return api.put<Reservation>(`/api/reservations/${encodeURIComponent(id)}/billing`, billing);
}

/** PUT /api/reservations/:id/billing: who the invoice names; only before paying (409 after). */
export function useSaveBilling() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, billing }: { id: string; billing: Billing }) => saveBilling(id, billing),
    onSuccess: (reservation) => queryClient.setQueryData(reservationKeys.detail(reservation.id), reservation),
  });
}
