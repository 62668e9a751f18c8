/**
 * Live places over Socket.IO: each waiting person hears their own place move as the room draws,
 * admits and sells out (pushed by the admission loop's one message per change, never polled); a
 * new connection hears its place at once; staff on the dashboard hear the room's numbers. With
 * PostgreSQL and Redis, the loop ticks on one instance and the sockets sit on the other.
 */
import type { QueuePlace } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveChallenge } from '../../src/queue/challenge.js';
import { backends, redisUrl } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { listen, Watcher } from '../realtime/socket-watcher.js';

const HOUR = 3600_000;

describe.each(backends)('live waiting-room places on %s', (backend) => {
  const twoInstances = backend === 'postgres' && redisUrl !== undefined;
  let env: TestEnvironment;
  /** Runs the admission loop (ticked by hand). */
  let a: FastifyInstance;
  /** Holds the sockets (the same app as `a` on SQLite). */
  let b: FastifyInstance;
  let admin: TestClient;
  let event: EventBody;
  const watchers: Watcher[] = [];

  const on = (client: TestClient, app: FastifyInstance) => {
    const twin = new TestClient(app, client.ip);
    for (const [k, v] of client.cookies) twin.cookies.set(k, v);
    return twin;
  };
  const join = async (client: TestClient) => {
    const { challenge, difficulty } = (await client.get('/api/queue/challenge')).json<{
      challenge: string;
      difficulty: number;
    }>();
    const res = await client.post(`/api/events/${event.id}/queue`, {
      challenge,
      solution: solveChallenge(challenge, difficulty),
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const connect = async (client: TestClient) => {
    const watcher = await Watcher.connect(await listen(b), client.cookieHeader());
    watchers.push(watcher);
    expect(await watcher.watch(event.id)).toEqual({ ok: true });
    return watcher;
  };
  const last = (w: Watcher) => w.queue.filter((m) => m.eventId === event.id).at(-1);

  /** Ten tickets on sale in an hour, its room open since an hour ago, one admitted a second. */
  const queuedEvent = async () =>
    createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        salesStartAt: new Date(Date.now() + HOUR).toISOString(),
        ticketTypes: [{ name: 'Standard', priceCents: 2500, capacity: 10 }],
        queue: { enabled: true, opensAt: new Date(Date.now() - HOUR).toISOString(), admitPerMinute: 60, passMinutes: 10 },
      }),
    );

  /** The sale opens now: one tick of the loop draws and admits the first. */
  const openSale = async () => {
    await env.database.db
      .updateTable('events')
      .set({ sales_start_at: new Date(Date.now() - 10).toISOString() })
      .where('id', '=', event.id)
      .execute();
    expect(await a.services.queueAdmission.tick()).toBe(true);
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend, { redis: twoInstances, env: { QUEUE_POW_DIFFICULTY: '4' } });
    a = await env.startApp({}, { backgroundJobs: false });
    b = twoInstances ? await env.startApp({}, { backgroundJobs: false }) : a;
    admin = await adminClient(env, a);
    event = await queuedEvent();
  });
  afterAll(async () => {
    for (const w of watchers) w.close();
    await env.close();
  });

  it('pushes each waiting person their place as the room draws, admits and sells out; a reconnect hears it at once', async () => {
    const people = await buyers(a, 3);
    for (const p of people) await join(p);
    const sockets = await Promise.all(people.map((p) => connect(on(p, b))));
    for (const w of sockets) await w.waitFor('the place before the draw', () => last(w)?.position === null);
    expect(sockets.map((w) => last(w)?.status)).toEqual(['waiting', 'waiting', 'waiting']);

    const dashboard = await Watcher.connect(await listen(b), on(admin, b).cookieHeader());
    watchers.push(dashboard);
    expect(await dashboard.socket.timeout(5000).emitWithAck('dashboard:watch', { eventId: event.id })).toEqual({ ok: true });

    // The sale opens: the loop draws and admits the first (60 a minute: one now, the next a second later).
    await openSale();
    for (const w of sockets) await w.waitFor('a drawn place', () => typeof last(w)?.position === 'number');
    const byPosition = [...sockets].sort((x, y) => (last(x)?.position ?? 0) - (last(y)?.position ?? 0));
    expect(byPosition.map((w) => last(w)?.position)).toEqual([1, 2, 3]);
    expect(byPosition.map((w) => [last(w)?.status, last(w)?.ahead])).toEqual([
      ['admitted', 0],
      ['waiting', 0],
      ['waiting', 1],
    ]);
    await dashboard.waitFor('the room’s numbers', () => dashboard.queueStats.some((s) => s.phase === 'admitting'));
    expect(dashboard.queueStats.at(-1)).toMatchObject({
      eventId: event.id,
      enabled: true,
      waiting: 2,
      admitted: 1,
      admittedLastMinute: 1,
    });

    await new Promise((r) => setTimeout(r, 1100));
    await a.services.queueAdmission.tick();
    const [, second, third] = byPosition;
    if (second === undefined || third === undefined) throw new Error('three sockets');
    await second.waitFor('admission', () => last(second)?.status === 'admitted');
    await third.waitFor('one fewer ahead', () => last(third)?.ahead === 0);
    expect(last(third)).toMatchObject({ status: 'waiting', position: 3 });

    // Reconnecting keeps the place: a new socket hears it at once.
    const thirdPerson = people[sockets.indexOf(third)];
    if (thirdPerson === undefined) throw new Error('no third person');
    const again = await connect(on(thirdPerson, b));
    await again.waitFor('the kept place', () => last(again)?.position === 3);
    expect((await on(thirdPerson, b).get(`/api/events/${event.id}/queue`)).json<QueuePlace>()).toMatchObject({
      status: 'waiting',
      position: 3,
      ahead: 0,
    });

    // Sold out: everyone still waiting is told at once.
    await env.database.db.updateTable('ticket_types').set({ sold: 10 }).where('event_id', '=', event.id).execute();
    await a.services.queueAdmission.tick();
    await third.waitFor('sold out', () => last(third)?.status === 'sold_out');
    await again.waitFor('sold out', () => last(again)?.status === 'sold_out');
    expect(last(second)?.status).toBe('admitted');
  });

  it('tells people already watching their new place when they join together, each their own', async () => {
    event = await queuedEvent();
    const people = await buyers(a, 6);
    // Everyone watches the room first (on b); nobody has a place yet, so nothing is pushed.
    const sockets = await Promise.all(people.map((p) => connect(on(p, b))));
    // Four join at once on a (their joins are announced together), two stay out.
    await Promise.all(people.slice(0, 4).map((p) => join(p)));
    for (const w of sockets.slice(0, 4)) await w.waitFor('the new place', () => last(w)?.status === 'waiting');
    expect(sockets.slice(0, 4).map((w) => last(w))).toEqual(
      Array.from({ length: 4 }, () => ({
        eventId: event.id,
        status: 'waiting',
        position: null,
        ahead: 0,
        estimatedWaitSeconds: null,
      })),
    );
    // The draw numbers the four; those who never joined are told nothing.
    await openSale();
    for (const w of sockets.slice(0, 4)) await w.waitFor('a drawn place', () => typeof last(w)?.position === 'number');
    expect(
      sockets
        .slice(0, 4)
        .map((w) => last(w)?.position ?? 0)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
    expect(sockets.slice(4).map((w) => last(w))).toEqual([undefined, undefined]);
  });
});
