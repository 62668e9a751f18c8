/**
 * Giving tickets back: a reservation leaving `pending_payment` or `paid` returns its counts to
 * the ticket types and frees its seats. Always inside the transaction that changed its status.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';

/** Tickets per ticket type of a reservation, in a fixed order so row locks are always taken alike. */
export function ticketCounts(trx: Kysely<Database>, reservationId: string): Promise<{ ticket_type_id: string; n: number }[]> {
  return trx
    .selectFrom('tickets')
    .select(['ticket_type_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('reservation_id', '=', reservationId)
    .groupBy('ticket_type_id')
    .orderBy('ticket_type_id')
    .execute();
}

export async function releaseTickets(
  trx: Kysely<Database>,
  reservationId: string,
  from: 'pending_payment' | 'paid',
): Promise<void> {
  const counts = await ticketCounts(trx, reservationId);
  for (const { ticket_type_id, n } of counts) {
    await trx
      .updateTable('ticket_types')
      .set(from === 'paid' ? { sold: sql`sold - ${n}` } : { held: sql`held - ${n}` })
      .where('id', '=', ticket_type_id)
      .execute();
  }
  await trx
    .updateTable('event_seats')
    .set({ status: 'free', reservation_id: null })
    .where('reservation_id', '=', reservationId)
    .execute();
}

/** Held tickets become sold: counters move from held to sold, seats from held to sold. */
export async function sellHeldTickets(trx: Kysely<Database>, reservationId: string): Promise<void> {
  const counts = await ticketCounts(trx, reservationId);
  for (const { ticket_type_id, n } of counts) {
    await trx
      .updateTable('ticket_types')
      .set({ held: sql`held - ${n}`, sold: sql`sold + ${n}` })
      .where('id', '=', ticket_type_id)
      .execute();
  }
  await trx.updateTable('event_seats').set({ status: 'sold' }).where('reservation_id', '=', reservationId).execute();
}
