/** GET /api/waitlist: the signed-in person's entries, each with its live place in line. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { WaitlistEntry } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { waitlistKeys } from './waitlist-keys';

export function myWaitlistQueryOptions() {
  return queryOptions({
    queryKey: waitlistKeys.mine,
    queryFn: ({ signal }) => api.get<{ items: WaitlistEntry[] }>('/api/waitlist', { signal }),
    select: (page) => page.items,
    meta: { signedInOnly: true },
  });
}

export function useMyWaitlist(enabled = true) {
  return useQuery({ ...myWaitlistQueryOptions(), enabled });
}
