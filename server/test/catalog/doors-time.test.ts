/**
 * When the doors open (issue 15, migration 0018): an optional instant at or before the start, kept
 * through create and patch, refused after the start with nothing changed, and printed in the
 * event's zone on the ticket PDF and in the confirmation email, in the buyer's language.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { pdfText, reserveAndPay } from '../tickets/ticket-fixtures.js';

/** 19:00 in Cluj (EET, +02:00); the doors at 18:30. */
const STARTS = '2027-01-15T17:00:00.000Z';
const DOORS = '2027-01-15T16:30:00.000Z';

describe.each(backends)('the doors time on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let event: EventBody & { doorsAt?: string | null };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    const venue = await createVenue(admin, { name: 'Sala Mică', city: 'Cluj-Napoca', timeZone: 'Europe/Bucharest' });
    event = await createEvent(
      admin,
      eventInput(venue.id, {
        title: 'Jazz Club Night',
        startsAt: STARTS,
        endsAt: '2027-01-15T20:00:00.000Z',
        doorsAt: DOORS,
        currency: 'RON',
      }),
    );
  });
  afterAll(() => env.close());

  it('keeps the doors time through create and patch, and an event without one answers null', async () => {
    expect(event.doorsAt).toBe(DOORS);
    expect((await app.inject(`/api/events/${event.id}`)).json<{ doorsAt: string | null }>().doorsAt).toBe(DOORS);
    const patched = await admin.patch(`/api/events/${event.id}`, { doorsAt: '2027-01-15T16:00:00.000Z' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<{ doorsAt: string | null }>().doorsAt).toBe('2027-01-15T16:00:00.000Z');
    expect((await admin.patch(`/api/events/${event.id}`, { doorsAt: DOORS })).statusCode).toBe(200);
    const other = await createEvent(admin, eventInput(event.venue.id, { title: 'No doors said' }));
    expect((await app.inject(`/api/events/${other.id}`)).json<{ doorsAt: string | null }>().doorsAt).toBeNull();
  });

  it('refuses doors after the start with problem+json and changes nothing', async () => {
    const late = await admin.patch(`/api/events/${event.id}`, { doorsAt: '2027-01-15T17:01:00.000Z' });
    expect(late.statusCode).toBe(400);
    expect(late.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(late.json())).toContain('/doorsAt');
    const moved = await admin.patch(`/api/events/${event.id}`, { startsAt: '2027-01-15T16:00:00.000Z' });
    expect(moved.statusCode).toBe(400);
    const now = (await app.inject(`/api/events/${event.id}`)).json<{ doorsAt: string; startsAt: string }>();
    expect(now).toMatchObject({ doorsAt: DOORS, startsAt: STARTS });
  });

  it("prints the doors at Cluj's time on the ticket and in the email, in Romanian", async () => {
    const buyer = new TestClient(app, '10.94.0.1');
    await buyer.register(uniqueEmail('doors'), 'a long enough passphrase', 'Ioana Pop');
    await buyer.patch('/api/auth/me', { locale: 'ro' });
    const paid = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 1);
    const pdf = await buyer.get(`/api/reservations/${paid.id}/tickets.pdf`);
    const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Deschiderea porților: 18:30 EET');
    expect(text).toContain('Începe: vineri, 15 ianuarie 2027 la 19:00 EET');
    const mail = await env.database.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('reservation_id', '=', paid.id)
      .executeTakeFirstOrThrow();
    expect(mail.body).toContain('Deschiderea porților: 18:30 EET');
  });
});
