/**
 * Writing a hold: the reservation, its items and tickets, and the inventory's guarded claims, all in
 * one transaction that also re-checks that the event is on sale and that the buyer stays within
 * the per-event cap (hold-limits.ts).
 *
 * Holds of one general-admission ticket type are written in groups. Every buyer of that type needs
 * its counter row, and PostgreSQL keeps a row lock until the commit is on disk (about 3 ms on this
 * machine's disk), so one hold per commit would cap a flash sale near 350 holds per second however
 * fast everything else is. While one group's transaction runs, the holds that arrive queue up and
 * go together in the next: one lock, one commit, many holds. No answer is sent before its group
 * has committed, and a group that fails is retried one hold at a time, so one bad hold cannot fail
 * the others.
 */
import type { Kysely, QueryCreator, Transaction } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { claimCodeUses, CodeAllowance, codeInvalid, type HoldCode } from './code-uses.js';
import { payFreeDrafts, rowOf } from './free-orders.js';
import { holdLimit, lockLiveHolds } from './hold-limits.js';
import { claimHoldKeys, HoldKeyTaken, releaseHoldKeys, type HoldKey, type KeyClaim } from './hold-keys.js';
import { claimForOffer, claimHeld, claimSeats, Collision, lockRemaining, raiseHeld, soldOut } from './inventory.js';
import { hooksListening, queueDeliveries } from '../webhooks/outbox.js';
import { insertAnswers, type AnswerDraft } from '../questions/answers.js';
import { emitReservations, reservationPayload, reservationPayloads } from '../webhooks/payloads.js';

export interface Line {
  ticketTypeId: string;
  typeName: string;
  priceCents: number;
  /** Basis points of tax in the price (pricing.ts). */
  taxRate: number;
  seat: { id: string; section: string; row: string; number: number } | null;
}

/** Quantity and price per ticket type of one hold. */
export interface TypeCount {
  ticketTypeId: string;
  quantity: number;
  priceCents: number;
  /** For the whole line: the code's discount per ticket times the quantity. */
  discountCents: number;
  taxRate: number;
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
  time_zone: string;
}

/** Every value one hold writes, decided before it is written. */
export interface Draft {
  id: string;
  code: string;
  userId: string;
  /** Most tickets this buyer may have in live holds of the event, this hold included. */
  cap: number;
  event: HoldEvent;
  /** Priced by pricing.ts: total = subtotal - discount; tax is contained in the total. */
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  /** The discount or access code this hold uses; one use, counted in its transaction. */
  discountCode: HoldCode | null;
  expiresAt: string;
  createdAt: string;
  lines: Line[];
  types: TypeCount[];
  tickets: { id: string; attendeeName: string | null; shortCode: string }[];
  /** For each ticket's holder in the answer (the attendee, else the buyer). */
  buyerName?: string;
  /** With buyerName, the buyer in a reservation.created payload, built here instead of read back. */
  buyerEmail?: string;
  /** The request's Idempotency-Key, claimed in the hold's transaction (hold-keys.ts). */
  key: HoldKey | null;
  /** Answers to the event's questions, checked before the transaction (questions/hold-answers.ts). */
  answers?: AnswerDraft[];
  /** Best available: the lines' seats are picked in the hold's transaction (hold-seat-groups.ts). */
  pick?: { ticketTypeId: string };
}

export const claimsOf = (drafts: Draft[]): KeyClaim[] =>
  drafts.flatMap((d) => (d.key === null ? [] : [{ reservationId: d.id, userId: d.userId, key: d.key }]));

/** The reservations, their priced items and their tickets that holds write. */
function rowsOf(drafts: Draft[]) {
  // Every reservation, seated ones too, has one priced row per ticket type (0019, pricing.ts).
  const items = drafts.flatMap((d) =>
    d.types.map((t) => ({
      reservation_id: d.id,
      ticket_type_id: t.ticketTypeId,
      quantity: t.quantity,
      unit_price_cents: t.priceCents,
      discount_cents: t.discountCents,
      tax_rate: t.taxRate,
    })),
  );
  const tickets = drafts.flatMap((d) =>
    d.lines.map((l, i) => ({
      id: d.tickets[i]?.id ?? '',
      reservation_id: d.id,
      event_id: d.event.id,
      ticket_type_id: l.ticketTypeId,
      seat_id: l.seat?.id ?? null,
      attendee_name: d.tickets[i]?.attendeeName ?? null,
      short_code: d.tickets[i]?.shortCode ?? null,
      position: i,
      checked_in_at: null,
    })),
  );
  return { reservations: drafts.map(rowOf), items, tickets };
}

export async function insertRows(trx: Transaction<Database>, drafts: Draft[], rows = rowsOf(drafts)): Promise<void> {
  const { reservations, items, tickets } = rows;
  await trx.insertInto('reservations').values(reservations).execute();
  if (items.length > 0) await trx.insertInto('reservation_items').values(items).execute();
  await trx.insertInto('tickets').values(tickets).execute();
  await insertAnswers(trx, drafts);
}

/**
 * A group's rows and its counter's rise, for holds of one general-admission type whose counter
 * row the transaction has locked. On PostgreSQL one statement (the inserts as data-modifying
 * CTEs; foreign keys are checked at its end) instead of four: each is a round trip of the part
 * of the sale that groups take in turn. False when the counter's guard refused (its lock rules
 * that out).
 */
async function insertGroup(trx: Transaction<Database>, ticketTypeId: string, drafts: Draft[]): Promise<boolean> {
  const total = drafts.reduce((sum, d) => sum + d.lines.length, 0);
  const rows = rowsOf(drafts);
  const { reservations, items, tickets } = rows;
  if (dialectOf(trx) !== 'postgres' || items.length === 0) {
    await insertRows(trx, drafts, rows);
    return claimHeld(trx, ticketTypeId, total);
  }
  const inserts = trx
    .with('r', (qc) => qc.insertInto('reservations').values(reservations))
    .with('i', (qc) => qc.insertInto('reservation_items').values(items))
    .with('t', (qc) => qc.insertInto('tickets').values(tickets));
  // The CTEs only add names the update does not use: it is the same statement on Database's tables.
  const raised = await raiseHeld(inserts as unknown as QueryCreator<Database>, ticketTypeId, total).executeTakeFirst();
  await insertAnswers(trx, drafts);
  return raised.numUpdatedRows > 0n;
}

/** One hold of any shape in its own transaction: the rows first, then the guarded claims. */
export async function holdInTransaction(db: Kysely<Database>, d: Draft): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const live = await lockLiveHolds(trx, d.event.id, [d.userId], { eventOnSale: true });
    // The key before the cap: a retry of a hold that committed is that hold, not one over the cap.
    if (d.key !== null && (await claimHoldKeys(trx, claimsOf([d]))).size > 0) throw new HoldKeyTaken();
    if ((live.get(d.userId) ?? 0) + d.lines.length > d.cap) throw holdLimit(d.cap);
    // The code's row after the buyers' locks and before seats and counters (inventory.ts).
    if (d.discountCode !== null && !(await claimCodeUses(trx, d.discountCode, 1))) throw new Collision(codeInvalid());
    await insertRows(trx, [d]);
    await emitReservations(trx, d.event.id, 'reservation.created', [d.id]);
    await claimSeats(
      trx,
      d.event.id,
      d.id,
      d.lines.flatMap((l) => (l.seat === null ? [] : [l.seat.id])),
    );
    // Counters last, in a fixed order: the row locks they take are held only until commit.
    for (const { ticketTypeId, quantity } of [...d.types].sort((a, b) => a.ticketTypeId.localeCompare(b.ticketTypeId))) {
      if (!(await claimHeld(trx, ticketTypeId, quantity))) throw new Collision(soldOut(ticketTypeId));
    }
    await payFreeDrafts(trx, [d]);
  });
}

/**
 * A waiting-list offer's hold (waitlist/offers.ts), written in the caller's transaction, which has
 * already taken the event row and the type's counter lock (lockForList): the same rows as any
 * hold, then the list's claim, which also counts the entry out of the list. False when the
 * tickets are not free after all (nothing was written that the caller must keep: it rolls back).
 */
export async function writeOffer(trx: Transaction<Database>, d: Draft, ticketTypeId: string): Promise<boolean> {
  if (!(await claimForOffer(trx, ticketTypeId, d.lines.length))) return false;
  await insertRows(trx, [d]);
  await emitReservations(trx, d.event.id, 'reservation.created', [d.id]);
  return true;
}

/**
 * What every group of holds (of a GA type here, of an event's seats in hold-seat-groups.ts) takes
 * first, in the lock order of inventory.ts: the event, the buyers' caps, the Idempotency-Keys
 * (before the caps: a retry of a hold that committed is that hold, not one over the cap), who
 * listens for new holds, and the codes' rows. All of it before the counter's or the seats' locks,
 * so that it adds nothing to the part that groups take in turn.
 */
export async function openGroup(trx: Transaction<Database>, drafts: Draft[]) {
  const eventId = drafts[0]?.event.id ?? '';
  const live = await lockLiveHolds(
    trx,
    eventId,
    drafts.map((d) => d.userId),
    { eventOnSale: true },
  );
  const claims = claimsOf(drafts);
  const taken = claims.length === 0 ? new Set<string>() : await claimHoldKeys(trx, claims);
  const hooks = await hooksListening(trx, { eventId }, 'reservation.created');
  // A limited code's uses are handed out in arrival order under its lock; an unlimited code is
  // only share-locked, so groups do not take it in turn (code-uses.ts).
  const codes = await CodeAllowance.lock(
    trx,
    drafts.flatMap((d) => (d.discountCode === null ? [] : [d.discountCode])),
  );
  return { eventId, live, claims, taken, hooks, codes };
}

/** `key_taken`: its Idempotency-Key names a hold already made; `unavailable`: the group may or may not have committed. */
export type GroupOutcome = 'held' | 'sold_out' | 'hold_limit' | 'code_invalid' | 'key_taken' | 'unavailable';

/**
 * A group of holds of one ticket type in one transaction: lock the counter row, grant the holds
 * that fit in arrival order, write them, raise the counter once. Answers the ids granted.
 */
export async function holdGroup(db: Kysely<Database>, ticketTypeId: string, drafts: Draft[]): Promise<Map<string, GroupOutcome>> {
  return db.transaction().execute(async (trx: Transaction<Database>) => {
    const { live, claims, taken, hooks, codes } = await openGroup(trx, drafts);
    // The counter's lock last: from here to the commit is the part that groups of this type take
    // in turn, so it holds only the counter read, the inserts and the update.
    let left = await lockRemaining(trx, ticketTypeId);
    const outcomes = new Map<string, GroupOutcome>();
    const granted = drafts.filter((d) => {
      const quantity = d.lines.length;
      if (taken.has(d.id)) {
        outcomes.set(d.id, 'key_taken');
        return false;
      }
      const holding = live.get(d.userId) ?? 0;
      const codeId = d.discountCode?.id;
      if (holding + quantity > d.cap) outcomes.set(d.id, 'hold_limit');
      else if (!codes.allows(codeId)) outcomes.set(d.id, 'code_invalid');
      else if (quantity > left) outcomes.set(d.id, 'sold_out');
      else {
        left -= quantity;
        live.set(d.userId, holding + quantity);
        codes.take(codeId);
        outcomes.set(d.id, 'held');
        return true;
      }
      return false;
    });
    await releaseHoldKeys(
      trx,
      claims.filter((c) => !taken.has(c.reservationId) && outcomes.get(c.reservationId) !== 'held').map((c) => c.reservationId),
    );
    if (granted.length === 0) return outcomes;
    await codes.write(trx);
    // The row is locked, so the guard cannot fail; it stays as the last word on overselling.
    if (!(await insertGroup(trx, ticketTypeId, granted))) throw new Error('ticket type counter changed under its lock');
    if (hooks.length > 0) {
      await queueDeliveries(trx, hooks, 'reservation.created', await createdPayloads(trx, granted));
    }
    await payFreeDrafts(trx, granted);
    return outcomes;
  });
}

/**
 * reservation.created payloads of holds just written, from their drafts: the hold wrote exactly
 * these values, so reading them back (a join per group, in the part of the sale that groups take
 * in turn) would only cost time. A draft without its buyer's email is read back.
 */
export async function createdPayloads(trx: Transaction<Database>, drafts: Draft[]): Promise<unknown[]> {
  if (drafts.some((d) => d.buyerEmail === undefined || d.buyerName === undefined))
    return reservationPayloads(
      trx,
      drafts.map((d) => d.id),
    );
  return drafts.map((d) =>
    reservationPayload({
      id: d.id,
      code: d.code,
      status: 'pending_payment',
      eventId: d.event.id,
      totalCents: d.totalCents,
      currency: d.event.currency,
      ticketCount: d.lines.length,
      buyer: { email: d.buyerEmail ?? '', name: d.buyerName ?? '' },
      createdAt: d.createdAt,
      expiresAt: d.expiresAt,
      paidAt: null,
      paymentMethod: null,
    }),
  );
}
