/**
 * Dates in the reader's language; the API sends ISO 8601 in UTC. A time that belongs to an event (a
 * hold of its tickets, a payment for it) passes the event's zone and is shown with its abbreviation;
 * without a zone (an account's creation date) the browser's own zone is used.
 */
import { intlLocale } from '@/i18n/locale';
import { dateTimeFormat } from './intl-cache';

function zoned(options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormatOptions {
  return timeZone === undefined ? options : { ...options, timeZone, timeZoneName: 'short' };
}

export function formatDate(iso: string, timeZone?: string): string {
  return dateTimeFormat(intlLocale(), { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

/** "6 Dec 2026, 19:00 EET" with a zone; dateStyle/timeStyle cannot take timeZoneName, so spelled out. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  };
  return dateTimeFormat(intlLocale(), zoned(options, timeZone)).format(new Date(iso));
}

/** "14:35 EET": a time later today, such as when a hold ends. */
export function formatTime(iso: string, timeZone?: string): string {
  return dateTimeFormat(intlLocale(), zoned({ hour: '2-digit', minute: '2-digit' }, timeZone)).format(new Date(iso));
}
