/**
 * Stored notifications for a user. `notify` runs inside the transaction that caused it; the row
 * waits in the outbox (`pushed_at` null) until the real-time layer pushes it after the commit.
 */
import { randomUUID } from 'node:crypto';
import type { Locale, Notification, NotificationMessage, NotificationType } from '@iatichet/contracts';
import type { Kysely, Selectable } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database, NotificationsTable } from '../db/schema.js';
import { queueReservationEmail, type Receipt } from '../email/reservation-emails.js';
import { wordNotification } from './words.js';

export type { NotificationType };

/** What a notification says: its structured message (worded for the recipient), or plain English words. */
export type NotificationWords = { message: NotificationMessage } | { title: string; body: string };

/** The recipient's language and the zone of the reservation's event (for times in the words). */
async function readerOf(db: Kysely<Database>, userId: string, reservationId: string | null | undefined) {
  const user = await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
  const event = reservationId
    ? await db
        .selectFrom('reservations as r')
        .innerJoin('events as e', 'e.id', 'r.event_id')
        .select('e.time_zone')
        .where('r.id', '=', reservationId)
        .executeTakeFirst()
    : undefined;
  return { locale: user?.locale ?? 'en', zone: event?.time_zone };
}

/**
 * The message as stored: it travels with the event's zone (when the caller did not name one), so a
 * client words "until 00:49 EET", and when the notification came, at the event's clock rather than
 * the reader's browser's.
 */
function withZone(message: NotificationMessage, zone: string | undefined): NotificationMessage {
  if (zone === undefined || 'timeZone' in message.params) return message;
  return { ...message, params: { ...message.params, timeZone: zone } };
}

/**
 * Stores a notification for `userId`. When `actorId` is the recipient (the buyer paid, or cancelled,
 * themselves) it is stored already read: it stays in their list and email, but nobody is told
 * "unread" of what they just did.
 */
export async function notify(
  db: Kysely<Database>,
  input: {
    userId: string;
    type: NotificationType;
    reservationId?: string | null;
    actorId?: string | null;
    /** A payment's net, tax and gross per rate, for the confirmation email. */
    receipt?: Receipt;
  } & NotificationWords,
): Promise<void> {
  let words: { title: string; body: string };
  let message: NotificationMessage | null = null;
  if ('message' in input) {
    const reader = await readerOf(db, input.userId, input.reservationId);
    message = withZone(input.message, reader.zone);
    words = wordNotification(reader.locale, input.type, message, reader.zone ?? 'UTC');
  } else words = { title: input.title, body: input.body };
  const created = nowIso();
  await db
    .insertInto('notifications')
    .values({
      id: randomUUID(),
      user_id: input.userId,
      type: input.type,
      title: words.title,
      body: words.body,
      params_json: message === null ? null : JSON.stringify(message),
      reservation_id: input.reservationId ?? null,
      created_at: created,
      read_at: input.actorId === input.userId ? created : null,
      pushed_at: null,
    })
    .execute();
  // Payments, cancellations and refunds are also emailed: queued in this same transaction.
  await queueReservationEmail(db, { ...input, ...words });
}

/** Tells every holder of a live reservation of the event (once per reservation) what changed, each in their language. */
export async function notifyEventHolders(
  db: Kysely<Database>,
  eventId: string,
  input: { type: NotificationType; message: NotificationMessage; timeZone: string },
): Promise<number> {
  const live = await db
    .selectFrom('reservations')
    .innerJoin('users', 'users.id', 'reservations.user_id')
    .select(['reservations.id', 'reservations.user_id', 'users.locale'])
    .where('reservations.event_id', '=', eventId)
    .where('reservations.status', 'in', ['pending_payment', 'paid'])
    .execute();
  if (live.length === 0) return 0;
  const created = nowIso();
  const wordsIn = new Map<Locale, { title: string; body: string }>();
  const wordsFor = (locale: Locale) => {
    let words = wordsIn.get(locale);
    if (words === undefined) {
      words = wordNotification(locale, input.type, input.message, input.timeZone);
      wordsIn.set(locale, words);
    }
    return words;
  };
  const params = JSON.stringify(input.message);
  await db
    .insertInto('notifications')
    .values(
      live.map((r) => ({
        id: randomUUID(),
        user_id: r.user_id,
        type: input.type,
        ...wordsFor(r.locale),
        params_json: params,
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
    ...(row.params_json === null ? {} : { message: JSON.parse(row.params_json) as NotificationMessage }),
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at === null ? null : new Date(row.read_at).toISOString(),
  };
}
