/**
 * Discount and access codes (issue 18): which code a hold gets, on SQLite and PostgreSQL. Matching
 * in any case, refused outside the validity window, inactive, unknown or for types it does not name;
 * and hidden types that only an access code reveals, in the event, in lists, in the hold and on
 * the waiting list.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import type { TestEnvironment } from '../support/test-app.js';
import { codeShop, type Held } from './code-fixtures.js';

describe.each(backends)('discount and access codes: matching and hidden types on %s', (backend) => {
  let app: FastifyInstance;
  let admin: TestClient;
  let env: TestEnvironment;
  const shop = codeShop(backend);
  const { buyer, makeCode, usesOf } = shop;

  beforeAll(async () => {
    ({ env, app, admin } = await shop.open());
  });
  afterAll(() => shop.close());

  it('matches a code in any case, and refuses it outside its window, inactive, unknown or for other types', async () => {
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        ticketTypes: [
          { name: 'Standard', priceCents: 2500, capacity: 50 },
          { name: 'VIP', priceCents: 9000, capacity: 50 },
        ],
      }),
    );
    const [standard, vip] = event.ticketTypes.map((t) => ({ id: t.id }));
    if (standard === undefined || vip === undefined) throw new Error('two ticket types expected');
    await makeCode(event.id, { code: 'Summer', kind: 'discount', amountOffCents: 500, ticketTypeIds: [vip.id] });
    const past = await makeCode(event.id, {
      code: 'PAST',
      kind: 'discount',
      percentOff: 5,
      validUntil: new Date(Date.now() - 60_000).toISOString(),
    });
    const off = await makeCode(event.id, { code: 'OFF', kind: 'discount', percentOff: 5, active: false });
    const duplicate = await admin.post(`/api/events/${event.id}/codes`, { code: 'sUMMER', kind: 'discount', percentOff: 1 });
    expect(duplicate.statusCode).toBe(409);

    const ok = await buyer(0).post('/api/reservations', {
      eventId: event.id,
      items: [
        { ticketTypeId: standard.id, quantity: 1 },
        { ticketTypeId: vip.id, quantity: 2 },
      ],
      code: 'sUmMeR',
    });
    expect(ok.statusCode).toBe(201);
    // Only the VIP line is discounted: 2 × 5.00 off 2 × 90.00.
    expect(ok.json<Held>()).toMatchObject({
      subtotalCents: 20500,
      discountCents: 1000,
      totalCents: 19500,
      discountCode: 'Summer',
    });
    const refused = async (code: string, typeId: string) => {
      const res = await buyer(1).post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: typeId, quantity: 1 }],
        code,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'code_invalid' });
    };
    await refused('PAST', standard.id);
    await refused('off', standard.id);
    await refused('NOPE', standard.id);
    await refused('SUMMER', standard.id); // names only VIP
    expect(await usesOf(past.id)).toBe(0);
    expect(await usesOf(off.id)).toBe(0);
    expect((await app.inject(`/api/events/${event.id}?code=past`)).statusCode).toBe(422);
  });

  it('keeps a hidden type invisible and unbuyable without its access code, and sells it with the code', async () => {
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        ticketTypes: [
          { name: 'Standard', priceCents: 2500, capacity: 50 },
          { name: 'Crew', priceCents: 1000, capacity: 5, hidden: true },
        ],
      }),
    );
    const crew = event.ticketTypes.find((t) => t.name === 'Crew') as { id: string };
    await makeCode(event.id, { code: 'CREW-ONLY', kind: 'access', ticketTypeIds: [crew.id], maxUses: 3 });
    const publicEvent = (await app.inject(`/api/events/${event.id}`)).json<EventBody & { capacity: number }>();
    expect(publicEvent.ticketTypes.map((t) => t.name)).toEqual(['Standard']);
    expect(publicEvent.capacity).toBe(50);
    // Nor in lists: the "from" price is the visible type's, not the cheaper hidden one's.
    const listed = (await app.inject(`/api/events?venueId=${event.venue.id}`)).json<{
      items: (EventBody & { priceFromCents: number })[];
    }>();
    expect(listed.items.map((e) => [e.priceFromCents, e.ticketTypes.map((t) => t.name)])).toEqual([[2500, ['Standard']]]);

    const unknown = await buyer(2).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: 'no-such-type', quantity: 1 }],
    });
    const hidden = await buyer(2).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: crew.id, quantity: 1 }],
    });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json()).toEqual(unknown.json());

    const unlocked = (await app.inject(`/api/events/${event.id}?code=crew-only`)).json<EventBody>();
    expect(unlocked.ticketTypes.map((t) => [t.name, (t as { discountedPriceCents?: number }).discountedPriceCents])).toEqual([
      ['Standard', 2500],
      ['Crew', 1000],
    ]);
    // The code's answer did not poison the cached public one.
    expect((await app.inject(`/api/events/${event.id}`)).json<EventBody>().ticketTypes).toHaveLength(1);
    const bought = await buyer(2).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: crew.id, quantity: 2 }],
      code: 'CREW-ONLY',
    });
    expect(bought.statusCode).toBe(201);
    expect(bought.json<Held>()).toMatchObject({ totalCents: 2000, discountCode: 'CREW-ONLY' });
  });

  it('keeps a sold-out hidden type off the waiting list, so no offer sells it without its access code', async () => {
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        ticketTypes: [
          { name: 'Standard', priceCents: 2500, capacity: 50 },
          { name: 'Backstage', priceCents: 1000, capacity: 1, hidden: true },
        ],
      }),
    );
    const backstage = event.ticketTypes.find((t) => t.name === 'Backstage') as { id: string };
    await makeCode(event.id, { code: 'BACKSTAGE-1', kind: 'access', ticketTypeIds: [backstage.id], maxUses: 1 });
    const held = await buyer(3).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: backstage.id, quantity: 1 }],
      code: 'backstage-1',
    });
    expect(held.statusCode, held.body).toBe(201);
    // Sold out and its code used up: a buyer without the code (who learned the type's id) asks
    // for a place in line, which would turn into a hold of the hidden type when the ticket comes back.
    const unknown = await buyer(4).post(`/api/events/${event.id}/waitlist`, { ticketTypeId: 'no-such-type', quantity: 1 });
    const joined = await buyer(4).post(`/api/events/${event.id}/waitlist`, { ticketTypeId: backstage.id, quantity: 1 });
    expect(joined.statusCode, joined.body).toBe(unknown.statusCode);
    expect(joined.json()).toEqual(unknown.json());
    const entries = await env.database.db
      .selectFrom('waitlist_entries')
      .select('id')
      .where('ticket_type_id', '=', backstage.id)
      .execute();
    expect(entries).toEqual([]);
  });
});
