/** Until the email is verified, POST /api/reservations answers 403 email_unverified and holds nothing. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenMailedTo } from '../support/account-emails.js';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { expectCountersMatchRows, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('reserving with an unverified email on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let event: EventBody;
  const hold = (c: TestClient, headers: Record<string, string> = {}) =>
    c.post(
      '/api/reservations',
      { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 2 }] },
      { headers },
    );

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    event = await gaEvent(env, app, 10);
  });
  afterAll(() => env.close());

  it('answers 403 email_unverified and holds nothing, then reserves once the link is opened', async () => {
    const c = new TestClient(app, '10.73.0.1');
    const email = uniqueEmail('unverified');
    await c.registerUnverified(email);
    const refused = await hold(c, { 'idempotency-key': 'unverified-1' });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'email_unverified', status: 403 });
    const after = (await app.inject(`/api/events/${event.id}`)).json<EventBody>();
    expect(after.remaining).toBe(10);
    expect(await env.database.db.selectFrom('reservations').select('id').execute()).toHaveLength(0);
    await expectCountersMatchRows(env, event.id);

    const token = await tokenMailedTo(env.database.db, email, '/verify-email');
    expect((await c.post('/api/auth/verify-email', { token })).statusCode).toBe(200);
    // The same idempotency key: the refusal was not stored as the key's answer.
    expect((await hold(c, { 'idempotency-key': 'unverified-1' })).statusCode).toBe(201);
  });

  it('lets a verified buyer reserve', async () => {
    const c = new TestClient(app, '10.73.0.2');
    await c.register(uniqueEmail('verified'));
    expect((await hold(c)).statusCode).toBe(201);
  });
});
