/**
 * A ticket as its current holder acts on it: the buyer until they give it away, then the account
 * it was given to (tickets.holder_id, 0024). Renaming and transferring read it through here, so
 * both ask the same question of who may act and both lock the same rows in the same order.
 *
 * Locks (PostgreSQL; SQLite runs one writer at a time): the reservation's row FOR SHARE, then the
 * ticket's row by the caller's conditional UPDATE. A scan takes them in the same order (its UPDATE
 * share-locks the reservation in its WHERE), and a refund's UPDATE of the reservation waits for the
 * share lock, so a ticket is never transferred out of a reservation that a refund just closed.
 * No event, seat or counter lock is taken: these change neither inventory nor money.
 */
import type { Kysely } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';

export interface HeldTicket {
  id: string;
  reservation_id: string;
  holder_id: string | null;
  attendee_name: string | null;
  checked_in_at: string | null;
  qr_generation: number;
  short_code: string | null;
  /** The buyer. */
  user_id: string;
  status: string;
  code: string;
  event_id: string;
  starts_at: string;
  event_status: string;
  title: string;
  organizer_id: string;
}

/** Whose the ticket is now: its recipient's after a transfer, else the buyer's. */
export const currentHolder = (t: Pick<HeldTicket, 'holder_id' | 'user_id'>): string => t.holder_id ?? t.user_id;

/**
 * The ticket of this reservation held by `callerId`; 404 otherwise, for a ticket given away too,
 * so that nobody learns of tickets that are not theirs (and the buyer of a given ticket is told it
 * is no longer theirs by the reservation's answer, not by an error).
 */
export async function heldTicket(
  trx: Kysely<Database>,
  reservationId: string,
  ticketId: string,
  callerId: string,
): Promise<HeldTicket> {
  if (dialectOf(trx) === 'postgres')
    await trx.selectFrom('reservations').select('id').where('id', '=', reservationId).forShare().execute();
  const row = await trx
    .selectFrom('tickets as t')
    .innerJoin('reservations as r', 'r.id', 't.reservation_id')
    .innerJoin('events as e', 'e.id', 't.event_id')
    .select([
      't.id',
      't.reservation_id',
      't.holder_id',
      't.attendee_name',
      't.checked_in_at',
      't.qr_generation',
      't.short_code',
      'r.user_id',
      'r.status',
      'r.code',
      'e.id as event_id',
      'e.starts_at',
      'e.status as event_status',
      'e.title',
      'e.organizer_id',
    ])
    .where('t.id', '=', ticketId)
    .where('t.reservation_id', '=', reservationId)
    .executeTakeFirst();
  if (row === undefined || currentHolder(row) !== callerId) throw errors.notFound('ticket');
  return row;
}

/** Whether the event has begun (names and transfers end then). */
export const hasStarted = (t: Pick<HeldTicket, 'starts_at'>): boolean => Date.parse(t.starts_at) <= Date.now();
