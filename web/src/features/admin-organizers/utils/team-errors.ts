/**
 * Words for what the team routes refuse. A 409 means "already in the team" on an invitation, and
 * "that would leave no owner" on a role change or a removal: each is said as what to do about it.
 */
import i18next from 'i18next';
import { isApiError } from '@/lib/api-error';
import { errorMessage } from '@/lib/error-messages';

export function teamErrorText(error: unknown, action: 'invite' | 'change'): string {
  if (isApiError(error) && error.status === 409) {
    return i18next.t(action === 'invite' ? 'admin-organizers:members.alreadyMember' : 'admin-organizers:members.lastOwner');
  }
  return errorMessage(error);
}
