/**
 * The app through PgBouncer in transaction mode, the way past PostgreSQL's connection limit: three
 * server processes (10 connections each in their own pools) share 3 server connections. They start
 * at once on an empty database (migrations and the demo catalogue once, under transaction-level
 * locks: a session-level lock does not survive a pooler), restart, sign in, hold and pay, with each
 * step on another instance. Runs when PostgreSQL and Debian's pgbouncer are there (CI installs it).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, startServerProcess, startedTogether, type ServerProcess } from '../faults/server-process.js';
import { postgresUrl } from '../support/backends.js';
import { createFreshDatabase, type FreshDatabase } from '../support/fresh-database.js';
import { hasPgBouncer, startPgBouncer, type PgBouncer } from '../support/pgbouncer.js';

const ADMIN = { email: 'bouncer-admin@example.com', password: 'the pgbouncer admin passphrase' };
const CARD = { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' };
const SERVER_CONNECTIONS = 3;

if (process.env.CI === 'true' && !hasPgBouncer)
  throw new Error('CI=true but /usr/sbin/pgbouncer is missing (.ci/run installs it)');

describe.runIf(postgresUrl && hasPgBouncer)('the app through PgBouncer in transaction mode', () => {
  let database: FreshDatabase;
  let bouncer: PgBouncer;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];

  const serverConnections = async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [
        database.name,
      ]);
      return rows[0]?.n ?? 0;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await createFreshDatabase('postgres', 'bouncer');
    bouncer = await startPgBouncer(database.url, SERVER_CONNECTIONS);
    // PgBouncer 1.18 (Debian 12) in transaction mode cannot keep a statement prepared across transactions.
    env = {
      DATABASE_URL: bouncer.url,
      DATA_DIR: database.dataDir,
      DATABASE_POOL_SIZE: '10',
      DATABASE_PREPARED_STATEMENTS: 'false',
    };
  });
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await bouncer.stop();
    await database.drop();
  });

  it('starts three instances at once on an empty database: migrated once, catalogue loaded once, 3 server connections', async () => {
    await startedTogether(
      [
        startServerProcess({ ...env, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }),
        startServerProcess(env),
        startServerProcess(env),
      ],
      servers,
    );
    // Thirty concurrent catalogue reads over the three instances' pools.
    const reads = await Promise.all(
      Array.from({ length: 30 }, (_, i) => fetch(`${servers[i % 3]?.url ?? ''}/api/events?limit=50`)),
    );
    for (const res of reads) expect(res.status).toBe(200);
    const page = (await reads[0]?.json()) as { items: unknown[] };
    expect(page.items).toHaveLength(12);
    expect(await serverConnections()).toBeLessThanOrEqual(SERVER_CONNECTIONS);
    expect((await fetch(`${servers[1]?.url ?? ''}/readyz`)).status).toBe(200);
  });

  it('restarts instances one after another: each migration lock was released, nothing waits for it', async () => {
    // Kysely's own session-level lock was taken and released on different server connections
    // here, so it stayed with one of them and a restart waited for it (up to an hour).
    for (const i of [2, 1]) {
      const old = servers[i] as ServerProcess;
      old.child.kill('SIGTERM');
      await old.exited;
      const started = Date.now();
      servers[i] = await startServerProcess(env);
      expect(Date.now() - started).toBeLessThan(15_000);
    }
  }, 70_000);

  it('signs in on one instance, holds on another and pays on the third', async () => {
    const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess];
    const onA = new HttpClient(a.url, '10.72.0.1');
    expect((await onA.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
    const events = (await onA.request('GET', '/api/events?limit=50')).json() as {
      items: { id: string; title: string }[];
    };
    const rock = events.items.find((e) => e.title === 'Rock Legends Tribute');
    expect(rock).toBeDefined();
    const detail = (await onA.request('GET', `/api/events/${rock?.id ?? ''}`)).json() as { ticketTypes: { id: string }[] };

    const onB = onA.rebase(b.url);
    const held = await onB.request('POST', '/api/reservations', {
      eventId: rock?.id,
      items: [{ ticketTypeId: detail.ticketTypes[0]?.id, quantity: 2 }],
    });
    expect(held.status, held.text).toBe(201);
    const id = (held.json() as { id: string }).id;

    const onC = onA.rebase(c.url);
    const paid = await onC.request('POST', `/api/reservations/${id}/pay`, { method: 'card', card: CARD });
    expect(paid.status, paid.text).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid' });
    expect(bouncer.log()).not.toMatch(/unsupported startup parameter|prepared statement .* does not exist/i);
  });
});
