/**
 * Editing the ticket types of a reserved-seating event keeps every seat with the type that prices
 * its category: a type replaced by a new one (same category, no id) hands its seats to the new
 * type, and a type with tickets sold or held cannot move to another category (its tickets' seats
 * would then count against one type and be sold by another).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { expireDue } from '../../src/reservations/expiry.js';
import { adminClient, createEvent, createVenue, eventInput, gridLayout } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, expectCountersMatchRows } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('seated ticket type edits on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
  });
  afterAll(() => env.close());

  const seatsOf = async (eventId: string) =>
    (await app.inject(`/api/events/${eventId}/seats`)).json<{ seats: { id: string; category: string; status: string }[] }>()
      .seats;
  const typeSeats = async (typeId: string) =>
    (
      await env.database.db
        .selectFrom('event_seats')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('ticket_type_id', '=', typeId)
        .executeTakeFirstOrThrow()
    ).n;

  it('gives the seats of a replaced type to the new type of its category, which sells them as seats', async () => {
    const venue = await createVenue(admin, { layout: gridLayout(2, 4, 1) });
    const event = await createEvent(
      admin,
      eventInput(venue.id, {
        seating: 'reserved',
        ticketTypes: [
          { name: 'Premium', priceCents: 5000, seatCategory: 'premium' },
          { name: 'Standard', priceCents: 3000, seatCategory: 'standard' },
        ],
      }),
    );
    const premium = event.ticketTypes.find((t) => t.seatCategory === 'premium');
    if (premium === undefined) throw new Error('no premium type');
    // "Standard" is replaced by "Balcony price" (a new type: no id) for the same seats.
    const patched = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [
        { id: premium.id, name: 'Premium', priceCents: 5000, seatCategory: 'premium' },
        { name: 'Balcony price', priceCents: 2000, seatCategory: 'standard' },
      ],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const balcony = patched
      .json<{ ticketTypes: { id: string; name: string; capacity: number }[] }>()
      .ticketTypes.find((t) => t.name === 'Balcony price');
    if (balcony === undefined) throw new Error('no new type');
    expect(balcony.capacity).toBe(4);
    // Its category's four seats are still on the map, and belong to it.
    expect((await seatsOf(event.id)).filter((s) => s.category === 'standard')).toHaveLength(4);
    expect(Number(await typeSeats(balcony.id))).toBe(4);
    // A seated type is sold by seat, never by quantity as if it were a standing area.
    const [buyer] = await buyers(app, 1);
    if (buyer === undefined) throw new Error('no buyer');
    const byQuantity = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: balcony.id, quantity: 2 }],
    });
    expect(byQuantity.statusCode, byQuantity.body).toBe(400);
    const best = await buyer.post('/api/reservations', {
      eventId: event.id,
      bestAvailable: { ticketTypeId: balcony.id, quantity: 2 },
    });
    expect(best.statusCode, best.body).toBe(201);
    await expectCountersMatchRows(env, event.id);
  });

  it('answers 409, not a 500, for removing a type whose expired hold a late payment may still revive', async () => {
    const venue = await createVenue(admin, { layout: gridLayout(1, 4, 0) });
    const event = await createEvent(
      admin,
      eventInput(venue.id, { seating: 'reserved', ticketTypes: [{ name: 'Seat', priceCents: 3000, seatCategory: 'standard' }] }),
    );
    const [seat] = await seatsOf(event.id);
    const [buyer] = await buyers(app, 1);
    if (buyer === undefined || seat === undefined) throw new Error('no buyer or seat');
    const held = await buyer.post('/api/reservations', { eventId: event.id, seats: [seat.id] });
    expect(held.statusCode).toBe(201);
    await env.database.db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', held.json<{ id: string }>().id)
      .execute();
    expect(await expireDue(env.database.db, { eventId: event.id })).toBe(1);
    const replaced = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [{ name: 'Seat, new price', priceCents: 2000, seatCategory: 'standard' }],
    });
    expect(replaced.statusCode, replaced.body).toBe(409);
    expect((await seatsOf(event.id)).filter((s) => s.status === 'free')).toHaveLength(4);
    await expectCountersMatchRows(env, event.id);
  });

  it('refuses to move a type with tickets sold or held to another seat category', async () => {
    const venue = await createVenue(admin, { layout: gridLayout(2, 4, 1) });
    const event = await createEvent(
      admin,
      eventInput(venue.id, {
        seating: 'reserved',
        ticketTypes: [
          { name: 'Front', priceCents: 5000, seatCategory: 'premium' },
          { name: 'Back', priceCents: 3000, seatCategory: 'standard' },
        ],
      }),
    );
    const [front, back] = event.ticketTypes;
    if (front === undefined || back === undefined) throw new Error('no types');
    const seat = (await seatsOf(event.id)).find((s) => s.category === 'premium');
    const [buyer] = await buyers(app, 1);
    if (buyer === undefined || seat === undefined) throw new Error('no buyer or seat');
    expect((await buyer.post('/api/reservations', { eventId: event.id, seats: [seat.id] })).statusCode).toBe(201);

    // The two types swap categories: "Front" (one seat held) would now price the standard seats.
    const swapped = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [
        { id: front.id, name: 'Front', priceCents: 5000, seatCategory: 'standard' },
        { id: back.id, name: 'Back', priceCents: 3000, seatCategory: 'premium' },
      ],
    });
    expect(swapped.statusCode, swapped.body).toBe(409);
    // Every seat still counts against the type that sells it: a held premium seat is Front's.
    const held = await env.database.db
      .selectFrom('event_seats')
      .select('ticket_type_id')
      .where('id', '=', seat.id)
      .executeTakeFirstOrThrow();
    expect(held.ticket_type_id).toBe(front.id);
    await expectCountersMatchRows(env, event.id);
  });
});
