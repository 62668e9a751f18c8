/**
 * attendees.pdf, the paper check-in list, read back with pdftotext: like every other printout it
 * speaks the reader's language and gives times at the event's clock (API.md, "Time zones and
 * calendars": every person-facing time, PDF included, in the event's zone with its abbreviation).
 * A Romanian organiser of a New York event reads Romanian words, the start as New York's clock
 * and each check-in time at New York's clock, not at UTC.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClockTime, formatEventTime } from '../../src/platform/local-time.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { pdfText, reserveAndPay, type PaidReservation } from './ticket-fixtures.js';

const ZONE = 'America/New_York';
/** 19:00 in New York in winter (EST, -05:00). */
const STARTS = '2027-01-16T00:00:00.000Z';

describe.each(backends)('the check-in list PDF on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let event: EventBody;
  let scanned: PaidReservation;
  let checkedInAt: string;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    expect((await admin.patch('/api/auth/me', { locale: 'ro' })).statusCode).toBe(200);
    const venue = await createVenue(admin, { name: 'Carnegie Hall', city: 'New York', timeZone: ZONE });
    event = await createEvent(
      admin,
      eventInput(venue.id, { title: 'Jazz Club Night', startsAt: STARTS, endsAt: '2027-01-16T03:00:00.000Z' }),
    );
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    scanned = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 1);
    await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 1);
    const scan = await admin.post('/api/checkin', { code: scanned.tickets[0]?.qr, eventId: event.id });
    expect(scan.statusCode, scan.body).toBe(200);
    checkedInAt = scan.json<{ checkedInAt: string }>().checkedInAt;
  });
  afterAll(() => env.close());

  it("is in the reader's language, with the start and the check-in times at the event's clock", async () => {
    const res = await admin.get(`/api/admin/events/${event.id}/attendees.pdf`);
    expect(res.statusCode).toBe(200);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain(formatEventTime(STARTS, ZONE, 'ro'));
    expect(text).toContain(formatClockTime(checkedInAt, ZONE, 'ro'));
    expect(text).toContain('Acces general');
    expect(text).toContain(`Rezervarea ${scanned.code}`);
    for (const english of ['Page ', 'Reservation ', 'General admission', 'checked in', ' UTC'])
      expect(text).not.toContain(english);
  });

  it("says so in the reader's language when there is no paid ticket yet", async () => {
    const empty = await createEvent(
      admin,
      eventInput(event.venue.id, { title: 'Nobody yet', startsAt: STARTS, endsAt: '2027-01-16T03:00:00.000Z' }),
    );
    const res = await admin.get(`/api/admin/events/${empty.id}/attendees.pdf`);
    expect(res.statusCode).toBe(200);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    expect(text).not.toContain('No paid tickets yet');
    expect(text).toContain(formatEventTime(STARTS, ZONE, 'ro'));
  });
});
