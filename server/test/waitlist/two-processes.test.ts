/**
 * Exactly-once offers across real server processes: two built servers (each with its own sweeper,
 * its own offer scheduler and its own connection pool) on one PostgreSQL, three entries waiting,
 * and the two held tickets cancelled at the same moment, one through each server. Both servers
 * then race to offer them; exactly the first two entries get one offer each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { startServerProcess, startedTogether, type ServerProcess } from '../faults/server-process.js';
import { postgresUrl } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, expectCountersMatchRows, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface Entry {
  event: { id: string };
  status: string;
  position: number | null;
  reservationId: string | null;
}

describe.runIf(postgresUrl)('waiting-list offers from two server processes on one PostgreSQL', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('postgres');
    app = await env.startApp({}, { backgroundJobs: false });
  }, 60_000);

  afterAll(async () => {
    for (const s of servers) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGKILL');
        await s.exited;
      }
    }
    await env.close();
  });

  it('offers two tickets cancelled at once through two servers to exactly the first two of three entries', async () => {
    const event: EventBody = await gaEvent(env, app, 2);
    const typeId = event.ticketTypes[0]?.id ?? '';
    const [h1, h2, w1, w2, w3] = (await buyers(app, 5)) as [TestClient, TestClient, TestClient, TestClient, TestClient];
    const hold = async (c: TestClient) =>
      (
        await c.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] })
      ).json<ReservationBody>();
    const [r1, r2] = [await hold(h1), await hold(h2)];
    for (const w of [w1, w2, w3])
      expect((await w.post(`/api/events/${event.id}/waitlist`, { ticketTypeId: typeId, quantity: 1 })).statusCode).toBe(201);

    // The servers share this test's schema and DATA_DIR (so its session secret: the cookies hold).
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(env.database.db);
    const url = new URL(postgresUrl ?? '');
    url.searchParams.set('options', `-c search_path=${rows[0]?.schema ?? ''}`);
    const serverEnv = { DATABASE_URL: url.toString(), DATA_DIR: env.config.dataDir, HOLDS_PER_MINUTE: '100000' };
    const [a, b] = (await startedTogether([startServerProcess(serverEnv), startServerProcess(serverEnv)], servers)) as [
      ServerProcess,
      ServerProcess,
    ];

    const cancelThrough = async (server: ServerProcess, client: TestClient, id: string) => {
      const res = await fetch(`${server.url}/api/reservations/${id}/cancel`, {
        method: 'POST',
        headers: { cookie: client.cookieHeader(), 'x-csrf-token': await client.token(), 'x-forwarded-for': client.ip },
      });
      expect(res.status, await res.text()).toBe(200);
    };
    await Promise.all([cancelThrough(a, h1, r1.id), cancelThrough(b, h2, r2.id)]);

    const entryOf = async (c: TestClient) =>
      (await c.get('/api/waitlist')).json<{ items: Entry[] }>().items.find((e) => e.event.id === event.id);
    for (let i = 0; i < 200; i++) {
      const states = await Promise.all([w1, w2].map(entryOf));
      if (states.every((e) => e?.status === 'offered')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [e1, e2, e3] = await Promise.all([w1, w2, w3].map(entryOf));
    expect(e1?.status).toBe('offered');
    expect(e2?.status).toBe('offered');
    expect(e3).toMatchObject({ status: 'waiting', position: 1 });
    // Let both servers' sweeps run once more: nothing changes, nothing is offered twice.
    await new Promise((r) => setTimeout(r, 5500));
    const pending = await env.database.db
      .selectFrom('reservations')
      .select('id')
      .where('event_id', '=', event.id)
      .where('status', '=', 'pending_payment')
      .execute();
    expect(pending.map((p) => p.id).sort()).toEqual([e1?.reservationId, e2?.reservationId].sort());
    expect((await entryOf(w3))?.status).toBe('waiting');
    const offers = await env.database.db
      .selectFrom('notifications')
      .select('user_id')
      .where('type', '=', 'waitlist_offered')
      .execute();
    expect(offers).toHaveLength(2);
    await expectCountersMatchRows(env, event.id);
  }, 90_000);
});
