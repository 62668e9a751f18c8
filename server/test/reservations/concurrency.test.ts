/** Never oversell: racing holds on SQLite and PostgreSQL, and across two instances on one PostgreSQL. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, postgresUrl } from '../support/backends.js';
import { TestClient } from '../support/client.js';
import { buyers, buyersOnTwoInstances, expectCountersMatchRows, gaEvent, seatedEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

async function race(attempts: (() => Promise<{ statusCode: number; body: string }>)[]) {
  const results = await Promise.all(attempts.map((a) => a()));
  const codes = new Map<number, number>();
  for (const r of results) codes.set(r.statusCode, (codes.get(r.statusCode) ?? 0) + 1);
  return { results, codes };
}

describe.each(backends)('concurrent holds on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let clients: TestClient[];

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    clients = await buyers(app, 25);
    await Promise.all(clients.map((c) => c.token()));
  });
  afterAll(() => env.close());

  it('500 concurrent attempts at capacity 100 hold exactly 100; the other 400 get 409 sold_out', async () => {
    // 25 buyers make 20 holds each: a per-buyer cap of 100 keeps this test about overselling alone.
    const event = await gaEvent(env, app, 100, { maxTicketsPerOrder: 100 });
    const typeId = event.ticketTypes[0]?.id ?? '';
    const { results, codes } = await race(
      Array.from(
        { length: 500 },
        (_, i) => () =>
          (clients[i % clients.length] as TestClient).post('/api/reservations', {
            eventId: event.id,
            items: [{ ticketTypeId: typeId, quantity: 1 }],
          }),
      ),
    );
    expect(Object.fromEntries(codes)).toEqual({ 201: 100, 409: 400 });
    for (const r of results.filter((x) => x.statusCode === 409)) expect(JSON.parse(r.body)).toMatchObject({ code: 'sold_out' });
    const type = await env.database.db
      .selectFrom('ticket_types')
      .select(['held', 'sold'])
      .where('id', '=', typeId)
      .executeTakeFirstOrThrow();
    expect(type).toEqual({ held: 100, sold: 0 });
    await expectCountersMatchRows(env, event.id);
  });

  it('holds arriving together each get their own seats; a seat of another event fails only its own hold', async () => {
    const { event, seatIds } = await seatedEvent(env, app, 2, 10);
    const { seatIds: elsewhere } = await seatedEvent(env, app, 1, 2);
    const asks = [
      // Ten holds of two seats each, none shared, from ten buyers.
      ...Array.from({ length: 10 }, (_, i) => [seatIds[2 * i], seatIds[2 * i + 1]] as string[]),
      // A seat of another event or none at all beside a free one: refused, and the free one not held.
      [elsewhere[0] as string],
      [seatIds[0] as string, elsewhere[1] as string],
      [seatIds[3] as string, 'no-such-seat'],
    ];
    const { results } = await race(
      asks.map(
        (seats, i) => () => (clients[i % clients.length] as TestClient).post('/api/reservations', { eventId: event.id, seats }),
      ),
    );
    const seatsOf = (body: string) =>
      JSON.parse(body) as { tickets: { seat: { row: string; number: number } }[]; code?: string; detail?: string };
    const map = (await app.inject(`/api/events/${event.id}/seats`)).json<{
      seats: { id: string; row: string; number: number }[];
    }>().seats;
    const place = (id: string | undefined) => {
      const s = map.find((m) => m.id === id);
      return `${s?.row ?? '?'}${String(s?.number ?? '?')}`;
    };
    results.slice(0, 10).forEach((r, i) => {
      expect(r.statusCode).toBe(201);
      const got = seatsOf(r.body).tickets.map((t) => `${t.seat.row}${String(t.seat.number)}`);
      expect(got).toEqual(asks[i]?.map(place));
    });
    for (const r of results.slice(10)) {
      expect(r.statusCode).toBe(400);
      expect(seatsOf(r.body).detail).toContain('does not belong to this event');
    }
    await expectCountersMatchRows(env, event.id);
  });

  it('200 buyers racing for the same 10 seats end with each seat in exactly one reservation', async () => {
    const { event, seatIds } = await seatedEvent(env, app, 1, 10);
    const { results, codes } = await race(
      Array.from({ length: 200 }, (_, i) => () => {
        // Each buyer wants two neighbouring seats, so attempts overlap partially.
        const first = i % 9;
        return (clients[i % clients.length] as TestClient).post('/api/reservations', {
          eventId: event.id,
          seats: [seatIds[first], seatIds[first + 1]],
        });
      }),
    );
    expect((codes.get(201) ?? 0) + (codes.get(409) ?? 0)).toBe(200);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      const problem = JSON.parse(r.body) as { code: string; seats: string[] };
      expect(problem.code).toBe('seats_taken');
      expect(problem.seats.length).toBeGreaterThan(0);
    }
    const held = await env.database.db
      .selectFrom('event_seats')
      .select(['id', 'reservation_id'])
      .where('event_id', '=', event.id)
      .where('status', '=', 'held')
      .execute();
    const owners = await env.database.db
      .selectFrom('tickets')
      .select(['seat_id', 'reservation_id'])
      .where('event_id', '=', event.id)
      .execute();
    const live = await env.database.db
      .selectFrom('reservations')
      .select('id')
      .where('event_id', '=', event.id)
      .where('status', '=', 'pending_payment')
      .execute();
    const liveIds = new Set(live.map((r) => r.id));
    for (const seat of held) {
      const claims = owners.filter((t) => t.seat_id === seat.id && liveIds.has(t.reservation_id));
      expect(claims).toHaveLength(1);
      expect(claims[0]?.reservation_id).toBe(seat.reservation_id);
    }
    expect(live.length).toBe(codes.get(201));
    await expectCountersMatchRows(env, event.id);
  });
});

describe.runIf(postgresUrl)('concurrent holds split over two instances on one PostgreSQL', () => {
  let env: TestEnvironment;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment('postgres');
    a = await env.startApp();
    b = await env.startApp();
  });
  afterAll(() => env.close());

  it('holds exactly the capacity and each seat once, with attempts on both instances', async () => {
    const all = await buyersOnTwoInstances(a, b, 10);
    const event = await gaEvent(env, a, 100, { maxTicketsPerOrder: 100 }); // 10 buyers, 40 holds each
    const typeId = event.ticketTypes[0]?.id ?? '';
    const ga = await race(
      Array.from(
        { length: 400 },
        (_, i) => () =>
          (all[i % all.length] as TestClient).post('/api/reservations', {
            eventId: event.id,
            items: [{ ticketTypeId: typeId, quantity: 1 }],
          }),
      ),
    );
    expect(Object.fromEntries(ga.codes)).toEqual({ 201: 100, 409: 300 });
    await expectCountersMatchRows(env, event.id);

    const { event: seated, seatIds } = await seatedEvent(env, a, 1, 10);
    const seats = await race(
      Array.from(
        { length: 200 },
        (_, i) => () =>
          (all[i % all.length] as TestClient).post('/api/reservations', { eventId: seated.id, seats: [seatIds[i % 10]] }),
      ),
    );
    expect(seats.codes.get(201)).toBe(10);
    expect(seats.codes.get(409)).toBe(190);
    await expectCountersMatchRows(env, seated.id);
  });
});
