/**
 * A device's clock is not to be trusted: a scan time of year 0000 (or 10000 once its offset is
 * applied) is valid RFC 3339 and a JavaScript Date, but no PostgreSQL timestamp. The sync judged
 * the batch first and failed writing its answers: 500, every ticket of the batch admitted with no
 * stored answer, and every retry failing the same way. Such a time must be refused (400) before
 * anything is judged, on both databases.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay } from '../tickets/ticket-fixtures.js';

describe.each(backends)('a synced scan time outside years 1-9999 (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let staff: TestClient;
  let event: EventBody;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [buyer] = (await buyers(app, 1)) as [TestClient];
    staff = await clientWithRole(env, app, 'staff');
    event = await gaEvent(env, app, 50);
  });
  afterAll(() => env.close());

  it.each(['0000-06-01T10:00:00Z', '0001-01-01T00:00:00+00:01', '9999-12-31T23:59:59-00:01'])(
    'refuses %s with 400 and admits nobody',
    async (badTime) => {
      const paid = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 1);
      const ticket = paid.tickets[0];
      const body = {
        eventId: event.id,
        deviceId: 'door-clock',
        scans: [
          { scanId: randomUUID(), code: ticket?.qr ?? '', scannedAt: '2027-03-01T19:00:00Z' },
          { scanId: randomUUID(), code: 'garbage', scannedAt: badTime },
        ],
      };
      const res = await staff.post('/api/checkin/sync', body);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
      expect(String(res.headers['content-type'])).toContain('application/problem+json');
      const row = await env.database.db
        .selectFrom('tickets')
        .select('checked_in_at')
        .where('id', '=', ticket?.id ?? '')
        .executeTakeFirstOrThrow();
      expect(row.checked_in_at).toBeNull();
    },
  );

  // The same validator guards every time field: the public event list's filter was a 500 too.
  it('answers GET /api/events?from=0000-01-01T00:00:00Z with 400, not 500', async () => {
    const res = await staff.get(`/api/events?from=${encodeURIComponent('0000-01-01T00:00:00Z')}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
  });
});
