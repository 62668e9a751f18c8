/**
 * 0028-sync-scan-ids on a populated database: the scans stored before it keep every column and
 * have no scan id (online scans, and offline ones synced before the column existed); a scan
 * stored after it keeps its device's scan id; the migration goes down (dropping only the new
 * column) and up again.
 */
import { randomUUID } from 'node:crypto';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const BEFORE = '0027-fixed-prices';

describe.each(backends)('the sync-scan-ids migration on a populated %s database', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());
  const db = () => env.database.db;

  it('keeps the scans stored before it, with no scan id, and the ids of scans stored after it', async () => {
    const app = await env.startApp({}, { backgroundJobs: false });
    const admin = await adminClient(env, app);
    const event = await createEvent(admin, eventInput((await createVenue(admin)).id));
    const me = (await admin.get('/api/auth/me')).json<{ user: { id: string } }>().user.id;
    await app.close();
    const scan = (result: 'invalid' | 'wrong_event', device: string | null) => ({
      id: randomUUID(),
      event_id: event.id,
      ticket_id: null,
      scanned_by: me,
      device,
      result,
      created_at: new Date().toISOString(),
    });
    const migrator = new Migrator({ db: db(), provider: migrationProvider });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const old = [scan('invalid', null), scan('wrong_event', 'door-1')];
    // Written as 0027 knew the table: no sync_scan_id column yet.
    await db().insertInto('checkin_scans').values(old).execute();

    expect(await migrateToLatest(db())).toContain('0028-sync-scan-ids');
    const read = () =>
      db()
        .selectFrom('checkin_scans')
        .select(['id', 'device', 'result', 'sync_scan_id'])
        .where('event_id', '=', event.id)
        .orderBy('id')
        .execute();
    const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(await read()).toEqual(byId(old.map((r) => ({ id: r.id, device: r.device, result: r.result, sync_scan_id: null }))));
    const synced = { ...scan('invalid', 'door-2'), sync_scan_id: 'scan-7' };
    await db().insertInto('checkin_scans').values(synced).execute();
    expect((await read()).find((r) => r.id === synced.id)?.sync_scan_id).toBe('scan-7');

    // Down and up again: the scans stay, the new column comes back empty.
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(await migrateToLatest(db())).toContain('0028-sync-scan-ids');
    expect((await read()).map((r) => [r.id, r.sync_scan_id])).toEqual(byId([...old, synced]).map((r) => [r.id, null]));
  });
});
