import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CheckinRequest, CheckinResponse } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { checkinKeys } from './checkin-keys';

export function checkIn(body: CheckinRequest): Promise<CheckinResponse> {
  return api.post<CheckinResponse>('/api/checkin', body);
}

/** POST /api/checkin: one scan; the running count is asked for again after each one. */
export function useCheckIn(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: checkIn,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: checkinKeys.stats(eventId) }),
  });
}
