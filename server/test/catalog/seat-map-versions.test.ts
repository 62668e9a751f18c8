/**
 * The seat map's version and `?since=` deltas (issue 22) on every backend. Seat versions are set
 * here as the hold path sets them (epoch ms of the changing statement), including the case the
 * margin exists for: a transaction that commits a smaller version after a reader saw a larger one.
 */
import type { EventSeats, SeatStatus } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAvailability } from '../../src/realtime/availability.js';
import { SINCE_MARGIN_MS } from '../../src/catalog/seat-map.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, gridLayout } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, seatedEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('seat map versions on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
  });
  afterAll(() => env.close());

  /**
   * A seated event on sale and a real reservation (holding the last seat) that the test's seat
   * changes name as their holder, as the hold path's would. `seatIds` leaves that seat out.
   */
  async function seatedWithHolder(rows: number, perRow: number) {
    const { event, seatIds } = await seatedEvent(env, app, rows, perRow);
    const [buyer] = await buyers(app, 1);
    const last = seatIds.pop() ?? '';
    const held = await buyer?.post('/api/reservations', { eventId: event.id, seats: [last] });
    expect(held?.statusCode).toBe(201);
    const holder = held?.json<{ id: string }>().id ?? '';
    // Whatever version the hold path gave the holder's seat: the tests' versions are all later.
    await env.database.db.updateTable('event_seats').set({ version: 1 }).where('id', '=', last).execute();
    return { event, seatIds, holder };
  }
  /** What the hold path does to a seat: a new status (held or sold by `holder`) stamped with the statement's time. */
  const columns = (status: SeatStatus, holder: string, version: number) => ({
    status,
    version,
    reservation_id: status === 'free' ? null : holder,
  });
  const change = (seatId: string, status: SeatStatus, holder: string, version = Date.now()) =>
    env.database.db
      .updateTable('event_seats')
      .set(columns(status, holder, version))
      .where('id', '=', seatId)
      .execute();
  const seatsOf = async (eventId: string, since?: number) => {
    const res = await admin.get(`/api/events/${eventId}/seats${since === undefined ? '' : `?since=${since}`}`);
    expect(res.statusCode).toBe(200);
    return res.json<EventSeats>();
  };

  it('answers version 0 for a map nobody changed, then the newest change, as a number', async () => {
    const untouched = await seatedEvent(env, app, 1, 2);
    expect(await seatsOf(untouched.event.id)).toMatchObject({ version: 0 });
    const { event, seatIds, holder } = await seatedWithHolder(2, 5);
    const at = Date.now();
    await change(seatIds[3] ?? '', 'held', holder, at);
    await change(seatIds[1] ?? '', 'sold', holder, at - 10);
    const map = await seatsOf(event.id);
    expect(map.version).toBe(at);
    expect(typeof map.version).toBe('number');
    expect(map.seats).toHaveLength(10);
    expect(map.seats.filter((s) => s.status !== 'free' && seatIds.includes(s.id)).map((s) => s.id)).toEqual([
      seatIds[1],
      seatIds[3],
    ]);
  });

  it('answers with ?since= only the seats changed after a margin before it, and nothing for an unchanged map', async () => {
    const { event, seatIds, holder } = await seatedWithHolder(1, 7);
    const now = Date.now();
    expect((await seatsOf(event.id, now)).seats).toEqual([]);
    await change(seatIds[0] ?? '', 'sold', holder, now - 60_000);
    await change(seatIds[1] ?? '', 'held', holder, now - 500);
    await change(seatIds[2] ?? '', 'held', holder, now);
    // Asked with the newest version: the seat stamped half a second before it is inside the margin,
    // the one a minute before is not.
    const delta = await seatsOf(event.id, now);
    expect(delta.seats.map((s) => [s.id, s.status])).toEqual([
      [seatIds[1], 'held'],
      [seatIds[2], 'held'],
    ]);
    expect(delta.version).toBe(now);
    expect((await seatsOf(event.id, now + 10 * SINCE_MARGIN_MS)).seats).toEqual([]);
    expect((await seatsOf(event.id, now - 120_000)).seats.map((s) => s.id)).toEqual(seatIds.slice(0, 3));
  });

  it.each(['-1', '1.5', 'abc', '1&since=2'])('refuses ?since=%s with a 400', async (since) => {
    const { event } = await seatedEvent(env, app, 1, 1);
    const res = await app.inject(`/api/events/${event.id}/seats?since=${since}`);
    expect(res.statusCode).toBe(400);
  });

  it('never loses a seat whose transaction commits a smaller version after a reader saw a larger one', async () => {
    const { event, seatIds, holder } = await seatedWithHolder(1, 5);
    const db = env.database.db;
    const late = seatIds[0] ?? '';
    const early = seatIds[1] ?? '';
    // Stamped 1.5 s before its commit: a slow transaction, inside the margin.
    const lateVersion = Date.now() - 1500;
    if (backend === 'postgres') {
      // A really open transaction: stamped first, committed after the reader took its version.
      let commit: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (commit = resolve));
      let stamped: () => void = () => undefined;
      const stampedYet = new Promise<void>((resolve) => (stamped = resolve));
      const slow = db.transaction().execute(async (trx) => {
        await trx
          .updateTable('event_seats')
          .set(columns('held', holder, lateVersion))
          .where('id', '=', late)
          .execute();
        stamped();
        await gate;
      });
      await Promise.race([stampedYet, slow]);
      await sleep(20);
      await change(early, 'held', holder);
      const seen = await seatsOf(event.id);
      expect(seen.seats.find((s) => s.id === late)?.status).toBe('free');
      commit();
      await slow;
      const delta = await seatsOf(event.id, seen.version);
      expect(delta.seats.find((s) => s.id === late)?.status).toBe('held');
    } else {
      // SQLite has one writer: the same order of events, written one after the other.
      await sleep(20);
      await change(early, 'held', holder);
      const seen = await seatsOf(event.id);
      await change(late, 'held', holder, lateVersion);
      expect(seen.version).toBeGreaterThan(lateVersion);
      const delta = await seatsOf(event.id, seen.version);
      expect(delta.seats.find((s) => s.id === late)?.status).toBe('held');
    }
  });

  it('keeps a public reader following ?since= in step with a crowd of changes committing out of order', async () => {
    const { event, seatIds, holder } = await seatedWithHolder(4, 25);
    const db = env.database.db;
    const seen = new Map<string, SeatStatus>((await seatsOf(event.id)).seats.map((s) => [s.id, s.status]));
    const truth = new Map(seen);
    let version = 0;
    let writing = true;
    const statuses: SeatStatus[] = ['held', 'sold', 'free'];
    const writers = Array.from({ length: 60 }, async (_, i) => {
      await sleep((i * 17) % 400);
      const id = seatIds[(i * 7) % seatIds.length] ?? '';
      const status = statuses[i % 3] ?? 'held';
      // Stamped now, committed up to 300 ms later (PostgreSQL keeps the transaction open meanwhile).
      const stamp = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('event_seats')
          .set(columns(status, holder, stamp))
          .where('id', '=', id)
          .execute();
        if (backend === 'postgres') await sleep((i * 31) % 300);
      });
      return { id, status };
    });
    const reader = (async () => {
      while (writing) {
        const res = await app.inject(`/api/events/${event.id}/seats?since=${version}`);
        expect(res.statusCode).toBe(200);
        const delta = res.json<EventSeats>();
        for (const s of delta.seats) seen.set(s.id, s.status);
        version = delta.version ?? 0;
        await sleep(30);
      }
    })();
    const done = await Promise.all(writers);
    // Each writer changes a seat of its own (7 and 99 share no factor), so its status is the truth.
    for (const w of done) truth.set(w.id, w.status);
    const rows = await db.selectFrom('event_seats').select(['id', 'status']).where('event_id', '=', event.id).execute();
    expect(new Map(rows.map((r) => [r.id, r.status]))).toEqual(truth);
    // One more question after the public cache's second has passed, as a client's next poll would.
    await sleep(1100);
    writing = false;
    await reader;
    const last = (await app.inject(`/api/events/${event.id}/seats?since=${version}`)).json<EventSeats>();
    for (const s of last.seats) seen.set(s.id, s.status);
    expect(seen).toEqual(truth);
  });

  it('shows a change in the public map within seconds (a stale copy only while it reloads), and at once in ?since=', async () => {
    const { event, seatIds, holder } = await seatedWithHolder(2, 10);
    const publicMap = async (query = '') => {
      const res = await app.inject(`/api/events/${event.id}/seats${query}`);
      expect(res.statusCode).toBe(200);
      return res.json<EventSeats>();
    };
    const statusOf = (map: EventSeats, id: string) => map.seats.find((s) => s.id === id)?.status;
    const seat = seatIds[4] ?? '';
    expect(statusOf(await publicMap(), seat)).toBe('free');
    const at = Date.now();
    await change(seat, 'held', holder, at);
    expect(statusOf(await publicMap(`?since=${at}`), seat)).toBe('held');
    const started = Date.now();
    while (statusOf(await publicMap(), seat) !== 'held') {
      expect(Date.now() - started).toBeLessThan(3500);
      await sleep(100);
    }
    // A manager's change clears every copy, stale ones included: the next read is fresh.
    await change(seat, 'free', holder, Date.now());
    expect((await admin.patch(`/api/events/${event.id}`, { title: 'Renamed' })).statusCode).toBe(200);
    expect(statusOf(await publicMap(), seat)).toBe('free');
  });

  it('sends seatsVersion with every availability message of a seated event', async () => {
    const untouched = await seatedEvent(env, app, 1, 2);
    expect((await readAvailability(env.database.db, untouched.event.id, undefined)).message.seatsVersion).toBe(0);
    const { event, seatIds, holder } = await seatedWithHolder(1, 4);
    const first = await readAvailability(env.database.db, event.id, undefined);
    expect(first.message.seatsVersion).toBe(1);
    const at = Date.now();
    await change(seatIds[2] ?? '', 'held', holder, at);
    const next = await readAvailability(env.database.db, event.id, first.seatMap);
    expect(next.message).toMatchObject({ seats: [{ id: seatIds[2], status: 'held' }], seatsVersion: at });
    expect(typeof next.message.seatsVersion).toBe('number');
  });

  it('reads only the seats changed since its last message, and still sends one whose hold committed late within the margin', async () => {
    const { event, seatIds, holder } = await seatedWithHolder(2, 10);
    const [a, b, c] = seatIds as [string, string, string];
    const first = await readAvailability(env.database.db, event.id, undefined);
    // With nothing sent before, every seat goes out once.
    expect(first.message.seats).toHaveLength(20);
    const at = Date.now();
    await change(a, 'held', holder, at);
    const second = await readAvailability(env.database.db, event.id, first.seatMap);
    expect(second.message).toMatchObject({ seats: [{ id: a, status: 'held' }], seatsVersion: at });
    // B's transaction stamped its seat before A's but committed after the read above.
    await change(b, 'held', holder, at - 1000);
    // C changed long before anything sent: outside the window read, so not read at all.
    await change(c, 'held', holder, at - 60_000);
    const third = await readAvailability(env.database.db, event.id, second.seatMap);
    expect(third.message.seats).toEqual([{ id: b, status: 'held' }]);
    expect(third.message.seatsVersion).toBe(at);
    // The record kept between messages is the window, not the whole map.
    expect(Object.keys(third.seatMap?.recent ?? {}).sort()).toEqual([a, b].sort());
  });

  it("shows the layout of a published event to anyone, a draft's to its team only, and none for general admission", async () => {
    const layout = gridLayout(1, 2);
    const venue = await createVenue(admin, { layout });
    const input = eventInput(venue.id, {
      seating: 'reserved',
      ticketTypes: [{ name: 'P', priceCents: 10, seatCategory: 'premium' }],
    });
    const published = await createEvent(admin, input);
    const draft = await createEvent(admin, input, false);
    const general = await createEvent(admin, eventInput(venue.id));
    const anonymous = (id: string) => app.inject(`/api/events/${id}/layout`);
    expect((await anonymous(published.id)).json()).toEqual(layout);
    expect((await anonymous(draft.id)).statusCode).toBe(404);
    expect((await anonymous(`${draft.id}x`)).statusCode).toBe(404);
    expect((await anonymous(general.id)).statusCode).toBe(404);
    expect((await admin.get(`/api/events/${draft.id}/layout`)).json()).toEqual(layout);
    expect((await app.inject(`/api/events/${draft.id}/seats?since=0`)).statusCode).toBe(404);
  });
});
