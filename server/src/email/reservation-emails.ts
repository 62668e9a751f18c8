/**
 * Which notifications also go out by email, and their words: the confirmation of a payment (with
 * the tickets PDF attached when it is sent), and the notice of a cancellation or refund. In the
 * buyer's language, with the event's time in its venue's zone. Called with the transaction that
 * made the change, so the email is queued if and only if it happened.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { translate } from '../platform/i18n.js';
import type { Locale } from '@iatichet/contracts';
import { formatClockTime, formatEventTime, formatMoney } from '../platform/local-time.js';
import { enqueueEmail } from './outbox.js';

const EMAILED = new Set(['payment_confirmed', 'reservation_cancelled', 'refund_issued']);

/**
 * What a payment's receipt adds: net, tax and gross per tax rate, as the invoice issued with the
 * payment has them (reservations/pricing.ts computed them; nothing is recomputed here).
 */
export interface Receipt {
  currency: string;
  taxes: { taxRate: number; netCents: number; taxCents: number; grossCents: number }[];
}

function receiptText(receipt: Receipt, locale: Locale, t: (key: string, params?: Record<string, unknown>) => string): string {
  const money = (cents: number) => formatMoney(cents, receipt.currency, locale);
  const rate = (basisPoints: number) =>
    new Intl.NumberFormat(locale === 'ro' ? 'ro-RO' : 'en-GB', { style: 'percent', maximumFractionDigits: 2 }).format(
      basisPoints / 10_000,
    );
  const lines = receipt.taxes.map((s) =>
    t('invoice.email.taxLine', {
      rate: rate(s.taxRate),
      net: money(s.netCents),
      tax: money(s.taxCents),
      gross: money(s.grossCents),
    }),
  );
  return [t('invoice.email.taxHeading'), ...lines, '', t('invoice.email.attached')].join('\n');
}

export async function queueReservationEmail(
  db: Kysely<Database>,
  notification: { userId: string; type: string; body: string; reservationId?: string | null; receipt?: Receipt },
): Promise<void> {
  if (!EMAILED.has(notification.type) || !notification.reservationId) return;
  const r = await db
    .selectFrom('reservations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .innerJoin('venues as v', 'v.id', 'e.venue_id')
    .select([
      'r.id',
      'r.code',
      'u.email',
      'u.name',
      'u.locale',
      'e.title',
      'e.starts_at',
      'e.doors_at',
      'e.time_zone',
      'e.venue_name',
      'e.venue_city',
      'v.address',
    ])
    .where('r.id', '=', notification.reservationId)
    .executeTakeFirst();
  if (r === undefined) return;
  const t = (key: string, params: Record<string, unknown> = {}) => translate(r.locale, key, params);
  const paid = notification.type === 'payment_confirmed';
  const facts = [
    t('email.event', { title: r.title }),
    t('email.when', { time: formatEventTime(r.starts_at, r.time_zone, r.locale) }),
    ...(r.doors_at === null ? [] : [t('email.doors', { time: formatClockTime(r.doors_at, r.time_zone, r.locale) })]),
    t('email.where', { venue: r.venue_name, address: r.address === '' ? '' : `${r.address}, `, city: r.venue_city }),
  ].join('\n');
  const receipt = paid && notification.receipt !== undefined ? `\n\n${receiptText(notification.receipt, r.locale, t)}` : '';
  const message = paid ? `${t('email.payment_confirmed.body', { code: r.code })}${receipt}` : notification.body;
  await enqueueEmail(db, {
    kind: notification.type,
    to: r.email,
    subject: t(`email.${notification.type}.subject`, { title: r.title, code: r.code }),
    body: `${t('email.greetingNamed', { name: r.name })}\n\n${message}\n\n${facts}\n\n${t('email.signature')}`,
    reservationId: r.id,
    attachTickets: paid,
  });
}
