/**
 * 0029-code-list-order on a populated database: the codes stored before it stay, the index the
 * newest-first list reads comes with it and goes with its down, and the list pages every code
 * once after it.
 */
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import { indexNames } from '../support/db-indexes.js';
import { gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const BEFORE = '0028-sync-scan-ids';
const INDEX = 'discount_codes_event_created_idx';

describe.each(backends)('the code-list-order migration on a populated %s database', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());
  const db = () => env.database.db;
  const codeIndexes = () => indexNames(db(), 'discount_codes');
  const codeIds = async () => (await db().selectFrom('discount_codes').select('id').execute()).map((r) => r.id).sort();

  it('keeps the codes, adds and drops only its index, and the list pages every code once', async () => {
    let app = await env.startApp({}, { backgroundJobs: false });
    const admin = await adminClient(env, app);
    const event = await gaEvent(env, app, 10);
    const made = await admin.post(`/api/events/${event.id}/codes/generate`, { count: 30, prefix: 'M-', kind: 'access' });
    expect(made.statusCode).toBe(201);
    await app.close();
    const before = await codeIds();
    expect(before).toHaveLength(30);
    expect(await codeIndexes()).toContain(INDEX);

    const migrator = new Migrator({ db: db(), provider: migrationProvider });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(await codeIndexes()).not.toContain(INDEX);
    expect(await codeIds()).toEqual(before);

    expect(await migrateToLatest(db())).toContain('0029-code-list-order');
    expect(await codeIndexes()).toContain(INDEX);
    expect(await codeIds()).toEqual(before);

    app = await env.startApp({}, { backgroundJobs: false });
    const again = await adminClient(env, app);
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = (await again.get(`/api/events/${event.id}/codes?limit=7${query}`)).json<{
        items: { id: string }[];
        nextCursor: string | null;
      }>();
      listed.push(...page.items.map((c) => c.id));
      expect(page.nextCursor, 'every page names the next or null').not.toBeUndefined();
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect([...listed].sort()).toEqual(before);
    await app.close();
  });
});
