/**
 * What a caller may do with one organizer's records. Site `admin` may do everything; a member may
 * act within their role; everyone else is told the record does not exist (404, never 403), so that
 * no one can probe another organizer's ids.
 *
 * Roles (API.md "Organizers, teams"): owner (everything, incl. members, tokens, webhooks), manager
 * (venues, events, codes, questions, reservations, exports), checkin (scan and stats).
 */
import type { Kysely } from 'kysely';
import type { Database, OrganizerRole } from '../db/schema.js';
import { errors } from '../platform/errors.js';

export type { OrganizerRole };

/** What a role allows, highest first: an owner may do what a manager may, a manager what checkin may. */
const RANK: Record<OrganizerRole, number> = { owner: 3, manager: 2, checkin: 1 };

export interface Caller {
  id: string;
  role: string;
}

/** 'admin' for a site admin, the member's role, or undefined when the caller has no part in it. */
export async function organizerAccess(
  db: Kysely<Database>,
  caller: Caller,
  organizerId: string,
): Promise<'admin' | OrganizerRole | undefined> {
  if (caller.role === 'admin') return 'admin';
  const row = await db
    .selectFrom('organizer_members')
    .select('role')
    .where('organizer_id', '=', organizerId)
    .where('user_id', '=', caller.id)
    .executeTakeFirst();
  return row?.role;
}

/** True when `have` allows what `least` allows. */
export function roleAllows(have: 'admin' | OrganizerRole | undefined, least: OrganizerRole): boolean {
  if (have === undefined) return false;
  return have === 'admin' || RANK[have] >= RANK[least];
}

/**
 * Throws 404 (`what` not found) when the caller has no part in the organizer, 403 when their role
 * is below `least`; returns their access otherwise.
 */
export async function requireOrganizerRole(
  db: Kysely<Database>,
  caller: Caller,
  organizerId: string,
  least: OrganizerRole,
  what = 'organizer',
): Promise<'admin' | OrganizerRole> {
  const access = await organizerAccess(db, caller, organizerId);
  if (access === undefined) throw errors.notFound(what);
  if (!roleAllows(access, least)) throw errors.forbidden();
  return access;
}
