/**
 * Redis stops in the middle of a run (the app reaches it through a proxy the test cuts): the
 * catalogue keeps serving with the cache bypassed, sign-in limits and the global rate limit count
 * in memory (and the hold budgets), signed-in people stay signed in and can hold and pay (sessions live in the database),
 * /readyz says degraded, and everything is back once Redis returns.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl, redisUrl } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { CARDS, expectCountersMatchRows, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { holdTickets } from '../../src/reservations/hold.js';
import { listen, Watcher } from '../realtime/socket-watcher.js';
import { CuttableProxy, eventually } from '../support/tcp-proxy.js';

describe.runIf(postgresUrl && redisUrl)('Redis outage on PostgreSQL', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let limited: FastifyInstance;
  let holdLimited: FastifyInstance;
  let proxy: CuttableProxy;
  let event: EventBody;
  let buyer: TestClient;
  const password = 'a long enough passphrase';
  let buyerEmail: string;
  let watcher: Watcher;
  // In the server process an unhandled rejection is fatal (close-with-grace shuts it down).
  const unhandled: unknown[] = [];
  const recordUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    proxy = CuttableProxy.for(redisUrl ?? '', 6379);
    await proxy.open();
    env = await createTestEnvironment('postgres', { redis: true, env: { REDIS_URL: proxy.rewrite(redisUrl ?? '') } });
    app = await env.startApp();
    limited = await env.startApp({ RATE_LIMIT_PER_MINUTE: '5' });
    holdLimited = await env.startApp({ HOLDS_PER_MINUTE: '2' });
    const admin = await adminClient(env, app);
    event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, { ticketTypes: [{ name: 'Standard', priceCents: 2500, capacity: 50 }] }),
    );
    buyer = new TestClient(app, '10.60.0.1');
    buyerEmail = uniqueEmail('redis-outage');
    await buyer.register(buyerEmail, password);
    await buyer.token();
    watcher = await Watcher.connect(await listen(app));
    expect(await watcher.watch(event.id)).toEqual({ ok: true });
    process.on('unhandledRejection', recordUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', recordUnhandled);
    watcher.close();
    await proxy.cut();
    await env.close();
  });

  it('keeps serving while Redis is cut, reports degraded, and recovers when it returns', async () => {
    const ready = await app.inject('/readyz');
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { redis: 'ok' } });

    await proxy.cut();

    // Readiness: still 200 (the database is fine) but degraded.
    expect(await eventually(async () => (await app.inject('/readyz')).json<{ status: string }>().status === 'degraded')).toBe(
      true,
    );
    const degraded = await app.inject('/readyz');
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json()).toMatchObject({ checks: { database: 'ok', redis: 'down' } });

    // The catalogue: cache bypassed, answered from the database, for visitors and signed-in people alike.
    const list = await app.inject('/api/events');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: { id: string }[] }>().items.map((e) => e.id)).toContain(event.id);
    const detail = await buyer.get(`/api/events/${event.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json<EventBody>().remaining).toBe(50);

    // Sessions live in the database: the buyer stays signed in, gets a CSRF token, holds and pays.
    const me = await buyer.get('/api/auth/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: buyerEmail } });
    const csrf = await new TestClient(app, '10.60.0.4').get('/api/auth/csrf');
    expect(csrf.statusCode, csrf.body).toBe(200);
    // Signing in afresh works too: the session is written to the database.
    const elsewhere = new TestClient(app, '10.60.0.6');
    expect((await elsewhere.login(buyerEmail, password)).statusCode).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(200);
    const heldDuringOutage = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(heldDuringOutage.statusCode, heldDuringOutage.body).toBe(201);
    const paidDuringOutage = await buyer.post(`/api/reservations/${heldDuringOutage.json<ReservationBody>().id}/pay`, {
      method: 'card',
      card: CARDS.ok,
    });
    expect(paidDuringOutage.statusCode, paidDuringOutage.body).toBe(200);

    // Failed sign-ins are still counted, in memory: the 6th wrong password is refused with 429.
    const attacker = new TestClient(app, '10.60.0.2');
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attacker.login(buyerEmail, `wrong password ${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);

    // The global per-client budget falls back to memory as well instead of switching off.
    const budget: number[] = [];
    for (let i = 0; i < 6; i++)
      budget.push((await limited.inject({ url: `/api/events/${event.id}`, remoteAddress: '10.60.0.3' })).statusCode);
    expect(budget.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(budget[5]).toBe(429);

    // So do registrations per address: the 11th from one address within the hour is refused.
    const signups: number[] = [];
    for (let i = 0; i < 11; i++) {
      // A fresh client each time (the same address): a registration signs its client in.
      const newcomer = new TestClient(app, '10.60.0.7');
      signups.push(
        (await newcomer.post('/api/auth/register', { email: uniqueEmail('outage-signup'), password, name: 'New' })).statusCode,
      );
    }
    expect(signups).toEqual([...Array.from({ length: 10 }, () => 201), 429]);

    // HOLDS_PER_MINUTE counts in memory too: the third hold within the minute is refused, not let through.
    const hoarder = new TestClient(holdLimited, '10.60.0.5');
    for (const [k, v] of buyer.cookies) hoarder.cookies.set(k, v);
    const holds: number[] = [];
    for (let i = 0; i < 3; i++)
      holds.push(
        (
          await hoarder.post('/api/reservations', {
            eventId: event.id,
            items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
          })
        ).statusCode,
      );
    expect(holds).toEqual([201, 201, 429]);
    for (const r of await env.database.db
      .selectFrom('reservations')
      .select('id')
      .where('event_id', '=', event.id)
      .where('status', '=', 'pending_payment')
      .execute())
      expect((await hoarder.post(`/api/reservations/${r.id}/cancel`)).statusCode).toBe(200);

    // Real time degrades to this one instance: a change made here still reaches watchers here.
    const buyerRow = await env.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', buyerEmail)
      .executeTakeFirstOrThrow();
    await holdTickets(env.database.db, {
      userId: buyerRow.id,
      request: { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity: 3 }] },
      holdMinutes: 30,
    });
    app.services.announce.availabilityChanged(event.id);
    await watcher.waitFor('availability during the outage', () => watcher.availability.some((m) => m.remaining === 46));
    expect(unhandled).toEqual([]);

    await proxy.open();

    expect(await eventually(async () => (await app.inject('/readyz')).json<{ status: string }>().status === 'ready')).toBe(true);
    // The session made before the outage still works; the whole purchase goes through.
    expect(await eventually(async () => (await buyer.get('/api/auth/me')).statusCode === 200)).toBe(true);
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 2 }],
    });
    expect(held.statusCode, held.body).toBe(201);
    const paid = await buyer.post(`/api/reservations/${held.json<ReservationBody>().id}/pay`, { method: 'card', card: CARDS.ok });
    expect(paid.json<ReservationBody>().status).toBe('paid');
    await expectCountersMatchRows(env, event.id);
    // The hold budgets count in Redis again: a second instance sees this instance's count.
    const redis = new Redis(redisUrl ?? '');
    const userId = (await buyer.get('/api/auth/me')).json<{ user: { id: string } }>().user.id;
    expect(Number(await redis.get(`${env.redisNamespace}rl:holds:user:${userId}`))).toBeGreaterThanOrEqual(1);
    await redis.quit();
    expect(unhandled).toEqual([]);
  });
});
