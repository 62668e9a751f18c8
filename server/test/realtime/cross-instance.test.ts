/**
 * Real time across instances: two app instances share one database and one Redis, clients are
 * real socket.io-client connections. A change made through one instance reaches watchers of the
 * other; viewer counts stay right through joins, repeated watches, closed tabs, dropped
 * connections and a killed instance; a notification reaches its own user only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, redisUrl } from '../support/backends.js';
import { TestClient } from '../support/client.js';
import { CARDS, buyers, seatedEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { Watcher, listen } from './socket-watcher.js';

const VIEWER_TTL_MS = 1500;
const here = path.dirname(fileURLToPath(import.meta.url));

describe.skipIf(!redisUrl).each(backends)('real time across two instances on %s with Redis', (backend) => {
  let env: TestEnvironment;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let urlA: string;
  let urlB: string;
  let event: { id: string };
  let seatIds: string[];
  const sockets: Watcher[] = [];
  const children: ChildProcess[] = [];

  const connect = async (url: string, client?: TestClient) => {
    const w = await Watcher.connect(url, client?.cookieHeader());
    sockets.push(w);
    return w;
  };
  /** The same account signed in as a second browser tab would be: same cookie, other instance. */
  const onInstance = (client: TestClient, app: FastifyInstance) => {
    const other = new TestClient(app, client.ip);
    for (const [k, v] of client.cookies) other.cookies.set(k, v);
    return other;
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend, { redis: true });
    const realtime = { viewerTtlMs: VIEWER_TTL_MS, coalesceMs: 100, sessionRecheckMs: 200 };
    a = await env.startApp({}, { backgroundJobs: false, realtime });
    b = await env.startApp({}, { backgroundJobs: false, realtime });
    urlA = await listen(a);
    urlB = await listen(b);
    ({ event, seatIds } = await seatedEvent(env, a, 4, 10));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of children) c.kill('SIGKILL');
    await env.close();
  });

  it('a hold made through instance A reaches a watcher connected to instance B, naming only the seats that changed', async () => {
    const watcher = await connect(urlB);
    expect(await watcher.watch(event.id)).toEqual({ ok: true });
    const [buyer] = (await buyers(a, 1)) as [TestClient];
    const seat = seatIds[0] as string;
    const res = await buyer.post('/api/reservations', { eventId: event.id, seats: [seat] });
    expect(res.statusCode, res.body).toBe(201);
    // The hold's own message: an earlier one (the publish's, coalesced and relayed through Redis)
    // may still arrive after the watch, listing every seat as free.
    const isHold = (m: (typeof watcher.availability)[number]) => m.seats.some((s) => s.id === seat && s.status === 'held');
    await watcher.waitFor('the held seat', () => watcher.availability.some(isHold));
    const message = watcher.availability.find(isHold);
    expect(message).toMatchObject({ eventId: event.id, remaining: seatIds.length - 1, seats: [{ id: seat, status: 'held' }] });
    expect(message?.ticketTypes).toEqual([{ id: expect.any(String) as string, remaining: seatIds.length - 1 }]);

    // Paid through B, seen by a watcher on A.
    const onA = await connect(urlA);
    await onA.watch(event.id);
    const paid = await onInstance(buyer, b).post(`/api/reservations/${res.json<{ id: string }>().id}/pay`, {
      method: 'card',
      card: CARDS.ok,
    });
    expect(paid.statusCode, paid.body).toBe(200);
    await onA.waitFor('the sold seat', () =>
      onA.availability.some((m) => m.seats.some((s) => s.id === seat && s.status === 'sold')),
    );
  });

  it('a burst of holds is coalesced into fewer messages, and every watcher ends with the final availability', async () => {
    const watcher = await connect(urlB);
    await watcher.watch(event.id);
    const holders = await buyers(a, 12);
    const seats = seatIds.slice(10, 22);
    const before = watcher.availability.length;
    const results = await Promise.all(
      holders.map((h, i) =>
        onInstance(h, i % 2 === 0 ? a : b).post('/api/reservations', { eventId: event.id, seats: [seats[i]] }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    await watcher.waitFor('all twelve seats held', () =>
      seats.every((id) => watcher.availability.some((m) => m.seats.some((s) => s.id === id && s.status === 'held'))),
    );
    const final = (await a.inject(`/api/events/${event.id}`)).json<{ remaining: number }>();
    await watcher.waitFor('the final count', () => watcher.availability.at(-1)?.remaining === final.remaining);
    expect(final.remaining).toBe(seatIds.length - 13);
    expect(watcher.availability.length - before).toBeLessThan(12);
    // No message repeats a seat it did not change: each seat appears held exactly once.
    const mentions = watcher.availability.slice(before).flatMap((m) => m.seats.map((s) => s.id));
    expect(mentions.filter((id) => seats.includes(id)).sort()).toEqual([...seats].sort());
  });

  it('counts viewers once per person across instances, through repeated watches, closed tabs and dropped connections', async () => {
    const { event: quiet } = await seatedEvent(env, a, 1, 2);
    const [person, someoneElse] = (await buyers(a, 2)) as [TestClient, TestClient];
    const observer = await connect(urlA);
    await observer.watch(quiet.id);
    await observer.waitForViewers(quiet.id, 1); // the anonymous observer itself

    const tabOnA = await connect(urlA, person);
    const tabOnB = await connect(urlB, onInstance(person, b));
    await tabOnA.watch(quiet.id);
    await tabOnB.watch(quiet.id);
    await observer.waitForViewers(quiet.id, 2);
    for (let i = 0; i < 5; i++) {
      await tabOnA.watch(quiet.id);
      await tabOnB.watch(quiet.id);
    }
    // Signed in: an anonymous socket from the observer's address would be the same viewer.
    const stranger = await connect(urlB, onInstance(someoneElse, b));
    await stranger.watch(quiet.id);
    await stranger.waitForViewers(quiet.id, 3);
    await observer.waitForViewers(quiet.id, 3);
    expect(tabOnB.viewerCount(quiet.id)).toBeLessThanOrEqual(3);

    tabOnA.close(); // one of two tabs closed: the person still watches
    await stranger.unwatch(quiet.id);
    await observer.waitForViewers(quiet.id, 2);
    tabOnB.dropAbruptly(); // the last tab's connection dies without a goodbye
    await observer.waitForViewers(quiet.id, 1);
    expect(Math.min(...observer.viewers.filter((v) => v.eventId === quiet.id).map((v) => v.count))).toBeGreaterThanOrEqual(1);
  });

  it('viewers on an instance that is killed outright stop counting once their entries expire', async () => {
    const { event: quiet } = await seatedEvent(env, a, 1, 2);
    const [person] = (await buyers(a, 1)) as [TestClient];
    const observer = await connect(urlA);
    await observer.watch(quiet.id);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'instance-process.ts')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATA_DIR: env.config.dataDir,
        DATABASE_URL: env.config.database.url,
        REDIS_URL: redisUrl ?? '',
        TEST_PG_SCHEMA: backend === 'postgres' ? (env.redisNamespace.split(':')[1] ?? '') : '',
        TEST_REDIS_NAMESPACE: env.redisNamespace,
        TEST_VIEWER_TTL_MS: String(VIEWER_TTL_MS),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const port = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /LISTENING (\d+)/.exec(out);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
    });
    const onDoomed = await connect(`http://127.0.0.1:${port}`, person);
    await onDoomed.watch(quiet.id);
    await observer.waitForViewers(quiet.id, 2);
    child.kill('SIGKILL');
    await observer.waitForViewers(quiet.id, 1);
  }, 60_000);

  it('a notification reaches only its own user, on whichever instance they are connected', async () => {
    const [alice, bob] = (await buyers(a, 2)) as [TestClient, TestClient];
    const aliceTab = await connect(urlB, onInstance(alice, b));
    const bobTab = await connect(urlB, onInstance(bob, b));
    const anonymous = await connect(urlB);
    const seatA = seatIds[30] as string;
    const seatB = seatIds[31] as string;
    const ra = (await alice.post('/api/reservations', { eventId: event.id, seats: [seatA] })).json<{ id: string }>();
    const paidA = await alice.post(`/api/reservations/${ra.id}/pay`, { method: 'card', card: CARDS.ok });
    expect(paidA.statusCode, paidA.body).toBe(200);
    await aliceTab.waitFor("alice's payment", () => aliceTab.notifications.some((n) => n.reservationId === ra.id));
    expect(aliceTab.notifications.find((n) => n.reservationId === ra.id)).toMatchObject({
      type: 'payment_confirmed',
      title: 'Payment confirmed',
    });

    // Bob's own notification comes after Alice's was pushed; had hers gone to him, it would be first.
    const rb = (await bob.post('/api/reservations', { eventId: event.id, seats: [seatB] })).json<{ id: string }>();
    const declined = await bob.post(`/api/reservations/${rb.id}/pay`, { method: 'card', card: CARDS.declined });
    expect(declined.statusCode).toBe(402);
    await bobTab.waitFor("bob's failed payment", () => bobTab.notifications.some((n) => n.type === 'payment_failed'));
    expect(bobTab.notifications.map((n) => n.reservationId)).toEqual([rb.id]);
    expect(anonymous.notifications).toEqual([]);
    expect(aliceTab.notifications.map((n) => n.reservationId)).toEqual([ra.id]);

    // Stored as well as pushed, and it is the same notification.
    const stored = (await alice.get('/api/notifications')).json<{ items: { id: string }[] }>();
    expect(stored.items.map((n) => n.id)).toContain(aliceTab.notifications[0]?.id);
  });
  it('closes a connection whose session ended elsewhere, and keeps the others', async () => {
    const [carol, dan] = (await buyers(a, 2)) as [TestClient, TestClient];
    const carolTab = await connect(urlB, onInstance(carol, b));
    const danTab = await connect(urlB, onInstance(dan, b));
    const closed = new Promise<string>((resolve) => carolTab.socket.once('disconnect', resolve));
    // Carol signs out in another tab, on the other instance.
    expect((await carol.post('/api/auth/logout')).statusCode).toBe(204);
    expect(await closed).toBe('io server disconnect');
    // Dan's session is alive: his connection stays, through several checks.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(danTab.socket.connected).toBe(true);
  });
});
