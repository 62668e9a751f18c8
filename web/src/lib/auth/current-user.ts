/**
 * Who is signed in, from GET /api/auth/session, which answers a visitor with `{ user: null }` (200):
 * /api/auth/me's 401 would be a console error on every signed-out page. A 401 (a server without the
 * session route) still means signed out; any other failure stays an error.
 */
import { queryOptions, useQuery, type Query, type QueryClient } from '@tanstack/react-query';
import type { SessionEnvelope, User, UserEnvelope } from '@iatichet/contracts';
// Relative, not `@/lib`: query-client.ts imports this file and its unit tests run without Vite's alias.
import { api } from '../api-client';
import { isApiError } from '../api-error';
import { forgetDoorData } from '../offline/scanner-db';

export const currentUserQueryKey = ['auth', 'me'] as const;

export async function getCurrentUser(signal?: AbortSignal): Promise<User | null> {
  try {
    return (await api.get<SessionEnvelope>('/api/auth/session', { signal })).user;
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    // No network: the door scanner's service worker keeps the last /api/auth/me answer (src/sw/sw.ts).
    if (isApiError(error) && error.status === 0) return getStoredMe(signal);
    throw error;
  }
}

async function getStoredMe(signal?: AbortSignal): Promise<User | null> {
  try {
    return (await api.get<UserEnvelope>('/api/auth/me', { signal })).user;
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function currentUserQueryOptions() {
  return queryOptions({ queryKey: currentUserQueryKey, queryFn: ({ signal }) => getCurrentUser(signal) });
}

/** `data`: the user, `null` when signed out, `undefined` while the first answer is on its way. */
export function useCurrentUser() {
  return useQuery(currentUserQueryOptions());
}

const isCurrentUserQuery = (query: Query) => query.queryKey[0] === currentUserQueryKey[0];

/**
 * After signing in, registering or signing out: the header and guards see the new person at once,
 * and nothing fetched for the previous one stays in the cache (a shared computer must not show the
 * last admin's user list to whoever signs in next), nor on the device (the door scanner's ticket lists).
 */
export function replaceSignedInUser(queryClient: QueryClient, user: User | null): void {
  api.forgetCsrfToken();
  void forgetDoorData().catch(() => undefined);
  queryClient.setQueryData(currentUserQueryKey, user);
  const others = (query: Query) => !isCurrentUserQuery(query);
  // Signed out, what only exists for someone signed in (meta.signedInOnly) is dropped, not asked
  // for again: its component is still mounted for a moment and would get a 401 for it.
  const signedInOnly = (query: Query) => query.meta?.['signedInOnly'] === true;
  if (user === null) queryClient.removeQueries({ predicate: signedInOnly });
  queryClient.removeQueries({ type: 'inactive', predicate: others });
  void queryClient.invalidateQueries({ type: 'active', predicate: (query) => others(query) && !signedInOnly(query) });
}
