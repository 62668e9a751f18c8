/**
 * The words of a notification, from its structured message (a catalogue key and parameters) in
 * the recipient's language and the event's zone. The parameters stay stored as data (times as
 * ISO instants, amounts in cents), so a client can word them itself; these are the server's words
 * for the stored title and body, for the email, and for clients that show them as they are.
 */
import type { Locale, NotificationMessage, NotificationType } from '@iatichet/contracts';
import { translate } from '../platform/i18n.js';
import { formatEventTime, formatMoney, formatShortTime } from '../platform/local-time.js';

/** Parameters that hold instants: worded as short local times with the zone's abbreviation. */
const SHORT_TIMES = new Set(['until']);
/** Parameters that hold event start times: worded in full. */
const LONG_TIMES = new Set(['startsAt']);

export function wordNotification(
  locale: Locale,
  type: NotificationType,
  message: NotificationMessage,
  fallbackZone: string,
): { title: string; body: string } {
  const params = message.params;
  const zone = typeof params.timeZone === 'string' ? params.timeZone : fallbackZone;
  const worded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' && SHORT_TIMES.has(name)) worded[name] = formatShortTime(value, zone, locale);
    else if (typeof value === 'string' && LONG_TIMES.has(name)) worded[name] = formatEventTime(value, zone, locale);
    else worded[name] = value;
  }
  if (typeof params.amountCents === 'number' && typeof params.currency === 'string')
    worded.amount = formatMoney(params.amountCents, params.currency, locale);
  if (typeof params.changes === 'string') {
    // The clauses of an event change, each its own sentence part, listed the language's way.
    const clauses = params.changes
      .split(',')
      .filter((c) => c !== '')
      .map((c) => translate(locale, `notification.change.${c}`, { ...worded, time: worded.startsAt }));
    worded.changes = new Intl.ListFormat(locale === 'ro' ? 'ro-RO' : 'en-GB', { type: 'conjunction' }).format(clauses);
  }
  return { title: translate(locale, `notification.${type}.title`), body: translate(locale, message.key, worded) };
}
