/**
 * Times as people read them: in the event's own zone, with the zone's abbreviation, spelled in the
 * reader's language. The API keeps UTC instants; every person-facing text (emails, PDFs, exports,
 * calendars) goes through here so that they all say the same time.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** Romanian readers expect 24-hour time; English readers here too (a European product). */
const INTL_LOCALE: Record<string, string> = { en: 'en-GB', ro: 'ro-RO' };
const intlLocale = (locale: string) => INTL_LOCALE[locale] ?? locale;

/** The time of day on a 24-hour clock, in the event's zone, with the zone's abbreviation. */
function clock(timeZone: string): Intl.DateTimeFormatOptions {
  return { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short' };
}

/** "Friday, 18 December 2026, 19:00 EET" / "vineri, 18 decembrie 2026, 19:00 EET". */
export function formatEventTime(iso: string, timeZone: string, locale: string): string {
  return formatter(intlLocale(locale), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...clock(timeZone),
  }).format(new Date(iso));
}

/** "19:00 EET": a time of the same day as one already written out. */
export function formatClockTime(iso: string, timeZone: string, locale: string): string {
  return formatter(intlLocale(locale), clock(timeZone)).format(new Date(iso));
}

/** "18.12.2026, 19:00 EET": short, for tables and exports. */
export function formatShortTime(iso: string, timeZone: string, locale: string): string {
  return formatter(intlLocale(locale), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    ...clock(timeZone),
  }).format(new Date(iso));
}

const moneyFormatters = new Map<string, Intl.NumberFormat>();

/** Money in the reader's way of writing it: "45,00 RON" / "RON 45.00". */
export function formatMoney(cents: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = moneyFormatters.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency });
    moneyFormatters.set(key, f);
  }
  return f.format(cents / 100);
}

/** The wall-clock time in `timeZone` as `YYYY-MM-DDTHH:mm:ss` (no offset): what a calendar's TZID time holds. */
export function wallClock(iso: string, timeZone: string): string {
  const parts = formatter('en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}
