/**
 * What an offer tells, written in the offer's own transaction so that it is told if and only if
 * the offer was made: the buyer's notification (pushed live after the commit), an email with a
 * link straight to the reservation's checkout, and the organizer's `waitlist.offered` webhook.
 */
import type { Locale } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { enqueueEmail } from '../email/outbox.js';
import { notify } from '../notifications/notify.js';
import { translate } from '../platform/i18n.js';
import { formatEventTime, formatShortTime } from '../platform/local-time.js';
import type { Draft } from '../reservations/hold-writes.js';
import { emitWebhooks } from '../webhooks/outbox.js';
import { reservationPayloads } from '../webhooks/payloads.js';

export interface OfferedEntry {
  id: string;
  userId: string;
  ticketTypeId: string;
  quantity: number;
}

/**
 * The email's words: the number of tickets in the language's plural form (Romanian "1 bilet",
 * "2 bilete", "20 de bilete", each with its own agreement), the times in the event's zone.
 */
export function offerEmailBody(
  locale: Locale,
  offer: { quantity: number; title: string; startsAt: string; expiresAt: string; timeZone: string; link: string },
): string {
  return translate(locale, 'waitlist.email.body', {
    count: offer.quantity,
    title: offer.title,
    time: formatEventTime(offer.startsAt, offer.timeZone, locale),
    until: formatShortTime(offer.expiresAt, offer.timeZone, locale),
    link: offer.link,
  });
}

export async function tellOffer(trx: Kysely<Database>, entry: OfferedEntry, d: Draft, publicUrl: string): Promise<void> {
  await notify(trx, {
    userId: entry.userId,
    type: 'waitlist_offered',
    message: {
      key: 'notification.waitlist_offered.offered',
      params: { code: d.code, quantity: entry.quantity, title: d.event.title, until: d.expiresAt },
    },
    reservationId: d.id,
  });
  const user = await trx
    .selectFrom('users')
    .select(['email', 'name', 'locale'])
    .where('id', '=', entry.userId)
    .executeTakeFirstOrThrow();
  const zone = d.event.time_zone;
  const t = (key: string, params: Record<string, unknown> = {}) => translate(user.locale, key, params);
  const link = `${publicUrl}/reservations/${encodeURIComponent(d.id)}`;
  const body = offerEmailBody(user.locale, {
    quantity: entry.quantity,
    title: d.event.title,
    startsAt: d.event.starts_at,
    expiresAt: d.expiresAt,
    timeZone: zone,
    link,
  });
  await enqueueEmail(trx, {
    kind: 'waitlist_offered',
    to: user.email,
    subject: t('waitlist.email.subject', { title: d.event.title }),
    body: `${t('email.greetingNamed', { name: user.name })}\n\n${body}\n\n${t('email.signature')}`,
    reservationId: d.id,
    attachTickets: false,
  });
  // `{ entry, reservation }`: the reservation as every reservation.* delivery describes it.
  await emitWebhooks(trx, { eventId: d.event.id }, 'waitlist.offered', async () =>
    (await reservationPayloads(trx, [d.id])).map((payload) => ({
      entry: { id: entry.id, eventId: d.event.id, ticketTypeId: entry.ticketTypeId, quantity: entry.quantity },
      ...(payload as { reservation: unknown }),
    })),
  );
}
