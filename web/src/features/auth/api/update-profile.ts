import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ProfilePatch, User, UserEnvelope } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { currentUserQueryKey } from '@/lib/auth/current-user';

export async function updateProfile(patch: ProfilePatch): Promise<User> {
  return (await api.patch<UserEnvelope>('/api/auth/me', patch)).user;
}

/** PATCH /api/auth/me: the header and every page see the new name at once. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (user) => queryClient.setQueryData(currentUserQueryKey, user),
  });
}
