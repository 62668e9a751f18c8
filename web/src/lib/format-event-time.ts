/**
 * When an event happens, in the reader's locale and time zone: "Sat, 12 Jul 2026, 19:00", and for
 * an event over several days a range ("12 – 13 Jul 2026"). Also the bridges between ISO times and
 * the `<input type="date">` / `<input type="datetime-local">` values, which have no time zone.
 */
const whenFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

function isSameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** The start, with weekday and time; an event ending on a later day shows its dates as a range. */
export function formatEventTime(startsAt: string, endsAt?: string): string {
  const start = new Date(startsAt);
  if (endsAt !== undefined) {
    const end = new Date(endsAt);
    if (end > start && !isSameLocalDay(start, end)) return dayFormat.formatRange(start, end);
  }
  return whenFormat.format(start);
}

const pad = (value: number) => String(value).padStart(2, '0');

/** ISO time -> "2026-07-12T19:00" in local time, for a datetime-local input ('' for none). */
export function toDateTimeLocal(iso: string | null): string {
  if (iso === null || iso === '') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-07-12T19:00" (local) -> ISO time in UTC; null when empty or not a time. */
export function fromDateTimeLocal(value: string): string | null {
  if (value.trim() === '') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "2026-07-12" (a local day) -> the ISO time it starts (or, with `endOfDay`, its last millisecond). */
export function localDayToIso(day: string, endOfDay = false): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = endOfDay ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
  return Number.isNaN(date.getTime()) || date.getDate() !== d ? null : date.toISOString();
}
