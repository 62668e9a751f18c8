/**
 * Stored notifications for a user. `notify` runs inside the transaction that caused it; the row
 * waits in the outbox (`pushed_at` null) until the real-time layer pushes it after the commit.
 */
import { randomUUID } from 'node:crypto';
import type { Notification, NotificationType } from '@iatichet/contracts';
import type { Kysely, Selectable } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database, NotificationsTable } from '../db/schema.js';
import { queueReservationEmail } from '../email/reservation-emails.js';

export type { NotificationType };

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
      pushed_at: null,
    })
    .execute();
  // Payments, cancellations and refunds are also emailed: queued in this same transaction.
  await queueReservationEmail(db, input);
}

/** Tells every holder of a live reservation of the event (once per reservation) what changed. */
export async function notifyEventHolders(
  db: Kysely<Database>,
  eventId: string,
  input: { type: NotificationType; title: string; body: string },
): Promise<number> {
  const live = await db
    .selectFrom('reservations')
    .select(['id', 'user_id'])
    .where('event_id', '=', eventId)
    .where('status', 'in', ['pending_payment', 'paid'])
    .execute();
  if (live.length === 0) return 0;
  const created = nowIso();
  await db
    .insertInto('notifications')
    .values(
      live.map((r) => ({
        id: randomUUID(),
        user_id: r.user_id,
        type: input.type,
        title: input.title,
        body: input.body,
        reservation_id: r.id,
        created_at: created,
        read_at: null,
        pushed_at: null,
      })),
    )
    .execute();
  return live.length;
}

export function toNotification(row: Selectable<NotificationsTable>): Notification {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    reservationId: row.reservation_id,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at === null ? null : new Date(row.read_at).toISOString(),
  };
}
