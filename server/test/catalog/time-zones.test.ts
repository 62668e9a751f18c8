/**
 * The event's own time (issue 15): venues name an IANA zone (default DEFAULT_TIME_ZONE), every
 * event answer carries it while API times stay UTC, and calendar.ics files import at the venue's
 * local time (checked by parsing them with ical.js, a maintained iCalendar parser).
 */
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

type EventAnswer = EventBody & { startsAt: string; endsAt: string; timeZone: string };

/** 19:00 in Cluj on a winter evening is 17:00 UTC (EET, +02:00). */
const WINTER_START = '2027-01-15T17:00:00.000Z';
const WINTER_END = '2027-01-15T20:00:00.000Z';
/** 19:00 in Cluj in summer is 16:00 UTC (EEST, +03:00). */
const SUMMER_START = '2027-07-15T16:00:00.000Z';

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const vevents = calendar.getAllSubcomponents('vevent');
  const first = vevents[0];
  if (first === undefined) throw new Error('no VEVENT');
  const event = new ICAL.Event(first);
  return { calendar, vevents, event, dtstart: first.getFirstProperty('dtstart') };
}

describe.each(backends)('time zones and calendars on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
  });
  afterAll(() => env.close());

  const publishedEvent = async (venueId: string, overrides: Record<string, unknown> = {}) =>
    (await createEvent(
      admin,
      eventInput(venueId, { startsAt: WINTER_START, endsAt: WINTER_END, ...overrides }),
    )) as unknown as EventAnswer;

  it('gives a venue without a zone DEFAULT_TIME_ZONE, and every event answer its venue zone with UTC times', async () => {
    const venue = (await createVenue(admin)) as { id: string; timeZone?: string };
    expect(venue.timeZone).toBe('Europe/Bucharest');
    const event = await publishedEvent(venue.id);
    expect(event.timeZone).toBe('Europe/Bucharest');
    expect(event.startsAt).toBe(WINTER_START);
    const listed = (await admin.get(`/api/events?venueId=${venue.id}`)).json<{ items: EventAnswer[] }>();
    expect(listed.items.map((e) => e.timeZone)).toEqual(['Europe/Bucharest']);
    const pub = await new TestClient(app, '10.77.0.1').get(`/api/events/${event.id}`);
    expect(pub.json<EventAnswer>()).toMatchObject({ timeZone: 'Europe/Bucharest', startsAt: WINTER_START });

    const london = await env.startApp({ DEFAULT_TIME_ZONE: 'Europe/London' }, { backgroundJobs: false });
    const londonAdmin = await adminClient(env, london);
    expect(((await createVenue(londonAdmin)) as { timeZone?: string }).timeZone).toBe('Europe/London');
  });

  it('refuses an unknown zone with a 400 naming the field, creating and changing nothing', async () => {
    const before = await env.database.db.selectFrom('venues').select('id').execute();
    const res = await admin.post('/api/venues', {
      name: 'Nowhere',
      address: '',
      city: 'X',
      capacity: 10,
      layout: null,
      timeZone: 'Mars/Olympus_Mons',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ code: string; errors: { path: string }[] }>()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: '/timeZone' }],
    });
    expect(await env.database.db.selectFrom('venues').select('id').execute()).toHaveLength(before.length);
    const venue = await createVenue(admin);
    const patch = await admin.patch(`/api/venues/${venue.id}`, { timeZone: 'Not/AZone' });
    expect(patch.statusCode).toBe(400);
    expect((await admin.get(`/api/venues/${venue.id}`)).json<{ timeZone: string }>().timeZone).toBe('Europe/Bucharest');
  });

  it("moves the events' zone with the venue's, keeping their UTC instants", async () => {
    const venue = await createVenue(admin, { timeZone: 'America/New_York' });
    const event = await publishedEvent(venue.id);
    expect(event.timeZone).toBe('America/New_York');
    const patched = await admin.patch(`/api/venues/${venue.id}`, { timeZone: 'Europe/Bucharest' });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = (await admin.get(`/api/events/${event.id}`)).json<EventAnswer>();
    expect(after).toMatchObject({ timeZone: 'Europe/Bucharest', startsAt: WINTER_START, endsAt: WINTER_END });
  });

  it('serves calendar.ics with one VEVENT at the venue time, TZID and its VTIMEZONE, in winter and summer', async () => {
    const venue = await createVenue(admin, { name: 'Small Hall', address: 'Strada Memorandumului 28', city: 'Cluj-Napoca' });
    for (const [startsAt, offset] of [
      [WINTER_START, 2],
      [SUMMER_START, 3],
    ] as const) {
      const endsAt = new Date(Date.parse(startsAt) + 3 * 3600_000).toISOString();
      const event = await publishedEvent(venue.id, { title: 'Jazz Club Night', startsAt, endsAt });
      const res = await new TestClient(app, '10.77.0.2').get(`/api/events/${event.id}/calendar.ics`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/calendar/);
      const { vevents, event: parsed, dtstart, calendar } = parseCalendar(res.body);
      expect(vevents).toHaveLength(1);
      expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Bucharest']);
      expect(dtstart?.getParameter('tzid')).toBe('Europe/Bucharest');
      // The local time a calendar app shows: 19:00 at the venue, whatever the season.
      expect([parsed.startDate.hour, parsed.startDate.minute]).toEqual([19, 0]);
      expect(parsed.startDate.toJSDate().toISOString()).toBe(startsAt);
      expect(parsed.endDate.toJSDate().toISOString()).toBe(endsAt);
      expect(parsed.startDate.utcOffset()).toBe(offset * 3600);
      expect(parsed.summary).toBe('Jazz Club Night');
      expect(parsed.location).toBe('Small Hall, Strada Memorandumului 28, Cluj-Napoca');
    }
  });

  it('answers 404 for the calendar of a draft or unknown event', async () => {
    const venue = await createVenue(admin);
    const draft = (await createEvent(admin, eventInput(venue.id), false)) as unknown as EventAnswer;
    const anonymous = new TestClient(app, '10.77.0.3');
    expect((await anonymous.get(`/api/events/${draft.id}/calendar.ics`)).statusCode).toBe(404);
    expect((await admin.get(`/api/events/${draft.id}/calendar.ics`)).statusCode).toBe(404);
    expect((await anonymous.get('/api/events/no-such-event/calendar.ics')).statusCode).toBe(404);
  });

  it("serves a reservation's calendar to its owner only", async () => {
    const venue = await createVenue(admin, { timeZone: 'Europe/Bucharest' });
    const event = await publishedEvent(venue.id);
    const [owner, stranger] = (await buyers(app, 2)) as [TestClient, TestClient];
    const held = await owner.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(held.statusCode, held.body).toBe(201);
    const { id, code } = held.json<{ id: string; code: string }>();
    const mine = await owner.get(`/api/reservations/${id}/calendar.ics`);
    expect(mine.statusCode, mine.body).toBe(200);
    const { event: parsed } = parseCalendar(mine.body);
    expect([parsed.startDate.hour, parsed.startDate.zone.tzid]).toEqual([19, 'Europe/Bucharest']);
    expect(parsed.description).toContain(code);
    expect(parsed.uid).not.toBe(`${event.id}@localhost:3000`);
    expect((await stranger.get(`/api/reservations/${id}/calendar.ics`)).statusCode).toBe(404);
  });
});
