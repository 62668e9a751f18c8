/**
 * An event as an iCalendar file (RFC 5545): one VEVENT whose start and end carry the venue's
 * TZID, and the VTIMEZONE that defines it (from timezones-ical-library, through ical-generator's
 * timezone hook), so a calendar anywhere shows the event at the venue's time.
 *
 * ical-generator reads a TZID time back through a Date in the server's own zone, which moves a
 * wall clock that falls in that zone's spring-forward gap (03:30 on a London event is no time in
 * Bucharest that night and came out as 04:30). So the start and end lines are written here from
 * the venue's clock (platform/local-time.ts). A venue clock time that an autumn change repeats
 * (01:30 twice in New York) names no single instant with a TZID (RFC 5545 takes the first, some
 * readers the second), so such a time is written in UTC, which every reader reads the same.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import type { Kysely } from 'kysely';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Database } from '../db/schema.js';
import { wallClock } from '../platform/local-time.js';

export interface CalendarEvent {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  status: string;
  updatedAt?: string;
  venue: { name: string; address: string; city: string };
}

/** `2027-01-15T19:00:00` (or an ISO instant) as iCalendar writes a time: `20270115T190000`. */
const compact = (time: string) => time.replace(/[-:]/g, '').slice(0, 15);

/** How far a clock change can move a zone's clock (30 minutes at Lord Howe, 2 hours at Troll). */
const CLOCK_SHIFTS_MS = [30, 60, 120].flatMap((minutes) => [minutes * 60_000, -minutes * 60_000]);

/** Whether the venue's clock reads the same at another instant near this one (an autumn change). */
function repeatedClock(iso: string, zone: string): boolean {
  const local = wallClock(iso, zone);
  const at = Date.parse(iso);
  return CLOCK_SHIFTS_MS.some((shift) => wallClock(new Date(at + shift).toISOString(), zone) === local);
}

/** `DTSTART;TZID=Europe/Bucharest:20270115T190000`, or in UTC where that clock time happens twice. */
function timeProperty(name: 'DTSTART' | 'DTEND', iso: string, zone: string): string {
  return repeatedClock(iso, zone)
    ? `${name}:${compact(new Date(iso).toISOString())}Z`
    : `${name};TZID=${zone}:${compact(wallClock(iso, zone))}`;
}

function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) ? (block[0] ?? null) : null;
}

/** `uidSuffix` tells apart calendars of one event that are different entries (a reservation's). */
export function eventCalendar(event: CalendarEvent, publicUrl: string, uidSuffix = ''): string {
  const calendar = ical({
    prodId: { company: 'iaTichet', product: 'iaTichet' },
    name: event.title,
    timezone: { name: null, generator: vtimezone },
  });
  const location = [event.venue.name, event.venue.address, event.venue.city].filter((part) => part.trim() !== '').join(', ');
  const host = new URL(publicUrl).host;
  calendar.createEvent({
    id: `${event.id}${uidSuffix}@${host}`,
    start: wallClock(event.startsAt, event.timeZone),
    end: wallClock(event.endsAt, event.timeZone),
    timezone: event.timeZone,
    stamp: new Date(event.updatedAt ?? Date.now()),
    summary: event.title,
    description: event.description,
    location,
    url: `${publicUrl}/events/${event.id}`,
    status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // The VEVENT's own lines (the VTIMEZONE's DTSTARTs carry no TZID), written from the venue clock.
  return calendar
    .toString()
    .replace(/^DTSTART;TZID=.*$/m, () => timeProperty('DTSTART', event.startsAt, event.timeZone))
    .replace(/^DTEND;TZID=.*$/m, () => timeProperty('DTEND', event.endsAt, event.timeZone));
}

/** What a calendar entry of an event needs, read whatever the event's status. */
export async function loadCalendarEvent(db: Kysely<Database>, eventId: string): Promise<CalendarEvent | undefined> {
  const e = await db
    .selectFrom('events')
    .innerJoin('venues', 'venues.id', 'events.venue_id')
    .select([
      'events.id',
      'events.title',
      'events.description',
      'events.starts_at',
      'events.ends_at',
      'events.time_zone',
      'events.status',
      'events.updated_at',
      'venues.name',
      'venues.address',
      'venues.city',
    ])
    .where('events.id', '=', eventId)
    .executeTakeFirst();
  return (
    e && {
      id: e.id,
      title: e.title,
      description: e.description,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      timeZone: e.time_zone,
      status: e.status,
      updatedAt: e.updated_at,
      venue: { name: e.name, address: e.address, city: e.city },
    }
  );
}
