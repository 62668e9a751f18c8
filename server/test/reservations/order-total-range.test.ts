/**
 * The largest order a buyer may make: pay what you want at the highest price the API accepts
 * (100,000,000 cents a ticket) times the most tickets an organizer may allow in one order (100).
 * Its total is past a 32-bit integer, which PostgreSQL's integer columns cannot hold. The hold
 * must answer a clean 4xx problem that names the items, or take the order, never a 500, and leave
 * no row behind.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('an order total past 32 bits (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
  });
  afterAll(() => env.close());

  it('answers a pay-what-you-want order of 22 × 1,000,000.00 without a 500 and without a half-written hold', async () => {
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        maxTicketsPerOrder: 100,
        ticketTypes: [{ name: 'Supporter', priceCents: 2000, minPriceCents: 500, capacity: 500 }],
      }),
    );
    const typeId = event.ticketTypes[0]?.id ?? '';
    const res = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: typeId, quantity: 22, priceCents: 100_000_000 }],
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
    if (res.statusCode >= 400) expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/items' }] });
    const db = env.database.db;
    const held = await db.selectFrom('reservations').select('id').where('event_id', '=', event.id).execute();
    const type = await db.selectFrom('ticket_types').select('held').where('id', '=', typeId).executeTakeFirstOrThrow();
    expect(type.held).toBe(res.statusCode === 201 ? 22 : 0);
    expect(held).toHaveLength(res.statusCode === 201 ? 1 : 0);
    // Every database answers the same: the order is refused on both, not taken on one only.
    expect(res.statusCode).toBe(400);
    // 21 tickets at that price (2,100,000,000 cents) still fit, and are held.
    const fits = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: typeId, quantity: 21, priceCents: 100_000_000 }],
    });
    expect(fits.statusCode, fits.body.slice(0, 300)).toBe(201);
    expect(fits.json()).toMatchObject({ totalCents: 2_100_000_000 });
  });
});
