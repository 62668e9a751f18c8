import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PasswordResetConfirmBody, User, UserEnvelope } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { currentUserQueryKey } from '@/lib/auth/current-user';

export async function verifyEmail(token: string): Promise<User> {
  return (await api.post<UserEnvelope>('/api/auth/verify-email', { token })).user;
}

/** POST /api/auth/verify-email; the signed-in person (if it is them) sees the change at once. */
export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyEmail,
    onSuccess: (user) => {
      const me = queryClient.getQueryData<User | null>(currentUserQueryKey);
      if (me?.id === user.id) queryClient.setQueryData(currentUserQueryKey, user);
    },
  });
}

/** POST /api/auth/verify-email/resend (at most 3 an hour). */
export function useResendVerification() {
  return useMutation({ mutationFn: () => api.post<undefined>('/api/auth/verify-email/resend') });
}

/** POST /api/auth/password-reset: always 204, whether or not the address has an account. */
export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (email: string) => api.post<undefined>('/api/auth/password-reset', { email }) });
}

/** POST /api/auth/password-reset/confirm; every session of the account ends, this browser's included. */
export function useConfirmPasswordReset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordResetConfirmBody) => api.post<undefined>('/api/auth/password-reset/confirm', body),
    onSuccess: () => queryClient.setQueryData(currentUserQueryKey, null),
  });
}
