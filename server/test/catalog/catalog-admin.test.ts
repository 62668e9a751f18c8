/** Venues and event management on every backend: validation, publishing, capacity rules, seats, audit. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, gridLayout, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('catalog administration on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
  });
  afterAll(() => env.close());

  const countRows = async (table: 'events' | 'venues' | 'ticket_types' | 'event_seats') => {
    const row = await env.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  };

  it('keeps venue and event management to admins: 401 anonymous, 403 for users', async () => {
    const user = new TestClient(app, '10.10.0.1');
    await user.register(uniqueEmail('nonadmin'));
    for (const c of [new TestClient(app, '10.10.0.2'), user]) {
      const expected = c === user ? 403 : 401;
      expect((await c.get('/api/venues')).statusCode).toBe(expected);
      expect((await c.post('/api/venues', { name: 'x', address: '', city: 'y', capacity: 1, layout: null })).statusCode).toBe(
        expected,
      );
      expect((await c.post('/api/events', eventInput('v'))).statusCode).toBe(expected);
    }
  });

  it('lists venues a page at a time, 20 by default, by name, as every list does (API.md: limit, cursor)', async () => {
    interface VenuePage {
      items: { id: string; name: string }[];
      nextCursor: string | null;
    }
    const before = (await admin.get('/api/venues?limit=100')).json<VenuePage>().items.length;
    for (let i = 0; i < 21; i++) await createVenue(admin, { name: `Paged ${String(i).padStart(2, '0')}` });
    const first = await admin.get('/api/venues');
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json<VenuePage>();
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
    const seen = [...page.items];
    for (let cursor = page.nextCursor; cursor !== null;) {
      const next = (await admin.get(`/api/venues?limit=7&cursor=${encodeURIComponent(cursor)}`)).json<VenuePage>();
      expect(next.items.length).toBeLessThanOrEqual(7);
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(new Set(seen.map((v) => v.id)).size).toBe(before + 21);
    const names = seen.map((v) => v.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect((await admin.get('/api/venues?limit=101')).statusCode).toBe(400);
    expect((await admin.get('/api/venues?cursor=forged')).statusCode).toBe(400);
  });

  it('creates a venue with a layout, counts its seats and derives capacity from them', async () => {
    const venue = await createVenue(admin, { name: 'Small Hall', layout: gridLayout(5, 10), capacity: 1 });
    expect(venue).toMatchObject({ seatCount: 50 });
    expect((await admin.get(`/api/venues/${venue.id}`)).json()).toMatchObject({
      name: 'Small Hall',
      capacity: 50,
      seatCount: 50,
    });
  });

  it.each([
    [
      'duplicate seat numbers',
      {
        sections: [
          {
            name: 'S',
            rows: [
              {
                label: 'A',
                seats: [
                  { number: 1, category: 'standard' },
                  { number: 1, category: 'standard' },
                ],
              },
            ],
          },
        ],
      },
    ],
    [
      'duplicate rows',
      {
        sections: [
          {
            name: 'S',
            rows: [
              { label: 'A', seats: [{ number: 1, category: 'standard' }] },
              { label: 'A', seats: [{ number: 2, category: 'standard' }] },
            ],
          },
        ],
      },
    ],
    ['no seats', { sections: [{ name: 'S', rows: [] }] }],
    ['a bad category name', { sections: [{ name: 'S', rows: [{ label: 'A', seats: [{ number: 1, category: 'VIP <b>' }] }] }] }],
  ])('rejects a layout with %s and stores nothing', async (_label, layout) => {
    const before = await countRows('venues');
    const res = await admin.post('/api/venues', { name: 'Bad', address: '', city: 'X', capacity: 10, layout });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    expect(await countRows('venues')).toBe(before);
  });

  it('creates a reserved-seating event with one seat row per seat, priced by category', async () => {
    const venue = await createVenue(admin, { layout: gridLayout(3, 4, 1) });
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
    expect(event).toMatchObject({ capacity: 12, remaining: 12, priceFromCents: 3000 });
    expect(event.ticketTypes.map((t) => [t.name, t.capacity])).toEqual([
      ['Standard', 8],
      ['Premium', 4],
    ]);
    const seats = (await app.inject(`/api/events/${event.id}/seats`)).json<{
      seats: { row: string; number: number; category: string; status: string }[];
    }>().seats;
    expect(seats).toHaveLength(12);
    expect(seats[0]).toMatchObject({ row: 'A', number: 1, category: 'premium', status: 'free' });
    expect(new Set(seats.map((s) => `${s.row}${s.number}`)).size).toBe(12);
  });

  it.each([
    [
      'reserved seating on a venue without a layout',
      async (gaVenue: string) =>
        eventInput(gaVenue, { seating: 'reserved', ticketTypes: [{ name: 'S', priceCents: 1, seatCategory: 'standard' }] }),
    ],
    [
      'an unpriced seat category',
      async () =>
        eventInput((await createVenue(admin, { layout: gridLayout(2, 2, 1) })).id, {
          seating: 'reserved',
          ticketTypes: [{ name: 'S', priceCents: 1, seatCategory: 'standard' }],
        }),
    ],
    [
      'general admission without capacity',
      async (gaVenue: string) => eventInput(gaVenue, { ticketTypes: [{ name: 'S', priceCents: 1 }] }),
    ],
    ['an end before the start', async (gaVenue: string) => eventInput(gaVenue, { endsAt: new Date(Date.now()).toISOString() })],
    [
      'sales ending after the event',
      async (gaVenue: string) => eventInput(gaVenue, { salesEndAt: new Date(Date.now() + 400 * 24 * 3600_000).toISOString() }),
    ],
    [
      'two ticket types with one name',
      async (gaVenue: string) =>
        eventInput(gaVenue, {
          ticketTypes: [
            { name: 'A', priceCents: 1, capacity: 1 },
            { name: 'a', priceCents: 2, capacity: 1 },
          ],
        }),
    ],
    ['an unknown venue', async () => eventInput('no-such-venue')],
    [
      'a negative price',
      async (gaVenue: string) => eventInput(gaVenue, { ticketTypes: [{ name: 'A', priceCents: -5, capacity: 1 }] }),
    ],
    ['mass-assigned status', async (gaVenue: string) => ({ ...eventInput(gaVenue), status: 'published' })],
    [
      'mass-assigned counters',
      async (gaVenue: string) =>
        eventInput(gaVenue, { ticketTypes: [{ name: 'A', priceCents: 1, capacity: 1, sold: 0 } as never] }),
    ],
    [
      'a client-chosen ticket type id',
      async (gaVenue: string) => eventInput(gaVenue, { ticketTypes: [{ id: 'mine', name: 'A', priceCents: 1, capacity: 1 }] }),
    ],
  ])('rejects an event with %s (400) and stores nothing', async (_label, build) => {
    const gaVenue = (await createVenue(admin)).id;
    const body = await build(gaVenue);
    const before = [await countRows('events'), await countRows('ticket_types')];
    const res = await admin.post('/api/events', body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    expect([await countRows('events'), await countRows('ticket_types')]).toEqual(before);
  });

  it('hides drafts from the public (404) and shows them once published', async () => {
    const venue = await createVenue(admin);
    const draft = await createEvent(admin, eventInput(venue.id, { title: 'Not yet' }), false);
    expect(draft.status).toBe('draft');
    expect((await app.inject(`/api/events/${draft.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/events/${draft.id}`)).statusCode).toBe(200);
    expect((await admin.post(`/api/events/${draft.id}/publish`)).json()).toMatchObject({ status: 'published' });
    expect((await app.inject(`/api/events/${draft.id}`)).json()).toMatchObject({ title: 'Not yet', status: 'published' });
  });

  it('edits ticket types, but a published event cannot drop below what is sold or held', async () => {
    const venue = await createVenue(admin);
    const event = await createEvent(
      admin,
      eventInput(venue.id, { ticketTypes: [{ name: 'Standard', priceCents: 2500, capacity: 100 }] }),
    );
    const typeId = event.ticketTypes[0]?.id ?? '';
    await env.database.db.updateTable('ticket_types').set({ sold: 30, held: 10 }).where('id', '=', typeId).execute();
    const shrink = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [{ id: typeId, name: 'Standard', priceCents: 2500, capacity: 39 }],
    });
    expect(shrink.statusCode).toBe(409);
    const ok = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [
        { id: typeId, name: 'Standard', priceCents: 2000, capacity: 40 },
        { name: 'VIP', priceCents: 9000, capacity: 5 },
      ],
    });
    expect(ok.statusCode).toBe(200);
    const body = ok.json<EventBody>();
    expect(body).toMatchObject({ capacity: 45, remaining: 5, priceFromCents: 2000 });
    const removeSold = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [{ name: 'Other', priceCents: 1, capacity: 1 }],
    });
    expect(removeSold.statusCode).toBe(409);
    expect(
      (
        await admin.patch(`/api/events/${event.id}`, {
          ticketTypes: [{ id: 'someone-elses', name: 'X', priceCents: 1, capacity: 1 }],
        })
      ).statusCode,
    ).toBe(400);
  });

  it('cancels (then refuses changes) and deletes only drafts without reservations', async () => {
    const venue = await createVenue(admin);
    const published = await createEvent(admin, eventInput(venue.id));
    expect((await admin.delete(`/api/events/${published.id}`)).statusCode).toBe(409);
    expect((await admin.post(`/api/events/${published.id}/cancel`)).json()).toMatchObject({ status: 'cancelled' });
    expect((await admin.patch(`/api/events/${published.id}`, { title: 'Back' })).statusCode).toBe(409);
    expect((await admin.post(`/api/events/${published.id}/publish`)).statusCode).toBe(409);
    const draft = await createEvent(admin, eventInput(venue.id), false);
    expect((await admin.delete(`/api/events/${draft.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/events/${draft.id}`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/venues/${venue.id}`)).statusCode).toBe(409);
  });

  it('follows a venue rename into its events and their search', async () => {
    const venue = await createVenue(admin, { name: 'Old Name', city: 'Brașov' });
    const event = await createEvent(admin, eventInput(venue.id, { title: 'Renamed Venue Show' }));
    expect((await admin.patch(`/api/venues/${venue.id}`, { name: 'Filarmonica' })).statusCode).toBe(200);
    expect((await app.inject(`/api/events/${event.id}`)).json()).toMatchObject({
      venue: { name: 'Filarmonica', city: 'Brașov' },
    });
    const found = (await app.inject('/api/events?q=filarmonica')).json<{ items: EventBody[] }>().items.map((e) => e.id);
    expect(found).toContain(event.id);
    expect((await app.inject('/api/events?q=brasov')).json<{ items: EventBody[] }>().items.map((e) => e.id)).toContain(event.id);
  });

  it('refuses a venue name, an event title or a ticket type name that is only spaces, changing nothing', async () => {
    const venue = await createVenue(admin, { name: 'Blank Test Hall' });
    const event = await createEvent(admin, eventInput(venue.id, { title: 'Blank Test Show' }));
    const blank = ' \t ';
    const refusals: [Promise<{ statusCode: number; json: () => unknown }>, string][] = [
      [admin.post('/api/venues', { name: blank, address: 'Str. 1', city: 'Iași', capacity: 10, layout: null }), '/name'],
      [admin.patch(`/api/venues/${venue.id}`, { name: blank }), '/name'],
      [admin.post('/api/events', eventInput(venue.id, { title: blank })), '/title'],
      [admin.patch(`/api/events/${event.id}`, { title: blank }), '/title'],
      [
        admin.post('/api/events', eventInput(venue.id, { ticketTypes: [{ name: blank, priceCents: 100, capacity: 5 }] })),
        '/ticketTypes/0/name',
      ],
    ];
    for (const [sent, path] of refusals) {
      const res = await sent;
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
    }
    expect((await admin.get(`/api/venues/${venue.id}`)).json()).toMatchObject({ name: 'Blank Test Hall' });
    expect((await app.inject(`/api/events/${event.id}`)).json()).toMatchObject({ title: 'Blank Test Show' });
    const listed = (await app.inject(`/api/events?venueId=${venue.id}`)).json<{ items: EventBody[] }>().items;
    expect(listed.map((e) => e.title)).toEqual(['Blank Test Show']);
  });

  it('records every catalog change in the audit log', async () => {
    const venue = await createVenue(admin);
    const event = await createEvent(admin, eventInput(venue.id));
    await admin.patch(`/api/events/${event.id}`, { title: 'Changed' });
    await admin.post(`/api/events/${event.id}/cancel`);
    const actions = (await admin.get(`/api/admin/audit?entityId=${event.id}`))
      .json<{ items: { action: string }[] }>()
      .items.map((i) => i.action);
    expect(actions).toEqual(['event.cancel', 'event.update', 'event.publish', 'event.create']);
    expect(
      (await admin.get(`/api/admin/audit?entityId=${venue.id}`))
        .json<{ items: { action: string }[] }>()
        .items.map((i) => i.action),
    ).toEqual(['venue.create']);
  });
});
