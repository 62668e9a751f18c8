/**
 * Which notifications also go out by email, and their words: the confirmation of a payment (with
 * the tickets PDF attached when it is sent), and the notice of a cancellation or refund. Called
 * with the transaction that made the change, so the email is queued if and only if it happened.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { enqueueEmail } from './outbox.js';

const EMAILED = new Set(['payment_confirmed', 'reservation_cancelled', 'refund_issued']);

export async function queueReservationEmail(
  db: Kysely<Database>,
  notification: { userId: string; type: string; body: string; reservationId?: string | null },
): Promise<void> {
  if (!EMAILED.has(notification.type) || !notification.reservationId) return;
  const r = await db
    .selectFrom('reservations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select(['r.id', 'r.code', 'u.email', 'u.name', 'e.title', 'e.starts_at', 'e.venue_name', 'e.venue_city'])
    .where('r.id', '=', notification.reservationId)
    .executeTakeFirst();
  if (r === undefined) return;
  const where = `${r.title}, ${r.starts_at.slice(0, 16).replace('T', ' ')} UTC, ${r.venue_name}, ${r.venue_city}`;
  const paid = notification.type === 'payment_confirmed';
  const subject = paid
    ? `Your tickets for ${r.title} (${r.code})`
    : notification.type === 'refund_issued'
      ? `Refund for ${r.title} (${r.code})`
      : `Reservation ${r.code} cancelled`;
  const text = paid
    ? `Hello ${r.name},\n\nthank you: reservation ${r.code} is paid. Your tickets are attached as a PDF; show each ticket's QR code at the entrance.\n\n${where}\n\niaTichet`
    : `Hello ${r.name},\n\n${notification.body}\n\n${where}\n\niaTichet`;
  await enqueueEmail(db, {
    kind: notification.type,
    to: r.email,
    subject,
    body: text,
    reservationId: r.id,
    attachTickets: paid,
  });
}
