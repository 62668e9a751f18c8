import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AnswerInput, Reservation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { reservationKeys } from './reservation-keys';

export function updateAnswers({ id, answers }: { id: string; answers: AnswerInput[] }): Promise<Reservation> {
  return api.put<Reservation>(`/api/reservations/${encodeURIComponent(id)}/answers`, { answers });
}

/** PUT /api/reservations/:id/answers: replaces the answers, until the event starts (409 after; 400 with paths). */
export function useUpdateAnswers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAnswers,
    onSuccess: (reservation) => queryClient.setQueryData(reservationKeys.detail(reservation.id), reservation),
  });
}
