/**
 * Holding tickets. One short transaction per attempt: the reservation rows are written first,
 * then the guarded counter (or seat) update, so a row lock is held only for the last moment.
 * The guard `capacity - sold - held >= quantity` (and `status = 'free'` for seats) makes
 * overselling impossible under any concurrency; the CHECK constraints back it in the schema.
 * A collision first reclaims expired holds of the event, then tries once more.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ReservationRequest } from '@iatichet/contracts';
import { sql, type Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { AppError, errors } from '../platform/errors.js';
import { expireDue } from './expiry.js';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function reservationCode(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

interface Line {
  ticketTypeId: string;
  priceCents: number;
  seatId: string | null;
}

class Collision extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

async function planLines(
  db: Kysely<Database>,
  event: { id: string; seating: string },
  request: ReservationRequest,
): Promise<Line[]> {
  if (request.items !== undefined) {
    if (event.seating !== 'general')
      throw errors.validation('This event has reserved seating: choose seats.', [{ path: '/seats', message: 'required' }]);
    const quantities = new Map<string, number>();
    for (const item of request.items) quantities.set(item.ticketTypeId, (quantities.get(item.ticketTypeId) ?? 0) + item.quantity);
    const types = await db
      .selectFrom('ticket_types')
      .select(['id', 'price_cents'])
      .where('event_id', '=', event.id)
      .where('id', 'in', [...quantities.keys()])
      .execute();
    if (types.length !== quantities.size)
      throw errors.validation('A ticket type does not belong to this event.', [
        { path: '/items', message: 'unknown ticket type' },
      ]);
    return types.flatMap((t) =>
      Array.from({ length: quantities.get(t.id) ?? 0 }, () => ({ ticketTypeId: t.id, priceCents: t.price_cents, seatId: null })),
    );
  }
  const seatIds = [...new Set(request.seats ?? [])];
  if (event.seating !== 'reserved')
    throw errors.validation('This event is general admission: choose quantities.', [{ path: '/items', message: 'required' }]);
  if (seatIds.length !== (request.seats ?? []).length)
    throw errors.validation('A seat appears twice.', [{ path: '/seats', message: 'duplicate seat' }]);
  const seats = await db
    .selectFrom('event_seats')
    .innerJoin('ticket_types', 'ticket_types.id', 'event_seats.ticket_type_id')
    .select(['event_seats.id', 'event_seats.ticket_type_id', 'ticket_types.price_cents'])
    .where('event_seats.event_id', '=', event.id)
    .where('event_seats.id', 'in', seatIds)
    .orderBy('event_seats.position')
    .execute();
  if (seats.length !== seatIds.length)
    throw errors.validation('A seat does not belong to this event.', [{ path: '/seats', message: 'unknown seat' }]);
  return seats.map((s) => ({ ticketTypeId: s.ticket_type_id, priceCents: s.price_cents, seatId: s.id }));
}

export interface HoldInput {
  userId: string;
  request: ReservationRequest;
  holdMinutes: number;
}

/** Holds the tickets and answers the new reservation's id, or throws sold_out / seats_taken / 422. */
export async function holdTickets(db: Kysely<Database>, input: HoldInput): Promise<string> {
  const { request } = input;
  if ((request.items === undefined) === (request.seats === undefined)) {
    throw errors.validation('Send either items (general admission) or seats (reserved seating).', [
      { path: '/', message: 'items or seats' },
    ]);
  }
  const event = await db
    .selectFrom('events')
    .select(['id', 'status', 'seating', 'sales_start_at', 'sales_end_at', 'ends_at', 'max_tickets_per_order', 'currency'])
    .where('id', '=', request.eventId)
    .executeTakeFirst();
  if (event === undefined || event.status === 'draft') throw errors.notFound('event');
  const now = nowIso();
  const salesEnd = event.sales_end_at ?? event.ends_at;
  if (event.status !== 'published' || (event.sales_start_at !== null && now < event.sales_start_at) || now >= salesEnd) {
    throw new AppError(
      'sales_closed',
      event.status === 'cancelled' ? 'The event is cancelled.' : 'Tickets for this event are not on sale now.',
    );
  }
  const lines = await planLines(db, event, request);
  if (lines.length > event.max_tickets_per_order) {
    throw new AppError('limit_exceeded', `At most ${event.max_tickets_per_order} tickets per order.`, [
      { path: request.items ? '/items' : '/seats', message: `at most ${event.max_tickets_per_order}` },
    ]);
  }
  if ((request.attendees?.length ?? 0) > lines.length) {
    throw errors.validation('More attendee names than tickets.', [{ path: '/attendees', message: 'too many names' }]);
  }

  const attempt = () =>
    db.transaction().execute(async (trx) => {
      const id = randomUUID();
      const created = nowIso();
      await trx
        .insertInto('reservations')
        .values({
          id,
          code: reservationCode(),
          user_id: input.userId,
          event_id: event.id,
          status: 'pending_payment',
          total_cents: lines.reduce((sum, l) => sum + l.priceCents, 0),
          currency: event.currency,
          expires_at: new Date(Date.now() + input.holdMinutes * 60_000).toISOString(),
          paying_until: null,
          expiry_warned: 0,
          payment_method: null,
          note: null,
          created_at: created,
          updated_at: created,
          paid_at: null,
          closed_at: null,
        })
        .execute();
      const byType = new Map<string, { quantity: number; price: number }>();
      for (const l of lines)
        byType.set(l.ticketTypeId, { quantity: (byType.get(l.ticketTypeId)?.quantity ?? 0) + 1, price: l.priceCents });
      if (request.items !== undefined) {
        await trx
          .insertInto('reservation_items')
          .values(
            [...byType].map(([typeId, v]) => ({
              reservation_id: id,
              ticket_type_id: typeId,
              quantity: v.quantity,
              unit_price_cents: v.price,
            })),
          )
          .execute();
      }
      await trx
        .insertInto('tickets')
        .values(
          lines.map((l, i) => ({
            id: randomUUID(),
            reservation_id: id,
            event_id: event.id,
            ticket_type_id: l.ticketTypeId,
            seat_id: l.seatId,
            attendee_name: request.attendees?.[i]?.name.trim() ?? null,
            position: i,
            checked_in_at: null,
          })),
        )
        .execute();

      const seatIds = lines.flatMap((l) => (l.seatId === null ? [] : [l.seatId])).sort();
      if (seatIds.length > 0) {
        const taken = await trx
          .updateTable('event_seats')
          .set({ status: 'held', reservation_id: id })
          .where('event_id', '=', event.id)
          .where('id', 'in', seatIds)
          .where('status', '=', 'free')
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== seatIds.length) {
          const unavailable = await trx
            .selectFrom('event_seats')
            .select('id')
            .where('id', 'in', seatIds)
            .where('status', '!=', 'free')
            .execute();
          const ids = unavailable.map((s) => s.id).filter((s) => seatIds.includes(s));
          throw new Collision(new AppError('seats_taken', 'Some of these seats were just taken.', undefined, { seats: ids }));
        }
      }
      // Counters last, in a fixed order: the row locks they take are held only until commit.
      for (const [typeId, { quantity }] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
        const held = await trx
          .updateTable('ticket_types')
          .set({ held: sql`held + ${quantity}` })
          .where('id', '=', typeId)
          .where(sql<boolean>`capacity - sold - held >= ${quantity}`)
          .executeTakeFirst();
        if (held.numUpdatedRows === 0n)
          throw new Collision(new AppError('sold_out', 'Not enough tickets left.', undefined, { ticketTypeId: typeId }));
      }
      return id;
    });

  try {
    return await attempt();
  } catch (err) {
    if (!(err instanceof Collision)) throw err;
    // A stale hold must never make an event look sold out: reclaim expired holds, then retry once.
    if ((await expireDue(db, { eventId: event.id })) === 0) throw err.error;
    try {
      return await attempt();
    } catch (retryErr) {
      throw retryErr instanceof Collision ? retryErr.error : retryErr;
    }
  }
}
