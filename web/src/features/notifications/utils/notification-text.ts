/**
 * A notification in the reader's language, worded here from its type and its structured message (a
 * catalogue key and parameters: times as ISO instants with the event's `timeZone`, amounts in cents
 * with `currency`), so switching language rewords the bell at once and no server-worded sentence
 * or machine text reaches the reader. A notification stored before messages existed gets its type's
 * general sentence; a type or message this version does not know keeps the server's words.
 */
import i18next from 'i18next';
import { NOTIFICATION_TYPES, type Notification, type NotificationType } from '@iatichet/contracts';
import { intlLocale } from '@/i18n/locale';
import { formatTime } from '@/lib/format-date';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
import { formatMoney } from '@/lib/format-money';

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/;
/** The server's catalogue keys are `notification.<type>.<variant>`; ours sit under `messages`. */
const MESSAGE_KEY = /^notification\.([a-z_]+)\.([A-Za-z]+)$/;

function isKnownType(type: string): type is NotificationType {
  return (NOTIFICATION_TYPES as readonly string[]).includes(type);
}

export interface NotificationText {
  title: string;
  body: string;
}

type Params = NonNullable<Notification['message']>['params'];

/** The parameters as words: local times at the event's clock, money in the reader's format. */
function wordedParams(params: Params): Record<string, string | number | null> {
  const zone = eventTimeZone({ timeZone: params.timeZone });
  const words: Record<string, string | number | null> = { ...params };
  if (typeof params.until === 'string') words.until = formatTime(params.until, zone);
  if (typeof params.startsAt === 'string') words.startsAt = formatEventTime(params.startsAt, undefined, zone);
  if (typeof params.amountCents === 'number' && typeof params.currency === 'string')
    words.amount = formatMoney(params.amountCents, params.currency);
  if (typeof params.changes === 'string') {
    const clauses = params.changes
      .split(',')
      .filter((change) => i18next.exists(`notifications:changes.${change}`))
      .map((change) => i18next.t(`notifications:changes.${change}`, { ...words, time: words.startsAt }));
    words.changes = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(clauses);
  }
  return words;
}

/** The body from the structured message, or null when this version has no words for it. */
function messageBody(message: Notification['message']): string | null {
  const match = message === undefined ? null : MESSAGE_KEY.exec(message.key);
  if (message === undefined || match === null) return null;
  const key = `notifications:messages.${match[1]}.${match[2]}`;
  return i18next.exists(key) ? i18next.t(key, wordedParams(message.params)) : null;
}

/**
 * The zone a notification's times are read in: its event's, which the server stores with the
 * message; else the reader's own (named, so it is not taken for the event's).
 */
export function notificationTimeZone(notification: Pick<Notification, 'message'>): string {
  const zone = notification.message?.params.timeZone;
  return typeof zone === 'string' && zone !== '' ? zone : new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function notificationText(notification: Pick<Notification, 'type' | 'title' | 'body' | 'message'>): NotificationText {
  if (!isKnownType(notification.type)) return { title: notification.title, body: notification.body };
  const key = `notifications:types.${notification.type}`;
  const title = i18next.t(`${key}.title`);
  if (notification.message !== undefined) {
    const body = messageBody(notification.message);
    return body === null ? { title: notification.title, body: notification.body } : { title, body };
  }
  // Older notifications: no message, only the server's words; a time in them is reworded locally.
  const iso = ISO_TIME.exec(notification.body)?.[0];
  const time = iso === undefined ? undefined : formatTime(iso, eventTimeZone({}));
  return { title, body: time === undefined ? i18next.t(`${key}.body`) : i18next.t(`${key}.bodyUntil`, { time }) };
}
