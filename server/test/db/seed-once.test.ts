/**
 * The demo catalogue is loaded once however many instances start at once on an empty database
 * (it was loaded once per instance: 24 events from two), never in production, and never onto a
 * database that has events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog.js';
import { loadConfig } from '../../src/config/config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { startServerProcess, startedTogether, type ServerProcess } from '../faults/server-process.js';
import { backends } from '../support/backends.js';
import { createFreshDatabase, type FreshDatabase } from '../support/fresh-database.js';

async function countCatalog(database: DatabaseHandle) {
  const { db } = database;
  const count = async (table: 'events' | 'venues') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const seeds = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('action', '=', 'catalog.seed_demo')
    .executeTakeFirstOrThrow();
  return { events: await count('events'), venues: await count('venues'), seeds: Number(seeds.n) };
}

describe.each(backends)('loading the demo catalogue on %s', (backend) => {
  const fresh: FreshDatabase[] = [];
  const servers: ServerProcess[] = [];
  const handles: DatabaseHandle[] = [];

  const open = async (label: string) => {
    const database = await createFreshDatabase(backend, label);
    fresh.push(database);
    return database;
  };
  const connect = (database: FreshDatabase) => {
    const handle = openDatabase(loadConfig({ DATABASE_URL: database.url }).database, { poolSize: 4 });
    handles.push(handle);
    return handle;
  };

  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await Promise.all(handles.map((h) => h.close()));
    await Promise.all(fresh.map((d) => d.drop()));
  });

  it('three server processes started at once on an empty database load it exactly once', async () => {
    const database = await open('seed3');
    const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir };
    const started = await startedTogether([startServerProcess(env), startServerProcess(env), startServerProcess(env)], servers);
    expect(await countCatalog(connect(database))).toEqual({ events: 12, venues: 3, seeds: 1 });
    // Each instance lists the same twelve.
    for (const server of started) {
      const page = (await (await fetch(`${server.url}/api/events?limit=50`)).json()) as { items: unknown[] };
      expect(page.items).toHaveLength(12);
    }
  });

  it('never loads it with NODE_ENV=production', async () => {
    const database = await open('seedprod');
    const server = await startServerProcess({ DATABASE_URL: database.url, DATA_DIR: database.dataDir, NODE_ENV: 'production' });
    servers.push(server);
    expect(await countCatalog(connect(database))).toEqual({ events: 0, venues: 0, seeds: 0 });
  });

  // SQLite connections in one process cannot race usefully: better-sqlite3 waits for a lock
  // synchronously, blocking the holder in the same event loop; separate processes (above) can.
  describe.runIf(backend === 'postgres')('concurrent seeders in one process, each on its own connections', () => {
    let database: FreshDatabase;
    beforeAll(async () => {
      database = await open('seedraces');
      await migrateToLatest(connect(database).db);
    });

    it('five onlyIfEmpty seeders racing load it once; a later one finds the events and does nothing', async () => {
      const seeders = Array.from({ length: 5 }, () => connect(database));
      const loaded = await Promise.all(seeders.map((h) => seedDemoCatalog(h.db, { onlyIfEmpty: true })));
      expect(loaded.filter(Boolean)).toHaveLength(1);
      expect(await countCatalog(connect(database))).toEqual({ events: 12, venues: 3, seeds: 1 });
      expect(await seedDemoCatalog(connect(database).db, { onlyIfEmpty: true })).toBe(false);
    });

    it('npm run seed:demo (onlyIfEmpty false) loads it again, on purpose', async () => {
      expect(await seedDemoCatalog(connect(database).db, { onlyIfEmpty: false })).toBe(true);
      expect(await countCatalog(connect(database))).toEqual({ events: 24, venues: 6, seeds: 2 });
    });
  });
});
