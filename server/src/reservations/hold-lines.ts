/**
 * The tickets a hold asks for, as priced lines: general-admission quantities or chosen seats, with
 * what the read saw left of each type. A hidden type (or a seat of one) that the hold's access code
 * does not unlock answers exactly as a type or seat of another event does, so that hidden types
 * cannot be probed. Pay what you want: the buyer's `priceCents` per item, at least the type's
 * minimum (the suggested price when left out); a fixed-price type takes no `priceCents`.
 *
 * Reserved seating: seats by id, or `bestAvailable` (lines whose seats the hold's transaction
 * picks, `pick`), and standing areas by quantity (`items` of the types without seats), in the same
 * request as chosen seats too.
 */
import type { ReservationRequest } from '@iatichet/contracts';
import { sql, type Kysely } from 'kysely';
import { PREPARED } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { Batcher } from '../platform/batcher.js';
import { errors } from '../platform/errors.js';
import { unlocks, type CodeRow } from './code-uses.js';
import type { Line } from './hold-writes.js';

export interface TypeRow {
  id: string;
  name: string;
  price_cents: number;
  tax_rate: number;
  remaining: number;
  /** 0 or 1 (SQLite) or a number either way: sold only with an access code naming it. */
  hidden: number;
  min_price_cents: number | null;
  /** Reserved seating: the type has seats; a type without sells a standing area by quantity. */
  has_seats: boolean;
}

/** A chosen seat with its ticket type, as linesOfSeats reads it. */
interface SeatLineRow {
  id: string;
  ticket_type_id: string;
  section: string;
  row_label: string;
  number: number;
  name: string;
  price_cents: number;
  tax_rate: number;
  hidden: number;
  status: string;
  accessible: 'wheelchair' | 'companion' | null;
}

const unknownType = () =>
  errors.validation('A ticket type does not belong to this event.', [{ path: '/items', message: 'unknown ticket type' }]);

/** The buyer's price per ticket of one item, checked against the type (400 with the item's path). */
function unitPrice(type: TypeRow, item: NonNullable<ReservationRequest['items']>[number], index: number): number {
  const path = `/items/${index}/priceCents`;
  if (type.min_price_cents === null) {
    if (item.priceCents !== undefined && item.priceCents !== type.price_cents)
      throw errors.validation('This ticket type has a fixed price.', [{ path, message: 'fixed price' }]);
    return type.price_cents;
  }
  const price = item.priceCents ?? type.price_cents;
  if (price < type.min_price_cents)
    throw errors.validation(`Pay at least ${type.min_price_cents} cents per ticket.`, [
      { path, message: `at least ${type.min_price_cents}` },
    ]);
  return price;
}

export async function planLines(
  db: Kysely<Database>,
  event: { id: string; seating: string },
  rows: TypeRow[],
  request: ReservationRequest,
  code: CodeRow | undefined,
  readSeats: SeatLineReader = seatLinesAlone(db),
): Promise<{ lines: Line[]; remaining: Map<string, number>; pick?: { ticketTypeId: string }; taken: string[] }> {
  const visible = (t: { id: string; hidden: number }) => t.hidden === 0 || unlocks(code, t.id);
  const types = new Map(rows.filter(visible).map((t) => [t.id, t]));
  const remaining = new Map(rows.map((t) => [t.id, t.remaining]));
  const reserved = event.seating === 'reserved';
  if (request.bestAvailable !== undefined) {
    const { ticketTypeId, quantity } = request.bestAvailable;
    if (!reserved)
      throw errors.validation('This event is general admission: choose quantities.', [{ path: '/items', message: 'required' }]);
    const t = types.get(ticketTypeId);
    if (t === undefined || !t.has_seats)
      throw errors.validation('Best available picks seats of a seated ticket type of this event.', [
        { path: '/bestAvailable/ticketTypeId', message: t === undefined ? 'unknown ticket type' : 'not a seated ticket type' },
      ]);
    const lines = Array.from({ length: quantity }, () => ({
      ticketTypeId,
      typeName: t.name,
      priceCents: t.price_cents,
      taxRate: t.tax_rate,
      seat: null,
    }));
    return { lines, remaining, pick: { ticketTypeId }, taken: [] };
  }
  const itemLines = request.items === undefined ? [] : linesOfItems(request.items, types, reserved);
  const seats =
    request.seats === undefined ? { lines: [], taken: [] } : await linesOfSeats(readSeats, event, request.seats, visible);
  return { lines: [...itemLines, ...seats.lines], remaining, taken: seats.taken };
}

/** General admission, or a reserved event's standing areas: quantities of types. */
function linesOfItems(items: NonNullable<ReservationRequest['items']>, types: Map<string, TypeRow>, reserved: boolean): Line[] {
  const asked = new Map<string, { quantity: number; price: number }>();
  items.forEach((item, i) => {
    const t = types.get(item.ticketTypeId);
    if (t === undefined) throw unknownType();
    if (reserved && t.has_seats)
      throw errors.validation('This event has reserved seating: choose seats.', [{ path: '/seats', message: 'required' }]);
    const price = unitPrice(t, item, i);
    const before = asked.get(item.ticketTypeId);
    // One price per type: a reservation has one priced line per ticket type (pricing.ts).
    if (before !== undefined && before.price !== price)
      throw errors.validation('Give one price per ticket type.', [
        { path: `/items/${i}/priceCents`, message: 'one price per type' },
      ]);
    asked.set(item.ticketTypeId, { quantity: (before?.quantity ?? 0) + item.quantity, price });
  });
  // In the request's order, so that attendee names land on the tickets they were written for.
  return [...asked].flatMap(([id, { quantity, price }]) => {
    const t = types.get(id);
    if (t === undefined) return [];
    return Array.from({ length: quantity }, () => ({
      ticketTypeId: id,
      typeName: t.name,
      priceCents: price,
      taxRate: t.tax_rate,
      seat: null,
    }));
  });
}

function selectSeatLines(db: Kysely<Database>, eventId: string, seatIds: string[], prepared: boolean) {
  return sql<SeatLineRow>`${sql.raw(prepared ? PREPARED : '')}
    select s.id, s.ticket_type_id, s.section, s.row_label, s.number,
      t.name, t.price_cents, t.tax_rate, t.hidden, s.status, s.accessible
    from event_seats s join ticket_types t on t.id = s.ticket_type_id
    where s.event_id = ${eventId} and s.id in (${sql.join(seatIds)})
    order by s.position`.execute(db);
}

/** Reads the chosen seats of a hold (with their types), in map order. */
export type SeatLineReader = (eventId: string, seatIds: string[]) => Promise<SeatLineRow[]>;

interface SeatRead {
  eventId: string;
  seatIds: string[];
}

/**
 * The chosen seats of the holds that arrive together, read in one query per event: a seated
 * on-sale is thousands of holds a second of one event, and a query each was the largest database
 * cost a seated hold had left outside its group. A read never joins a query already sent, so it
 * sees every hold committed before it arrived. Each hold gets its own seats, in map order.
 */
export function batchedSeatLines(db: Kysely<Database>): SeatLineReader {
  const batcher = new Batcher<SeatRead, SeatLineRow[]>({
    run: async (items, eventId) => {
      const [only] = items;
      if (items.length === 1 && only !== undefined) return [await seatLinesAlone(db)(eventId, only.seatIds)];
      const { rows } = await selectSeatLines(db, eventId, [...new Set(items.flatMap((i) => i.seatIds))], false);
      return items.map((i) => {
        const wanted = new Set(i.seatIds);
        return rows.filter((r) => wanted.has(r.id));
      });
    },
    groupOf: (i) => i.eventId,
    weightOf: (i) => i.seatIds.length,
    maxWeight: 500,
    inFlightPerGroup: 2,
  });
  return (eventId, seatIds) => batcher.submit({ eventId, seatIds });
}

/** One hold's seats in a query of its own: prepared once per connection (db/database.ts), a variant per number of seats. */
function seatLinesAlone(db: Kysely<Database>): SeatLineReader {
  return async (eventId, seatIds) => (await selectSeatLines(db, eventId, seatIds, true)).rows;
}

async function linesOfSeats(
  readSeats: SeatLineReader,
  event: { id: string; seating: string },
  requested: string[],
  visible: (t: { id: string; hidden: number }) => boolean,
): Promise<{ lines: Line[]; taken: string[] }> {
  const seatIds = [...new Set(requested)];
  if (event.seating !== 'reserved')
    throw errors.validation('This event is general admission: choose quantities.', [{ path: '/items', message: 'required' }]);
  if (seatIds.length !== requested.length)
    throw errors.validation('A seat appears twice.', [{ path: '/seats', message: 'duplicate seat' }]);
  const seats = await readSeats(event.id, seatIds);
  if (seats.length !== seatIds.length || !seats.every((s) => visible({ id: s.ticket_type_id, hidden: s.hidden })))
    throw errors.validation('A seat does not belong to this event.', [{ path: '/seats', message: 'unknown seat' }]);
  refuseLoneCompanions(seats, requested);
  const lines = seats.map((s) => ({
    ticketTypeId: s.ticket_type_id,
    typeName: s.name,
    priceCents: s.price_cents,
    taxRate: s.tax_rate,
    seat: { id: s.id, section: s.section, row: s.row_label, number: s.number },
  }));
  // Seats the read already sees taken: the hold answers seats_taken without writing (hold.ts).
  return { lines, taken: seats.filter((s) => s.status !== 'free').map((s) => s.id) };
}

/**
 * A companion seat is sold with a wheelchair place: a hold has, in each section, no more companion
 * seats than wheelchair places (the seat map offers the nearest companion of the section with each
 * place). Otherwise anyone could take the seats kept beside wheelchair places.
 */
function refuseLoneCompanions(seats: SeatLineRow[], requested: string[]): void {
  const places = new Map<string, number>();
  for (const s of seats) if (s.accessible === 'wheelchair') places.set(s.section, (places.get(s.section) ?? 0) + 1);
  const alone: SeatLineRow[] = [];
  for (const s of seats) {
    if (s.accessible !== 'companion') continue;
    const left = places.get(s.section) ?? 0;
    if (left > 0) places.set(s.section, left - 1);
    else alone.push(s);
  }
  if (alone.length > 0)
    throw errors.validation(
      'A companion seat is sold with a wheelchair place of its section: choose the wheelchair place in the same reservation.',
      alone.map((s) => ({
        path: `/seats/${String(requested.indexOf(s.id))}`,
        message: 'companion seat without a wheelchair place',
      })),
    );
}
