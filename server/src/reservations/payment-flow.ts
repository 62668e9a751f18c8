/**
 * Paying, cancelling and refunding. The provider is never called inside a transaction: a
 * reservation is first claimed for payment (`paying_until`, a conditional update), which stops a
 * second charge and the sweeper alike; the outcome is then written in one short transaction.
 */
import { randomUUID } from 'node:crypto';
import type { PayRequest } from '@iatichet/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database, ReservationsTable } from '../db/schema.js';
import { notify } from '../notifications/notify.js';
import type { PaymentProvider } from '../payments/provider.js';
import { AppError, errors } from '../platform/errors.js';
import { expireReservation } from './expiry.js';
import { releaseTickets, sellHeldTickets, ticketCounts } from './release.js';

type ReservationRow = Selectable<ReservationsTable>;
const PAYMENT_CLAIM_MS = 60_000;

async function recordAttempt(
  db: Kysely<Database>,
  r: ReservationRow,
  provider: string,
  kind: 'charge' | 'refund',
  status: 'succeeded' | 'declined' | 'failed',
  extra: { providerRef?: string; error?: string; actorId?: string | null } = {},
): Promise<void> {
  await db
    .insertInto('payments')
    .values({
      id: randomUUID(),
      reservation_id: r.id,
      provider,
      kind,
      status,
      amount_cents: r.total_cents,
      currency: r.currency,
      provider_ref: extra.providerRef ?? null,
      error: extra.error ?? null,
      actor_id: extra.actorId ?? null,
      created_at: nowIso(),
    })
    .execute();
}

/** Claims the reservation for one payment; false when it is not payable or a payment is in flight. */
async function claimForPayment(db: Kysely<Database>, id: string): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable('reservations')
    .set({ paying_until: new Date(Date.now() + PAYMENT_CLAIM_MS).toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'pending_payment')
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('paying_until', 'is', null), eb('paying_until', '<=', now)]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

async function reload(db: Kysely<Database>, id: string): Promise<ReservationRow> {
  return db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Marks a claimed (or, for admins, pending) reservation paid and sells its held tickets. */
async function completePayment(
  db: Kysely<Database>,
  r: ReservationRow,
  method: string,
  provider: string,
  extra: { providerRef?: string; actorId?: string | null; note?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const done = await trx
      .updateTable('reservations')
      .set({
        status: 'paid',
        paid_at: now,
        updated_at: now,
        paying_until: null,
        payment_method: method,
        ...(extra.note ? { note: extra.note } : {}),
      })
      .where('id', '=', r.id)
      .where('status', '=', 'pending_payment')
      .executeTakeFirst();
    if (done.numUpdatedRows === 0n) throw errors.conflict('The reservation is no longer pending.');
    await sellHeldTickets(trx, r.id);
    await recordAttempt(trx, r, provider, 'charge', 'succeeded', extra);
    await notify(trx, {
      userId: r.user_id,
      type: 'payment_confirmed',
      title: 'Payment confirmed',
      body: `Reservation ${r.code} is paid. Your tickets are ready.`,
      reservationId: r.id,
    });
  });
}

export async function payReservation(
  db: Kysely<Database>,
  provider: PaymentProvider,
  r: ReservationRow,
  body: PayRequest,
): Promise<ReservationRow> {
  if (r.status === 'paid') return r; // a second click after success: nothing more to charge
  if (r.status === 'expired') throw new AppError('hold_expired', 'The 30-minute hold has expired; reserve again.');
  if (r.status !== 'pending_payment') throw errors.conflict(`The reservation is ${r.status}.`);
  if (Date.parse(r.expires_at) <= Date.now()) {
    await expireReservation(db, r.id);
    throw new AppError('hold_expired', 'The hold expired before the payment arrived; reserve again.');
  }
  if (!(await claimForPayment(db, r.id))) {
    const current = await reload(db, r.id);
    if (current.status === 'paid') return current;
    if (current.status === 'expired' || Date.parse(current.expires_at) <= Date.now())
      throw new AppError('hold_expired', 'The hold has expired; reserve again.');
    throw errors.conflict('A payment for this reservation is already in progress.');
  }
  const attempt = await db
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reservation_id', '=', r.id)
    .executeTakeFirstOrThrow();
  let result;
  try {
    result = await provider.charge({
      reservationId: r.id,
      amountCents: r.total_cents,
      currency: r.currency,
      card: body.card,
      idempotencyKey: `${r.id}:${attempt.n}`,
    });
  } catch (err) {
    result = { status: 'unavailable' as const, reason: err instanceof Error ? err.message : 'provider error' };
  }
  if (result.status === 'succeeded') {
    await completePayment(db, r, 'card', provider.name, { providerRef: result.providerRef });
    return reload(db, r.id);
  }
  // Declined or unavailable: the reservation stays payable until it expires.
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('reservations').set({ paying_until: null }).where('id', '=', r.id).execute();
    await recordAttempt(trx, r, provider.name, 'charge', result.status === 'declined' ? 'declined' : 'failed', {
      error: result.reason,
    });
    await notify(trx, {
      userId: r.user_id,
      type: 'payment_failed',
      title: 'Payment failed',
      body: `${result.reason} You can try again until ${r.expires_at}.`,
      reservationId: r.id,
    });
  });
  if (result.status === 'declined')
    throw new AppError('payment_declined', `${result.reason} You can try again before the hold expires.`);
  throw new AppError(
    'payment_unavailable',
    'The payment provider is not answering; your tickets stay held, try again in a moment.',
  );
}

/** Assisted payment by an admin: cash, bank transfer or other, recorded with who took it. */
export async function markPaid(
  db: Kysely<Database>,
  r: ReservationRow,
  actorId: string,
  method: string,
  note: string | undefined,
): Promise<ReservationRow> {
  if (r.status !== 'pending_payment')
    throw errors.conflict(`Only a pending reservation can be marked paid; this one is ${r.status}.`);
  if (r.paying_until !== null && Date.parse(r.paying_until) > Date.now())
    throw errors.conflict('A card payment for this reservation is in progress.');
  await completePayment(db, r, method, 'manual', { actorId, note });
  return reload(db, r.id);
}

/**
 * Cancels a reservation: pending becomes cancelled; paid becomes refunded (through the provider
 * when `refund`), or cancelled without a refund. Its tickets go back on sale at once.
 */
export async function cancelReservation(
  db: Kysely<Database>,
  provider: PaymentProvider,
  r: ReservationRow,
  options: { refund: boolean; actorId: string | null; reason: string },
): Promise<ReservationRow> {
  if (r.status === 'cancelled' || r.status === 'refunded' || r.status === 'expired') return r;
  if (r.paying_until !== null && Date.parse(r.paying_until) > Date.now())
    throw errors.conflict('A payment for this reservation is in progress; try again in a moment.');
  const wasPaid = r.status === 'paid';
  let refundRef: string | undefined;
  if (wasPaid && options.refund) {
    const charge = await db
      .selectFrom('payments')
      .select(['provider', 'provider_ref'])
      .where('reservation_id', '=', r.id)
      .where('kind', '=', 'charge')
      .where('status', '=', 'succeeded')
      .executeTakeFirst();
    if (charge?.provider === provider.name && charge.provider_ref !== null) {
      const refunded = await provider.refund({
        providerRef: charge.provider_ref,
        amountCents: r.total_cents,
        currency: r.currency,
        idempotencyKey: `refund:${r.id}`,
      });
      if (refunded.status !== 'succeeded')
        throw new AppError('payment_unavailable', 'The refund could not be made now; nothing was changed. Try again shortly.');
      refundRef = refunded.providerRef;
    }
  }
  const status = wasPaid && options.refund ? 'refunded' : 'cancelled';
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const done = await trx
      .updateTable('reservations')
      .set({ status, closed_at: now, updated_at: now })
      .where('id', '=', r.id)
      .where('status', '=', r.status)
      .executeTakeFirst();
    if (done.numUpdatedRows === 0n) throw errors.conflict('The reservation changed meanwhile; reload and try again.');
    await releaseTickets(trx, r.id, wasPaid ? 'paid' : 'pending_payment');
    if (status === 'refunded')
      await recordAttempt(trx, r, refundRef ? provider.name : 'manual', 'refund', 'succeeded', {
        providerRef: refundRef,
        actorId: options.actorId,
      });
    await notify(trx, {
      userId: r.user_id,
      type: status === 'refunded' ? 'refund_issued' : 'reservation_cancelled',
      title: status === 'refunded' ? 'Reservation refunded' : 'Reservation cancelled',
      body: `Reservation ${r.code}: ${options.reason}`,
      reservationId: r.id,
    });
  });
  return reload(db, r.id);
}

/** Redirect providers (Stripe): a checkout URL for this reservation; payment arrives by webhook. */
export async function startCheckout(
  db: Kysely<Database>,
  provider: PaymentProvider,
  r: ReservationRow,
  publicUrl: string,
): Promise<{ checkoutUrl: string }> {
  if (r.status === 'paid') throw errors.conflict('This reservation is already paid.');
  if (r.status === 'expired' || (r.status === 'pending_payment' && Date.parse(r.expires_at) <= Date.now())) {
    await expireReservation(db, r.id);
    throw new AppError('hold_expired', 'The hold has expired; reserve again.');
  }
  if (r.status !== 'pending_payment' || provider.createCheckout === undefined)
    throw errors.conflict(`The reservation is ${r.status}.`);
  const event = await db.selectFrom('events').select('title').where('id', '=', r.event_id).executeTakeFirstOrThrow();
  const page = `${publicUrl}/reservations/${r.id}`;
  const result = await provider.createCheckout({
    reservationId: r.id,
    code: r.code,
    title: event.title,
    amountCents: r.total_cents,
    currency: r.currency,
    expiresAt: r.expires_at,
    successUrl: `${page}?payment=done`,
    cancelUrl: `${page}?payment=cancelled`,
    idempotencyKey: `checkout:${r.id}:${r.expires_at}`,
  });
  if (result.status !== 'created') {
    await recordAttempt(db, r, provider.name, 'charge', 'failed', { error: result.reason });
    throw new AppError(
      'payment_unavailable',
      'The payment provider is not answering; your tickets stay held, try again in a moment.',
    );
  }
  return { checkoutUrl: result.url };
}

/**
 * A confirmed external payment (webhook). Pending: paid. Already paid: nothing (a replay). Expired
 * or cancelled meanwhile: the tickets are taken again if still free, else the money is refunded
 * and the buyer told.
 */
export async function completeExternalPayment(
  db: Kysely<Database>,
  provider: PaymentProvider,
  reservationId: string,
  payment: { providerRef: string; amountCents: number; currency: string },
): Promise<'paid' | 'already_paid' | 'reheld' | 'refunded' | 'unknown'> {
  const r = await db.selectFrom('reservations').selectAll().where('id', '=', reservationId).executeTakeFirst();
  if (r === undefined) return 'unknown';
  if (r.status === 'paid') return 'already_paid';
  if (r.status === 'pending_payment') {
    await completePayment(db, r, 'card', provider.name, { providerRef: payment.providerRef });
    return 'paid';
  }
  const reheld = await db
    .transaction()
    .execute(async (trx) => {
      const now = nowIso();
      const done = await trx
        .updateTable('reservations')
        .set({ status: 'paid', paid_at: now, updated_at: now, closed_at: null, payment_method: 'card' })
        .where('id', '=', r.id)
        .where('status', '=', r.status)
        .executeTakeFirst();
      if (done.numUpdatedRows === 0n) throw new Error('changed meanwhile');
      const counts = await ticketCounts(trx, r.id);
      for (const { ticket_type_id, n } of counts) {
        const sold = await trx
          .updateTable('ticket_types')
          .set({ sold: sql`sold + ${n}` })
          .where('id', '=', ticket_type_id)
          .where(sql<boolean>`capacity - sold - held >= ${n}`)
          .executeTakeFirst();
        if (sold.numUpdatedRows === 0n) throw new Error('sold out meanwhile');
      }
      const seats = (
        await trx
          .selectFrom('tickets')
          .select('seat_id')
          .where('reservation_id', '=', r.id)
          .where('seat_id', 'is not', null)
          .execute()
      ).map((t) => t.seat_id ?? '');
      if (seats.length > 0) {
        const taken = await trx
          .updateTable('event_seats')
          .set({ status: 'sold', reservation_id: r.id })
          .where('id', 'in', seats)
          .where('status', '=', 'free')
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== seats.length) throw new Error('seats taken meanwhile');
      }
      await recordAttempt(trx, r, provider.name, 'charge', 'succeeded', { providerRef: payment.providerRef });
      await notify(trx, {
        userId: r.user_id,
        type: 'payment_confirmed',
        title: 'Payment confirmed',
        body: `Your payment for ${r.code} arrived after the hold ended; the tickets were still free and are yours.`,
        reservationId: r.id,
      });
      return true;
    })
    .catch(() => false);
  if (reheld) return 'reheld';
  const refund = await provider.refund({
    providerRef: payment.providerRef,
    amountCents: payment.amountCents,
    currency: payment.currency,
    idempotencyKey: `late-refund:${r.id}:${payment.providerRef}`,
  });
  await db.transaction().execute(async (trx) => {
    await recordAttempt(trx, r, provider.name, 'charge', 'succeeded', { providerRef: payment.providerRef });
    await recordAttempt(trx, r, provider.name, 'refund', refund.status === 'succeeded' ? 'succeeded' : 'failed', {
      providerRef: refund.status === 'succeeded' ? refund.providerRef : undefined,
      error: refund.status === 'succeeded' ? undefined : refund.reason,
    });
    await notify(trx, {
      userId: r.user_id,
      type: 'refund_issued',
      title: 'Payment refunded',
      body: `Your payment for ${r.code} arrived after the hold ended and the tickets were sold to someone else, so it has been refunded.`,
      reservationId: r.id,
    });
  });
  return 'refunded';
}
