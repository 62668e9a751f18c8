/**
 * 0012-hold-keys on a populated database: the new table comes and goes without touching the
 * reservations it refers to, and keyed holds work across the migration.
 */
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { backends } from '../support/backends.js';
import { TestClient } from '../support/client.js';
import { buyers, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('the hold-keys migration on a populated %s database', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());

  it('keeps every reservation down and up, and keyed holds answer their first hold afterwards', async () => {
    const app = await env.startApp({}, { backgroundJobs: false });
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const event = await gaEvent(env, app, 40);
    const body = { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }] };
    for (let i = 0; i < 4; i++) {
      const held = await buyer.post('/api/reservations', body, { headers: { 'idempotency-key': `before-${i}` } });
      expect(held.statusCode, held.body).toBe(201);
    }
    await app.close();
    const reservations = () => env.database.db.selectFrom('reservations').select('id').orderBy('id').execute();
    const before = await reservations();
    expect(await env.database.db.selectFrom('hold_keys').select('key').execute()).toHaveLength(4);

    const migrator = new Migrator({ db: env.database.db, provider: migrationProvider });
    const down = await migrator.migrateTo('0010-payment-settlement');
    expect(down.error).toBeUndefined();
    // Down to 0010 rolls back every later migration too (0011 and 0013 sit on either side).
    expect(down.results?.map((r) => r.migrationName)).toContain('0012-hold-keys');
    expect(await reservations()).toEqual(before);
    expect(await migrateToLatest(env.database.db)).toContain('0012-hold-keys');
    expect(await reservations()).toEqual(before);

    const again = await env.startApp({}, { backgroundJobs: false });
    const client = new TestClient(again, '10.12.0.1');
    for (const [k, v] of buyer.cookies) client.cookies.set(k, v);
    const first = await client.post('/api/reservations', body, { headers: { 'idempotency-key': 'after' } });
    const retry = await client.post('/api/reservations', body, { headers: { 'idempotency-key': 'after' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(retry.json<ReservationBody>().id).toBe(first.json<ReservationBody>().id);
    expect(await reservations()).toHaveLength(before.length + 1);
  });
});
