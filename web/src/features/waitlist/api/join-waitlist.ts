/** POST /api/events/:id/waitlist: join a sold-out ticket type's waiting list. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { WaitlistEntry, WaitlistJoin } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { waitlistKeys } from './waitlist-keys';

export function useJoinWaitlist(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WaitlistJoin) => api.post<WaitlistEntry>(`/api/events/${encodeURIComponent(eventId)}/waitlist`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: waitlistKeys.mine }),
  });
}
