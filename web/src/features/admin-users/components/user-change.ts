/** The changes an admin can make to an account from the users list, and the words for each (catalogue `admin-users`). */
import type { AdminUserPatch, Role, User } from '@iatichet/contracts';
import i18next from 'i18next';

export type UserChange = { kind: 'role'; role: Role } | { kind: 'disabled'; disabled: boolean };

interface ChangeWords {
  menuLabel: string;
  title: string;
  description: string;
  confirmLabel: string;
  done: string;
  tone: 'primary' | 'error';
}

export function changePatch(change: UserChange): AdminUserPatch {
  return change.kind === 'role' ? { role: change.role } : { disabled: change.disabled };
}

export function describeChange(change: UserChange, user: Pick<User, 'name'>): ChangeWords {
  const t = (key: string) => i18next.t(key, { ns: 'admin-users', name: user.name });
  if (change.kind === 'role') {
    const role = change.role;
    return {
      menuLabel: t(`change.${role}.menu`),
      title: t(`change.${role}.title`),
      description: t(`change.${role}.powers`),
      confirmLabel: t(`change.${role}.menu`),
      done: t(`change.${role}.done`),
      tone: 'primary',
    };
  }
  const kind = change.disabled ? 'disable' : 'enable';
  return {
    menuLabel: t(`change.${kind}.menu`),
    title: t(`change.${kind}.title`),
    description: t(`change.${kind}.text`),
    confirmLabel: t(`change.${kind}.menu`),
    done: t(`change.${kind}.done`),
    tone: change.disabled ? 'error' : 'primary',
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
