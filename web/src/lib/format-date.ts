/** Dates as the reader's browser writes them; the API sends ISO 8601 in UTC. */
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** "14:35" (or "2:35 PM"): a time later today, such as when a hold ends. */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}
