/** A payment confirmed by the provider after its reservation stopped being payable. */
import { sql, type Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { notify } from '../notifications/notify.js';
import type { PaymentProvider } from '../payments/provider.js';
import { completePayment, recordAttempt } from './payment-records.js';
import { ticketCounts } from './release.js';

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
