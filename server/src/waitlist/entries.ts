/**
 * Waiting-list entries: joining, leaving, and reading them with their live position.
 *
 * An entry's status changes only under its ticket type's counter lock (inventory.ts lockForList),
 * and ticket_types.waitlist_waiting changes with it in the same transaction, so the count the
 * public claims look at is always the number of entries waiting. An `offered` entry follows its
 * reservation: paid → fulfilled, expired → expired, cancelled → cancelled. Reservations do not
 * know about lists (they sit below in the layers), so that is settled here: read as it is on
 * every answer, and written down by the offer run (settleOffers).
 */
import { randomUUID } from 'node:crypto';
import type { AdminWaitlistEntry, WaitlistEntry, WaitlistJoin } from '@iatichet/contracts';
import { sql, type Kysely } from 'kysely';
import { isUniqueViolation } from '../accounts/users.js';
import { nowIso } from '../db/dialect.js';
import type { Database, WaitlistStatus } from '../db/schema.js';
import { AppError, errors } from '../platform/errors.js';
import { cancelReservation } from '../reservations/cancellation.js';
import { countWaiting, lockForList } from '../reservations/inventory.js';
import { reload } from '../reservations/payment-records.js';
import type { RefundContext } from '../reservations/refund-queue.js';

/** What an offered entry became once its reservation closed. */
const SETTLED = sql<WaitlistStatus>`case
  when r.status in ('paid', 'refunded', 'refund_pending') then 'fulfilled'
  when r.status = 'expired' then 'expired'
  else 'cancelled' end`;

/**
 * Writes down what became of offers whose reservation is no longer pending (of one type, or all).
 * An offered entry is not counted in waitlist_waiting, so no counter moves.
 */
export async function settleOffers(db: Kysely<Database>, ticketTypeId?: string): Promise<void> {
  await db
    .updateTable('waitlist_entries')
    .set({
      status: sql<WaitlistStatus>`(select ${SETTLED} from reservations r where r.id = waitlist_entries.reservation_id)`,
      updated_at: nowIso(),
    })
    .where('status', '=', 'offered')
    .$if(ticketTypeId !== undefined, (q) => q.where('ticket_type_id', '=', ticketTypeId ?? ''))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('reservations as r')
          .select('r.id')
          .whereRef('r.id', '=', 'waitlist_entries.reservation_id')
          .where('r.status', '!=', 'pending_payment'),
      ),
    )
    .execute();
}

/** Entries with their event, type, live position and settled status; the filter picks whose. */
function entryQuery(db: Kysely<Database>) {
  return db
    .selectFrom('waitlist_entries as w')
    .innerJoin('events as e', 'e.id', 'w.event_id')
    .innerJoin('ticket_types as t', 't.id', 'w.ticket_type_id')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .leftJoin('reservations as r', 'r.id', 'w.reservation_id')
    .select([
      'w.id',
      'w.event_id',
      'w.ticket_type_id',
      'w.quantity',
      'w.reservation_id',
      'w.offered_at',
      'w.created_at',
      'e.title',
      'e.starts_at',
      'e.time_zone',
      't.name as type_name',
      'u.id as user_id',
      'u.email',
      'u.name',
      sql<WaitlistStatus>`case when w.status = 'offered' and r.status <> 'pending_payment' then ${SETTLED} else w.status end`.as(
        'status',
      ),
      // Place in line: the waiting entries of the type up to this one, in join order.
      sql<number | string | null>`case when w.status = 'waiting' then (
        select count(*) from waitlist_entries a
        where a.ticket_type_id = w.ticket_type_id and a.status = 'waiting'
          and a.seq <= w.seq
      ) end`.as('position'),
    ]);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entryQuery>['execute']>>[number];

function toEntry(r: EntryRow): WaitlistEntry {
  return {
    id: r.id,
    event: { id: r.event_id, title: r.title, startsAt: r.starts_at, timeZone: r.time_zone },
    ticketTypeId: r.ticket_type_id,
    ticketTypeName: r.type_name,
    quantity: r.quantity,
    status: r.status,
    position: r.position === null ? null : Number(r.position), // PostgreSQL counts in bigint strings
    reservationId: r.reservation_id,
    offeredAt: r.offered_at,
    createdAt: r.created_at,
  };
}

/** The user's entries, newest first (closed ones too: they say what became of each). */
export async function listMine(db: Kysely<Database>, userId: string): Promise<WaitlistEntry[]> {
  const rows = await entryQuery(db).where('w.user_id', '=', userId).orderBy('w.created_at', 'desc').limit(200).execute();
  return rows.map(toEntry);
}

/** One event's list for its organizer, in join order. */
export async function listForEvent(db: Kysely<Database>, eventId: string): Promise<AdminWaitlistEntry[]> {
  const rows = await entryQuery(db)
    .where('w.event_id', '=', eventId)
    .orderBy('w.ticket_type_id')
    .orderBy('w.seq')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ ...toEntry(r), user: { id: r.user_id, email: r.email, name: r.name } }));
}

async function readEntry(db: Kysely<Database>, id: string): Promise<WaitlistEntry> {
  return toEntry(await entryQuery(db).where('w.id', '=', id).executeTakeFirstOrThrow());
}

const alreadyListed = () => errors.conflict('You are already on the waiting list for this ticket type.');

/**
 * Joins the list of a sold-out general-admission type: 409 while tickets of it are on sale, or
 * when the user already has a live entry for it. Under the type's counter lock, so a release
 * cannot slip between "sold out?" and the count that keeps its tickets for the list.
 */
export async function joinWaitlist(
  db: Kysely<Database>,
  userId: string,
  eventId: string,
  input: WaitlistJoin,
): Promise<WaitlistEntry> {
  const found = await db
    .selectFrom('events as e')
    .innerJoin('ticket_types as t', 't.event_id', 'e.id')
    .select(['e.status', 'e.seating', 'e.waitlist_enabled', 'e.max_tickets_per_order', 'e.sales_end_at', 'e.ends_at'])
    .where('e.id', '=', eventId)
    .where('t.id', '=', input.ticketTypeId)
    // A hidden type is sold only with its access code, which an offer's hold does not carry: it
    // answers as a type of another event does (reservations/hold-lines.ts), so it is not probed either.
    .where('t.hidden', '=', 0)
    .executeTakeFirst();
  if (found === undefined || found.status === 'draft') throw errors.notFound('event');
  if (found.status !== 'published') throw new AppError('event_not_on_sale', 'This event is no longer on sale.');
  if (Date.now() >= Date.parse(found.sales_end_at ?? found.ends_at))
    throw new AppError('sales_closed', 'Tickets for this event are no longer on sale.');
  if (found.waitlist_enabled !== 1) throw errors.conflict('This event has no waiting list.');
  if (found.seating !== 'general') throw errors.conflict('Waiting lists are for general-admission tickets.');
  if (input.quantity > found.max_tickets_per_order)
    throw new AppError('limit_exceeded', `At most ${found.max_tickets_per_order} tickets per order.`, [
      { path: '/quantity', message: `at most ${found.max_tickets_per_order}` },
    ]);
  const id = randomUUID();
  try {
    await db.transaction().execute(async (trx) => {
      const counter = await lockForList(trx, input.ticketTypeId);
      if (counter === undefined) throw errors.notFound('event');
      if (counter.free > 0 && counter.waiting === 0) throw errors.conflict('This ticket type is not sold out.');
      const live = await trx
        .selectFrom('waitlist_entries')
        .select('id')
        .where('user_id', '=', userId)
        .where('ticket_type_id', '=', input.ticketTypeId)
        .where('status', 'in', ['waiting', 'offered'])
        .executeTakeFirst();
      if (live !== undefined) throw alreadyListed();
      // Numbered under the counter lock, so the numbers are the order joins were accepted in.
      const last = await trx
        .selectFrom('waitlist_entries')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('ticket_type_id', '=', input.ticketTypeId)
        .executeTakeFirst();
      const now = nowIso();
      await trx
        .insertInto('waitlist_entries')
        .values({
          id,
          event_id: eventId,
          ticket_type_id: input.ticketTypeId,
          user_id: userId,
          seq: (last?.seq ?? 0) + 1,
          quantity: input.quantity,
          status: 'waiting',
          reservation_id: null,
          offered_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await countWaiting(trx, input.ticketTypeId, 1);
    });
  } catch (err) {
    // The partial unique index is the last word when two joins race (SQLite has no row lock).
    if (isUniqueViolation(err)) throw alreadyListed();
    throw err;
  }
  return readEntry(db, id);
}

/**
 * Leaves the list. A waiting entry is counted out under the counter lock; an open offer's hold
 * is cancelled first (its tickets go to the next entry). Answers the event whose tickets may have
 * moved, or undefined when nothing changed (an entry already closed stays as it is).
 */
export async function leaveWaitlist(ctx: RefundContext, userId: string, entryId: string): Promise<string | undefined> {
  const { db } = ctx;
  // Twice at most: an entry offered between the read and the leave is left as an offer.
  for (let tries = 0; tries < 2; tries++) {
    const entry = await db
      .selectFrom('waitlist_entries')
      .select(['id', 'event_id', 'ticket_type_id', 'status', 'reservation_id'])
      .where('id', '=', entryId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (entry === undefined) throw errors.notFound();
    if (entry.status === 'offered' && entry.reservation_id !== null) {
      const reservation = await reload(db, entry.reservation_id);
      if (reservation.status === 'pending_payment')
        await cancelReservation(ctx, reservation, { refund: false, actorId: userId, reason: 'byBuyer' });
      await settleOffers(db, entry.ticket_type_id);
      return entry.event_id;
    }
    if (entry.status !== 'waiting') return undefined;
    const left = await db.transaction().execute(async (trx) => {
      await lockForList(trx, entry.ticket_type_id);
      const done = await trx
        .updateTable('waitlist_entries')
        .set({ status: 'cancelled', updated_at: nowIso() })
        .where('id', '=', entryId)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      if (done.numUpdatedRows === 0n) return false;
      await countWaiting(trx, entry.ticket_type_id, -1);
      return true;
    });
    if (left) return entry.event_id;
  }
  return undefined;
}
