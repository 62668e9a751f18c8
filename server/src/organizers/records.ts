/**
 * The gate applied to one record: finds the organizer a venue, event, reservation or ticket belongs
 * to (audit/record-organizer.ts), then asks access.ts. A record that does not exist and a record of an organizer the caller has
 * no part in answer the same 404, so ids cannot be probed. Also the route guards that replace
 * "site admin only" on organizer-scoped route groups.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, OrganizerRole } from '../db/schema.js';
import { organizerOfRecord, type RecordKind } from '../audit/record-organizer.js';
import { errors } from '../platform/errors.js';
import { currentUser } from '../security/auth.js';
import {
  callerOf,
  organizersInScope,
  requireOrganizerRole,
  rolesAtLeast,
  type Access,
  type Caller,
  type TokenScope,
} from './access.js';
import { defaultOrganizerId } from './default-organizer.js';

/** Throws 404 (`kind` not found) unless the record exists and the caller has `least` (or `scope`) in its organizer. */
export async function requireRecordAccess(
  db: Kysely<Database>,
  caller: Caller,
  kind: RecordKind,
  id: string,
  least: OrganizerRole,
  scope?: TokenScope,
): Promise<{ organizerId: string; access: Access }> {
  const organizerId = await organizerOfRecord(db, kind, id);
  if (organizerId === undefined) throw errors.notFound(kind);
  const access = await requireOrganizerRole(db, caller, organizerId, least, { what: kind, scope });
  return { organizerId, access };
}

/** Site staff check people in at every organizer's events; a token never counts as staff. */
export const isSiteStaff = (caller: Caller) => caller.token === undefined && (caller.role === 'staff' || caller.role === 'admin');

/** Check-in rights for one event: site staff anywhere, else a `checkin` member (or token) of its organizer. */
export async function requireCheckinAccess(db: Kysely<Database>, caller: Caller, eventId: string): Promise<void> {
  if (isSiteStaff(caller)) return;
  await requireRecordAccess(db, caller, 'event', eventId, 'checkin', 'checkin');
}

/** True when the caller is a member of some organizer with at least `least` (site admins and tokens always are). */
async function hasAnyMembership(db: Kysely<Database>, caller: Caller, least: OrganizerRole): Promise<boolean> {
  if (caller.token !== undefined || caller.role === 'admin') return true;
  const roles = rolesAtLeast(least);
  const row = await db
    .selectFrom('organizer_members')
    .select('organizer_id')
    .where('user_id', '=', caller.id)
    .where('role', 'in', roles)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Route guard of an organizer-scoped group (what was "admin only"): 401 anonymous, 403 for a
 * signed-in person who is in no team with at least `least` (so that a buyer learns nothing, as
 * before organizers); members pass, and each record is then judged by requireRecordAccess.
 */
export function requireTeam(least: OrganizerRole, options: { siteStaff?: boolean } = {}) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    currentUser(request);
    const caller = callerOf(request);
    if (options.siteStaff === true && isSiteStaff(caller)) return;
    if (!(await hasAnyMembership(request.server.services.database.db, caller, least))) throw errors.forbidden();
  };
}

/**
 * The organizer a new venue (or event) is made for: the one named, when the caller may manage it;
 * else a token's own; the default organizer for a site admin; the caller's only organizer they
 * manage. A member of several must name one (400).
 */
export async function organizerForCreation(
  db: Kysely<Database>,
  caller: Caller,
  requested: string | undefined,
  scope: TokenScope,
): Promise<string> {
  if (requested !== undefined) {
    await requireOrganizerRole(db, caller, requested, 'manager', { what: 'organizer', scope });
    return requested;
  }
  if (caller.token !== undefined) {
    if (!caller.token.scopes.includes(scope)) throw errors.forbidden();
    return caller.token.organizerId;
  }
  if (caller.role === 'admin') return defaultOrganizerId(db);
  const mine = await organizersInScope(db, caller, 'manager');
  if (mine === 'all') return defaultOrganizerId(db);
  const [only, ...others] = mine;
  if (only === undefined) throw errors.forbidden();
  if (others.length > 0) {
    throw errors.validation('You manage several organizers: name the one this is for.', [
      { path: '/organizerId', message: 'is required when you manage several organizers' },
    ]);
  }
  return only;
}

/** requireRecordAccess for the caller of a request. */
export function requireAccessTo(
  request: FastifyRequest,
  kind: RecordKind,
  id: string,
  least: OrganizerRole,
  scope?: TokenScope,
): Promise<{ organizerId: string; access: Access }> {
  return requireRecordAccess(request.server.services.database.db, callerOf(request), kind, id, least, scope);
}
