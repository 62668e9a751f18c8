import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RegisterAnswer, RegisterBody } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { replaceSignedInUser } from '@/lib/auth/current-user';

export async function register(body: RegisterBody): Promise<RegisterAnswer> {
  return api.post<RegisterAnswer>('/api/auth/register', body);
}

/**
 * POST /api/auth/register. A new account is signed in straight away (unverified); a taken address
 * answers `user: null`, and the page says the same "check your email" either way.
 */
export function useRegister() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: register,
    onSuccess: (answer) => {
      if (answer.user !== null) replaceSignedInUser(queryClient, answer.user);
    },
  });
}
