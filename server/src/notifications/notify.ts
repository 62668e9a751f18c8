/** Stored notifications for a user; the real-time layer pushes them live once it lands. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';

export type NotificationType =
  | 'payment_confirmed'
  | 'payment_failed'
  | 'hold_expiring'
  | 'hold_expired'
  | 'reservation_changed'
  | 'reservation_cancelled'
  | 'refund_issued'
  | 'event_changed'
  | 'event_cancelled';

export async function notify(
  db: Kysely<Database>,
  input: { userId: string; type: NotificationType; title: string; body: string; reservationId?: string | null },
): Promise<void> {
  await db
    .insertInto('notifications')
    .values({
      id: randomUUID(),
      user_id: input.userId,
      type: input.type,
      title: input.title,
      body: input.body,
      reservation_id: input.reservationId ?? null,
      created_at: nowIso(),
      read_at: null,
    })
    .execute();
}
