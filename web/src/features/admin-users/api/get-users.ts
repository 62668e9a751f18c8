import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { AdminUserQuery, Page, Role, User } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

const PAGE_SIZE = 25;

export const usersQueryKey = ['admin', 'users'] as const;

export interface UserFilters {
  /** Part of a name or email; '' for everyone. */
  q: string;
  role: Role | 'any';
  /** Off: active accounts only. On: disabled ones too. */
  showDisabled: boolean;
}

export function getUsers(query: AdminUserQuery, signal?: AbortSignal): Promise<Page<User>> {
  return api.get<Page<User>>('/api/admin/users', { query: { ...query }, signal });
}

export function usersQueryOptions(filters: UserFilters) {
  const q = filters.q.trim();
  return infiniteQueryOptions({
    queryKey: [...usersQueryKey, { q, role: filters.role, showDisabled: filters.showDisabled }],
    queryFn: ({ pageParam, signal }) =>
      getUsers(
        {
          q: q === '' ? undefined : q,
          role: filters.role === 'any' ? undefined : filters.role,
          disabled: filters.showDisabled ? undefined : false,
          limit: PAGE_SIZE,
          cursor: pageParam,
        },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While the next search runs, the previous results stay on screen instead of a spinner per keystroke.
    placeholderData: keepPreviousData,
  });
}

/** GET /api/admin/users, newest first, a page at a time ("Load more"). */
export function useUsers(filters: UserFilters) {
  return useInfiniteQuery(usersQueryOptions(filters));
}
