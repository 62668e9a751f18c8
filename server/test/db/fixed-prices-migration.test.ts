/**
 * 0027-fixed-prices on a populated database: ticket types stored with a minimum of 0 (what the
 * event form's "no minimum" became, see the migration) sell at their fixed price again; a real
 * minimum and a fixed price are left as they were, and the migration goes down and up again.
 */
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const BEFORE = '0026-seating-at-scale';

describe.each(backends)('the fixed-prices migration on a populated %s database', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());
  const db = () => env.database.db;

  it('makes a minimum of 0 a fixed price again and leaves real minimums and fixed prices alone', async () => {
    const app = await env.startApp({}, { backgroundJobs: false });
    const admin = await adminClient(env, app);
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        ticketTypes: [
          { name: 'Was zero', priceCents: 2500, minPriceCents: 0, capacity: 10 },
          { name: 'Supporter', priceCents: 2500, minPriceCents: 500, capacity: 10 },
          { name: 'Fixed', priceCents: 2500, capacity: 10 },
        ],
      }),
    );
    await app.close();
    const read = async () =>
      Object.fromEntries(
        (
          await db()
            .selectFrom('ticket_types')
            .select(['name', 'min_price_cents', 'price_cents', 'sold', 'held'])
            .where('event_id', '=', event.id)
            .execute()
        ).map((t) => [t.name, t]),
      );
    const before = await read();
    expect(before['Was zero']?.min_price_cents).toBe(0);

    const migrator = new Migrator({ db: db(), provider: migrationProvider });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(await migrateToLatest(db())).toContain('0027-fixed-prices');
    const after = await read();
    expect(after).toEqual({ ...before, 'Was zero': { ...before['Was zero'], min_price_cents: null } });
    expect(after.Supporter?.min_price_cents).toBe(500);
    expect(after.Fixed?.min_price_cents).toBeNull();

    // Down and up again: nothing breaks, the fixed price stays.
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(await migrateToLatest(db())).toContain('0027-fixed-prices');
    expect(await read()).toEqual(after);
  });
});
