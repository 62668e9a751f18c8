/**
 * calendar.ics around daylight-saving changes, read back with ical.js: the file must name the
 * event's instant whatever zone the server process runs in, and whichever of the two 01:30s of
 * an autumn night the event is at. (API.md, "Time zones and calendars".)
 */
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { eventCalendar, type CalendarEvent } from '../../src/catalog/calendar.js';

function event(startsAt: string, timeZone: string): CalendarEvent {
  return {
    id: 'e1',
    title: 'Concert',
    description: '',
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 2 * 3600_000).toISOString(),
    timeZone,
    status: 'published',
    updatedAt: '2026-01-01T00:00:00.000Z',
    venue: { name: 'Hall', address: '', city: 'City' },
  };
}

/** The start and end instants a calendar application reads from the file. */
function instants(text: string): { start: string; end: string } {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (vevent === null) throw new Error('no VEVENT');
  const parsed = new ICAL.Event(vevent);
  return { start: parsed.startDate.toJSDate().toISOString(), end: parsed.endDate.toJSDate().toISOString() };
}

const serverZone = process.env.TZ;
afterEach(() => {
  if (serverZone === undefined) delete process.env.TZ;
  else process.env.TZ = serverZone;
});

describe('calendar.ics around daylight-saving changes', () => {
  it("is the same instant whatever the server's own zone, also on the server zone's spring-forward night", () => {
    // 03:30 BST in London on 29 March 2026, a time that does not exist in Bucharest that night;
    // 02:30 EET in Bucharest on 8 March 2026, a time that does not exist in New York that night.
    for (const [startsAt, zone] of [
      ['2026-03-29T02:30:00.000Z', 'Europe/London'],
      ['2026-03-08T00:30:00.000Z', 'Europe/Bucharest'],
    ] as const) {
      for (const server of ['UTC', 'Europe/Bucharest', 'America/New_York']) {
        process.env.TZ = server;
        const read = instants(eventCalendar(event(startsAt, zone), 'http://localhost:3000'));
        expect(read.start, `${zone} event, server in ${server}`).toBe(startsAt);
      }
    }
  });

  it('tells apart the two occurrences of a clock time that the autumn change repeats', () => {
    // 01:30 happens twice in New York on 1 November 2026 (EDT, then EST), and 03:30 twice in
    // Bucharest on 25 October 2026 (EEST, then EET).
    for (const startsAt of ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']) {
      expect(instants(eventCalendar(event(startsAt, 'America/New_York'), 'http://localhost:3000')).start).toBe(startsAt);
    }
    for (const startsAt of ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']) {
      expect(instants(eventCalendar(event(startsAt, 'Europe/Bucharest'), 'http://localhost:3000')).start).toBe(startsAt);
    }
  });

  it('keeps the TZID form at the venue clock for an ordinary time', () => {
    const text = eventCalendar(event('2027-01-15T17:00:00.000Z', 'Europe/Bucharest'), 'http://localhost:3000');
    expect(text).toContain('DTSTART;TZID=Europe/Bucharest:20270115T190000');
    expect(text).toContain('DTEND;TZID=Europe/Bucharest:20270115T210000');
  });
});
