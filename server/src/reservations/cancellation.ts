/**
 * Cancelling one reservation, by its buyer or an admin. Claim first, then refund, then record:
 * one transaction closes the reservation (pending: `cancelled`; paid and refunded through the
 * provider: `refund_pending` with a queued refund), gives its tickets back and writes the audit
 * row; the provider is asked only after that commits, and its answer is recorded by the refund
 * queue, which retries a failure until it succeeds.
 */
import type { NotificationMessage } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { AuditRecord } from '../audit/audit-log.js';
import { recordAudit } from '../audit/audit-log.js';
import { selfServiceUntil } from '../catalog/refund-policy.js';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { notify, type NotificationType } from '../notifications/notify.js';
import { AppError, errors } from '../platform/errors.js';
import { recordAttempt, reload, type ReservationRow } from './payment-records.js';
import { attemptRefund, CANCELLED, queueRefund, REFUNDED, type CancelReason, type RefundContext } from './refund-queue.js';
import { releaseTickets } from './inventory.js';
import { emitReservations } from '../webhooks/payloads.js';
import { issueCreditNoteIn } from '../invoices/issue.js';
import { notifyCancelledHolders } from '../tickets/transfers.js';

const CLOSED = new Set(['cancelled', 'refunded', 'expired', 'refund_pending']);

export interface CancelOptions {
  refund: boolean;
  actorId: string | null;
  reason: CancelReason;
  /** The buyer's own cancel: a paid one is held to the event's refund policy and check-ins. */
  byBuyer?: boolean;
  /** Written in the cancel's own transaction, with the status it wrote as `after.status`. */
  audit?: Omit<AuditRecord, 'after'> & { after?: Record<string, unknown> };
}

/**
 * A buyer may have a paid reservation refunded only until the event's `selfServiceUntil` and
 * only while none of its tickets is checked in. Called after the reservation's row was updated
 * in this transaction: on PostgreSQL that row lock makes a concurrent check-in (which share-locks
 * the reservation) either finish first, and be seen by this later statement, or wait and then
 * find the reservation no longer paid.
 */
async function assertBuyerMayRefund(trx: Kysely<Database>, r: ReservationRow): Promise<void> {
  const event = await trx
    .selectFrom('events')
    .select(['starts_at', 'refund_policy', 'refund_until'])
    .where('id', '=', r.event_id)
    .executeTakeFirstOrThrow();
  const until = selfServiceUntil(event);
  if (until === null || Date.now() > Date.parse(until))
    throw new AppError(
      'refund_not_allowed',
      until === null
        ? 'This event does not allow refunds on request; contact the organiser.'
        : `Refunds on request ended at ${until}; contact the organiser.`,
    );
  const used = await trx
    .selectFrom('tickets')
    .select('id')
    .where('reservation_id', '=', r.id)
    .where('checked_in_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  if (used !== undefined)
    throw new AppError('refund_not_allowed', 'A ticket of this reservation has been used; it cannot be refunded.');
}

/** What the buyer is told, as data: worded in their language by notify(). */
function told(
  status: ReservationRow['status'],
  r: ReservationRow,
  reason: CancelReason,
): { type: NotificationType; message: NotificationMessage } {
  const params = { code: r.code, amountCents: r.total_cents, currency: r.currency };
  if (status === 'refunded') return { type: 'refund_issued', message: { key: REFUNDED[reason], params } };
  return { type: 'reservation_cancelled', message: { key: CANCELLED[reason], params: { code: r.code } } };
}

/**
 * Cancels a reservation: pending becomes cancelled; paid becomes refunded (through the provider
 * when `refund`; `refund_pending` while the provider has not accepted it), or cancelled without
 * a refund. Its tickets go back on sale at once. A closed reservation is answered as it is.
 */
export async function cancelReservation(ctx: RefundContext, r: ReservationRow, options: CancelOptions): Promise<ReservationRow> {
  const { db } = ctx;
  if (CLOSED.has(r.status)) return r;
  if (r.paying_until !== null && Date.parse(r.paying_until) > Date.now())
    throw errors.conflict('A payment for this reservation is in progress; try again in a moment.');
  const wasPaid = r.status === 'paid';
  const refunding = wasPaid && options.refund;
  const queued = await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const done = await trx
      .updateTable('reservations')
      .set({ status: refunding ? 'refund_pending' : 'cancelled', closed_at: now, updated_at: now })
      .where('id', '=', r.id)
      .where('status', '=', r.status)
      .where((eb) => eb.or([eb('paying_until', 'is', null), eb('paying_until', '<=', now)]))
      .executeTakeFirst();
    if (done.numUpdatedRows === 0n) throw errors.conflict('The reservation changed meanwhile; reload and try again.');
    if (wasPaid && options.byBuyer) await assertBuyerMayRefund(trx, r);
    await releaseTickets(trx, r.id, wasPaid ? 'paid' : 'pending_payment');
    // Tickets given out of it are cancelled with it (the money was the buyer's): their holders are told.
    if (wasPaid) await notifyCancelledHolders(trx, r.id);
    const viaProvider = refunding && (await queueRefund(trx, r));
    // Paid another way (cash, transfer): the organiser returns the money by hand; recorded as such.
    const status = refunding ? (viaProvider ? 'refund_pending' : 'refunded') : 'cancelled';
    if (refunding && !viaProvider) {
      await trx.updateTable('reservations').set({ status }).where('id', '=', r.id).execute();
      await recordAttempt(trx, r, 'manual', 'refund', 'succeeded', { actorId: options.actorId });
      // After releaseTickets: the series' counter row is the last lock taken (invoices/series.ts).
      await issueCreditNoteIn(trx, ctx, r.id);
    }
    // A provider refund tells the buyer once it is done, or that it is on its way once it has failed.
    if (!viaProvider)
      await notify(trx, { userId: r.user_id, reservationId: r.id, actorId: options.actorId, ...told(status, r, options.reason) });
    // refund_pending says nothing yet: reservation.refunded follows once the provider accepts (refund-queue.ts).
    if (status !== 'refund_pending')
      await emitReservations(trx, r.event_id, status === 'refunded' ? 'reservation.refunded' : 'reservation.cancelled', [r.id]);
    if (options.audit)
      await recordAudit(trx, { ...options.audit, after: { ...options.audit.after, status, refund: options.refund } });
    return viaProvider;
  });
  if (queued) await attemptRefund(ctx, r.id, options.reason);
  return reload(db, r.id);
}
