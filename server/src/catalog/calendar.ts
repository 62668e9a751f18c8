/**
 * An event as an iCalendar file (RFC 5545): one VEVENT whose start and end carry the venue's
 * TZID, and the VTIMEZONE that defines it (from timezones-ical-library, through ical-generator's
 * timezone hook), so a calendar anywhere shows the event at the venue's time.
 *
 * ical-generator formats a TZID time from a string's wall-clock fields, so it is given the time
 * as the venue's clock reads it (platform/local-time.ts) rather than a Date, whose fields would
 * be read in the server's own zone.
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
  return calendar.toString();
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
