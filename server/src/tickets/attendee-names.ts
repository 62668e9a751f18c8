/**
 * The name a ticket admits, changed by its holder until the event starts (PATCH
 * /api/reservations/:id/tickets/:ticketId). The PDF, the exports and the scanner read the stored
 * name, so they follow at once. Audited in the same transaction as the change.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import { hasStarted, heldTicket } from './held-tickets.js';

/** Reservations whose tickets may still be named: the live ones. */
const NAMEABLE = new Set(['pending_payment', 'paid']);

/** Trimmed, at least one visible character (the schema already refused control characters and length). */
export function cleanAttendeeName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '')
    throw errors.validation('A name needs at least one letter.', [{ path: '/attendeeName', message: 'is empty' }]);
  return trimmed;
}

export async function renameAttendee(
  db: Kysely<Database>,
  actor: { id: string; ip: string },
  reservationId: string,
  ticketId: string,
  attendeeName: string,
): Promise<void> {
  const name = cleanAttendeeName(attendeeName);
  await db.transaction().execute(async (trx) => {
    const t = await heldTicket(trx, reservationId, ticketId, actor.id);
    if (!NAMEABLE.has(t.status)) throw errors.conflict(`This reservation is ${t.status}; its tickets can no longer be renamed.`);
    if (hasStarted(t)) throw errors.conflict('The event has started; names can no longer change.');
    if (t.attendee_name === name) return;
    // Guarded by the state just read: a transfer committed in between moved the ticket on.
    const done = await trx
      .updateTable('tickets')
      .set({ attendee_name: name })
      .where('id', '=', t.id)
      .where('qr_generation', '=', t.qr_generation)
      .executeTakeFirst();
    if (done.numUpdatedRows === 0n) throw errors.conflict('The ticket changed meanwhile; reload and try again.');
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'attendee.rename',
      entityType: 'ticket',
      entityId: t.id,
      organizerId: t.organizer_id,
      before: { attendeeName: t.attendee_name },
      after: { attendeeName: name },
      ip: actor.ip,
    });
  });
}
