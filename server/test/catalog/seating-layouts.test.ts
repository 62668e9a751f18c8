/**
 * Drawn layouts (issue 22) on every backend: the validation rules, the editor's own fields kept,
 * grid layouts unchanged, a 20,000-seat drawing accepted, and each event's own copy of its layout
 * (seats with positions, standing capacities) surviving later edits of the venue.
 */
import type { Layout } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, gridLayout, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, expectCountersMatchRows } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** A drawn hall: a curved seated section with a wheelchair place and its companion, and a standing floor. */
function drawnLayout(): Layout {
  return {
    editor: { version: 3, background: '#fff', grid: 10 },
    sections: [
      {
        name: 'Parter',
        kind: 'seated',
        x: 100,
        y: 200,
        angle: 15,
        shape: { type: 'arc', radius: 300 },
        rows: [
          {
            label: 'A',
            rank: 1,
            curve: 12.5,
            numbering: 'right-to-left',
            seats: [
              { number: 1, category: 'front', x: 110.5, y: 210.25, accessible: 'wheelchair' },
              { number: 2, category: 'front', x: 120, y: 210, accessible: 'companion' },
              { number: 3, category: 'front', x: 130, y: 210 },
            ],
          },
          {
            label: 'B',
            rank: 2,
            seats: [
              { number: 1, category: 'back', x: 110, y: 230 },
              { number: 2, category: 'back', x: 120, y: 230, accessible: null },
            ],
          },
        ],
      },
      { name: 'Floor', kind: 'standing', capacity: 150, category: 'floor', polygon: [0, 0, 100, 0, 100, 50] },
    ],
  } as unknown as Layout;
}

const seated = (rows: unknown[]) => ({ sections: [{ name: 'S', rows }] });

describe.each(backends)('drawn layouts on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
  });
  afterAll(() => env.close());

  const venueCount = async () =>
    (
      await env.database.db
        .selectFrom('venues')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  const invalidLayouts: [string, unknown, string][] = [
    [
      'a standing area without a capacity',
      { sections: [{ name: 'F', kind: 'standing', category: 'floor' }] },
      '/layout/sections/0/capacity',
    ],
    [
      'a standing area without a category',
      { sections: [{ name: 'F', kind: 'standing', capacity: 10 }] },
      '/layout/sections/0/category',
    ],
    [
      'a standing area with seats',
      {
        sections: [
          {
            name: 'F',
            kind: 'standing',
            capacity: 10,
            category: 'floor',
            rows: [{ label: 'A', seats: [{ number: 1, category: 'x' }] }],
          },
        ],
      },
      '/layout/sections/0/rows',
    ],
    ['a seated section without rows', { sections: [{ name: 'S', kind: 'seated' }] }, '/layout/sections/0/rows'],
    [
      'a seated section with a capacity',
      { sections: [{ name: 'S', capacity: 5, rows: [{ label: 'A', seats: [{ number: 1, category: 'x' }] }] }] },
      '/layout/sections/0/capacity',
    ],
    [
      'a seat with x but no y',
      seated([{ label: 'A', seats: [{ number: 1, category: 'x', x: 5 }] }]),
      '/layout/sections/0/rows/0/seats/0/y',
    ],
    [
      'a companion seat without a wheelchair place in its row',
      seated([{ label: 'A', seats: [{ number: 1, category: 'x', accessible: 'companion' }] }]),
      '/layout/sections/0/rows/0/seats/0/accessible',
    ],
    [
      'a category both seated and standing',
      {
        sections: [
          { name: 'S', rows: [{ label: 'A', seats: [{ number: 1, category: 'floor' }] }] },
          { name: 'F', kind: 'standing', capacity: 10, category: 'floor' },
        ],
      },
      '/layout/sections/1/category',
    ],
    ['a seat off the plane', seated([{ label: 'A', seats: [{ number: 1, category: 'x', x: 1000.5, y: 3 }] }]), ''],
    ['a negative position', seated([{ label: 'A', seats: [{ number: 1, category: 'x', x: -1, y: 3 }] }]), ''],
    ['an unknown accessibility', seated([{ label: 'A', seats: [{ number: 1, category: 'x', accessible: 'vip' }] }]), ''],
    ['a negative row rank', seated([{ label: 'A', rank: -1, seats: [{ number: 1, category: 'x' }] }]), ''],
    ['an unknown field on a seat', seated([{ label: 'A', seats: [{ number: 1, category: 'x', price: 5 }] }]), ''],
  ];

  it.each(invalidLayouts)('refuses %s with a 400 naming the field, creating nothing', async (_, layout, path) => {
    const before = await venueCount();
    const res = await admin.post('/api/venues', { name: 'V', address: '', city: 'Iași', capacity: 1, layout });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    if (path !== '') expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(path);
    expect(await venueCount()).toBe(before);
  });

  it('refuses 20,001 seats but takes a 20,000-seat drawing with positions past the 1 MB body limit', async () => {
    const drawing = (): Layout => ({
      sections: Array.from({ length: 40 }, (_, s) => ({
        name: `Sector ${s + 1}`,
        angle: s * 9,
        rows: Array.from({ length: 25 }, (_, r) => ({
          label: `R${r + 1}`,
          curve: 4.5,
          seats: Array.from({ length: 20 }, (_, n) => ({
            number: n + 1,
            category: r < 5 ? 'premium' : 'standard',
            x: Math.round((s * 24.9 + n * 1.2) * 100) / 100,
            y: Math.round((r * 39.9 + n * 0.7) * 100) / 100,
          })),
        })),
      })),
    });
    const full = drawing();
    const body = { name: 'Arena', address: '', city: 'Cluj-Napoca', capacity: 1, layout: full };
    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    const res = await admin.post('/api/venues', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ seatCount: 20_000, capacity: 20_000 });
    full.sections[0]?.rows?.[0]?.seats.push({ number: 21, category: 'premium', x: 1, y: 1 });
    const over = await admin.post('/api/venues', { ...body, layout: full });
    expect(over.statusCode).toBe(400);
    expect(over.body).toContain('20000');
  });

  it("keeps the editor's own fields on the layout, its sections and rows, on create and on edit", async () => {
    const layout = drawnLayout();
    const venue = await createVenue(admin, { layout });
    const read = (await admin.get(`/api/venues/${venue.id}`)).json<{ layout: Layout; capacity: number; seatCount: number }>();
    expect(read.layout).toEqual(layout);
    // Seats are counted from rows; the venue holds its seats and its standing places.
    expect(read).toMatchObject({ seatCount: 5, capacity: 155 });
    const edited = { ...layout, editor: { version: 4, zoom: 2 } } as Layout;
    const patched = await admin.patch(`/api/venues/${venue.id}`, { layout: edited });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<{ layout: Layout }>().layout).toEqual(edited);
    expect((await admin.get(`/api/venues/${venue.id}`)).json<{ layout: Layout }>().layout).toEqual(edited);
  });

  it('imports an old grid layout unchanged and its events as before (no positions)', async () => {
    const layout = gridLayout(3, 4);
    const venue = await createVenue(admin, { layout });
    expect((await admin.get(`/api/venues/${venue.id}`)).json<{ layout: Layout }>().layout).toEqual(layout);
    const event = await createEvent(
      admin,
      eventInput(venue.id, {
        seating: 'reserved',
        ticketTypes: [
          { name: 'P', priceCents: 100, seatCategory: 'premium' },
          { name: 'S', priceCents: 50, seatCategory: 'standard' },
        ],
      }),
    );
    const seats = (await app.inject(`/api/events/${event.id}/seats`)).json<{ seats: Record<string, unknown>[] }>().seats;
    expect(seats).toHaveLength(12);
    expect(Object.keys(seats[0] ?? {}).sort()).toEqual(['category', 'id', 'number', 'row', 'section', 'status']);
    expect((await app.inject(`/api/events/${event.id}/layout`)).json()).toEqual(layout);
  });

  async function drawnEvent(layout = drawnLayout()): Promise<{ venueId: string; event: EventBody }> {
    const venue = await createVenue(admin, { layout });
    const event = await createEvent(
      admin,
      eventInput(venue.id, {
        seating: 'reserved',
        ticketTypes: [
          { name: 'Front', priceCents: 9000, seatCategory: 'front' },
          { name: 'Back', priceCents: 5000, seatCategory: 'back' },
          { name: 'Floor', priceCents: 3000, seatCategory: 'floor' },
        ],
      }),
    );
    return { venueId: venue.id, event };
  }

  it("copies positions, accessibility and row rank into the event's seats; a standing type gets its area's capacity", async () => {
    const { event } = await drawnEvent();
    const rows = await env.database.db
      .selectFrom('event_seats')
      .select(['row_label', 'number', 'x', 'y', 'accessible', 'row_rank', 'category'])
      .where('event_id', '=', event.id)
      .orderBy('position')
      .execute();
    expect(rows).toEqual([
      { row_label: 'A', number: 1, x: 110.5, y: 210.25, accessible: 'wheelchair', row_rank: 1, category: 'front' },
      { row_label: 'A', number: 2, x: 120, y: 210, accessible: 'companion', row_rank: 1, category: 'front' },
      { row_label: 'A', number: 3, x: 130, y: 210, accessible: null, row_rank: 1, category: 'front' },
      { row_label: 'B', number: 1, x: 110, y: 230, accessible: null, row_rank: 2, category: 'back' },
      { row_label: 'B', number: 2, x: 120, y: 230, accessible: null, row_rank: 2, category: 'back' },
    ]);
    const types = new Map(event.ticketTypes.map((t) => [t.seatCategory, t.capacity]));
    expect(Object.fromEntries(types)).toEqual({ front: 3, back: 2, floor: 150 });
    expect(event.capacity).toBe(155);
    const seats = (await app.inject(`/api/events/${event.id}/seats`)).json<{ seats: Record<string, unknown>[] }>().seats;
    expect(seats[0]).toMatchObject({ row: 'A', number: 1, x: 110.5, y: 210.25, accessible: 'wheelchair' });
    expect(seats[2]).not.toHaveProperty('accessible');
  });

  it('refuses a drawn event that leaves the standing category unpriced', async () => {
    const venue = await createVenue(admin, { layout: drawnLayout() });
    const res = await admin.post(
      '/api/events',
      eventInput(venue.id, {
        seating: 'reserved',
        ticketTypes: [
          { name: 'Front', priceCents: 9000, seatCategory: 'front' },
          { name: 'Back', priceCents: 5000, seatCategory: 'back' },
        ],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('floor');
  });

  it('sells a standing area for what the buyer wants to pay, and refuses pay what you want on chosen seats', async () => {
    const venue = await createVenue(admin, { layout: drawnLayout() });
    const types = (front: number | null) => [
      { name: 'Front', priceCents: 9000, seatCategory: 'front', minPriceCents: front },
      { name: 'Back', priceCents: 5000, seatCategory: 'back' },
      { name: 'Floor', priceCents: 3000, seatCategory: 'floor', minPriceCents: 1000 },
    ];
    // A seat is held by its id alone, with no amount: its price cannot be the buyer's to choose.
    const refused = await admin.post('/api/events', eventInput(venue.id, { seating: 'reserved', ticketTypes: types(4000) }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ code: string; errors: { path: string }[] }>()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: '/ticketTypes/0/minPriceCents' }],
    });

    const event = await createEvent(admin, eventInput(venue.id, { seating: 'reserved', ticketTypes: types(null) }));
    const floor = event.ticketTypes.find((t) => t.seatCategory === 'floor');
    expect(floor).toMatchObject({ minPriceCents: 1000 });
    const [buyer] = await buyers(app, 1);
    if (buyer === undefined || floor === undefined) throw new Error('no buyer or no floor');
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: floor.id, quantity: 2, priceCents: 1500 }],
    });
    expect(held.statusCode, held.body).toBe(201);
    expect(held.json<{ totalCents: number }>().totalCents).toBe(3000);
    // And an edit cannot make the seats pay-what-you-want either.
    const patched = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: event.ticketTypes.map((t) => ({
        id: t.id,
        name: t.name,
        priceCents: t.priceCents,
        seatCategory: t.seatCategory,
        minPriceCents: t.seatCategory === 'back' ? 100 : t.minPriceCents,
      })),
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json<{ errors: { path: string }[] }>().errors).toEqual([
      expect.objectContaining({ path: '/ticketTypes/1/minPriceCents' }),
    ]);
  });

  it("leaves an event's seats, layout copy and reservations intact when its venue's layout is edited", async () => {
    const original = drawnLayout();
    const { venueId, event } = await drawnEvent(original);
    const seatsBefore = (await admin.get(`/api/events/${event.id}/seats`)).json<{ seats: { id: string; status: string }[] }>()
      .seats;
    const [buyer] = await buyers(app, 1);
    if (buyer === undefined) throw new Error('no buyer');
    const held = await buyer.post('/api/reservations', { eventId: event.id, seats: seatsBefore.slice(0, 2).map((s) => s.id) });
    expect(held.statusCode).toBe(201);
    const reservation = held.json<{ id: string; totalCents: number }>();

    // The venue is redrawn: other sections, other categories, no standing area.
    const redrawn: Layout = {
      sections: [{ name: 'Balcon', rows: [{ label: 'Z', seats: [{ number: 9, category: 'cheap', x: 1, y: 2 }] }] }],
    };
    expect((await admin.patch(`/api/venues/${venueId}`, { layout: redrawn })).statusCode).toBe(200);

    const seatsAfter = (await admin.get(`/api/events/${event.id}/seats`)).json<{ seats: { id: string; status: string }[] }>()
      .seats;
    expect(seatsAfter).toEqual(seatsBefore.map((s, i) => (i < 2 ? { ...s, status: 'held' } : s)));
    expect((await admin.get(`/api/events/${event.id}/layout`)).json()).toEqual(original);
    expect((await buyer.get(`/api/reservations/${reservation.id}`)).json()).toMatchObject({
      status: 'pending_payment',
      totalCents: 18_000,
    });

    // Editing the event's prices still plans against its own copy (front, back, floor), not the venue's.
    const edit = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: event.ticketTypes.map((t) => ({
        id: t.id,
        name: t.name,
        priceCents: t.priceCents + 100,
        seatCategory: t.seatCategory,
      })),
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json<EventBody>().ticketTypes.map((t) => [t.seatCategory, t.capacity])).toEqual([
      ['front', 3],
      ['back', 2],
      ['floor', 150],
    ]);
    const seatsLast = (await admin.get(`/api/events/${event.id}/seats`)).json<{ seats: unknown[] }>().seats;
    expect(seatsLast).toEqual(seatsAfter);
    await expectCountersMatchRows(env, event.id);

    // A new event at the venue takes the new drawing.
    const next = await createEvent(
      admin,
      eventInput(venueId, { seating: 'reserved', ticketTypes: [{ name: 'C', priceCents: 10, seatCategory: 'cheap' }] }),
    );
    expect((await admin.get(`/api/events/${next.id}/layout`)).json()).toEqual(redrawn);
  });

  it("gives a draft that moves venue (or to reserved seating) a fresh copy of the new venue's layout", async () => {
    const { event } = await drawnEvent();
    const otherLayout = gridLayout(2, 2, 0);
    const other = await createVenue(admin, { layout: otherLayout });
    const draft = await createEvent(
      admin,
      eventInput(other.id, { seating: 'general', ticketTypes: [{ name: 'GA', priceCents: 10, capacity: 5 }] }),
      false,
    );
    expect((await admin.get(`/api/events/${draft.id}/layout`)).statusCode).toBe(404);
    const toReserved = await admin.patch(`/api/events/${draft.id}`, {
      seating: 'reserved',
      ticketTypes: [{ name: 'Std', priceCents: 10, seatCategory: 'standard' }],
    });
    expect(toReserved.statusCode).toBe(200);
    expect((await admin.get(`/api/events/${draft.id}/layout`)).json()).toEqual(otherLayout);
    const unpublished = await createEvent(
      admin,
      eventInput(other.id, { seating: 'reserved', ticketTypes: [{ name: 'Std', priceCents: 10, seatCategory: 'standard' }] }),
      false,
    );
    const moved = await admin.patch(`/api/events/${unpublished.id}`, {
      venueId: (await admin.get(`/api/events/${event.id}`)).json<EventBody>().venue.id,
      ticketTypes: event.ticketTypes.map((t) => ({ name: t.name, priceCents: t.priceCents, seatCategory: t.seatCategory })),
    });
    expect(moved.statusCode).toBe(200);
    expect((await admin.get(`/api/events/${unpublished.id}/layout`)).json()).toEqual(drawnLayout());
    expect((await admin.get(`/api/events/${unpublished.id}/seats`)).json<{ seats: unknown[] }>().seats).toHaveLength(5);
    const toGeneral = await admin.patch(`/api/events/${unpublished.id}`, {
      seating: 'general',
      ticketTypes: [{ name: 'GA', priceCents: 10, capacity: 5 }],
    });
    expect(toGeneral.statusCode).toBe(200);
    expect((await admin.get(`/api/events/${unpublished.id}/layout`)).statusCode).toBe(404);
  });
});
