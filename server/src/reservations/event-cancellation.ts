import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PaymentProvider } from '../payments/provider.js';
import { cancelReservation } from './cancellation.js';

/** A cancelled event cancels every live reservation of it; paid ones are refunded and told so. */
export async function cancelEventReservations(
  db: Kysely<Database>,
  provider: PaymentProvider,
  eventId: string,
  actorId: string | null,
): Promise<{ cancelled: number; failed: number }> {
  const live = await db
    .selectFrom('reservations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', 'in', ['pending_payment', 'paid'])
    .execute();
  let cancelled = 0;
  let failed = 0;
  for (const r of live) {
    try {
      await cancelReservation(db, provider, r, {
        refund: true,
        actorId,
        reason: 'the event was cancelled; paid tickets are refunded.',
      });
      cancelled++;
    } catch {
      failed++; // e.g. a payment in flight or a provider outage: the admin can cancel it again later
    }
  }
  return { cancelled, failed };
}
