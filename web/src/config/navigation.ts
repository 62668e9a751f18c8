/**
 * The header's navigation. Each entry says who sees it: `anyone`, or the roles that may.
 * Role-gated entries ("My reservations" for signed-in users, "Check-in" for staff and admins)
 * are added here as their pages land; the header needs no change.
 */
import type { Role } from '@iatichet/contracts';
import { paths } from './paths';

export interface NavItem {
  /** Its words: a key of the `common` catalogue. */
  labelKey: string;
  href: string;
  visibleTo: 'anyone' | readonly Role[];
}

export const navItems: readonly NavItem[] = [
  { labelKey: 'nav.events', href: paths.events.getHref(), visibleTo: 'anyone' },
  { labelKey: 'nav.reservations', href: paths.reservations.getHref(), visibleTo: ['user', 'staff', 'admin'] },
  { labelKey: 'nav.checkIn', href: paths.checkIn.getHref(), visibleTo: ['staff', 'admin'] },
  { labelKey: 'nav.admin', href: paths.admin.getHref(), visibleTo: ['admin'] },
];

/** The entries a visitor with `role` (null when signed out) may see, in order. */
export function visibleNavItems(role: Role | null): NavItem[] {
  return navItems.filter((item) => item.visibleTo === 'anyone' || (role !== null && item.visibleTo.includes(role)));
}
