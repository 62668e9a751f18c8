import { useMutation } from '@tanstack/react-query';
import type { PasswordChangeBody } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

export async function changePassword(body: PasswordChangeBody): Promise<void> {
  await api.post<undefined>('/api/auth/password', body);
}

/** POST /api/auth/password; this session stays, the account's other sessions end. */
export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
