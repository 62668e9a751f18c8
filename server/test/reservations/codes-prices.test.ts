/**
 * Prices in the hold (issue 18), on SQLite and PostgreSQL: pay what you want at or above the
 * minimum, free orders paid at once and counted in the per-event cap, and discount and tax that
 * add up to the cent.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taxContained } from '../../src/reservations/pricing.js';
import { backends } from '../support/backends.js';
import { createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { gaEvent } from '../support/reservation-fixtures.js';
import type { TestEnvironment } from '../support/test-app.js';
import { codeShop, type Held } from './code-fixtures.js';

describe.each(backends)('discount and access codes: prices on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  const shop = codeShop(backend);
  const { buyer, makeCode, hold } = shop;

  beforeAll(async () => {
    ({ env, app, admin } = await shop.open());
  });
  afterAll(() => shop.close());

  it('takes a pay-what-you-want price at or above the minimum and refuses one below it with the path', async () => {
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        ticketTypes: [{ name: 'Supporter', priceCents: 2000, minPriceCents: 500, capacity: 50 }],
      }),
    );
    const typeId = event.ticketTypes[0]?.id ?? '';
    const low = await buyer(3).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: typeId, quantity: 1, priceCents: 499 }],
    });
    expect(low.statusCode).toBe(400);
    expect(low.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/items/0/priceCents' }] });
    const atMin = await buyer(3).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: typeId, quantity: 2, priceCents: 500 }],
    });
    expect(atMin.statusCode).toBe(201);
    expect(atMin.json<Held>().totalCents).toBe(1000);
    const generous = await buyer(4).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: typeId, quantity: 1, priceCents: 5000 }],
    });
    expect(generous.json<Held>()).toMatchObject({ totalCents: 5000, lines: [{ unitPriceCents: 5000, totalCents: 5000 }] });
    const fixed = await gaEvent(env, app, 5);
    const priced = await hold(4, fixed, {
      items: [{ ticketTypeId: fixed.ticketTypes[0]?.id ?? '', quantity: 1, priceCents: 1 }],
    });
    expect(priced.statusCode).toBe(400);
    expect(priced.json()).toMatchObject({ errors: [{ path: '/items/0/priceCents' }] });
  });

  it('keeps a type sent with minPriceCents: null (as the event form sends a fixed price) at its fixed price', async () => {
    // The body validator coerces types: null must stay null, not become a minimum of 0 (free tickets).
    const input = eventInput((await createVenue(admin)).id, {
      ticketTypes: [{ name: 'Fixed', priceCents: 2000, minPriceCents: null, capacity: 50 }],
    });
    const event = await createEvent(admin, input);
    const type = event.ticketTypes[0];
    if (type === undefined) throw new Error('no type');
    expect(type.minPriceCents).toBeNull();
    const free = await hold(5, event, { items: [{ ticketTypeId: type.id, quantity: 1, priceCents: 0 }] });
    expect(free.statusCode).toBe(400);
    expect(free.json()).toMatchObject({ errors: [{ path: '/items/0/priceCents' }] });
    // An edit that sends null again leaves it fixed too.
    const patched = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [{ id: type.id, name: 'Fixed', priceCents: 2000, minPriceCents: null, capacity: 50 }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<{ ticketTypes: { minPriceCents: number | null }[] }>().ticketTypes[0]?.minPriceCents).toBeNull();
    const held = await hold(5, event, { items: [{ ticketTypeId: type.id, quantity: 1 }] });
    expect(held.json<Held>().totalCents).toBe(2000);
  });

  it('refuses an edit that leaves a pay-what-you-want minimum above the suggested price, and changes nothing', async () => {
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        ticketTypes: [{ name: 'Supporter', priceCents: 2000, minPriceCents: 1000, capacity: 50 }],
      }),
    );
    const type = event.ticketTypes[0];
    if (type === undefined) throw new Error('no type');
    // minPriceCents left out of the edit keeps the stored 1000, which the new price of 500 is below.
    const patched = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [{ id: type.id, name: 'Supporter', priceCents: 500, capacity: 50 }],
    });
    expect(patched.statusCode, patched.body).toBe(400);
    expect(patched.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/ticketTypes/0/minPriceCents' }] });
    const after = (await app.inject(`/api/events/${event.id}`)).json<{
      priceFromCents: number;
      ticketTypes: { priceCents: number; minPriceCents: number | null }[];
    }>();
    expect([after.priceFromCents, after.ticketTypes[0]?.priceCents, after.ticketTypes[0]?.minPriceCents]).toEqual([
      1000, 2000, 1000,
    ]);
    // Lowering both together is fine.
    const both = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [{ id: type.id, name: 'Supporter', priceCents: 500, minPriceCents: 300, capacity: 50 }],
    });
    expect(both.statusCode, both.body).toBe(200);
  });

  it('counts free orders in the per-event cap: one account cannot collect a free event order after order', async () => {
    const event = await gaEvent(env, app, 30, { maxTicketsPerOrder: 4 });
    await makeCode(event.id, { code: 'ALLFREE', kind: 'discount', percentOff: 100 });
    const first = await hold(6, event, { code: 'allfree' }, 3);
    expect(first.json<Held>()).toMatchObject({ status: 'paid', totalCents: 0 });
    const second = await hold(6, event, { code: 'allfree' }, 2);
    expect(second.statusCode).toBe(429);
    expect(second.json()).toMatchObject({ code: 'hold_limit' });
    // Up to the cap is still fine, and another buyer is not affected.
    expect((await hold(6, event, { code: 'allfree' }, 1)).statusCode).toBe(201);
    expect((await hold(7, event, { code: 'allfree' }, 4)).statusCode).toBe(201);
    const sold = await env.database.db
      .selectFrom('ticket_types')
      .select('sold')
      .where('event_id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(sold.sold).toBe(8);
  });

  it('pays a total of 0 at once, with signed tickets, a free payment record and the confirmation', async () => {
    const event = await gaEvent(env, app, 20);
    await makeCode(event.id, { code: 'GUEST', kind: 'discount', percentOff: 100 });
    const res = await hold(5, event, { code: 'guest' }, 2);
    expect(res.statusCode).toBe(201);
    const body = res.json<Held>();
    expect(body).toMatchObject({ status: 'paid', totalCents: 0, discountCents: 5000, paymentMethod: 'free' });
    expect(body.tickets.every((t) => typeof t.qr === 'string' && t.qr.length > 0)).toBe(true);
    const db = env.database.db;
    const payment = await db
      .selectFrom('payments')
      .select(['provider', 'amount_cents', 'status'])
      .where('reservation_id', '=', body.id)
      .execute();
    expect(payment).toEqual([{ provider: 'free', amount_cents: 0, status: 'succeeded' }]);
    const mail = await db.selectFrom('email_outbox').select('kind').where('reservation_id', '=', body.id).execute();
    expect(mail.map((m) => m.kind)).toEqual(['payment_confirmed']);
    const type = await db
      .selectFrom('ticket_types')
      .select(['held', 'sold'])
      .where('event_id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(type).toEqual({ held: 0, sold: 2 });
    expect((await buyer(5).get(`/api/reservations/${body.id}`)).json()).toEqual(body);
  });

  it('adds discount and tax up to the cent: percent rounded half up per ticket, tax per line', async () => {
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        ticketTypes: [
          { name: 'A', priceCents: 1999, capacity: 50, taxRate: 1900 },
          { name: 'B', priceCents: 1001, capacity: 50, taxRate: 900 },
        ],
      }),
    );
    const [a, b] = event.ticketTypes.map((t) => ({ id: t.id }));
    if (a === undefined || b === undefined) throw new Error('two ticket types expected');
    await makeCode(event.id, { code: 'FIFTEEN', kind: 'discount', percentOff: 15 });
    const res = await buyer(6).post('/api/reservations', {
      eventId: event.id,
      items: [
        { ticketTypeId: a.id, quantity: 3 },
        { ticketTypeId: b.id, quantity: 1 },
      ],
      code: 'FIFTEEN',
    });
    const body = res.json<Held>();
    // 19.99 × 15 % = 2.9985 → 3.00 per ticket; 10.01 × 15 % = 1.5015 → 1.50.
    expect(body.lines).toEqual([
      { ticketTypeId: a.id, name: 'A', quantity: 3, unitPriceCents: 1999, discountCents: 900, totalCents: 5097, taxRate: 1900 },
      { ticketTypeId: b.id, name: 'B', quantity: 1, unitPriceCents: 1001, discountCents: 150, totalCents: 851, taxRate: 900 },
    ]);
    expect(body).toMatchObject({ subtotalCents: 6998, discountCents: 1050, totalCents: 5948 });
    expect(body.taxCents).toBe(taxContained(5097, 1900) + taxContained(851, 900));
    expect(body.taxCents).toBe(814 + 70);
    expect((await buyer(6).get(`/api/reservations/${body.id}`)).json()).toEqual(body);
  });
});
