/**
 * Holding tickets: checks what is asked (published, on sale, the per-order maximum, the ticket
 * types or seats of this event) and prices it from the database, never from the request. A ticket
 * type that one read already shows sold out answers 409 without writing anything; otherwise
 * hold-writes.ts writes the hold under the inventory's guarded claims, re-checking in its
 * transaction that the event is on sale and the buyer within the per-event cap. A collision (or a sold-out
 * read) first reclaims expired holds of the event, then tries once more. The 201 is built from
 * what the hold read and wrote: nothing is read back. A chosen seat the read already shows taken
 * answers seats_taken the same way, without a write. A request whose Idempotency-Key was used
 * before throws HoldKeyUsed from the first read, or HoldKeyTaken from its transaction (hold-keys.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Reservation, ReservationRequest } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { AppError, errors } from '../platform/errors.js';
import { isShortCodeCollision, newShortCode } from '../tickets/short-code.js';
import { expireDue } from './expiry.js';
import { HoldKeyTaken, HoldKeyUsed, type HoldKey } from './hold-keys.js';
import { holdLimit } from './hold-limits.js';
import { priceLines } from './pricing.js';
import { CodeChanged, codeInvalid, discountPerTicket, isOpen, names, type CodeRow } from './code-uses.js';
import { planLines } from './hold-lines.js';
import { readEvent, type HoldReads } from './hold-read.js';
import { toReservation } from './hold-answer.js';
import { holdInTransaction, type Draft, type HoldEvent, type Line, type TypeCount } from './hold-writes.js';
import { HoldGroups } from './hold-groups.js';
import { answersOfHold } from '../questions/hold-answers.js';
import { withDraftAnswers, type AnswerDraft } from '../questions/answers.js';
import { Collision, eventNotOnSale, soldOut } from './inventory.js';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The largest total one reservation can store: reservations.total_cents is a 32-bit integer on PostgreSQL. */
export const ORDER_TOTAL_MAX_CENTS = 2_147_483_647;

export function reservationCode(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

const seatsTaken = (seats: string[]) => new AppError('seats_taken', 'Some of these seats were just taken.', undefined, { seats });

export interface HoldInput {
  userId: string;
  request: ReservationRequest;
  holdMinutes: number;
  /** The app's batcher of general-admission holds; without one, each hold is its own group. */
  groups?: HoldGroups;
  /** The app's batcher of holds' first reads (hold-read.ts); without one, each hold reads alone. */
  reads?: HoldReads;
  /** The buyer's name, for the holder of tickets without an attendee name. */
  buyerName?: string;
  /** The buyer's email, for the reservation.created webhook payload. */
  buyerEmail?: string;
  /** Draws each ticket's short code; tests replace it to force a collision. */
  shortCode?: () => string;
  /** The request's Idempotency-Key: a hold already made with it is not made again (hold-keys.ts). */
  key?: HoldKey;
  /** The waiting room's gate, told whether the event's room is on: throws 403 queue_required without a pass. */
  admit?: (queueEnabled: boolean) => void;
}

export function draftOf(
  input: HoldInput,
  event: HoldEvent,
  maxPerOrder: number,
  lines: Line[],
  types: TypeCount[],
  answers: AnswerDraft[] = [],
  code?: CodeRow,
): Draft {
  const priced = priceLines(
    types.map((t) => ({
      ticketTypeId: t.ticketTypeId,
      name: '',
      quantity: t.quantity,
      unitPriceCents: t.priceCents,
      discountCents: t.discountCents,
      taxRate: t.taxRate,
    })),
  );
  return {
    id: randomUUID(),
    code: reservationCode(),
    userId: input.userId,
    buyerName: input.buyerName,
    buyerEmail: input.buyerEmail,
    cap: maxPerOrder,
    event,
    subtotalCents: priced.subtotalCents,
    discountCents: priced.discountCents,
    taxCents: priced.taxCents,
    totalCents: priced.totalCents,
    discountCode: code === undefined ? null : { id: code.id, code: code.code, limited: code.max_uses !== null },
    expiresAt: new Date(Date.now() + input.holdMinutes * 60_000).toISOString(),
    createdAt: nowIso(),
    lines,
    types,
    tickets: lines.map((_, i) => ({
      id: randomUUID(),
      attendeeName: input.request.attendees?.[i]?.name.trim() ?? null,
      shortCode: (input.shortCode ?? newShortCode)(),
    })),
    key: input.key ?? null,
    answers,
  };
}

/** Holds the tickets and answers the new reservation, or throws sold_out / seats_taken / 422. */
export async function holdTickets(db: Kysely<Database>, input: HoldInput): Promise<Reservation> {
  for (let tries = 1; ; tries++) {
    try {
      return await holdOnce(db, input);
    } catch (err) {
      // Its code was given a limit meanwhile: made again from a fresh read, which counts the use.
      if (!(err instanceof CodeChanged)) throw err;
      if (tries >= 3) throw errors.conflict('The code changed a moment ago; please try again.');
    }
  }
}

async function holdOnce(db: Kysely<Database>, input: HoldInput): Promise<Reservation> {
  const { request } = input;
  // Items and seats together: a reserved event's standing areas with chosen seats (hold-lines.ts).
  const asks = [request.items, request.seats, request.bestAvailable].filter((a) => a !== undefined).length;
  if (asks === 0 || (request.bestAvailable !== undefined && asks > 1)) {
    throw errors.validation('Send items (general admission, standing), seats, or bestAvailable (reserved seating).', [
      { path: '/', message: 'items, seats or bestAvailable' },
    ]);
  }
  // The code is read with the event; its uses are counted in the hold's transaction.
  const found = await (input.reads?.read(input) ?? readEvent(db, input));
  if (found === undefined || found.event.status === 'draft') throw errors.notFound('event');
  input.admit?.(found.event.queue_enabled === 1);
  const { code } = found;
  if (found.usedKey !== undefined) throw new HoldKeyUsed(found.usedKey);
  const { event } = found;
  const now = nowIso();
  const salesEnd = event.sales_end_at ?? event.ends_at;
  if (event.status !== 'published') throw eventNotOnSale();
  if ((event.sales_start_at !== null && now < event.sales_start_at) || now >= salesEnd)
    throw new AppError('sales_closed', 'Tickets for this event are not on sale now.');
  if (request.code !== undefined && (code === undefined || !isOpen(code))) throw codeInvalid();
  const { lines, remaining, pick, taken } = await planLines(db, event, found.types, request, code, input.reads?.seats);
  // Not valid for any of the items asked for: refused rather than silently ignored.
  if (code !== undefined && !lines.some((l) => names(code, l.ticketTypeId))) throw codeInvalid();
  if (lines.length > event.max_tickets_per_order) {
    throw new AppError('limit_exceeded', `At most ${event.max_tickets_per_order} tickets per order.`, [
      {
        path: request.items ? '/items' : request.seats ? '/seats' : '/bestAvailable/quantity',
        message: `at most ${event.max_tickets_per_order}`,
      },
    ]);
  }
  if ((request.attendees?.length ?? 0) > lines.length) {
    throw errors.validation('More attendee names than tickets.', [{ path: '/attendees', message: 'too many names' }]);
  }
  const answers = await answersOfHold(db, event.id, found.hasQuestions, request.answers, lines);
  const types = new Map<string, TypeCount>();
  for (const l of lines) {
    const t = types.get(l.ticketTypeId);
    const off = discountPerTicket(code, l.ticketTypeId, l.priceCents);
    if (t === undefined)
      types.set(l.ticketTypeId, {
        ticketTypeId: l.ticketTypeId,
        quantity: 1,
        priceCents: l.priceCents,
        discountCents: off,
        taxRate: l.taxRate,
      });
    else {
      t.quantity++;
      t.discountCents += off;
    }
  }
  const counts = [...types.values()];
  // Amounts are PostgreSQL integers: an order whose total does not fit one (pay what you want at
  // the highest price times the most tickets an order may have) is refused here, not as a 500.
  const subtotal = counts.reduce((sum, t) => sum + t.priceCents * t.quantity, 0);
  if (subtotal > ORDER_TOTAL_MAX_CENTS) {
    const path = request.items ? '/items' : request.seats ? '/seats' : '/bestAvailable/quantity';
    throw errors.validation(`An order may total at most ${ORDER_TOTAL_MAX_CENTS} cents.`, [
      { path, message: `the total is over ${ORDER_TOTAL_MAX_CENTS} cents` },
    ]);
  }

  // Quantities of one type (general admission or a standing area) go in groups by type; seats
  // alone (chosen or best available) in groups by event; a mix of both in a transaction of its own.
  const seated = lines.filter((l) => l.seat !== null).length;
  const grouped = seated === 0 && pick === undefined && counts.length === 1 ? counts[0] : undefined;
  const seatsOnly = pick !== undefined || seated === lines.length;
  const groups = input.groups ?? new HoldGroups(db);
  const attemptOnce = async () => {
    // Fresh lines each try: best available writes the seats it picked into them.
    const draft = draftOf(
      input,
      event,
      event.max_tickets_per_order,
      lines.map((l) => ({ ...l })),
      counts,
      answers,
      code,
    );
    if (pick !== undefined) draft.pick = pick;
    if (grouped === undefined && seatsOnly) {
      const { outcome, seats } = await groups.holdSeats(draft);
      if (outcome === 'seats_taken') throw new Collision(seatsTaken(seats ?? []));
      if (outcome === 'hold_limit') throw holdLimit(draft.cap);
      if (outcome === 'sold_out') throw new Collision(soldOut(pick?.ticketTypeId ?? counts[0]?.ticketTypeId ?? ''));
      if (outcome === 'code_invalid') throw new Collision(codeInvalid());
      if (outcome === 'key_taken') throw new HoldKeyTaken();
      if (outcome === 'unavailable') throw errors.unavailable('The database did not confirm the hold; try again.');
    } else if (grouped === undefined) await holdInTransaction(db, draft);
    else {
      const outcome = await groups.hold(grouped.ticketTypeId, draft);
      if (outcome === 'hold_limit') throw holdLimit(draft.cap);
      if (outcome === 'sold_out') throw new Collision(soldOut(grouped.ticketTypeId));
      if (outcome === 'code_invalid') throw new Collision(codeInvalid());
      if (outcome === 'key_taken') throw new HoldKeyTaken();
      if (outcome === 'unavailable') throw errors.unavailable('The database did not confirm the hold; try again.');
    }
    return withDraftAnswers(toReservation(draft), draft.answers);
  };
  // A short code already taken (1 in 10^9 per ticket with a million sold) fails the insert on the
  // unique index and rolls the hold back whole; the hold is drawn again with fresh codes.
  const attempt = async () => {
    for (let tries = 1; ; tries++) {
      try {
        return await attemptOnce();
      } catch (err) {
        if (tries >= 5 || !isShortCodeCollision(err)) throw err;
      }
    }
  };
  const reclaimAndRetry = async (collision: Collision, mayHaveExpired = true) => {
    // A stale hold must never make an event look sold out: reclaim expired holds, then retry once.
    if (!collision.mayRetry || !mayHaveExpired || (await expireDue(db, { eventId: event.id })) === 0) throw collision.error;
    try {
      return await attempt();
    } catch (retryErr) {
      throw retryErr instanceof Collision ? retryErr.error : retryErr;
    }
  };

  // The read above answers a sold-out type without a write (and without looking for expired holds
  // when it saw none); when it saw enough, the guarded update decides.
  const short = counts.find((t) => remaining.has(t.ticketTypeId) && (remaining.get(t.ticketTypeId) ?? 0) < t.quantity);
  if (short !== undefined) return reclaimAndRetry(new Collision(soldOut(short.ticketTypeId)), found.expiredHolds);
  // Likewise a chosen seat the read saw held or sold: most losers of a seated on-sale end here.
  if (taken.length > 0) return reclaimAndRetry(new Collision(seatsTaken(taken)), found.expiredHolds);
  try {
    return await attempt();
  } catch (err) {
    if (!(err instanceof Collision)) throw err;
    // Only when the read saw a hold past its time: a lost seat or a sold-out group otherwise costs
    // no search for expired holds (the sweeper reclaims one that ran out since, within seconds).
    return reclaimAndRetry(err, found.expiredHolds);
  }
}
