/** DELETE /api/waitlist/:entryId: leave a list (an open offer is cancelled and passes on). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export function useLeaveWaitlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entryId: string) => api.delete(`/api/waitlist/${encodeURIComponent(entryId)}`),
    // The offer's reservation may have been cancelled too: everything under ['reservations'] is stale.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reservations'] }),
  });
}
