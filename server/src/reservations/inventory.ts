/**
 * The inventory: every change to ticket-type counters and seats goes through this module, always
 * inside the caller's transaction. Claims are guarded updates (`capacity - sold - held >= n`,
 * `status = 'free'`), so overselling is impossible under any concurrency, and the CHECK constraints
 * back them in the schema. A claim that loses a race throws a `Collision` (a business answer the
 * caller may act on); any other error is a real failure and propagates.
 *
 * Every statement that changes a seat's status or reservation sets its `version` to the time in
 * milliseconds: GET .../seats?since= reads the changes by it (migration 0026).
 *
 * Lock order, the same on every path so that PostgreSQL never deadlocks: the event row (shared,
 * as the admin's event edits take it first too), then the per-buyer locks of hold-limits.ts, then
 * discount code rows in id order (code-uses.ts), then (seated groups) the event's seat-group lock
 * of hold-seat-groups.ts, then seats, then ticket-type counters in id order,
 * then a type's waiting-list entries (waitlist/ changes an entry's status only under its type's
 * counter lock).
 *
 * Waiting lists: while a type has entries `waiting` (ticket_types.waitlist_waiting > 0) its free
 * tickets belong to the list. The public claims below refuse them by a predicate on the row they
 * already read or update, so a type with no list costs no extra query; only the list's own claim
 * (claimForOffer) may take them.
 */
import { sql, type Kysely, type QueryCreator, type Transaction } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../platform/errors.js';
import { addCodeUses, codeInvalid, lockCodeForReclaim, releaseCodeUse } from './code-uses.js';

/** A claim lost a race: sold out, a seat taken, or the event no longer on sale. */
export class Collision extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
  /** Sold out, taken seats or a code's last uses may be freed by reclaiming expired holds; a closed event may not. */
  get mayRetry(): boolean {
    return this.error.code === 'sold_out' || this.error.code === 'seats_taken' || this.error.code === 'code_invalid';
  }
}

export const soldOut = (ticketTypeId: string) =>
  new AppError('sold_out', 'Not enough tickets left.', undefined, { ticketTypeId });

export const eventNotOnSale = () =>
  new AppError('event_not_on_sale', 'This event is no longer on sale (it was cancelled or unpublished).');

/**
 * Checks, inside the transaction, that the event is still published. On PostgreSQL the shared row
 * lock makes a concurrent cancellation (which updates the row) wait for this transaction or this
 * transaction wait for it, so a hold or payment can never commit on an event cancelled before it.
 */
export async function lockEventOnSale(trx: Transaction<Database>, eventId: string): Promise<{ salesEndAt: string }> {
  const event = await trx
    .selectFrom('events')
    .select(['status', 'sales_end_at', 'ends_at'])
    .where('id', '=', eventId)
    .$if(dialectOf(trx) === 'postgres', (q) => q.forShare())
    .executeTakeFirst();
  if (event?.status !== 'published') throw new Collision(eventNotOnSale());
  return { salesEndAt: event.sales_end_at ?? event.ends_at };
}

/**
 * The guarded update that raises one ticket type's held count if that many are left, as a
 * statement of `qc` (a transaction, or one with data-modifying CTEs before it: hold-writes.ts).
 */
export function raiseHeld(qc: QueryCreator<Database>, ticketTypeId: string, quantity: number) {
  return qc
    .updateTable('ticket_types')
    .set({ held: sql`held + ${quantity}` })
    .where('id', '=', ticketTypeId)
    .where(sql<boolean>`capacity - sold - held >= ${quantity}`)
    .where('waitlist_waiting', '=', 0);
}

/** Raises the held count of one ticket type if that many are left; false when they are not. */
export async function claimHeld(trx: Transaction<Database>, ticketTypeId: string, quantity: number): Promise<boolean> {
  const held = await raiseHeld(trx, ticketTypeId, quantity).executeTakeFirst();
  return held.numUpdatedRows > 0n;
}

/** Locks one ticket type's counter row and answers how many tickets are left of it for the public. */
export async function lockRemaining(trx: Transaction<Database>, ticketTypeId: string): Promise<number> {
  const row = await trx
    .selectFrom('ticket_types')
    .select(sql<number>`case when waitlist_waiting > 0 then 0 else capacity - sold - held end`.as('remaining'))
    .where('id', '=', ticketTypeId)
    // SQLite has one writer at a time and no row locks; PostgreSQL's lock leaves foreign-key checks alone.
    .$if(dialectOf(trx) === 'postgres', (q) => q.forNoKeyUpdate())
    .executeTakeFirst();
  return row?.remaining ?? 0;
}

/**
 * Locks a ticket type's counter row for its waiting list: how many tickets are free (the list's
 * to offer) and how many entries wait. Joins, leaves and offers all take this lock first.
 */
export async function lockForList(
  trx: Kysely<Database>,
  ticketTypeId: string,
): Promise<{ free: number; waiting: number } | undefined> {
  const row = await trx
    .selectFrom('ticket_types')
    .select([sql<number>`capacity - sold - held`.as('free'), 'waitlist_waiting'])
    .where('id', '=', ticketTypeId)
    .$if(dialectOf(trx) === 'postgres', (q) => q.forNoKeyUpdate())
    .executeTakeFirst();
  return row === undefined ? undefined : { free: row.free, waiting: row.waitlist_waiting };
}

/** Counts entries into (+1) or out of (-1) a type's waiting list, under lockForList's lock. */
export async function countWaiting(trx: Kysely<Database>, ticketTypeId: string, delta: number): Promise<void> {
  await trx
    .updateTable('ticket_types')
    .set({ waitlist_waiting: sql`waitlist_waiting + ${delta}` })
    .where('id', '=', ticketTypeId)
    .execute();
}

/**
 * The waiting list's claim: holds `quantity` free tickets for one entry's offer and counts the
 * entry out of the list. The guard still forbids overselling; the public claims' predicate on
 * waitlist_waiting does not apply, since these are the tickets it kept for the list.
 */
export async function claimForOffer(trx: Kysely<Database>, ticketTypeId: string, quantity: number): Promise<boolean> {
  const claimed = await trx
    .updateTable('ticket_types')
    .set({ held: sql`held + ${quantity}`, waitlist_waiting: sql`waitlist_waiting - 1` })
    .where('id', '=', ticketTypeId)
    .where(sql<boolean>`capacity - sold - held >= ${quantity}`)
    .where('waitlist_waiting', '>', 0)
    .executeTakeFirst();
  return claimed.numUpdatedRows > 0n;
}

/** Marks free seats held by a reservation; a Collision names the seats someone else has. */
export async function claimSeats(
  trx: Transaction<Database>,
  eventId: string,
  reservationId: string,
  seatIds: string[],
): Promise<void> {
  if (seatIds.length === 0) return;
  const sorted = [...seatIds].sort();
  const taken = await trx
    .updateTable('event_seats')
    .set({ status: 'held', reservation_id: reservationId, version: Date.now() })
    .where('event_id', '=', eventId)
    .where('id', 'in', sorted)
    .where('status', '=', 'free')
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === sorted.length) return;
  // Only the seats someone else has: those this attempt just marked held are not "taken".
  const unavailable = await trx
    .selectFrom('event_seats')
    .select('id')
    .where('event_id', '=', eventId)
    .where('id', 'in', sorted)
    .where('status', '!=', 'free')
    .where((eb) => eb.or([eb('reservation_id', 'is', null), eb('reservation_id', '!=', reservationId)]))
    .orderBy('position')
    .execute();
  throw new Collision(
    new AppError('seats_taken', 'Some of these seats were just taken.', undefined, { seats: unavailable.map((s) => s.id) }),
  );
}

/** Tickets per ticket type of a reservation, in a fixed order so row locks are always taken alike. */
export async function ticketCounts(
  trx: Kysely<Database>,
  reservationId: string,
): Promise<{ ticket_type_id: string; n: number }[]> {
  const rows = await trx
    .selectFrom('tickets')
    .select(['ticket_type_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('reservation_id', '=', reservationId)
    .groupBy('ticket_type_id')
    .orderBy('ticket_type_id')
    .execute();
  return rows.map((r) => ({ ticket_type_id: r.ticket_type_id, n: Number(r.n) })); // PostgreSQL counts in bigint strings
}

/**
 * Gives a reservation's tickets back: its code use returns (first: the code row comes before the
 * counters in the lock order), counts return to their ticket types and seats are freed.
 * Called in the transaction that moves the reservation out of `pending_payment` or `paid`.
 */
export async function releaseTickets(
  trx: Kysely<Database>,
  reservationId: string,
  from: 'pending_payment' | 'paid',
): Promise<void> {
  await releaseCodeUse(trx, reservationId);
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
    .set({ status: 'free', reservation_id: null, version: Date.now() })
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
  await trx
    .updateTable('event_seats')
    .set({ status: 'sold', version: Date.now() })
    .where('reservation_id', '=', reservationId)
    .execute();
}

/**
 * Sells a released reservation's tickets again (a payment that arrived after its hold ended), if
 * every one of them is still free. Everything is checked under locks before anything is written,
 * so a Collision leaves the transaction untouched and the caller can go on to refund in it.
 */
export async function reclaimForLatePayment(trx: Transaction<Database>, reservationId: string, eventId: string): Promise<void> {
  const postgres = dialectOf(trx) === 'postgres';
  const { salesEndAt } = await lockEventOnSale(trx, eventId);
  // After its sales window (the show may be over) a late payment buys nothing: it is refunded.
  if (Date.now() >= Date.parse(salesEndAt))
    throw new Collision(new AppError('sales_closed', 'Tickets for this event are no longer on sale.'));
  // Its code's use was given back with the tickets: claimed again under the same rule, or refunded.
  const codeUses = await lockCodeForReclaim(trx, reservationId);
  if (codeUses === undefined) throw new Collision(codeInvalid());
  const seatIds = (
    await trx
      .selectFrom('tickets')
      .select('seat_id')
      .where('reservation_id', '=', reservationId)
      .where('seat_id', 'is not', null)
      .execute()
  ).flatMap((t) => (t.seat_id === null ? [] : [t.seat_id]));
  if (seatIds.length > 0) {
    const free = await trx
      .selectFrom('event_seats')
      .select('id')
      .where('id', 'in', [...seatIds].sort())
      .where('status', '=', 'free')
      .orderBy('id')
      .$if(postgres, (q) => q.forNoKeyUpdate())
      .execute();
    if (free.length !== seatIds.length)
      throw new Collision(new AppError('seats_taken', 'The seats were sold to someone else meanwhile.'));
  }
  const counts = await ticketCounts(trx, reservationId);
  for (const { ticket_type_id, n } of counts) {
    if ((await lockRemaining(trx, ticket_type_id)) < n) throw new Collision(soldOut(ticket_type_id));
  }
  await addCodeUses(trx, codeUses);
  for (const { ticket_type_id, n } of counts) {
    await trx
      .updateTable('ticket_types')
      .set({ sold: sql`sold + ${n}` })
      .where('id', '=', ticket_type_id)
      .execute();
  }
  if (seatIds.length > 0)
    await trx
      .updateTable('event_seats')
      .set({ status: 'sold', reservation_id: reservationId, version: Date.now() })
      .where('id', 'in', seatIds)
      .execute();
}
