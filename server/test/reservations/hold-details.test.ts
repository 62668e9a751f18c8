/**
 * What a hold answers and writes, beyond never overselling: the 201 built from the hold's own data
 * equals what a read gives back, a seat conflict names only other people's seats, attendee names
 * follow the order of the request, a sold-out answer writes nothing, and one failing hold in a
 * group of holds fails alone.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HoldGroups } from '../../src/reservations/hold-groups.js';
import type { Draft } from '../../src/reservations/hold-writes.js';
import { reservationCode } from '../../src/reservations/hold.js';
import { newShortCode } from '../../src/tickets/short-code.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, expectCountersMatchRows, gaEvent, seatedEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('hold details on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let alice: TestClient;
  let bob: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    [alice, bob] = (await buyers(app, 2)) as [TestClient, TestClient];
  });
  afterAll(() => env.close());

  it('answers the 201 with exactly what reading the reservation back gives', async () => {
    const event = await gaEvent(env, app, 10);
    const typeId = event.ticketTypes[0]?.id ?? '';
    const held = await alice.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: typeId, quantity: 2 }],
      attendees: [{ name: ' Ana Pop ' }],
    });
    expect(held.statusCode).toBe(201);
    const body = held.json<ReservationBody>();
    expect(body).toMatchObject({ status: 'pending_payment', totalCents: 5000 });
    expect(body.tickets.map((t) => t.attendeeName)).toEqual(['Ana Pop', null]);
    expect((await alice.get(`/api/reservations/${body.id}`)).json()).toEqual(body);

    const { event: seated, seatIds } = await seatedEvent(env, app, 1, 4);
    const seats = await alice.post('/api/reservations', { eventId: seated.id, seats: [seatIds[2], seatIds[0]] });
    expect(seats.statusCode).toBe(201);
    expect((await alice.get(`/api/reservations/${seats.json<ReservationBody>().id}`)).json()).toEqual(seats.json());
  });

  it('writes one priced row per ticket type, with the tax its price contains, for seated and general holds', async () => {
    const event = await gaEvent(env, app, 10);
    const typeId = event.ticketTypes[0]?.id ?? '';
    await env.database.db.updateTable('ticket_types').set({ tax_rate: 1900 }).where('id', '=', typeId).execute();
    const held = await alice.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 3 }] });
    expect(held.statusCode).toBe(201);
    const { id } = held.json<ReservationBody>();
    const row = await env.database.db
      .selectFrom('reservations')
      .select(['subtotal_cents', 'discount_cents', 'tax_cents', 'total_cents'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // 3 × 25.00 at 19 % inclusive: 75.00 contains 11.97 of tax (75 × 19 / 119 = 11.974).
    expect(row).toEqual({ subtotal_cents: 7500, discount_cents: 0, tax_cents: 1197, total_cents: 7500 });
    const items = await env.database.db.selectFrom('reservation_items').selectAll().where('reservation_id', '=', id).execute();
    expect(items).toEqual([
      { reservation_id: id, ticket_type_id: typeId, quantity: 3, unit_price_cents: 2500, discount_cents: 0, tax_rate: 1900 },
    ]);

    const { event: seated, seatIds } = await seatedEvent(env, app, 1, 4);
    const seats = await bob.post('/api/reservations', { eventId: seated.id, seats: [seatIds[0], seatIds[1]] });
    expect(seats.statusCode).toBe(201);
    const seatedItems = await env.database.db
      .selectFrom('reservation_items')
      .select(['quantity', 'unit_price_cents'])
      .where('reservation_id', '=', seats.json<ReservationBody>().id)
      .execute();
    expect(seatedItems).toHaveLength(1);
    expect(seatedItems[0]?.quantity).toBe(2);
  });

  it("names only the seats someone else holds in seats_taken, not the buyer's own free ones", async () => {
    const { event, seatIds } = await seatedEvent(env, app, 1, 6);
    const [a, b, c] = seatIds as [string, string, string];
    expect((await bob.post('/api/reservations', { eventId: event.id, seats: [b] })).statusCode).toBe(201);
    const clash = await alice.post('/api/reservations', { eventId: event.id, seats: [a, b, c] });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'seats_taken', seats: [b] });
    // Nothing of the failed attempt stays behind: a and c are still free for anyone.
    expect((await alice.post('/api/reservations', { eventId: event.id, seats: [a, c] })).statusCode).toBe(201);
    await expectCountersMatchRows(env, event.id);
  });

  it('gives attendee names to tickets in the order the request lists the ticket types', async () => {
    const admin = await adminClient(env, app);
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        ticketTypes: [
          { name: 'Standard', priceCents: 2500, capacity: 10 },
          { name: 'VIP', priceCents: 9000, capacity: 10 },
        ],
      }),
    );
    // Descending id order, so that an unordered read (which follows the primary key) would swap them.
    const [first, second] = event.ticketTypes.map((t) => t.id).sort((x, y) => (x < y ? 1 : -1)) as [string, string];
    const held = await alice.post('/api/reservations', {
      eventId: event.id,
      items: [
        { ticketTypeId: first, quantity: 1 },
        { ticketTypeId: second, quantity: 2 },
      ],
      attendees: [{ name: 'First Type' }, { name: 'Second Type A' }, { name: 'Second Type B' }],
    });
    expect(held.statusCode).toBe(201);
    const expected = [
      [first, 'First Type'],
      [second, 'Second Type A'],
      [second, 'Second Type B'],
    ];
    const pairs = (r: ReservationBody) => r.tickets.map((t) => [t.ticketTypeId, t.attendeeName]);
    expect(pairs(held.json<ReservationBody>())).toEqual(expected);
    expect(pairs((await alice.get(`/api/reservations/${held.json<ReservationBody>().id}`)).json<ReservationBody>())).toEqual(
      expected,
    );
  });

  it('answers sold_out without writing a reservation', async () => {
    const event = await gaEvent(env, app, 1);
    const typeId = event.ticketTypes[0]?.id ?? '';
    expect(
      (await alice.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] })).statusCode,
    ).toBe(201);
    const rowsBefore = await env.database.db.selectFrom('reservations').select('id').where('event_id', '=', event.id).execute();
    const late = await bob.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'sold_out', ticketTypeId: typeId });
    const rowsAfter = await env.database.db.selectFrom('reservations').select('id').where('event_id', '=', event.id).execute();
    expect(rowsAfter).toEqual(rowsBefore);
    await expectCountersMatchRows(env, event.id);
  });

  it('fails only the broken hold of a group; the others are held and counted', async () => {
    const event = await gaEvent(env, app, 10);
    const type = event.ticketTypes[0];
    if (type === undefined) throw new Error('no ticket type');
    const me = await env.database.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
    const row = await env.database.db
      .selectFrom('events')
      .select(['id', 'seating', 'currency', 'title', 'starts_at', 'venue_id', 'venue_name', 'venue_city', 'time_zone'])
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    const draft = (code: string): Draft => {
      const now = new Date().toISOString();
      return {
        id: randomUUID(),
        code,
        userId: me.id,
        cap: 10,
        event: row,
        subtotalCents: type.priceCents,
        discountCents: 0,
        taxCents: 0,
        totalCents: type.priceCents,
        discountCode: null,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
        createdAt: now,
        lines: [{ ticketTypeId: type.id, typeName: type.name, priceCents: type.priceCents, taxRate: 0, seat: null }],
        types: [{ ticketTypeId: type.id, quantity: 1, priceCents: type.priceCents, discountCents: 0, taxRate: 0 }],
        tickets: [{ id: randomUUID(), attendeeName: null, shortCode: newShortCode() }],
        key: null,
      };
    };
    const shared = reservationCode();
    const groups = new HoldGroups(env.database.db);
    // Queued together: the second and third wait for the first and then go as one group, in which
    // the third repeats the second's reservation code and breaks the unique constraint.
    const results = await Promise.allSettled([
      groups.hold(type.id, draft(reservationCode())),
      groups.hold(type.id, draft(shared)),
      groups.hold(type.id, draft(shared)),
      groups.hold(type.id, draft(reservationCode())),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual(['held', 'held', 'held']);
    const counter = await env.database.db
      .selectFrom('ticket_types')
      .select('held')
      .where('id', '=', type.id)
      .executeTakeFirstOrThrow();
    expect(counter.held).toBe(3);
    await expectCountersMatchRows(env, event.id);
  });
});
