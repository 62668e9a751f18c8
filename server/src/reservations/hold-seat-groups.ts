/**
 * Seated holds written in groups, as general admission's are (hold-writes.ts): the holds of one
 * event that arrive while a group runs go together in the next, one transaction and one commit
 * for all. A sale of single seats is otherwise one commit per hold, each waiting for the ticket
 * type's counter row that the one before it holds until its commit is on disk.
 *
 * In a group, in this order (the inventory's lock order): the event row, the buyers' locks, the
 * Idempotency-Keys, the codes' rows, the event's seat-group lock; then one statement claims the seats of every hold (chosen
 * seats, and the seats best available picked for the holds that asked for it); then, in arrival
 * order, the per-buyer cap and the codes' uses decide, and the seats of a hold refused there are
 * freed again in the same transaction; then the rows, and one statement for the counters.
 *
 * Two holds of one group asking for one seat: the first in arrival order has it. A best-available
 * pick that loses a seat to another group (two run at once) is given back whole and picked again
 * from a fresh read, at most PICK_TRIES times, so a block is never split between buyers.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { payFreeDrafts } from './free-orders.js';
import { releaseHoldKeys } from './hold-keys.js';
import { createdPayloads, insertRows, openGroup, type Draft, type GroupOutcome } from './hold-writes.js';
import { Collision, soldOut } from './inventory.js';
import { claimHeldOfTypes, claimSeatsFor, seatsOfType, unclaimSeats, type TypeSeat } from './inventory-seats.js';
import { pickBest } from './best-available.js';
import { queueDeliveries } from '../webhooks/outbox.js';

/** How a seated hold of a group ended; `seats`: for seats_taken, the seats someone else has. */
export interface SeatOutcome {
  outcome: GroupOutcome | 'seats_taken';
  seats?: string[];
}

const PICK_TRIES = 4;

const seatsOf = (d: Draft): string[] => d.lines.flatMap((l) => (l.seat === null ? [] : [l.seat.id]));

/** Gives the draft's lines the picked seats. */
function fill(d: Draft, picked: TypeSeat[]): void {
  picked.forEach((s, i) => {
    const line = d.lines[i];
    if (line !== undefined) line.seat = { id: s.id, section: s.section, row: s.row_label, number: s.number };
  });
}

/**
 * Claims the seats of every draft: chosen seats as asked, best available by picking. Answers the
 * drafts that have all their seats; the others get their outcome in `outcomes`.
 */
async function claimAll(
  trx: Transaction<Database>,
  eventId: string,
  drafts: Draft[],
  outcomes: Map<string, SeatOutcome>,
): Promise<Draft[]> {
  const owners = new Map<string, string>();
  const chosen = drafts.filter((d) => d.pick === undefined);
  for (const d of chosen) {
    const clash = seatsOf(d).filter((id) => owners.has(id));
    if (clash.length > 0) outcomes.set(d.id, { outcome: 'seats_taken', seats: clash });
    else for (const id of seatsOf(d)) owners.set(id, d.id);
  }
  let picking = drafts.filter((d) => d.pick !== undefined);
  const seatsByType = new Map<string, TypeSeat[]>();
  const pickAll = async () => {
    for (const d of picking) {
      const typeId = d.pick?.ticketTypeId ?? '';
      let seats = seatsByType.get(typeId);
      if (seats === undefined) {
        seats = await seatsOfType(trx, eventId, typeId);
        seatsByType.set(typeId, seats);
      }
      const picked = pickBest(seats, d.lines.length, new Set(owners.keys()));
      if (picked === undefined) outcomes.set(d.id, { outcome: 'sold_out' });
      else {
        fill(d, picked);
        for (const s of picked) owners.set(s.id, d.id);
      }
    }
    picking = picking.filter((d) => !outcomes.has(d.id));
  };
  await pickAll();
  const claimed = await claimSeatsFor(trx, eventId, owners);
  for (let tries = 1; ; tries++) {
    // A hold keeps its seats only when it got every one; the rest are given back now.
    const lost = picking.filter((d) => !seatsOf(d).every((id) => claimed.has(id)));
    if (lost.length === 0 || tries >= PICK_TRIES) {
      for (const d of lost) outcomes.set(d.id, { outcome: 'sold_out' });
      break;
    }
    const back = lost.flatMap((d) => seatsOf(d));
    await unclaimSeats(
      trx,
      back.filter((id) => claimed.has(id)),
    );
    for (const id of back) {
      owners.delete(id);
      claimed.delete(id);
    }
    picking = lost;
    // Another group has these seats: read again what is free, and pick for these holds only.
    seatsByType.clear();
    await pickAll();
    const again = new Map([...owners].filter(([id]) => !claimed.has(id)));
    for (const id of await claimSeatsFor(trx, eventId, again)) claimed.add(id);
  }
  const kept: Draft[] = [];
  const giveBack: string[] = [];
  for (const d of drafts) {
    const mine = seatsOf(d);
    if (outcomes.has(d.id) || !mine.every((id) => claimed.has(id))) {
      if (!outcomes.has(d.id)) outcomes.set(d.id, { outcome: 'seats_taken', seats: mine.filter((id) => !claimed.has(id)) });
      // Only seats this draft itself claimed: a clash's seats belong to the earlier draft.
      giveBack.push(...mine.filter((id) => claimed.has(id) && owners.get(id) === d.id));
    } else kept.push(d);
  }
  await unclaimSeats(trx, giveBack);
  return kept;
}

/** One group of seated holds of one event (see the header): answers each draft's outcome. */
export async function holdSeatGroup(db: Kysely<Database>, drafts: Draft[]): Promise<Map<string, SeatOutcome>> {
  return db.transaction().execute(async (trx: Transaction<Database>) => {
    const { eventId, live, claims, taken, hooks, codes } = await openGroup(trx, drafts);
    // One seat group of an event at a time across instances too (each instance already runs one):
    // two groups re-picking best available could otherwise each wait for seats the other locked.
    // The pair-of-int4 key space does not overlap hold-limits.ts's bigint keys; 22 names this lock.
    if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(22, hashtext(${eventId}))`.execute(trx);
    const outcomes = new Map<string, SeatOutcome>();
    for (const d of drafts) if (taken.has(d.id)) outcomes.set(d.id, { outcome: 'key_taken' });
    const seated = await claimAll(
      trx,
      eventId,
      drafts.filter((d) => !taken.has(d.id)),
      outcomes,
    );
    // Caps and codes in arrival order, among the holds that have their seats.
    const refused: string[] = [];
    const granted = seated.filter((d) => {
      const quantity = d.lines.length;
      const holding = live.get(d.userId) ?? 0;
      const codeId = d.discountCode?.id;
      if (holding + quantity > d.cap) outcomes.set(d.id, { outcome: 'hold_limit' });
      else if (!codes.allows(codeId)) outcomes.set(d.id, { outcome: 'code_invalid' });
      else {
        live.set(d.userId, holding + quantity);
        codes.take(codeId);
        outcomes.set(d.id, { outcome: 'held' });
        return true;
      }
      refused.push(...seatsOf(d));
      return false;
    });
    await unclaimSeats(trx, refused);
    await releaseHoldKeys(
      trx,
      claims
        .filter((c) => !taken.has(c.reservationId) && outcomes.get(c.reservationId)?.outcome !== 'held')
        .map((c) => c.reservationId),
    );
    if (granted.length === 0) return outcomes;
    await codes.write(trx);
    await insertRows(trx, granted);
    if (hooks.length > 0) await queueDeliveries(trx, hooks, 'reservation.created', await createdPayloads(trx, granted));
    const counts = new Map<string, number>();
    for (const d of granted) for (const t of d.types) counts.set(t.ticketTypeId, (counts.get(t.ticketTypeId) ?? 0) + t.quantity);
    // Seats and counts agree, so this fails only when an organizer lowered a capacity below the
    // seats: the group rolls back and its holds are tried alone, each answering sold out.
    if (!(await claimHeldOfTypes(trx, counts))) throw new Collision(soldOut([...counts.keys()][0] ?? ''));
    await payFreeDrafts(trx, granted);
    return outcomes;
  });
}
