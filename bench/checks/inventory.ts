/**
 * What the database says after a sale, read straight from the tables: the invariant of
 * server/test/support/reservation-fixtures.ts (every counter equals the rows behind it, sold + held
 * never above capacity, a seat's state matches its reservation) plus oversold and double-sold counts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.js';
import type { Check } from '../report/result.js';

export interface Inventory {
  capacity: number;
  heldCounter: number;
  soldCounter: number;
  /** Tickets of live reservations (pending_payment or paid). */
  liveTickets: number;
  /** Live tickets beyond capacity, per ticket type, summed. */
  oversold: number;
  /** Ticket types whose held/sold counters differ from their live ticket rows. */
  counterMismatches: number;
  /** Seats that appear in more than one live reservation's tickets. */
  doubleSoldSeats: number;
  /** Seats whose status does not match their reservation's (held: pending, sold: paid, free: none). */
  seatStateMismatches: number;
}

export async function readInventory(db: Kysely<Database>, eventId: string): Promise<Inventory> {
  const types = await db
    .selectFrom('ticket_types')
    .select(['id', 'capacity', 'sold', 'held'])
    .where('event_id', '=', eventId)
    .execute();
  const rows = await db
    .selectFrom('tickets')
    .innerJoin('reservations', 'reservations.id', 'tickets.reservation_id')
    .select(['tickets.ticket_type_id', 'reservations.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tickets.event_id', '=', eventId)
    .where('reservations.status', 'in', ['pending_payment', 'paid'])
    .groupBy(['tickets.ticket_type_id', 'reservations.status'])
    .execute();
  const count = (typeId: string, status: string) => rows.find((r) => r.ticket_type_id === typeId && r.status === status)?.n ?? 0;

  const inventory: Inventory = {
    capacity: 0,
    heldCounter: 0,
    soldCounter: 0,
    liveTickets: 0,
    oversold: 0,
    counterMismatches: 0,
    doubleSoldSeats: 0,
    seatStateMismatches: 0,
  };
  for (const t of types) {
    const held = count(t.id, 'pending_payment');
    const sold = count(t.id, 'paid');
    inventory.capacity += t.capacity;
    inventory.heldCounter += t.held;
    inventory.soldCounter += t.sold;
    inventory.liveTickets += held + sold;
    inventory.oversold += Math.max(0, held + sold - t.capacity, t.held + t.sold - t.capacity);
    if (t.held !== held || t.sold !== sold) inventory.counterMismatches++;
  }

  const doubled = await db
    .selectFrom('tickets')
    .innerJoin('reservations', 'reservations.id', 'tickets.reservation_id')
    .select('tickets.seat_id')
    .where('tickets.event_id', '=', eventId)
    .where('tickets.seat_id', 'is not', null)
    .where('reservations.status', 'in', ['pending_payment', 'paid'])
    .groupBy('tickets.seat_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  inventory.doubleSoldSeats = doubled.length;

  const seats = await db
    .selectFrom('event_seats')
    .leftJoin('reservations', 'reservations.id', 'event_seats.reservation_id')
    .select(['event_seats.status as seat', 'reservations.status as reservation'])
    .where('event_seats.event_id', '=', eventId)
    .execute();
  for (const s of seats) {
    const expected = s.reservation === 'pending_payment' ? 'held' : s.reservation === 'paid' ? 'sold' : 'free';
    if (s.seat !== expected) inventory.seatStateMismatches++;
  }
  return inventory;
}

/** The correctness checks of a sale, given how many holds the clients were told succeeded. */
export function saleChecks(inventory: Inventory, confirmedHolds: number, expectSellOut: boolean): Check[] {
  const checks: Check[] = [
    { name: 'oversold = 0', ok: inventory.oversold === 0, detail: `oversold ${inventory.oversold}` },
    {
      name: 'counters = rows',
      ok: inventory.counterMismatches === 0,
      detail: `held ${inventory.heldCounter} + sold ${inventory.soldCounter} vs ${inventory.liveTickets} live tickets`,
    },
    { name: 'double-sold = 0', ok: inventory.doubleSoldSeats === 0, detail: `double-sold seats ${inventory.doubleSoldSeats}` },
    {
      name: 'seat states = reservations',
      ok: inventory.seatStateMismatches === 0,
      detail: `${inventory.seatStateMismatches} mismatched seats`,
    },
    {
      name: 'confirmed holds = live tickets',
      ok: confirmedHolds === inventory.liveTickets,
      detail: `${confirmedHolds} answered 201, ${inventory.liveTickets} live tickets`,
    },
  ];
  if (expectSellOut) {
    checks.push({
      name: 'sold exactly capacity',
      ok: inventory.liveTickets === inventory.capacity && inventory.heldCounter + inventory.soldCounter === inventory.capacity,
      detail: `${inventory.liveTickets} of ${inventory.capacity}`,
    });
  }
  return checks;
}
