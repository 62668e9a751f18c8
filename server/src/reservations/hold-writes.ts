/**
 * Writing a hold: the reservation, its items and tickets, and the guarded counter (or seat)
 * updates, all in one transaction. The guard `capacity - sold - held >= quantity` (and
 * `status = 'free'` for seats) makes overselling impossible under any concurrency; the CHECK
 * constraints back it in the schema.
 *
 * Holds of one general-admission ticket type are written in groups. Every buyer of that type needs
 * its counter row, and PostgreSQL keeps a row lock until the commit is on disk (about 3 ms on this
 * machine's disk), so one hold per commit would cap a flash sale near 350 holds per second however
 * fast everything else is. While one group's transaction runs, the holds that arrive queue up and
 * go together in the next: one lock, one commit, many holds. No answer is sent before its group
 * has committed, and a group that fails is retried one hold at a time, so one bad hold cannot fail
 * the others.
 */
import type { Reservation } from '@iatichet/contracts';
import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../platform/errors.js';

export interface Line {
  ticketTypeId: string;
  typeName: string;
  priceCents: number;
  seat: { id: string; section: string; row: string; number: number } | null;
}

/** Quantity and price per ticket type of one hold. */
export interface TypeCount {
  ticketTypeId: string;
  quantity: number;
  priceCents: number;
}

export interface HoldEvent {
  id: string;
  seating: string;
  currency: string;
  title: string;
  starts_at: string;
  venue_id: string;
  venue_name: string;
  venue_city: string;
}

/** Every value one hold writes, decided before it is written. */
export interface Draft {
  id: string;
  code: string;
  userId: string;
  event: HoldEvent;
  totalCents: number;
  expiresAt: string;
  createdAt: string;
  lines: Line[];
  types: TypeCount[];
  tickets: { id: string; attendeeName: string | null }[];
}

/** The hold lost a race (sold out, or a seat taken): the caller may reclaim expired holds and retry. */
export class Collision extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export const soldOut = (ticketTypeId: string) =>
  new AppError('sold_out', 'Not enough tickets left.', undefined, { ticketTypeId });

async function insertRows(trx: Transaction<Database>, drafts: Draft[]): Promise<void> {
  await trx
    .insertInto('reservations')
    .values(
      drafts.map((d) => ({
        id: d.id,
        code: d.code,
        user_id: d.userId,
        event_id: d.event.id,
        status: 'pending_payment' as const,
        total_cents: d.totalCents,
        currency: d.event.currency,
        expires_at: d.expiresAt,
        paying_until: null,
        expiry_warned: 0,
        payment_method: null,
        note: null,
        created_at: d.createdAt,
        updated_at: d.createdAt,
        paid_at: null,
        closed_at: null,
      })),
    )
    .execute();
  const items = drafts
    .filter((d) => d.event.seating === 'general')
    .flatMap((d) =>
      d.types.map((t) => ({
        reservation_id: d.id,
        ticket_type_id: t.ticketTypeId,
        quantity: t.quantity,
        unit_price_cents: t.priceCents,
      })),
    );
  if (items.length > 0) await trx.insertInto('reservation_items').values(items).execute();
  await trx
    .insertInto('tickets')
    .values(
      drafts.flatMap((d) =>
        d.lines.map((l, i) => ({
          id: d.tickets[i]?.id ?? '',
          reservation_id: d.id,
          event_id: d.event.id,
          ticket_type_id: l.ticketTypeId,
          seat_id: l.seat?.id ?? null,
          attendee_name: d.tickets[i]?.attendeeName ?? null,
          position: i,
          checked_in_at: null,
        })),
      ),
    )
    .execute();
}

async function addHeld(trx: Transaction<Database>, ticketTypeId: string, quantity: number): Promise<boolean> {
  const held = await trx
    .updateTable('ticket_types')
    .set({ held: sql`held + ${quantity}` })
    .where('id', '=', ticketTypeId)
    .where(sql<boolean>`capacity - sold - held >= ${quantity}`)
    .executeTakeFirst();
  return held.numUpdatedRows > 0n;
}

/** One hold of any shape in its own transaction: the rows first, then the guarded updates. */
export async function holdInTransaction(db: Kysely<Database>, d: Draft): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertRows(trx, [d]);
    const seatIds = d.lines.flatMap((l) => (l.seat === null ? [] : [l.seat.id])).sort();
    if (seatIds.length > 0) {
      const taken = await trx
        .updateTable('event_seats')
        .set({ status: 'held', reservation_id: d.id })
        .where('event_id', '=', d.event.id)
        .where('id', 'in', seatIds)
        .where('status', '=', 'free')
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== seatIds.length) {
        // Only the seats someone else has: those this attempt just marked held are not "taken".
        const unavailable = await trx
          .selectFrom('event_seats')
          .select('id')
          .where('event_id', '=', d.event.id)
          .where('id', 'in', seatIds)
          .where('status', '!=', 'free')
          .where((eb) => eb.or([eb('reservation_id', 'is', null), eb('reservation_id', '!=', d.id)]))
          .orderBy('position')
          .execute();
        throw new Collision(
          new AppError('seats_taken', 'Some of these seats were just taken.', undefined, { seats: unavailable.map((s) => s.id) }),
        );
      }
    }
    // Counters last, in a fixed order: the row locks they take are held only until commit.
    for (const { ticketTypeId, quantity } of [...d.types].sort((a, b) => a.ticketTypeId.localeCompare(b.ticketTypeId))) {
      if (!(await addHeld(trx, ticketTypeId, quantity))) throw new Collision(soldOut(ticketTypeId));
    }
  });
}

/**
 * A group of holds of one ticket type in one transaction: lock the counter row, grant the holds
 * that fit in arrival order, write them, raise the counter once. Answers the ids granted.
 */
async function holdGroup(db: Kysely<Database>, ticketTypeId: string, drafts: Draft[]): Promise<Set<string>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('ticket_types')
      .select(sql<number>`capacity - sold - held`.as('remaining'))
      .where('id', '=', ticketTypeId)
      // SQLite has one writer at a time and no row locks; PostgreSQL's lock leaves foreign-key checks alone.
      .$if(dialectOf(db) === 'postgres', (q) => q.forNoKeyUpdate())
      .executeTakeFirst();
    let left = row?.remaining ?? 0;
    const granted = drafts.filter((d) => {
      const quantity = d.lines.length;
      if (quantity > left) return false;
      left -= quantity;
      return true;
    });
    if (granted.length === 0) return new Set<string>();
    await insertRows(trx, granted);
    const total = granted.reduce((sum, d) => sum + d.lines.length, 0);
    // The row is locked, so the guard cannot fail; it stays as the last word on overselling.
    if (!(await addHeld(trx, ticketTypeId, total))) throw new Error('ticket type counter changed under its lock');
    return new Set(granted.map((d) => d.id));
  });
}

const GROUP_TICKETS_MAX = 500;

interface Waiting {
  draft: Draft;
  resolve: (held: boolean) => void;
  reject: (err: unknown) => void;
}

/** Groups the holds of each general-admission ticket type of one database (see the header). */
export class HoldGroups {
  private readonly waiting = new Map<string, Waiting[]>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Resolves true once the hold is committed, false when not enough tickets were left for it. */
  hold(ticketTypeId: string, draft: Draft): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(ticketTypeId);
      if (queue !== undefined) {
        queue.push({ draft, resolve, reject });
        return;
      }
      this.waiting.set(ticketTypeId, [{ draft, resolve, reject }]);
      void this.drain(ticketTypeId);
    });
  }

  private async drain(ticketTypeId: string): Promise<void> {
    for (;;) {
      const queue = this.waiting.get(ticketTypeId) ?? [];
      if (queue.length === 0) {
        this.waiting.delete(ticketTypeId);
        return;
      }
      let tickets = 0;
      let size = 0;
      while (size < queue.length && (size === 0 || tickets + (queue[size]?.draft.lines.length ?? 0) <= GROUP_TICKETS_MAX)) {
        tickets += queue[size]?.draft.lines.length ?? 0;
        size++;
      }
      // Taken off the queue but the key stays: holds arriving meanwhile wait for the next group.
      const group = queue.splice(0, size);
      await this.write(ticketTypeId, group);
    }
  }

  private async write(ticketTypeId: string, group: Waiting[]): Promise<void> {
    try {
      const granted = await holdGroup(
        this.db,
        ticketTypeId,
        group.map((w) => w.draft),
      );
      for (const w of group) w.resolve(granted.has(w.draft.id));
    } catch (err) {
      if (group.length === 1) {
        group[0]?.reject(err);
        return;
      }
      for (const w of group) await this.write(ticketTypeId, [w]);
    }
  }
}

const groupsByDatabase = new WeakMap<Kysely<Database>, HoldGroups>();

export function holdGroupsOf(db: Kysely<Database>): HoldGroups {
  let groups = groupsByDatabase.get(db);
  if (groups === undefined) {
    groups = new HoldGroups(db);
    groupsByDatabase.set(db, groups);
  }
  return groups;
}

/** The new reservation in the API's shape, from the values the hold wrote. */
export function toReservation(d: Draft): Reservation {
  return {
    id: d.id,
    code: d.code,
    status: 'pending_payment',
    event: {
      id: d.event.id,
      title: d.event.title,
      startsAt: d.event.starts_at,
      venue: { id: d.event.venue_id, name: d.event.venue_name, city: d.event.venue_city },
    },
    expiresAt: d.expiresAt,
    totalCents: d.totalCents,
    currency: d.event.currency,
    createdAt: d.createdAt,
    paidAt: null,
    paymentMethod: null,
    tickets: d.lines.map((l, i) => ({
      id: d.tickets[i]?.id ?? '',
      ticketTypeId: l.ticketTypeId,
      typeName: l.typeName,
      seat: l.seat === null ? null : { section: l.seat.section, row: l.seat.row, number: l.seat.number },
      attendeeName: d.tickets[i]?.attendeeName ?? null,
      qr: null,
      checkedInAt: null,
    })),
  };
}
