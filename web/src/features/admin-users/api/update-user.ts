import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { AdminUserPatch, Page, User, UserEnvelope } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { currentUserQueryKey } from '@/lib/auth/current-user';
import { usersQueryKey } from './get-users';

export async function updateUser({ id, patch }: { id: string; patch: AdminUserPatch }): Promise<User> {
  return (await api.patch<UserEnvelope>(`/api/admin/users/${encodeURIComponent(id)}`, patch)).user;
}

function replaceUser(data: InfiniteData<Page<User>> | undefined, user: User) {
  if (data === undefined) return data;
  const pages = data.pages.map((page) => ({ ...page, items: page.items.map((item) => (item.id === user.id ? user : item)) }));
  return { ...data, pages };
}

/**
 * PATCH /api/admin/users/:id. The changed row is updated where it stands, even if it no longer
 * matches the filters, so the admin sees the result of what they just did; lists are refetched
 * the next time they are opened.
 */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: (user) => {
      queryClient.setQueriesData<InfiniteData<Page<User>>>({ queryKey: usersQueryKey }, (data) => replaceUser(data, user));
      void queryClient.invalidateQueries({ queryKey: usersQueryKey, refetchType: 'none' });
      // An admin who changed their own role must see the app as that role from now on.
      if (queryClient.getQueryData<User | null>(currentUserQueryKey)?.id === user.id) {
        void queryClient.invalidateQueries({ queryKey: currentUserQueryKey });
      }
    },
  });
}
