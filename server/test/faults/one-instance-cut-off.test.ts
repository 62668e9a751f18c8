/**
 * One instance loses Redis while the other keeps it (a network partition, not a Redis outage):
 * a seat held through the cut-off instance is heard by its own watchers at once, cannot reach the
 * other instance's watchers while the cut lasts, and reaches them once the link is back, although
 * nothing else changes and the other instance never lost anything itself. The cut-off instance
 * must say again what it could not publish.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, redisUrl } from '../support/backends.js';
import type { TestClient } from '../support/client.js';
import { buyers, seatedEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { CuttableProxy, eventually } from '../support/tcp-proxy.js';
import { listen, Watcher } from '../realtime/socket-watcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!redisUrl).each(backends)('one of two instances cut off from Redis, on %s', (backend) => {
  let env: TestEnvironment;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let proxy: CuttableProxy;
  const watchers: Watcher[] = [];

  beforeAll(async () => {
    proxy = CuttableProxy.for(redisUrl ?? '', 6379);
    await proxy.open();
    env = await createTestEnvironment(backend, { redis: true });
    const realtime = { coalesceMs: 100 };
    a = await env.startApp({ REDIS_URL: proxy.rewrite(redisUrl ?? '') }, { backgroundJobs: false, realtime });
    b = await env.startApp({}, { backgroundJobs: false, realtime });
  });
  afterAll(async () => {
    for (const w of watchers) w.close();
    await proxy.cut();
    await env.close();
  });

  it('tells the other instance’s watchers, once the link is back, of a seat held through it during the cut', async () => {
    const { event, seatIds } = await seatedEvent(env, a, 2, 10);
    const [onA, onB] = await Promise.all([listen(a).then((u) => Watcher.connect(u)), listen(b).then((u) => Watcher.connect(u))]);
    watchers.push(onA, onB);
    expect(await onA.watch(event.id)).toEqual({ ok: true });
    expect(await onB.watch(event.id)).toEqual({ ok: true });
    const heard = (w: Watcher, seat: string) => () =>
      w.availability.some((m) => m.eventId === event.id && m.seats.some((s) => s.id === seat && s.status === 'held'));
    const [first, second] = (await buyers(a, 2)) as [TestClient, TestClient];
    const [seat1, seat2] = seatIds as [string, string];

    // Linked: a hold through A reaches B's watcher.
    expect((await first.post('/api/reservations', { eventId: event.id, seats: [seat1] })).statusCode).toBe(201);
    await onB.waitFor('the first seat, through Redis', heard(onB, seat1), 5000);

    await proxy.cut();
    expect(
      await eventually(async () => (await a.inject('/readyz')).json<{ status: string }>().status === 'degraded', 40, 100),
    ).toBe(true);
    const held = await second.post('/api/reservations', { eventId: event.id, seats: [seat2] });
    expect(held.statusCode, held.body).toBe(201);
    await onA.waitFor('the second seat, on A itself', heard(onA, seat2), 5000);
    await sleep(1000);
    expect(heard(onB, seat2)()).toBe(false);

    // Back: nothing else changes, and B never lost its own link, yet B's watcher hears the seat.
    await proxy.open();
    await onB.waitFor('the second seat, once A is linked again', heard(onB, seat2), 5000);
    const last = onB.availability.filter((m) => m.eventId === event.id).at(-1);
    expect(last?.remaining).toBe(seatIds.length - 2);
  });
});
