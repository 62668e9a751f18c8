/**
 * Paying. The provider is never called inside a transaction: a reservation is first claimed for
 * payment (`paying_until`, a conditional update), which stops a second charge and the sweeper
 * alike; the outcome is then written in one short transaction.
 */
import type { PayRequest } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { notify } from '../notifications/notify.js';
import type { PaymentProvider } from '../payments/provider.js';
import { AppError, errors } from '../platform/errors.js';
import type { InvoiceSettings } from '../invoices/issue.js';
import { expireReservation } from './expiry.js';
import { Collision, eventNotOnSale } from './inventory.js';
import { refundUnhonouredPayment } from './late-payment.js';
import {
  claimForPayment,
  completePayment,
  isEventPublished,
  recordAttempt,
  reload,
  type ReservationRow,
} from './payment-records.js';

/** The answer for a reservation that is not payable: a closed event says so before anything else. */
async function notPayable(db: Kysely<Database>, r: ReservationRow): Promise<AppError> {
  if (!(await isEventPublished(db, r.event_id))) return eventNotOnSale();
  if (r.status === 'expired' || (r.status === 'pending_payment' && Date.parse(r.expires_at) <= Date.now()))
    return new AppError('hold_expired', 'The hold has expired; reserve again.');
  if (r.status === 'pending_payment') return errors.conflict('A payment for this reservation is already in progress.');
  return errors.conflict(`The reservation is ${r.status}.`);
}

/** Whether this charge is recorded as the one that paid the reservation (not one owed back). */
async function chargePaid(db: Kysely<Database>, reservationId: string, provider: string, ref: string): Promise<boolean> {
  const row = await db
    .selectFrom('payments')
    .select('id')
    .where('reservation_id', '=', reservationId)
    .where('provider', '=', provider)
    .where('kind', '=', 'charge')
    .where('status', '=', 'succeeded')
    .where('provider_ref', '=', ref)
    .where('refund_owed', '=', 0)
    .executeTakeFirst();
  return row !== undefined;
}

export async function payReservation(
  db: Kysely<Database>,
  provider: PaymentProvider,
  r: ReservationRow,
  body: PayRequest,
  /** Who pays: the buyer, or an admin paying for them. */
  actorId: string,
  settings: InvoiceSettings,
): Promise<ReservationRow> {
  if (r.status === 'paid') return r; // a second click after success: nothing more to charge
  if (r.status !== 'pending_payment') throw await notPayable(db, r);
  if (Date.parse(r.expires_at) <= Date.now()) {
    await expireReservation(db, r.id);
    throw await notPayable(db, await reload(db, r.id));
  }
  const claim = await claimForPayment(db, r.id);
  if (claim === null) {
    const current = await reload(db, r.id);
    if (current.status === 'paid') return current;
    throw await notPayable(db, current);
  }
  try {
    return await chargeClaimed(db, provider, r, body, actorId, settings);
  } catch (err) {
    // A database error mid-payment (no connection free in time, a failover) is answered 503, and
    // the buyer pays again at once: the claim goes back, or for a minute every retry would be
    // "already in progress". Nothing was recorded (the outcome is written in one transaction), and
    // a card already charged is charged again under the same idempotency key, so the provider
    // answers with that same charge and no second one is made.
    if (!(err instanceof AppError)) await releaseClaim(db, r.id, claim);
    throw err;
  }
}

/**
 * Gives this request's payment claim back (not a later one's, made after this ran out); when the
 * database fails this too, the claim runs out by itself.
 */
async function releaseClaim(db: Kysely<Database>, reservationId: string, claim: string): Promise<void> {
  try {
    await db
      .updateTable('reservations')
      .set({ paying_until: null })
      .where('id', '=', reservationId)
      .where('status', '=', 'pending_payment')
      .where('paying_until', '=', claim)
      .execute();
  } catch {
    // PAYMENT_CLAIM_MS ends it.
  }
}

/** Charges a reservation this request has claimed, and writes the outcome. */
async function chargeClaimed(
  db: Kysely<Database>,
  provider: PaymentProvider,
  r: ReservationRow,
  body: PayRequest,
  actorId: string,
  settings: InvoiceSettings,
): Promise<ReservationRow> {
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
    try {
      await completePayment(db, r, 'card', provider.name, { providerRef: result.providerRef, actorId, ...settings });
    } catch (err) {
      if (!(err instanceof Collision)) throw err;
      // A payment retried after its claim ran out gets the same charge from the provider (same
      // key): when that charge already paid the reservation, there is nothing to give back.
      if (await chargePaid(db, r.id, provider.name, result.providerRef)) return reload(db, r.id);
      // The event was cancelled, or the reservation closed or paid otherwise, while the card was
      // charged: the money goes back.
      await refundUnhonouredPayment(
        db,
        provider,
        r.id,
        {
          providerRef: result.providerRef,
          amountCents: r.total_cents,
          currency: r.currency,
        },
        settings,
      );
      throw err.error.code === 'conflict' ? await notPayable(db, await reload(db, r.id)) : err.error;
    }
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
      // The provider's reason stays a parameter: its words are the provider's, in English.
      message: {
        key: 'notification.payment_failed.body',
        params: { code: r.code, until: r.expires_at, reason: result.reason },
      },
      reservationId: r.id,
      actorId,
    });
  });
  if (result.status === 'declined')
    throw new AppError('payment_declined', `${result.reason} You can try again before the hold expires.`);
  throw new AppError(
    'payment_unavailable',
    'The payment provider is not answering; your tickets stay held, try again in a moment.',
  );
}

/** Redirect providers (Stripe): a checkout URL for this reservation; payment arrives by webhook. */
export async function startCheckout(
  db: Kysely<Database>,
  provider: PaymentProvider,
  r: ReservationRow,
  publicUrl: string,
): Promise<{ checkoutUrl: string }> {
  if (r.status === 'paid') throw errors.conflict('This reservation is already paid.');
  if (!(await isEventPublished(db, r.event_id))) throw eventNotOnSale();
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
