/**
 * Payments the provider confirms on its own schedule (webhooks), and charges that can no longer
 * buy anything. Every step locks the reservation row first, so concurrent deliveries of one
 * payment run one after the other; the first records the charge, and what it decided (paid, or
 * to be refunded) is what every later delivery of that payment finds. The database refuses a
 * second record of one charge and a second refund of it (migration 0010).
 *
 * Only a typed Collision (the tickets are gone, or the event closed) leads to a refund. Any other
 * error propagates, so the webhook answers 5xx and the provider delivers again later.
 */
import type { Kysely, Transaction } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { notify } from '../notifications/notify.js';
import type { PaymentProvider } from '../payments/provider.js';
import { AppError } from '../platform/errors.js';
import { Collision, lockEventOnSale, reclaimForLatePayment, releaseTickets } from './inventory.js';
import { lockReservation, markPaidIn, recordAttempt, type ReservationRow } from './payment-records.js';
import { readDocument } from '../invoices/documents.js';
import { issueInvoiceIn, type InvoiceSettings } from '../invoices/issue.js';
import { attemptRefund, queueRefund } from './refund-queue.js';
import { emitReservations } from '../webhooks/payloads.js';

export interface ExternalPayment {
  providerRef: string;
  amountCents: number;
  currency: string;
}

export type SettleOutcome = 'paid' | 'already_paid' | 'reheld' | 'refunded' | 'unknown';

/** This payment's charge as recorded on the reservation, if it was: whether it paid or is owed back. */
function recordedCharge(trx: Transaction<Database>, r: ReservationRow, provider: string, ref: string) {
  return trx
    .selectFrom('payments')
    .select(['id', 'refund_owed'])
    .where('reservation_id', '=', r.id)
    .where('provider', '=', provider)
    .where('kind', '=', 'charge')
    .where('status', '=', 'succeeded')
    .where('provider_ref', '=', ref)
    .executeTakeFirst();
}

/** Runs `step`; a Collision answers false and leaves nothing of `step` written (it writes only after its checks). */
async function unlessCollision(step: () => Promise<void>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (err) {
    if (err instanceof Collision) return false;
    throw err;
  }
}

/**
 * A confirmed external payment (webhook). Pending: paid. Already settled: what was decided then.
 * Expired or cancelled meanwhile: the tickets are taken again if still free; else, or when the
 * event is no longer on sale, the money is refunded and the buyer told.
 */
export async function completeExternalPayment(
  db: Kysely<Database>,
  provider: PaymentProvider,
  reservationId: string,
  payment: ExternalPayment,
  settings: InvoiceSettings,
): Promise<SettleOutcome> {
  const decided = await db.transaction().execute(async (trx): Promise<SettleOutcome | 'refund'> => {
    const r = await lockReservation(trx, reservationId);
    if (r === undefined) return 'unknown';
    const charge = await recordedCharge(trx, r, provider.name, payment.providerRef);
    if (charge !== undefined) {
      // Owed back when it was recorded: make sure it is (a refund already made is not made again).
      if (charge.refund_owed === 1) return 'refund';
      // It paid this reservation. Whatever happened since (an admin's cancel with or without a
      // refund, a buyer's refund) was settled there, not by a payment delivered again.
      return r.status === 'refunded' || r.status === 'refund_pending' ? 'refunded' : 'already_paid';
    }
    if (r.status === 'pending_payment') {
      const paid = await unlessCollision(async () => {
        await lockEventOnSale(trx, r.event_id);
        await markPaidIn(trx, r, 'card', provider.name, { providerRef: payment.providerRef, ...settings });
      });
      return paid ? 'paid' : 'refund';
    }
    // Paid by another payment already (a second charge), refunded, or the tickets no longer held.
    if (r.status !== 'expired' && r.status !== 'cancelled') return 'refund';
    if (!(await unlessCollision(() => reclaimForLatePayment(trx, r.id, r.event_id)))) return 'refund';
    const now = nowIso();
    await trx
      .updateTable('reservations')
      .set({ status: 'paid', paid_at: now, updated_at: now, closed_at: null, payment_method: 'card', paying_until: null })
      .where('id', '=', r.id)
      .execute();
    await recordAttempt(trx, r, provider.name, 'charge', 'succeeded', { providerRef: payment.providerRef });
    const invoice = await issueInvoiceIn(trx, settings, r.id);
    await notify(trx, {
      userId: r.user_id,
      type: 'payment_confirmed',
      message: { key: 'notification.payment_confirmed.late', params: { code: r.code } },
      reservationId: r.id,
      ...(invoice === undefined ? {} : { receipt: { currency: invoice.currency, taxes: readDocument(invoice).taxes } }),
    });
    await emitReservations(trx, r.event_id, 'reservation.paid', [r.id]);
    return 'reheld';
  });
  if (decided !== 'refund') return decided;
  await refundUnhonouredPayment(db, provider, reservationId, payment, settings);
  return 'refunded';
}

/**
 * Gives back a charge that bought nothing. The charge is recorded once. A reservation still
 * pending (its event closed while the card was charged) becomes `refund_pending` with its tickets
 * released and the refund queued in the same transaction, then tried at once; the refund queue
 * retries a failure until it succeeds. Any other reservation (its hold long over) is refunded
 * directly with a key of its own, so a retry never refunds twice at the provider either, and the
 * refund is recorded once; a refund the provider fails is recorded and answered 503, so the
 * webhook is delivered again and retries it.
 */
export async function refundUnhonouredPayment(
  db: Kysely<Database>,
  provider: PaymentProvider,
  reservationId: string,
  payment: ExternalPayment,
  settings: InvoiceSettings,
): Promise<void> {
  const { r, queued } = await db.transaction().execute(async (trx) => {
    const row = await lockReservation(trx, reservationId);
    if (row === undefined) throw new Error(`reservation ${reservationId} vanished`);
    if ((await recordedCharge(trx, row, provider.name, payment.providerRef)) === undefined)
      await recordAttempt(trx, row, provider.name, 'charge', 'succeeded', {
        providerRef: payment.providerRef,
        amountCents: payment.amountCents,
        refundOwed: true,
      });
    if (row.status !== 'pending_payment') return { r: row, queued: false };
    const now = nowIso();
    await trx
      .updateTable('reservations')
      .set({ status: 'refund_pending', closed_at: now, updated_at: now, paying_until: null })
      .where('id', '=', row.id)
      .execute();
    await releaseTickets(trx, row.id, 'pending_payment');
    return { r: row, queued: await queueRefund(trx, row) };
  });
  if (queued) {
    await attemptRefund({ db, provider, ...settings }, r.id, 'eventCancelled');
    return;
  }
  if (await refundRecorded(db, provider.name, payment.providerRef)) return;
  const refund = await provider.refund({
    providerRef: payment.providerRef,
    amountCents: payment.amountCents,
    currency: payment.currency,
    idempotencyKey: `late-refund:${r.id}:${payment.providerRef}`,
  });
  await db.transaction().execute(async (trx) => {
    const row = await lockReservation(trx, reservationId);
    if (row === undefined || (await refundRecorded(trx, provider.name, payment.providerRef))) return;
    if (refund.status !== 'succeeded') {
      await recordAttempt(trx, row, provider.name, 'refund', 'failed', {
        error: refund.reason,
        amountCents: payment.amountCents,
      });
      return;
    }
    await recordAttempt(trx, row, provider.name, 'refund', 'succeeded', {
      providerRef: refund.providerRef,
      refundOf: payment.providerRef,
      amountCents: payment.amountCents,
    });
    await notify(trx, {
      userId: row.user_id,
      type: 'refund_issued',
      message: {
        key: 'notification.refund_issued.late',
        params: { code: row.code, amountCents: payment.amountCents, currency: payment.currency },
      },
      reservationId: row.id,
    });
  });
  if (refund.status !== 'succeeded')
    throw new AppError('payment_unavailable', 'The refund could not be made now; it will be retried.');
}

async function refundRecorded(db: Kysely<Database>, provider: string, chargeRef: string): Promise<boolean> {
  const refund = await db
    .selectFrom('payments')
    .select('id')
    .where('provider', '=', provider)
    .where('kind', '=', 'refund')
    .where('status', '=', 'succeeded')
    .where('refund_of', '=', chargeRef)
    .executeTakeFirst();
  return refund !== undefined;
}
