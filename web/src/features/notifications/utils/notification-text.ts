/**
 * A notification in the reader's language. The server stores each one with its type and an English
 * title and body (its email's words); here the type chooses the sentence, and a time the body
 * carries (a hold's end, as an ISO string) is written as a local time instead of machine text.
 */
import i18next from 'i18next';
import { NOTIFICATION_TYPES, type Notification, type NotificationType } from '@iatichet/contracts';
import { formatTime } from '@/lib/format-date';
import { eventTimeZone } from '@/lib/format-event-time';

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/;

function isKnownType(type: string): type is NotificationType {
  return (NOTIFICATION_TYPES as readonly string[]).includes(type);
}

export interface NotificationText {
  title: string;
  body: string;
}

/** `timeZone`: the event's, when known; a notification does not carry it yet. */
export function notificationText(
  notification: Pick<Notification, 'type' | 'title' | 'body'>,
  timeZone?: string,
): NotificationText {
  if (!isKnownType(notification.type)) return { title: notification.title, body: notification.body };
  const iso = ISO_TIME.exec(notification.body)?.[0];
  const time = iso === undefined ? undefined : formatTime(iso, timeZone ?? eventTimeZone({}));
  const key = `notifications:types.${notification.type}`;
  return {
    title: i18next.t(`${key}.title`),
    body: time === undefined ? i18next.t(`${key}.body`) : i18next.t(`${key}.bodyUntil`, { time }),
  };
}
