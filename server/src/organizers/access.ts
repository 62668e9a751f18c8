/**
 * What a caller may do with one organizer's records. Site `admin` may do everything; a member may
 * act within their role; an API token within its organizer and scopes; everyone else is told the
 * record does not exist (404, never 403), so that no one can probe another organizer's ids.
 *
 * Roles (API.md "Organizers, teams"): owner (everything, incl. members, tokens, webhooks), manager
 * (venues, events, codes, questions, reservations, exports), checkin (scan and stats).
 */
import { API_TOKEN_SCOPES, type ApiTokenScope } from '@iatichet/contracts';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, OrganizerRole } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import { currentUser } from '../security/auth.js';

export type { OrganizerRole };

/** The scopes live in the contracts, which validate a token's creation against the same list. */
export const TOKEN_SCOPES = API_TOKEN_SCOPES;
export type TokenScope = ApiTokenScope;

/** What a role allows, highest first: an owner may do what a manager may, a manager what checkin may. */
const RANK: Record<OrganizerRole, number> = { owner: 3, manager: 2, checkin: 1 };

/** The roles that allow what `least` allows. */
export function rolesAtLeast(least: OrganizerRole): OrganizerRole[] {
  return (Object.keys(RANK) as OrganizerRole[]).filter((role) => RANK[role] >= RANK[least]);
}

export interface Caller {
  id: string;
  /** The site role: 'admin' may do everything, 'staff' may check in anywhere. */
  role: string;
  /** Set when an API token is calling: it acts only for its organizer, only within its scopes. */
  token?: { id: string; organizerId: string; scopes: readonly string[] };
}

/** The caller of a request (401 when anonymous). */
export function callerOf(request: FastifyRequest): Caller {
  const user = currentUser(request);
  const token = request.auth?.apiToken;
  return token === undefined ? { id: user.id, role: user.role } : { id: user.id, role: 'user', token };
}

export type Access = 'admin' | OrganizerRole | 'token';

/**
 * 'admin' for a site admin, 'token' for a token of this organizer, the member's role, or undefined
 * when the caller has no part in the organizer. For a site admin, undefined too when no organizer
 * has this id: a membership or a token implies one, an admin's rights do not, and what follows
 * would otherwise make records for no organizer (a 500 from the foreign key) or list nothing.
 */
export async function organizerAccess(db: Kysely<Database>, caller: Caller, organizerId: string): Promise<Access | undefined> {
  if (caller.token !== undefined) return caller.token.organizerId === organizerId ? 'token' : undefined;
  if (caller.role === 'admin') {
    const row = await db.selectFrom('organizers').select('id').where('id', '=', organizerId).executeTakeFirst();
    return row === undefined ? undefined : 'admin';
  }
  const row = await db
    .selectFrom('organizer_members')
    .select('role')
    .where('organizer_id', '=', organizerId)
    .where('user_id', '=', caller.id)
    .executeTakeFirst();
  return row?.role;
}

/** True when a member's or admin's access allows what `least` allows (tokens are judged by scope). */
export function roleAllows(have: Access | undefined, least: OrganizerRole): boolean {
  if (have === undefined || have === 'token') return false;
  return have === 'admin' || RANK[have] >= RANK[least];
}

/**
 * The gate of every organizer-scoped action. Throws 404 (`what` not found) when the caller has no
 * part in the organizer; 403 when a member's role is below `least`, or when a token lacks `scope`
 * (a route that names no scope is closed to tokens: members, tokens and webhooks are managed by
 * people only). Returns the caller's access otherwise.
 */
export async function requireOrganizerRole(
  db: Kysely<Database>,
  caller: Caller,
  organizerId: string,
  least: OrganizerRole,
  options: { what?: string; scope?: TokenScope } = {},
): Promise<Access> {
  const access = await organizerAccess(db, caller, organizerId);
  if (access === undefined) throw errors.notFound(options.what ?? 'organizer');
  if (access === 'token') {
    if (options.scope === undefined || !caller.token?.scopes.includes(options.scope)) throw errors.forbidden();
    return access;
  }
  if (!roleAllows(access, least)) throw errors.forbidden();
  return access;
}

/**
 * The organizers whose records a caller may list with at least `least` (or, for a token, `scope`):
 * 'all' for a site admin, else their ids (possibly none). A token without `scope` is refused
 * (403), as on every other route out of its scope, rather than shown an empty list that reads as
 * "no records".
 */
export async function organizersInScope(
  db: Kysely<Database>,
  caller: Caller,
  least: OrganizerRole,
  scope?: TokenScope,
): Promise<'all' | string[]> {
  if (caller.token !== undefined) {
    if (scope === undefined || !caller.token.scopes.includes(scope)) throw errors.forbidden();
    return [caller.token.organizerId];
  }
  if (caller.role === 'admin') return 'all';
  const rows = await db
    .selectFrom('organizer_members')
    .select(['organizer_id', 'role'])
    .where('user_id', '=', caller.id)
    .execute();
  return rows.filter((r) => RANK[r.role] >= RANK[least]).map((r) => r.organizer_id);
}
