import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RegisterBody, User, UserEnvelope } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { replaceSignedInUser } from '@/lib/auth/current-user';

export async function register(body: RegisterBody): Promise<User> {
  return (await api.post<UserEnvelope>('/api/auth/register', body)).user;
}

/** POST /api/auth/register; the new account is signed in straight away. */
export function useRegister() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: register,
    onSuccess: (user) => replaceSignedInUser(queryClient, user),
  });
}
