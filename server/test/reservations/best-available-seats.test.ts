/**
 * Best available, wheelchair places with their companions (never a companion seat without one),
 * and standing areas in a seated venue (issue 22), on SQLite and PostgreSQL, under a crowd of
 * concurrent requests.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import type { TestClient } from '../support/client.js';
import { adminClient, createEvent, createVenue, eventInput, gridLayout, type EventBody } from '../support/catalog-fixtures.js';
import { buyers, expectCountersMatchRows, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface SeatRow {
  id: string;
  row_label: string;
  position: number;
  status: string;
  reservation_id: string | null;
}

describe.each(backends)('best available, accessible pairs and standing areas on %s', (backend) => {
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

  /** A published reserved event on a rows × seats grid, one type for every seat; 100 tickets per buyer. */
  async function seated(rows: number, seats: number): Promise<{ event: EventBody; typeId: string }> {
    const admin = await adminClient(env, app);
    const venue = await createVenue(admin, { layout: gridLayout(rows, seats, 0) });
    const event = await createEvent(
      admin,
      eventInput(venue.id, {
        seating: 'reserved',
        maxTicketsPerOrder: 100,
        ticketTypes: [{ name: 'Seat', priceCents: 3000, seatCategory: 'standard' }],
      }),
    );
    return { event, typeId: event.ticketTypes[0]?.id ?? '' };
  }

  const seatsOf = (eventId: string): Promise<SeatRow[]> =>
    env.database.db
      .selectFrom('event_seats')
      .select(['id', 'row_label', 'position', 'status', 'reservation_id'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute();

  const bestAvailable = (client: TestClient, eventId: string, ticketTypeId: string, quantity: number) =>
    client.post('/api/reservations', { eventId, bestAvailable: { ticketTypeId, quantity } });

  it('200 concurrent requests for 4 best seats of 2,000: each seat once, each block adjacent in one row, best rows first', async () => {
    const { event, typeId } = await seated(40, 50);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => bestAvailable(clients[i % clients.length] as TestClient, event.id, typeId, 4)),
    );
    // 800 of 2,000 seats: a block of 4 in one row was always free, so every request is granted.
    expect(results.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    const seats = await seatsOf(event.id);
    const byId = new Map(seats.map((s) => [s.id, s]));
    const granted = results.map((r) => r.json<ReservationBody>());
    const seen = new Set<string>();
    for (const reservation of granted) {
      expect(reservation.tickets).toHaveLength(4);
      const ids = await env.database.db
        .selectFrom('tickets')
        .select('seat_id')
        .where('reservation_id', '=', reservation.id)
        .execute();
      const own = ids.map((t) => byId.get(t.seat_id ?? '') as SeatRow).sort((a, b) => a.position - b.position);
      expect(own).toHaveLength(4);
      // The answer names the seats the database holds for it.
      expect(reservation.tickets.map((t) => t.seat?.row).sort()).toEqual(own.map((s) => s.row_label).sort());
      for (const s of own) {
        // Every seat in at most one reservation, and the seat row says it is this one's.
        expect(seen.has(s.id)).toBe(false);
        seen.add(s.id);
        expect(s).toMatchObject({ status: 'held', reservation_id: reservation.id });
      }
      // Adjacent in one row: one row label, consecutive positions.
      expect(new Set(own.map((s) => s.row_label)).size).toBe(1);
      expect(own.map((s) => s.position - (own[0]?.position ?? 0))).toEqual([0, 1, 2, 3]);
    }
    expect(seen.size).toBe(800);
    expect(seats.filter((s) => s.status !== 'free')).toHaveLength(800);
    // Best row first: seats are only ever taken here, so a row that still has 4 free seats side by
    // side at the end had them when any later row was picked from; no such row may precede one used.
    const rows = [...new Set(seats.map((s) => s.row_label))];
    const hasBlock = (label: string) => {
      let run = 0;
      for (const s of seats.filter((x) => x.row_label === label)) {
        run = s.status === 'free' ? run + 1 : 0;
        if (run >= 4) return true;
      }
      return false;
    };
    const lastUsed = Math.max(
      ...rows.map((label, i) => (seats.some((s) => s.row_label === label && s.status !== 'free') ? i : -1)),
    );
    expect(rows.slice(0, lastUsed).filter(hasBlock)).toEqual([]);
    await expectCountersMatchRows(env, event.id);
  });

  it('falls back to seats as close together as it can, then answers 409 sold_out when fewer remain, writing nothing', async () => {
    const { event, typeId } = await seated(2, 3);
    const seats = await seatsOf(event.id);
    // Take the middle seat of each row: no row has 3 side by side any more.
    const middle = seats.filter((s) => s.position % 3 === 1).map((s) => s.id);
    expect((await (clients[0] as TestClient).post('/api/reservations', { eventId: event.id, seats: middle })).statusCode).toBe(
      201,
    );
    const spread = await bestAvailable(clients[1] as TestClient, event.id, typeId, 3);
    expect(spread.statusCode).toBe(201);
    expect(spread.json<ReservationBody>().tickets).toHaveLength(3);
    const before = await env.database.db.selectFrom('reservations').select('id').where('event_id', '=', event.id).execute();
    const none = await bestAvailable(clients[2] as TestClient, event.id, typeId, 2);
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ code: 'sold_out', ticketTypeId: typeId });
    expect(await env.database.db.selectFrom('reservations').select('id').where('event_id', '=', event.id).execute()).toHaveLength(
      before.length,
    );
    await expectCountersMatchRows(env, event.id);
  });

  it('gives side-by-side seats when a row has a block of another category in its middle', async () => {
    // Row A: 1-3 standard, 4-7 premium, 8-10 standard.
    const admin = await adminClient(env, app);
    const row = Array.from({ length: 10 }, (_, n) => ({ number: n + 1, category: n >= 3 && n <= 6 ? 'premium' : 'standard' }));
    const venue = await createVenue(admin, { layout: { sections: [{ name: 'Stalls', rows: [{ label: 'A', seats: row }] }] } });
    const event = await createEvent(
      admin,
      eventInput(venue.id, {
        seating: 'reserved',
        ticketTypes: [
          { name: 'Standard', priceCents: 3000, seatCategory: 'standard' },
          { name: 'Premium', priceCents: 6000, seatCategory: 'premium' },
        ],
      }),
    );
    const standard = event.ticketTypes.find((t) => t.seatCategory === 'standard')?.id ?? '';
    const res = await bestAvailable(clients[3] as TestClient, event.id, standard, 2);
    expect(res.statusCode, res.body).toBe(201);
    const numbers = res
      .json<ReservationBody>()
      .tickets.map((t) => t.seat?.number ?? 0)
      .sort((a, b) => a - b);
    // 1-2, 2-3, 8-9 or 9-10 were free; 3 and 8 sit on either side of the premium block.
    expect(numbers[1]).toBe((numbers[0] ?? 0) + 1);
    await expectCountersMatchRows(env, event.id);
  });

  it('never hands a wheelchair or companion seat to best available; both are held together by seat id in one request', async () => {
    const { event, typeId } = await seated(1, 6);
    const seats = await seatsOf(event.id);
    const [wheelchair, companion] = [seats[2] as SeatRow, seats[3] as SeatRow];
    // What s-map's event creation copies from a drawn layout's `accessible` seats.
    for (const [seat, kind] of [
      [wheelchair, 'wheelchair'],
      [companion, 'companion'],
    ] as const)
      await sql`update event_seats set accessible = ${kind} where id = ${seat.id}`.execute(env.database.db);
    const four = await bestAvailable(clients[0] as TestClient, event.id, typeId, 4);
    expect(four.statusCode).toBe(201);
    const picked = await env.database.db
      .selectFrom('event_seats')
      .select('id')
      .where('reservation_id', '=', four.json<ReservationBody>().id)
      .execute();
    expect(picked.map((s) => s.id).sort()).toEqual([seats[0], seats[1], seats[4], seats[5]].map((s) => s?.id).sort());
    expect((await bestAvailable(clients[1] as TestClient, event.id, typeId, 1)).json()).toMatchObject({ code: 'sold_out' });
    const pair = await (clients[1] as TestClient).post('/api/reservations', {
      eventId: event.id,
      seats: [wheelchair.id, companion.id],
    });
    expect(pair.statusCode).toBe(201);
    expect(pair.json<ReservationBody>().tickets.map((t) => t.seat?.number)).toEqual([3, 4]);
    const after = await seatsOf(event.id);
    expect(after.filter((s) => s.reservation_id === pair.json<ReservationBody>().id).map((s) => s.id)).toEqual([
      wheelchair.id,
      companion.id,
    ]);
    await expectCountersMatchRows(env, event.id);
  });

  it('sells a companion seat only with a wheelchair place of its section: alone or one too many is 400, nothing written', async () => {
    const { event } = await seated(1, 6);
    const seats = await seatsOf(event.id);
    const [plain, wheelchair, companion, second] = seats as [SeatRow, SeatRow, SeatRow, SeatRow];
    await sql`update event_seats set accessible = 'wheelchair' where id = ${wheelchair.id}`.execute(env.database.db);
    await sql`update event_seats set accessible = 'companion' where id in (${companion.id}, ${second.id})`.execute(
      env.database.db,
    );
    const client = clients[4] as TestClient;
    const refusals: [string[], string][] = [
      [[companion.id], '/seats/0'],
      [[plain.id, companion.id], '/seats/1'],
      // One wheelchair place, two companions: the second is one too many.
      [[wheelchair.id, companion.id, second.id], '/seats/2'],
    ];
    for (const [ids, path] of refusals) {
      const res = await client.post('/api/reservations', { eventId: event.id, seats: ids });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
    }
    expect((await seatsOf(event.id)).every((s) => s.status === 'free' && s.reservation_id === null)).toBe(true);
    // The place and its companion together, in either order, are one reservation.
    const pair = await client.post('/api/reservations', { eventId: event.id, seats: [companion.id, wheelchair.id] });
    expect(pair.statusCode, pair.body).toBe(201);
    expect(pair.json<ReservationBody>().tickets).toHaveLength(2);
    await expectCountersMatchRows(env, event.id);
  });

  it('refuses bad best-available requests with 400 and writes nothing', async () => {
    const { event, typeId } = await seated(1, 4);
    const other = await seated(1, 4);
    const client = clients[3] as TestClient;
    expect((await bestAvailable(client, event.id, other.typeId, 1)).statusCode).toBe(400);
    expect(
      (
        await client.post('/api/reservations', {
          eventId: event.id,
          bestAvailable: { ticketTypeId: typeId, quantity: 1 },
          seats: ['x'],
        })
      ).statusCode,
    ).toBe(400);
    expect((await bestAvailable(client, event.id, typeId, 101)).statusCode).toBe(400);
    expect((await seatsOf(event.id)).every((s) => s.status === 'free')).toBe(true);
  });

  it('gives a wheelchair place and its companion, raced for by 50 buyers at once, to exactly one of them, both seats', async () => {
    const { event } = await seated(1, 4);
    const [wheelchair, companion] = (await seatsOf(event.id)).slice(1, 3) as [SeatRow, SeatRow];
    await sql`update event_seats set accessible = 'wheelchair' where id = ${wheelchair.id}`.execute(env.database.db);
    await sql`update event_seats set accessible = 'companion' where id = ${companion.id}`.execute(env.database.db);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (clients[i % clients.length] as TestClient).post('/api/reservations', {
          eventId: event.id,
          seats: [wheelchair.id, companion.id],
        }),
      ),
    );
    const won = results.filter((r) => r.statusCode === 201);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) expect(r.json()).toMatchObject({ code: 'seats_taken' });
    const owner = won[0]?.json<ReservationBody>().id;
    expect((await seatsOf(event.id)).filter((s) => s.reservation_id === owner).map((s) => s.id)).toEqual([
      wheelchair.id,
      companion.id,
    ]);
    await expectCountersMatchRows(env, event.id);
  });

  it('holds once for 10 concurrent best-available requests replayed with one Idempotency-Key', async () => {
    const { event, typeId } = await seated(2, 10);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const headers = { 'idempotency-key': 'best-four-once' };
    const body = { eventId: event.id, bestAvailable: { ticketTypeId: typeId, quantity: 4 } };
    const answers = await Promise.all(Array.from({ length: 10 }, () => buyer.post('/api/reservations', body, { headers })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 10 }, () => 201));
    expect(new Set(answers.map((a) => a.json<ReservationBody>().id)).size).toBe(1);
    expect((await seatsOf(event.id)).filter((s) => s.status !== 'free')).toHaveLength(4);
    await expectCountersMatchRows(env, event.id);
  });

  it('keeps every seat in one reservation while best-available and chosen-seat buyers race on one hall', async () => {
    const { event, typeId } = await seated(10, 20);
    const seats = await seatsOf(event.id);
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const client = clients[i % clients.length] as TestClient;
        if (i % 2 === 0) return bestAvailable(client, event.id, typeId, 3);
        const first = (i * 7) % (seats.length - 1);
        return client.post('/api/reservations', { eventId: event.id, seats: [seats[first]?.id, seats[first + 1]?.id] });
      }),
    );
    for (const r of results) expect([201, 409]).toContain(r.statusCode);
    const after = await seatsOf(event.id);
    const owners = await env.database.db
      .selectFrom('tickets')
      .select(['seat_id', 'reservation_id'])
      .where('event_id', '=', event.id)
      .execute();
    const bySeat = new Map<string, string[]>();
    for (const t of owners) bySeat.set(t.seat_id ?? '', [...(bySeat.get(t.seat_id ?? '') ?? []), t.reservation_id]);
    for (const s of after.filter((x) => x.status !== 'free')) expect(bySeat.get(s.id)).toEqual([s.reservation_id]);
    expect(owners).toHaveLength(after.filter((s) => s.status !== 'free').length);
    await expectCountersMatchRows(env, event.id);
  });

  /** A standing area of `capacity` in a seated event: a type with the area's category and no seats (as s-map plans it). */
  async function withStanding(event: EventBody, capacity: number): Promise<string> {
    const id = randomUUID();
    await env.database.db
      .insertInto('ticket_types')
      .values({
        id,
        event_id: event.id,
        name: 'Floor',
        price_cents: 1500,
        capacity,
        seat_category: 'floor',
        sold: 0,
        held: 0,
        sort_order: 9,
      })
      .execute();
    return id;
  }

  it('sells a standing area by quantity: 200 concurrent holds of one ticket at capacity 50 hold exactly 50', async () => {
    const { event, typeId } = await seated(2, 5);
    const floor = await withStanding(event, 50);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (clients[i % clients.length] as TestClient).post('/api/reservations', {
          eventId: event.id,
          items: [{ ticketTypeId: floor, quantity: 1 }],
        }),
      ),
    );
    const codes = new Map<number, number>();
    for (const r of results) codes.set(r.statusCode, (codes.get(r.statusCode) ?? 0) + 1);
    expect(Object.fromEntries(codes)).toEqual({ 201: 50, 409: 150 });
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ code: 'sold_out' });
    const type = await env.database.db
      .selectFrom('ticket_types')
      .select(['held', 'sold'])
      .where('id', '=', floor)
      .executeTakeFirstOrThrow();
    expect(type).toEqual({ held: 50, sold: 0 });
    // Seats are untouched by standing holds; a seated type is still sold by seat, not by quantity.
    expect((await seatsOf(event.id)).every((s) => s.status === 'free')).toBe(true);
    const byQuantity = await (clients[0] as TestClient).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: typeId, quantity: 1 }],
    });
    expect(byQuantity.statusCode).toBe(400);
    await expectCountersMatchRows(env, event.id);
  });

  it('holds standing tickets and chosen seats in one request', async () => {
    const { event } = await seated(1, 4);
    const floor = await withStanding(event, 10);
    const seats = await seatsOf(event.id);
    const res = await (clients[4] as TestClient).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: floor, quantity: 2 }],
      seats: [seats[0]?.id, seats[1]?.id],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<ReservationBody>();
    expect(body.tickets.map((t) => t.seat?.number ?? null)).toEqual([null, null, 1, 2]);
    expect(body.totalCents).toBe(2 * 1500 + 2 * 3000);
    const type = await env.database.db
      .selectFrom('ticket_types')
      .select(['held'])
      .where('id', '=', floor)
      .executeTakeFirstOrThrow();
    expect(type.held).toBe(2);
    await expectCountersMatchRows(env, event.id);
  });
});
