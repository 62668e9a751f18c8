import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Reservation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { adminReservationKeys } from './admin-reservation-keys';

export function getAdminReservation(id: string, signal?: AbortSignal): Promise<Reservation> {
  return api.get<Reservation>(`/api/admin/reservations/${encodeURIComponent(id)}`, { signal });
}

/** GET /api/admin/reservations/:id: any reservation, with its buyer and the organiser's note. */
export function useAdminReservation(id: string) {
  return useQuery(
    queryOptions({
      queryKey: adminReservationKeys.detail(id),
      queryFn: ({ signal }) => getAdminReservation(id, signal),
      staleTime: 0,
    }),
  );
}
