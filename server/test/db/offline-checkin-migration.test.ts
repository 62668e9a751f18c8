/**
 * 0013-offline-checkin on a populated database: it only adds a table, so what was there (tickets,
 * scans) is untouched down and up, and the new table enforces what the sync relies on: one stored
 * answer per scan id, at most one offline `ok` per ticket, and only known results.
 */
import { randomUUID } from 'node:crypto';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { backends } from '../support/backends.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay } from '../tickets/ticket-fixtures.js';

const BEFORE = '0010-payment-settlement';

describe.each(backends)('the offline check-in migration on a populated %s database', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());

  const db = () => env.database.db;
  const count = async (table: 'tickets' | 'checkin_scans' | 'checkin_sync_scans') =>
    (
      await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  it('keeps tickets and scans down and up, and the sync works on the migrated database', async () => {
    let app = await env.startApp({}, { backgroundJobs: false });
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    let staff = await clientWithRole(env, app, 'staff');
    const event = await gaEvent(env, app, 20);
    const paid = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 3);
    const codes = paid.tickets.map((t) => t.qr ?? '');
    expect((await staff.post('/api/checkin', { code: codes[0], eventId: event.id })).json()).toMatchObject({ result: 'ok' });
    const synced = await staff.post('/api/checkin/sync', {
      eventId: event.id,
      deviceId: 'door',
      scans: [{ scanId: randomUUID(), code: codes[1], scannedAt: new Date().toISOString() }],
    });
    expect(synced.statusCode, synced.body).toBe(200);
    await app.close();
    const before = { tickets: await count('tickets'), scans: await count('checkin_scans') };
    expect(await count('checkin_sync_scans')).toBe(1);

    const down = await new Migrator({ db: db(), provider: migrationProvider }).migrateTo(BEFORE);
    expect(down.error).toBeUndefined();
    expect({ tickets: await count('tickets'), scans: await count('checkin_scans') }).toEqual(before);
    expect(await migrateToLatest(db())).toContain('0013-offline-checkin');
    expect({ tickets: await count('tickets'), scans: await count('checkin_scans') }).toEqual(before);

    app = await env.startApp({}, { backgroundJobs: false });
    staff = await clientWithRole(env, app, 'staff');
    const again = await staff.post('/api/checkin/sync', {
      eventId: event.id,
      deviceId: 'door',
      scans: [
        { scanId: randomUUID(), code: codes[1], scannedAt: new Date().toISOString() },
        { scanId: randomUUID(), code: codes[2], scannedAt: new Date().toISOString() },
      ],
    });
    expect(again.json<{ results: { result: string }[] }>().results.map((r) => r.result)).toEqual(['already_checked_in', 'ok']);
    await app.close();
  });

  it('refuses a second row for a scan id, a second offline ok for a ticket, and a made-up result', async () => {
    const [ok] = await db().selectFrom('checkin_sync_scans').selectAll().where('result', '=', 'ok').execute();
    if (ok === undefined) throw new Error('the first test populates the database');
    await expect(
      db()
        .insertInto('checkin_sync_scans')
        .values({ ...ok, result: 'invalid' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db()
        .insertInto('checkin_sync_scans')
        .values({ ...ok, scan_id: randomUUID() })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db()
        .insertInto('checkin_sync_scans')
        .values({ ...ok, scan_id: randomUUID(), result: 'lost' as 'ok' })
        .execute(),
    ).rejects.toThrow();
    await db()
      .insertInto('checkin_sync_scans')
      .values({ ...ok, scan_id: randomUUID(), result: 'already_checked_in', conflict: 1 })
      .execute();
  });
});
