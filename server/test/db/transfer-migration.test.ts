/**
 * 0024-ticket-transfers on a populated database: tickets sold before it keep everything they had,
 * start with the buyer as holder and generation 0 (their printed "IT1" codes still admit), and the
 * migration goes down and up again with tickets, transfers and their log in place.
 */
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { backends } from '../support/backends.js';
import { uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay } from '../tickets/ticket-fixtures.js';
import { person } from '../tickets/transfer-fixtures.js';
import { gaEvent } from '../support/reservation-fixtures.js';

const BEFORE = '0019-pricing';
const KEPT = ['id', 'reservation_id', 'attendee_name', 'qr', 'short_code', 'checked_in_at'] as const;

describe.each(backends)('the transfer migration on a populated %s database', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());
  const db = () => env.database.db;

  it('keeps every ticket, starts them with their buyer at generation 0, and goes down and up with transfers logged', async () => {
    let app = await env.startApp({}, { backgroundJobs: false });
    const buyer = await person(app, 'migrating');
    const event = await gaEvent(env, app, 20);
    const typeId = event.ticketTypes[0]?.id ?? '';
    const r = await reserveAndPay(buyer.client, event.id, typeId, 3);
    const moved = await buyer.client.post(`/api/reservations/${r.id}/tickets/${r.tickets[2]?.id ?? ''}/transfer`, {
      email: uniqueEmail('moved'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await app.close();
    const untouched = [r.tickets[0]?.id ?? '', r.tickets[1]?.id ?? ''];
    const read = () => db().selectFrom('tickets').select(KEPT).where('id', 'in', untouched).orderBy('id').execute();
    const before = await read();

    const migrator = new Migrator({ db: db(), provider: migrationProvider });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(await read()).toEqual(before);
    expect(await migrateToLatest(db())).toContain('0024-ticket-transfers');
    expect(await read()).toEqual(before);
    const fresh = await db()
      .selectFrom('tickets')
      .select(['holder_id', 'qr_generation'])
      .where('reservation_id', '=', r.id)
      .execute();
    expect(fresh).toEqual(Array.from({ length: 3 }, () => ({ holder_id: null, qr_generation: 0 })));
    // The given ticket's "IT2" code went with its generation; it is signed again as "IT1" when read.
    const given = await db()
      .selectFrom('tickets')
      .select('qr')
      .where('id', '=', r.tickets[2]?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(given.qr).toBeNull();

    // A code printed before the migration is still the one that admits.
    app = await env.startApp({}, { backgroundJobs: false });
    const staff = await clientWithRole(env, app, 'staff');
    const scanned = await staff.post('/api/checkin', { code: before[0]?.qr, eventId: event.id });
    expect(scanned.json<{ result: string }>().result).toBe('ok');
    await app.close();
  });
});
