/** The changes an admin can make to an account from the users list, and the words for each. */
import type { AdminUserPatch, Role, User } from '@iatichet/contracts';
import { roleLabel } from '@/components/data-display/role-chip';

export type UserChange = { kind: 'role'; role: Role } | { kind: 'disabled'; disabled: boolean };

interface ChangeWords {
  menuLabel: string;
  title: string;
  description: string;
  confirmLabel: string;
  done: string;
  tone: 'primary' | 'error';
}

const ROLE_POWERS: Record<Role, string> = {
  user: 'They keep their own tickets and reservations but lose any staff or admin access.',
  staff: 'Staff can check people in at events. They keep their own tickets and reservations.',
  admin: 'Admins can manage events, venues, reservations and every account, including yours.',
};

export function changePatch(change: UserChange): AdminUserPatch {
  return change.kind === 'role' ? { role: change.role } : { disabled: change.disabled };
}

export function describeChange(change: UserChange, user: Pick<User, 'name'>): ChangeWords {
  const name = user.name;
  if (change.kind === 'role') {
    const label = roleLabel(change.role).toLowerCase();
    const article = change.role === 'admin' ? 'an ' : change.role === 'user' ? 'a regular ' : '';
    return {
      menuLabel: `Make ${label}`,
      title: `Make ${name} ${article}${label}?`,
      description: ROLE_POWERS[change.role],
      confirmLabel: `Make ${label}`,
      done: `${name} is now ${article}${label}.`,
      tone: 'primary',
    };
  }
  return change.disabled
    ? {
        menuLabel: 'Disable account',
        title: `Disable ${name}'s account?`,
        description: 'They are signed out everywhere and cannot sign in until the account is enabled again.',
        confirmLabel: 'Disable account',
        done: `${name}'s account is disabled.`,
        tone: 'error',
      }
    : {
        menuLabel: 'Enable account',
        title: `Enable ${name}'s account?`,
        description: 'They can sign in again with their existing password.',
        confirmLabel: 'Enable account',
        done: `${name}'s account is enabled again.`,
        tone: 'primary',
      };
}

/** What the menu offers for `user`: the two roles they do not have, then disable or enable. */
export function availableChanges(user: Pick<User, 'role' | 'disabled'>): UserChange[] {
  const roles: Role[] = ['user', 'staff', 'admin'];
  return [
    ...roles.filter((role) => role !== user.role).map((role): UserChange => ({ kind: 'role', role })),
    { kind: 'disabled', disabled: !user.disabled },
  ];
}
