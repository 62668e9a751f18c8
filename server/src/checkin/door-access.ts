/**
 * Who may work the door of an event: site staff and admins anywhere, an organizer's `checkin`
 * members (and tokens with the `checkin` scope) at its own events; another organizer's event is 404.
 * A ticket of another organizer's event, scanned at ours, is answered like a code we do not know
 * (`invalid`, no ticket details): the door learns nothing of other organizers' buyers.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { organizerOfRecord } from '../audit/record-organizer.js';
import type { Database } from '../db/schema.js';
import { callerOf } from '../organizers/access.js';
import { isSiteStaff, requireCheckinAccess } from '../organizers/records.js';

export function requireDoor(request: FastifyRequest, eventId: string): Promise<void> {
  return requireCheckinAccess(request.server.services.database.db, callerOf(request), eventId);
}

interface Judged {
  result: string;
  ticket: { eventId: string } | null;
}

/**
 * Hides the tickets of other organizers' events among `wrong_event` answers (site staff, who work
 * every door, keep them). `unknown` makes the answer for a code we do not know.
 */
export async function hideOtherOrganizers<T extends Judged>(
  db: Kysely<Database>,
  request: FastifyRequest,
  eventId: string,
  answers: T[],
  unknown: (answer: T) => T,
): Promise<T[]> {
  if (isSiteStaff(callerOf(request)) || !answers.some((a) => a.result === 'wrong_event')) return answers;
  const ours = await organizerOfRecord(db, 'event', eventId);
  const organizers = new Map<string, string | undefined>();
  for (const a of answers) {
    if (a.result === 'wrong_event' && a.ticket !== null && !organizers.has(a.ticket.eventId))
      organizers.set(a.ticket.eventId, await organizerOfRecord(db, 'event', a.ticket.eventId));
  }
  return answers.map((a) =>
    a.result === 'wrong_event' && (a.ticket === null || organizers.get(a.ticket.eventId) !== ours) ? unknown(a) : a,
  );
}
