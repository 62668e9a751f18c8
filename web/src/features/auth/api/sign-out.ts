import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { replaceSignedInUser } from '@/lib/auth/current-user';

export async function signOut(): Promise<void> {
  await api.post<undefined>('/api/auth/logout');
}

interface UseSignOutOptions {
  /**
   * Runs before the cache forgets the user, e.g. leaving a page that needs a session, so that
   * page's guard does not first bounce the person to the sign-in page.
   */
  beforeForget?: () => Promise<void> | void;
}

/** POST /api/auth/logout, then the app treats the visitor as signed out. */
export function useSignOut({ beforeForget }: UseSignOutOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: async () => {
      await beforeForget?.();
      replaceSignedInUser(queryClient, null);
    },
  });
}
