/**
 * One person cannot hoard an event: at most `maxTicketsPerOrder` tickets in live holds per account
 * and event, `HOLDS_PER_MINUTE` holds per account, ten times that per client address; counted
 * atomically, so a burst of parallel requests gets no more than a slow sequence would.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, redisUrl } from '../support/backends.js';
import { TestClient } from '../support/client.js';
import { buyers, expectCountersMatchRows, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** The same signed-in person, now sending from `address`. */
function from(client: TestClient, app: FastifyInstance, address: string): TestClient {
  const moved = new TestClient(app, address);
  for (const [name, value] of client.cookies) moved.cookies.set(name, value);
  return moved;
}

const heldTickets = async (env: TestEnvironment, eventId: string) =>
  Number(
    (
      await env.database.db
        .selectFrom('ticket_types')
        .select((eb) => eb.fn.sum<number | string>('held').as('held'))
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow()
    ).held,
  );

describe.each(backends)('limits on holding (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({ HOLDS_PER_MINUTE: '1000' });
  });
  afterAll(() => env.close());

  it("holds no more than the per-event cap for one account's 178 parallel requests", async () => {
    const event = await gaEvent(env, app, 1800, { maxTicketsPerOrder: 10 });
    const [hoarder] = (await buyers(app, 1)) as [TestClient];
    const answers = await Promise.all(
      Array.from({ length: 178 }, () =>
        hoarder.post('/api/reservations', {
          eventId: event.id,
          items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 10 }],
        }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.statusCode !== 201);
    expect(new Set(refused.map((a) => `${a.statusCode} ${a.json<{ code: string }>().code}`))).toEqual(
      new Set(['429 hold_limit']),
    );
    expect(await heldTickets(env, event.id)).toBe(10);
    await expectCountersMatchRows(env, event.id);
  });

  it('counts small holds against the cap too, and frees room when a hold is cancelled', async () => {
    const event = await gaEvent(env, app, 100, { maxTicketsPerOrder: 4 });
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const hold = (quantity: number) =>
      buyer.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity }] });
    const answers = await Promise.all([hold(1), hold(1), hold(1), hold(1), hold(1), hold(1)]);
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(4);
    expect(await heldTickets(env, event.id)).toBe(4);
    const first = (answers.find((a) => a.statusCode === 201) as (typeof answers)[number]).json<{ id: string }>();
    expect((await buyer.post(`/api/reservations/${first.id}/cancel`)).statusCode).toBe(200);
    expect((await hold(1)).statusCode).toBe(201);
    const over = await hold(1);
    expect(over.statusCode).toBe(429);
    expect(over.json<{ code: string }>().code).toBe('hold_limit');
    await expectCountersMatchRows(env, event.id);
  });
});

describe.each(backends)('holds per minute (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({ HOLDS_PER_MINUTE: '3' });
  });
  afterAll(() => env.close());

  it('lets one account make HOLDS_PER_MINUTE holds a minute, cancelled or not', async () => {
    const event = await gaEvent(env, app, 100);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await buyer.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 201) await buyer.post(`/api/reservations/${res.json<{ id: string }>().id}/cancel`);
      else expect(res.json<{ code: string }>().code).toBe('hold_limit');
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('limits one client address to ten times HOLDS_PER_MINUTE across accounts', async () => {
    const event = await gaEvent(env, app, 200);
    const people = (await buyers(app, 35)).map((b) => from(b, app, '10.77.0.1'));
    const answers = await Promise.all(
      people.map((p) =>
        p.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }] }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(30);
    const refused = answers.filter((a) => a.statusCode !== 201);
    expect(new Set(refused.map((a) => `${a.statusCode} ${a.json<{ code: string }>().code}`))).toEqual(
      new Set(['429 rate_limited']),
    );
    await expectCountersMatchRows(env, event.id);
  });
});

describe.runIf(redisUrl !== undefined)('holds per minute across two instances (postgres + redis)', () => {
  let env: TestEnvironment;
  let apps: FastifyInstance[];

  beforeAll(async () => {
    env = await createTestEnvironment(backends.includes('postgres') ? 'postgres' : 'sqlite', { redis: true });
    apps = [await env.startApp({ HOLDS_PER_MINUTE: '3' }), await env.startApp({ HOLDS_PER_MINUTE: '3' })];
  });
  afterAll(() => env.close());

  it('counts one account’s holds on both instances together', async () => {
    const event = await gaEvent(env, apps[0] as FastifyInstance, 100);
    const [buyer] = (await buyers(apps[0] as FastifyInstance, 1)) as [TestClient];
    const both = [buyer, from(buyer, apps[1] as FastifyInstance, buyer.ip)];
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (both[i % 2] as TestClient).post('/api/reservations', {
          eventId: event.id,
          items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
        }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(5);
  });
});
