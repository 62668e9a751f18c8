/**
 * React Query defaults: retry only what may succeed on a second try (network failures and 5xx);
 * a 4xx answer will not change by asking again. Mutations never retry on their own. Any request
 * answered 401 means the session ended (expired, revoked, or signed out elsewhere), so the current
 * user is asked for again and the pages that need a session send the person to sign in.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-error';
import { currentUserQueryKey } from './auth/current-user';

const MAX_RETRIES = 2;

export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return error.status === 0 || error.status >= 500;
}

const endsSession = (error: unknown) => isApiError(error) && error.code === 'unauthenticated';

export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (endsSession(error)) void queryClient.invalidateQueries({ queryKey: currentUserQueryKey });
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => failureCount < MAX_RETRIES && isRetryable(error),
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
