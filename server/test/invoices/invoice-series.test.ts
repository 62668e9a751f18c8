/**
 * The invoice series under a crowd: 200 payments sent at once (on PostgreSQL through two separate
 * server processes, on SQLite through one instance), number their invoices 1..200 with no gap and
 * no duplicate; a refund takes the next number; a payment whose transaction fails uses none.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceNumber, yearIn } from '../../src/invoices/series.js';
import { completePayment, reload } from '../../src/reservations/payment-records.js';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { failingQueries } from '../support/db-faults.js';
import { CARDS, buyers, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { counterOf, invoicing, legalDetails, taxedEvent } from './invoice-fixtures.js';

const PAYMENTS = 200;
const BUYERS = 20; // each may hold up to the event's per-order maximum (10) at once
const TYPES = 10;
/** A 503 (no database connection free within the pool's wait) is retried, as a client would. */
const RETRIES = 30;
const INSTANCE = fileURLToPath(new URL('../realtime/instance-process.ts', import.meta.url));

/** A real app instance in its own process on the test's database; resolves with its base URL. */
function startInstance(env: TestEnvironment, children: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE], {
    cwd: path.dirname(INSTANCE),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '100000',
      HOLDS_PER_MINUTE: '100000',
      TEST_POOL_SIZE: '20', // as DATABASE_POOL_SIZE's default
      DATA_DIR: env.config.dataDir,
      DATABASE_URL: env.config.database.url,
      REDIS_URL: '',
      TEST_PG_SCHEMA: env.redisNamespace.split(':')[1] ?? '',
      TEST_REDIS_NAMESPACE: env.redisNamespace,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /LISTENING (\d+)/.exec(out);
      if (found?.[1] !== undefined) resolve(`http://127.0.0.1:${found[1]}`);
    });
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
  });
}

/** Pays over real HTTP as the client's browser would: its session cookie and CSRF token. */
async function payOver(url: string, client: TestClient, reservationId: string): Promise<number> {
  const token = await client.token();
  const res = await fetch(`${url}/api/reservations/${reservationId}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: client.cookieHeader(), 'x-csrf-token': token },
    body: JSON.stringify({ method: 'card', card: CARDS.ok }),
  });
  const body = await res.text();
  if (res.status !== 200 && res.status !== 503) console.log(res.status, body.slice(0, 300));
  return res.status;
}

describe.each(backends)('the invoice series on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let event: EventBody;
  let organizerId: string;
  const children: ChildProcess[] = [];
  const year = yearIn(new Date(), 'Europe/Bucharest');

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    organizerId = await legalDetails(env, 'SER');
    // Ten types: the payments do not all queue on one type's counter, so the series' counter row is
    // the one lock they all share (as on a real sale of several types).
    event = await taxedEvent(env, app, PAYMENTS / TYPES + 5, TYPES);
  }, 60_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await env.close();
  });

  it(`numbers ${PAYMENTS} concurrent payments 1..${PAYMENTS}, no gap, no duplicate; a refund takes the next`, async () => {
    const crowd = await buyers(app, BUYERS);
    const holds: { client: TestClient; id: string }[] = [];
    for (const client of crowd)
      for (let i = 0; i < PAYMENTS / BUYERS; i++) {
        const res = await client.post('/api/reservations', {
          eventId: event.id,
          items: [{ ticketTypeId: event.ticketTypes[holds.length % TYPES]?.id, quantity: 1 }],
        });
        expect(res.statusCode, res.body).toBe(201);
        holds.push({ client, id: res.json<ReservationBody>().id });
      }
    // PostgreSQL: two server processes share the series; SQLite: one instance, all at once.
    const urls = backend === 'postgres' ? await Promise.all([startInstance(env, children), startInstance(env, children)]) : [];
    // All 200 at once: every payment contends for the series' counter row. On a loaded machine a
    // request may wait past the pool's 2 s connection wait and answer 503 before its transaction
    // began; the client pays again, as a browser would, and the numbers must still be 1..200.
    const statuses = await Promise.all(
      holds.map(async ({ client, id }, i) => {
        const url = urls[i % 2];
        for (let attempt = 1; ; attempt++) {
          const status =
            url === undefined
              ? (await client.post(`/api/reservations/${id}/pay`, { method: 'card', card: CARDS.ok })).statusCode
              : await payOver(url, client, id);
          if (status !== 503 || attempt >= RETRIES) return status;
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
        }
      }),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const rows = await env.database.db
      .selectFrom('invoices')
      .select(['seq', 'number', 'reservation_id', 'year'])
      .where('organizer_id', '=', organizerId)
      .execute();
    expect(rows.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: PAYMENTS }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.reservation_id)).size).toBe(PAYMENTS);
    for (const r of rows) expect(r.number).toBe(invoiceNumber('SER', year, r.seq));
    expect(await counterOf(env, organizerId)).toBe(PAYMENTS);

    const first = holds[0] as { client: TestClient; id: string };
    expect((await first.client.post(`/api/reservations/${first.id}/cancel`)).json<{ status: string }>().status).toBe('refunded');
    const credit = await env.database.db
      .selectFrom('invoices')
      .selectAll()
      .where('kind', '=', 'credit_note')
      .executeTakeFirstOrThrow();
    expect(credit).toMatchObject({ seq: PAYMENTS + 1, reservation_id: first.id, total_cents: -11900 });
  }, 120_000);

  it('a payment whose transaction fails after claiming a number gives it back', async () => {
    const [client] = (await buyers(app, 1)) as [TestClient];
    const held = await client.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    const r = await reload(env.database.db, held.json<ReservationBody>().id);
    const before = (await counterOf(env, organizerId)) ?? 0;
    // The invoice's own insert, and a write after it (the audit row of an admin's payment), each fail once.
    const audit = { actorId: null, action: 'reservation.mark_paid', entityType: 'reservation', entityId: r.id };
    for (const table of ['invoices', 'audit_log']) {
      const faulty = failingQueries(
        env.database.db,
        (sql) => sql.startsWith(`insert into "${table}"`),
        { code: '40P01', message: 'deadlock detected' },
        1,
      );
      await expect(completePayment(faulty, r, 'cash', 'manual', { ...invoicing, audit })).rejects.toThrow(/deadlock/);
      expect(await counterOf(env, organizerId)).toBe(before);
      expect((await reload(env.database.db, r.id)).status).toBe('pending_payment');
    }
    await completePayment(env.database.db, r, 'cash', 'manual', { ...invoicing });
    const issued = await env.database.db.selectFrom('invoices').select('seq').where('reservation_id', '=', r.id).execute();
    expect(issued).toEqual([{ seq: before + 1 }]);
  });
});
