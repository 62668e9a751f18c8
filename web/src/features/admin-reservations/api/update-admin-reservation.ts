import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AdminReservationPatch, Reservation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { storeAdminReservation } from './admin-reservation-keys';

export function updateAdminReservation({ id, patch }: { id: string; patch: AdminReservationPatch }): Promise<Reservation> {
  return api.patch<Reservation>(`/api/admin/reservations/${encodeURIComponent(id)}`, patch);
}

/** PATCH /api/admin/reservations/:id: attendee names, a later `expiresAt` for a pending hold, the note. */
export function useUpdateAdminReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAdminReservation,
    onSuccess: (reservation) => storeAdminReservation(queryClient, reservation),
  });
}
