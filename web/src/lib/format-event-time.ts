/**
 * When an event happens, in the reader's language and the event's own time zone: "Sat, 12 Jul 2026,
 * 19:00 EEST", and for an event over several days a range ("12 – 13 Jul 2026"). A buyer in New York
 * sees a Cluj concert at its Cluj time, as the ticket says. Also the bridges between ISO times and
 * the `<input type="date">` / `<input type="datetime-local">` values, which have no time zone.
 */
import { intlLocale } from '@/i18n/locale';
import { dateTimeFormat } from './intl-cache';

/**
 * Where an event's times are read. Until every event answer carries its venue's `timeZone`, an
 * event without one is in Romania, where every venue of ours is: the one place that assumes so.
 */
export const FALLBACK_TIME_ZONE = 'Europe/Bucharest';

export function eventTimeZone(event: object): string {
  // `object`, not `{ timeZone?: string }`: the event types gain the field with the server's change.
  const zone = 'timeZone' in event ? event.timeZone : undefined;
  return typeof zone === 'string' && zone !== '' ? zone : FALLBACK_TIME_ZONE;
}

const WHEN: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};
const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

/** The calendar day of `date` in `timeZone`, e.g. "2026-07-12". */
function dayIn(date: Date, timeZone: string): string {
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/**
 * The start in the event's zone, with weekday, time and the zone's abbreviation ("Sat, 12 Jul 2026,
 * 19:00 EEST"); an event ending on a later day (there) shows its dates as a range.
 */
export function formatEventTime(startsAt: string, endsAt?: string, timeZone: string = FALLBACK_TIME_ZONE): string {
  const locale = intlLocale();
  const start = new Date(startsAt);
  if (endsAt !== undefined) {
    const end = new Date(endsAt);
    if (end > start && dayIn(start, timeZone) !== dayIn(end, timeZone)) {
      return dateTimeFormat(locale, { ...DAY, timeZone }).formatRange(start, end);
    }
  }
  return dateTimeFormat(locale, { ...WHEN, timeZone }).format(start);
}

/** "18:30 EET": a clock time in the event's zone, for the doors on the day of the start. */
export function formatEventClock(iso: string, timeZone: string = FALLBACK_TIME_ZONE): string {
  return dateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone }).format(
    new Date(iso),
  );
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The wall clock of `date` in `timeZone` as "2026-07-12T19:00". */
function wallClockIn(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    dateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

/**
 * ISO time -> "2026-07-12T19:00" for a datetime-local input ('' for none): the wall clock in
 * `timeZone` when given (an event's times are typed as its venue's clock), else in the browser's.
 */
export function toDateTimeLocal(iso: string | null, timeZone?: string): string {
  if (iso === null || iso === '') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (timeZone !== undefined) return wallClockIn(d, timeZone);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * A datetime-local value read as the wall clock of `timeZone`: the instant, and whether that clock
 * time is skipped by a spring-forward change (no instant has it). The candidates are the typed
 * clock at the zone's offsets a day before and a day after; each is kept when the zone's clock
 * really reads the typed time then. Two kept: an autumn change repeats the time, and the first
 * occurrence is meant (RFC 5545, as calendar.ics is read). None kept: the time is skipped, and is
 * read with the offset from before the change (03:30 on Bucharest's spring night becomes 04:30,
 * 02:30 on New York's becomes 03:30), as calendars do.
 */
function atZone(value: string, timeZone: string): { instant: number; skipped: boolean } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (match === null) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(asUtc) || new Date(asUtc).getUTCDate() !== d) return null;
  const offsetAt = (instant: number) => Date.parse(`${wallClockIn(new Date(instant), timeZone)}:00Z`) - instant;
  const before = asUtc - offsetAt(asUtc - DAY_MS);
  const after = asUtc - offsetAt(asUtc + DAY_MS);
  const typed = value.trim();
  const exact = [before, after].filter((instant) => wallClockIn(new Date(instant), timeZone) === typed).sort((a, b) => a - b);
  return exact[0] === undefined ? { instant: before, skipped: true } : { instant: exact[0], skipped: false };
}

/**
 * "2026-07-12T19:00" -> ISO time in UTC; null when empty or not a time. Read as the wall clock of
 * `timeZone` when given (atZone: a repeated time is its first occurrence, a skipped one is read
 * past the change), else of the browser.
 */
export function fromDateTimeLocal(value: string, timeZone?: string): string | null {
  if (value.trim() === '') return null;
  if (timeZone === undefined) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  const read = atZone(value, timeZone);
  return read === null ? null : new Date(read.instant).toISOString();
}

/** Whether `value` is a clock time that `timeZone` skips (its spring-forward gap), so no such time happens there. */
export function isSkippedLocalTime(value: string, timeZone: string): boolean {
  return value.trim() !== '' && atZone(value, timeZone)?.skipped === true;
}

/** "2026-07-12" (a local day) -> the ISO time it starts (or, with `endOfDay`, its last millisecond). */
export function localDayToIso(day: string, endOfDay = false): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = endOfDay ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
  return Number.isNaN(date.getTime()) || date.getDate() !== d ? null : date.toISOString();
}
