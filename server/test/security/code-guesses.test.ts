/**
 * Guessing discount and access codes (issue 18): only misses count, 30 per 10 minutes, per account
 * in holds and per client address on the event page (`?code=`); counted before the lookup, so a
 * burst of concurrent guesses cannot all be tried; in Redis across two instances when configured.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_MISSES } from '../../src/reservations/code-guesses.js';
import { backends, redisUrl } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, buyersOnTwoInstances, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const { max } = CODE_MISSES;

describe.each(backends)('code guesses on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let clients: TestClient[];
  let event: EventBody;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
    clients = await buyers(app, 3);
    event = await gaEvent(env, app, 500, { maxTicketsPerOrder: 10 });
    expect(
      (await admin.post(`/api/events/${event.id}/codes`, { code: 'RIGHT', kind: 'discount', percentOff: 10 })).statusCode,
    ).toBe(201);
  });
  afterAll(() => env.close());

  const page = (code: string, ip = '203.0.113.7') =>
    app.inject({ method: 'GET', url: `/api/events/${event.id}?code=${code}`, remoteAddress: ip });
  const hold = (client: TestClient, code: string) =>
    client.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity: 1 }],
      code,
    });

  it('the event page: a working code never counts; the 31st miss from one address is 429, the right code too, another address is untouched', async () => {
    for (let i = 0; i < 50; i++) expect((await page('right')).statusCode).toBe(200);
    for (let i = 0; i < max; i++) expect((await page(`GUESS${i}`)).json()).toMatchObject({ code: 'code_invalid' });
    const over = await page('GUESS-MORE');
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await page('RIGHT')).statusCode).toBe(429);
    expect((await page('RIGHT', '198.51.100.9')).statusCode).toBe(200);
  });

  it('a burst of 100 concurrent wrong guesses from one address has at most 30 looked up', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => page(`BURST${i}`, '192.0.2.44')));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 422)).toHaveLength(max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(100 - max);
  });

  it('holds: misses count per account, working codes are given back, and the limited account holds nothing more with a code', async () => {
    const [guesser, other] = clients as [TestClient, TestClient];
    for (let i = 0; i < max - 1; i++) expect((await hold(guesser, `NOPE${i}`)).statusCode).toBe(422);
    // Working codes in between do not count.
    for (let i = 0; i < 3; i++) expect((await hold(guesser, 'right')).statusCode).toBe(201);
    expect((await hold(guesser, 'NOPE-LAST')).statusCode).toBe(422);
    const mine = async () => (await guesser.get('/api/reservations')).json<{ items: unknown[] }>().items.length;
    const before = await mine();
    const over = await hold(guesser, 'RIGHT');
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ code: 'rate_limited' });
    expect(await mine()).toBe(before);
    // Without a code the account still buys; another account's codes still work.
    expect(
      (
        await guesser.post('/api/reservations', {
          eventId: event.id,
          items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity: 1 }],
        })
      ).statusCode,
    ).toBe(201);
    expect((await hold(other, 'RIGHT')).statusCode).toBe(201);
  });
});

describe.runIf(backends.includes('postgres') && redisUrl !== undefined)('code guesses across two instances with Redis', () => {
  let env: TestEnvironment;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment('postgres', { redis: true });
    a = await env.startApp();
    b = await env.startApp();
  });
  afterAll(() => env.close());

  it('one account guessing through both instances gets 30 misses in all, not 30 on each', async () => {
    const event = await gaEvent(env, a, 100, { maxTicketsPerOrder: 10 });
    const [onA, onB] = (await buyersOnTwoInstances(a, b, 1)) as [TestClient, TestClient];
    const body = (code: string) => ({
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity: 1 }],
      code,
    });
    const answers = await Promise.all(
      Array.from({ length: 2 * max }, (_, i) => (i % 2 === 0 ? onA : onB).post('/api/reservations', body(`TWO${i}`))),
    );
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 422)).toHaveLength(max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(max);
  });
});
