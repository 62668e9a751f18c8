/** A cancelled event cancels every live reservation of it; paid ones are refunded and told so. */
import { AppError } from '../platform/errors.js';
import { cancelReservation } from './cancellation.js';
import type { RefundContext } from './refund-queue.js';

export interface EventCancellationCounts {
  /** Live reservations closed now, pending or paid. */
  cancelled: number;
  /** Paid ones whose refund the provider accepted at once (or that were paid by hand). */
  refunded: number;
  /** Paid ones whose refund the provider failed: `refund_pending`, retried by the refund queue. */
  refundsPending: number;
}

/**
 * Safe to run again: an admin repeating the cancel of an event picks up whatever a first run left
 * live. A reservation with a card payment in flight is left for that run; any other error stops
 * this one and answers 5xx, never a count that hides it.
 */
export async function cancelEventReservations(
  ctx: RefundContext,
  eventId: string,
  actorId: string | null,
): Promise<EventCancellationCounts> {
  const live = await ctx.db
    .selectFrom('reservations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', 'in', ['pending_payment', 'paid'])
    .orderBy('id')
    .execute();
  const counts: EventCancellationCounts = { cancelled: 0, refunded: 0, refundsPending: 0 };
  for (const r of live) {
    let after;
    try {
      after = await cancelReservation(ctx, r, {
        refund: true,
        actorId,
        reason: 'eventCancelled',
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') continue;
      throw err;
    }
    if (after.status === r.status) continue;
    counts.cancelled++;
    if (after.status === 'refunded') counts.refunded++;
    if (after.status === 'refund_pending') counts.refundsPending++;
  }
  return counts;
}
