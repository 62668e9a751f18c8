import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginBody, User, UserEnvelope } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { replaceSignedInUser } from '@/lib/auth/current-user';

export async function signIn(body: LoginBody): Promise<User> {
  return (await api.post<UserEnvelope>('/api/auth/login', body)).user;
}

/** POST /api/auth/login; on success the header and guards see the user without a reload. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (user) => replaceSignedInUser(queryClient, user),
  });
}
