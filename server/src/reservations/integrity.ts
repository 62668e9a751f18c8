/**
 * Compares every counter with the rows behind it: sold/held per ticket type against the tickets of
 * paid/pending reservations, capacity never exceeded, each seat's state against its reservation,
 * and no seat in two live reservations. Used by `npm run check:integrity` and the benchmarks.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface IntegrityProblem {
  kind: 'counter' | 'oversold' | 'seat_state' | 'double_sold';
  detail: string;
}

export async function checkIntegrity(db: Kysely<Database>, eventId?: string): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  const types = await db
    .selectFrom('ticket_types')
    .select(['id', 'event_id', 'capacity', 'sold', 'held'])
    .$if(eventId !== undefined, (q) => q.where('event_id', '=', eventId ?? ''))
    .execute();
  const counts = await db
    .selectFrom('tickets')
    .innerJoin('reservations', 'reservations.id', 'tickets.reservation_id')
    .select(['tickets.ticket_type_id', 'reservations.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('reservations.status', 'in', ['pending_payment', 'paid'])
    .$if(eventId !== undefined, (q) => q.where('tickets.event_id', '=', eventId ?? ''))
    .groupBy(['tickets.ticket_type_id', 'reservations.status'])
    .execute();
  for (const t of types) {
    const held = counts.find((c) => c.ticket_type_id === t.id && c.status === 'pending_payment')?.n ?? 0;
    const sold = counts.find((c) => c.ticket_type_id === t.id && c.status === 'paid')?.n ?? 0;
    if (held !== t.held || sold !== t.sold)
      problems.push({
        kind: 'counter',
        detail: `ticket type ${t.id}: counters held=${t.held} sold=${t.sold}, rows held=${held} sold=${sold}`,
      });
    if (held + sold > t.capacity)
      problems.push({ kind: 'oversold', detail: `ticket type ${t.id}: ${held + sold} live tickets for capacity ${t.capacity}` });
  }
  // A seat's state must follow the live reservation whose ticket names it, and point back to it.
  const seats = await db
    .selectFrom('event_seats')
    .select(['id', 'status', 'reservation_id'])
    .$if(eventId !== undefined, (q) => q.where('event_id', '=', eventId ?? ''))
    .execute();
  const liveSeatTickets = await db
    .selectFrom('tickets')
    .innerJoin('reservations', 'reservations.id', 'tickets.reservation_id')
    .select(['tickets.seat_id', 'reservations.id as reservation_id', 'reservations.status'])
    .where('tickets.seat_id', 'is not', null)
    .where('reservations.status', 'in', ['pending_payment', 'paid'])
    .$if(eventId !== undefined, (q) => q.where('tickets.event_id', '=', eventId ?? ''))
    .execute();
  const holderOf = new Map(liveSeatTickets.map((t) => [t.seat_id, t]));
  for (const seat of seats) {
    const holder = holderOf.get(seat.id);
    const expected = holder === undefined ? 'free' : holder.status === 'paid' ? 'sold' : 'held';
    if (seat.status !== expected || seat.reservation_id !== (holder?.reservation_id ?? null)) {
      problems.push({
        kind: 'seat_state',
        detail: `seat ${seat.id} is ${seat.status} (reservation ${seat.reservation_id ?? 'none'}) but should be ${expected}`,
      });
    }
  }
  const doubled = await db
    .selectFrom('tickets')
    .innerJoin('reservations', 'reservations.id', 'tickets.reservation_id')
    .select(['tickets.seat_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tickets.seat_id', 'is not', null)
    .where('reservations.status', 'in', ['pending_payment', 'paid'])
    .$if(eventId !== undefined, (q) => q.where('tickets.event_id', '=', eventId ?? ''))
    .groupBy('tickets.seat_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  for (const d of doubled)
    problems.push({ kind: 'double_sold', detail: `seat ${d.seat_id ?? ''} is in ${d.n} live reservations` });
  return problems;
}
