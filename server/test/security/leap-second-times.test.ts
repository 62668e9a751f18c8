/**
 * A leap second ("23:59:60") is a valid RFC 3339 date-time, so the request schemas (ajv-formats)
 * let it through, but JavaScript's Date cannot represent it: new Date(...) is Invalid Date, whose
 * toISOString() throws. Every time field a client sends must still answer a clean 4xx (or be
 * understood), never a 500, and change nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { changedTables, snapshotTables } from './table-snapshot.js';

const LEAP = '2030-06-30T23:59:60Z';

describe.each(backends)('a leap second in a time field (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let venueId: string;
  let event: EventBody;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    venueId = (await createVenue(admin)).id;
    event = await createEvent(admin, eventInput(venueId));
  });
  afterAll(() => env.close());

  /** Refused as input, like any other time that is not one: 400 validation_failed. */
  const notServerError = (res: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'validation_failed' });
  };

  it.each([
    ['/api/events?from=', LEAP],
    ['/api/events?to=', LEAP],
    ['/api/admin/audit?from=', LEAP],
    ['/api/admin/audit?to=', LEAP],
  ])('GET %s%s is not a 500', async (path, value) => {
    notServerError(await admin.get(`${path}${encodeURIComponent(value)}`));
  });

  it.each<[string, () => { method: 'POST' | 'PATCH'; url: string; body: unknown }]>([
    [
      'event creation (startsAt)',
      () => ({
        method: 'POST',
        url: '/api/events',
        body: eventInput(venueId, { startsAt: LEAP, endsAt: '2030-07-01T02:00:00Z' }),
      }),
    ],
    [
      'event creation (salesEndAt)',
      () => ({ method: 'POST', url: '/api/events', body: eventInput(venueId, { salesEndAt: LEAP }) }),
    ],
    ['event patch (salesStartAt)', () => ({ method: 'PATCH', url: `/api/events/${event.id}`, body: { salesStartAt: LEAP } })],
    [
      'event patch (refund policy)',
      () => ({ method: 'PATCH', url: `/api/events/${event.id}`, body: { refundPolicy: { selfServiceUntil: LEAP } } }),
    ],
    [
      'code creation (validFrom)',
      () => ({
        method: 'POST',
        url: `/api/events/${event.id}/codes`,
        body: { code: 'LEAP1', kind: 'discount', percentOff: 10, validFrom: LEAP },
      }),
    ],
    [
      'code creation (validUntil)',
      () => ({
        method: 'POST',
        url: `/api/events/${event.id}/codes`,
        body: { code: 'LEAP2', kind: 'discount', percentOff: 10, validUntil: LEAP },
      }),
    ],
  ])('%s is a 4xx that changes nothing, not a 500', async (_what, make) => {
    const { method, url, body } = make();
    const before = await snapshotTables(env.database.db);
    const res = await admin.request(method, url, body);
    notServerError(res);
    expect(changedTables(before, await snapshotTables(env.database.db))).toEqual([]);
  });
});
