/**
 * A number in a query string too large for a double ("1e309") reads as Infinity. The validator's
 * coercion turned it into Infinity and ajv checks no minimum or maximum of a number that is not
 * finite, so `?limit=1e309` passed `maximum: 100` and reached the database as LIMIT Infinity: a
 * 500 on the public event list, for anyone. Such a value must be a 400 like any other bad number.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const NOT_FINITE = ['1e309', '-1e309', 'Infinity', '-Infinity'];

describe.each(backends)('numbers that are not finite on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
    await gaEvent(env, app, 5);
  });
  afterAll(() => env.close());

  const expectRefused = (res: { statusCode: number; body: string; json: () => unknown }, path: string) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
  };

  it('refuses them as a page size on the public event list', async () => {
    for (const value of NOT_FINITE) expectRefused(await app.inject(`/api/events?limit=${value}`), '/limit');
    expect((await app.inject('/api/events?limit=1')).statusCode).toBe(200);
  });

  it("refuses them on a buyer's and an admin's lists", async () => {
    for (const value of NOT_FINITE) {
      expectRefused(await buyer.get(`/api/reservations?limit=${value}`), '/limit');
      expectRefused(await buyer.get(`/api/notifications?limit=${value}`), '/limit');
      expectRefused(await admin.get(`/api/admin/reservations?limit=${value}`), '/limit');
      expectRefused(await admin.get(`/api/admin/users?limit=${value}`), '/limit');
    }
  });
});
