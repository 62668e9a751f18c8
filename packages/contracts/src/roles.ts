export const ROLES = ['user', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Staff may check people in; admins may do everything staff can. */
export function canCheckIn(role: Role): boolean {
  return role === 'staff' || role === 'admin';
}
