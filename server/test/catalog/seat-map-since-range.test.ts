/**
 * `GET /api/events/:id/seats?since=` takes any non-negative integer, and JSON numbers such as
 * 1e30 are integers too. A version past what the database's bigint holds is simply later than
 * every seat: an empty delta, not a 500.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { seatedEvent } from '../support/reservation-fixtures.js';
import { TestClient } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('seat map ?since= past bigint (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  it.each(['9223372036854775807', '99999999999999999999', '1e30', '1e300'])('answers ?since=%s without a 500', async (since) => {
    const { event } = await seatedEvent(env, app, 2, 3);
    const res = await new TestClient(app, '10.77.0.1').get(`/api/events/${event.id}/seats?since=${since}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json<{ seats: unknown[] }>().seats).toEqual([]);
  });
});
