/**
 * The inventory's set-based seat claims, for holds written in groups (hold-seat-groups.ts): one
 * statement claims the seats of many holds, one statement gives back the ones a hold cannot keep,
 * one statement raises the counters of every ticket type involved. Part of the inventory module
 * (inventory.ts): the same guards (`status = 'free'`, `capacity - sold - held >= n`), the same
 * lock order, and every seat change sets `version`.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** A seat of one ticket type as best available reads it (best-available.ts), in layout order. */
export interface TypeSeat {
  id: string;
  section: string;
  row_label: string;
  number: number;
  position: number;
  row_rank: number | null;
  status: string;
  accessible: string | null;
}

/**
 * Marks each seat held by its reservation if it is still free, in one statement; answers the seats
 * claimed. Seats are listed in id order, as claimSeats does, so two groups lock them alike.
 */
export async function claimSeatsFor(
  trx: Transaction<Database>,
  eventId: string,
  owners: Map<string, string>,
): Promise<Set<string>> {
  if (owners.size === 0) return new Set();
  const ids = [...owners.keys()].sort();
  const owner = sql<string>`case id ${sql.join(
    ids.map((id) => sql`when ${id} then ${owners.get(id) ?? ''}`),
    sql` `,
  )} end`;
  const claimed = await trx
    .updateTable('event_seats')
    .set({ status: 'held', reservation_id: owner, version: Date.now() })
    .where('event_id', '=', eventId)
    .where('id', 'in', ids)
    .where('status', '=', 'free')
    .returning('id')
    .execute();
  return new Set(claimed.map((s) => s.id));
}

/** Frees seats this transaction claimed for a hold it will not write after all. */
export async function unclaimSeats(trx: Transaction<Database>, seatIds: string[]): Promise<void> {
  if (seatIds.length === 0) return;
  await trx
    .updateTable('event_seats')
    .set({ status: 'free', reservation_id: null, version: Date.now() })
    .where('id', 'in', [...seatIds].sort())
    .where('status', '=', 'held')
    .execute();
}

/**
 * Raises the held counts of several ticket types in one statement, each only if that many are left
 * (and no waiting list keeps them); false when any one is short, and then the caller rolls back.
 */
export async function claimHeldOfTypes(trx: Transaction<Database>, counts: Map<string, number>): Promise<boolean> {
  if (counts.size === 0) return true;
  const ids = [...counts.keys()].sort();
  // A cast, so that PostgreSQL types the parameters of the case as integers, not text.
  const asked = sql<number>`case id ${sql.join(
    ids.map((id) => sql`when ${id} then cast(${counts.get(id) ?? 0} as integer)`),
    sql` `,
  )} end`;
  const held = await trx
    .updateTable('ticket_types')
    .set({ held: sql`held + ${asked}` })
    .where('id', 'in', ids)
    .where(sql<boolean>`capacity - sold - held >= ${asked}`)
    .where('waitlist_waiting', '=', 0)
    .executeTakeFirst();
  return Number(held.numUpdatedRows) === ids.length;
}

/** Every seat of one ticket type with its status, in layout order: what best available picks from. */
export async function seatsOfType(trx: Transaction<Database>, eventId: string, ticketTypeId: string): Promise<TypeSeat[]> {
  return trx
    .selectFrom('event_seats')
    .select(['id', 'section', 'row_label', 'number', 'position', 'row_rank', 'status', 'accessible'])
    .where('event_id', '=', eventId)
    .where('ticket_type_id', '=', ticketTypeId)
    .orderBy('position')
    .execute();
}
