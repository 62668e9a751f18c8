/** Cancelling and refunding one reservation, by its buyer or an admin. */
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { notify } from '../notifications/notify.js';
import type { PaymentProvider } from '../payments/provider.js';
import { AppError, errors } from '../platform/errors.js';
import { recordAttempt, reload, type ReservationRow } from './payment-records.js';
import { releaseTickets } from './inventory.js';

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
