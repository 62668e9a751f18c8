/**
 * A time that the format `date-time` accepts but JavaScript's Date cannot read (a leap second,
 * 23:59:60, which RFC 3339 allows) must be refused as 400 validation_failed like any other bad
 * time: read with `new Date(...)` it becomes Invalid Date, and `toISOString()` throws (500).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const LEAP_SECOND = '2027-12-31T23:59:60Z';

describe('date-time inputs', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment('sqlite');
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
  });
  afterAll(() => env.close());

  const expectRefused = (res: { statusCode: number; body: string; json: () => unknown }) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
  };

  it('refuses a leap second in the public event list filters (anyone can send it)', async () => {
    expectRefused(await app.inject(`/api/events?from=${LEAP_SECOND}`));
    expectRefused(await app.inject(`/api/events?to=${LEAP_SECOND}`));
  });

  it('refuses a leap second in the invoice register filters', async () => {
    expectRefused(await admin.get(`/api/admin/invoices?from=${LEAP_SECOND}`));
  });

  it('refuses a leap second as the new end of a hold, and leaves the hold as it was', async () => {
    const event = await gaEvent(env, app, 5);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    const r = held.json<ReservationBody>();
    expectRefused(await admin.patch(`/api/admin/reservations/${r.id}`, { expiresAt: LEAP_SECOND }));
    expect((await buyer.get(`/api/reservations/${r.id}`)).json<ReservationBody>().expiresAt).toBe(r.expiresAt);
  });
});
