/**
 * Discount and access codes in the hold (issue 18), on SQLite and PostgreSQL: never more uses than
 * maxUses under a crowd, uses given back on expiry and cancellation, case-insensitive matching,
 * the validity window and the active flag, hidden types that only a code reveals, pay what you
 * want, free orders paid at once, and discount and tax that add up to the cent.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentProvider } from '../../src/payments/provider.js';
import { expireDue } from '../../src/reservations/expiry.js';
import { completeExternalPayment } from '../../src/reservations/late-payment.js';
import { taxContained } from '../../src/reservations/pricing.js';
import { backends, postgresUrl } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import {
  buyers,
  buyersOnTwoInstances,
  expectCountersMatchRows,
  gaEvent,
  holdRetrying503,
} from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const invoicing = { invoiceTimeZone: 'Europe/Bucharest' };

interface Held {
  id: string;
  status: string;
  totalCents: number;
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  discountCode: string | null;
  paymentMethod: string | null;
  lines: {
    ticketTypeId: string;
    quantity: number;
    unitPriceCents: number;
    discountCents: number;
    totalCents: number;
    taxRate: number;
  }[];
  tickets: { qr: string | null }[];
}

describe.each(backends)('discount and access codes on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let clients: TestClient[];

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
    clients = await buyers(app, 25);
    await Promise.all(clients.map((c) => c.token()));
  });
  afterAll(() => env.close());

  const buyer = (i: number) => clients[i % clients.length] as TestClient;
  const makeCode = async (eventId: string, body: Record<string, unknown>) => {
    const res = await admin.post(`/api/events/${eventId}/codes`, body);
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; code: string; uses: number }>();
  };
  const usesOf = async (codeId: string) =>
    (await env.database.db.selectFrom('discount_codes').select('uses').where('id', '=', codeId).executeTakeFirstOrThrow()).uses;
  let holdKeys = 0;
  const hold = (i: number, event: EventBody, extra: Record<string, unknown> = {}, quantity = 1) =>
    holdRetrying503(
      buyer(i),
      { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity }], ...extra },
      `codes-${backend}-${++holdKeys}`,
    );

  it('500 concurrent holds with a code limited to 50 uses: exactly 50 hold with it, 20 more after 20 expire', async () => {
    const event = await gaEvent(env, app, 1000, { maxTicketsPerOrder: 100 });
    const code = await makeCode(event.id, { code: 'CROWD50', kind: 'discount', percentOff: 10, maxUses: 50 });
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => hold(i, event, { code: 'crowd50' })));
    const held = results.filter((r) => r.statusCode === 201);
    expect(held).toHaveLength(50);
    for (const r of held) expect(r.json<Held>()).toMatchObject({ discountCode: 'CROWD50', discountCents: 250, totalCents: 2250 });
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({ code: 'code_invalid' });
    }
    expect(await usesOf(code.id)).toBe(50);

    const expiring = held.slice(0, 20).map((r) => r.json<Held>().id);
    await env.database.db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', 'in', expiring)
      .execute();
    expect(await expireDue(env.database.db, { eventId: event.id })).toBe(20);
    expect(await usesOf(code.id)).toBe(30);
    const again = await Promise.all(Array.from({ length: 60 }, (_, i) => hold(i + 3, event, { code: 'Crowd50' })));
    expect(again.filter((r) => r.statusCode === 201)).toHaveLength(20);
    expect(again.filter((r) => r.statusCode === 422)).toHaveLength(40);
    expect(await usesOf(code.id)).toBe(50);
    await expectCountersMatchRows(env, event.id);
  });

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

  it('gives the use back when a hold is cancelled, so the next buyer can use the last one', async () => {
    const event = await gaEvent(env, app, 10);
    const code = await makeCode(event.id, { code: 'ONCE', kind: 'discount', amountOffCents: 100, maxUses: 1 });
    const first = await hold(7, event, { code: 'ONCE' });
    expect(first.statusCode).toBe(201);
    expect((await hold(8, event, { code: 'ONCE' })).statusCode).toBe(422);
    expect((await buyer(7).post(`/api/reservations/${first.json<Held>().id}/cancel`)).statusCode).toBe(200);
    expect(await usesOf(code.id)).toBe(0);
    expect((await hold(8, event, { code: 'ONCE' })).statusCode).toBe(201);
    expect(await usesOf(code.id)).toBe(1);
  });
  it('re-claims the code use of a late payment, or refunds it when the last use went to someone else', async () => {
    const event = await gaEvent(env, app, 10);
    const code = await makeCode(event.id, { code: 'LATE', kind: 'discount', amountOffCents: 500, maxUses: 1 });
    const provider: PaymentProvider & { refunds: number } = {
      name: 'stripe',
      kind: 'redirect',
      refunds: 0,
      charge: () => Promise.reject(new Error('not used')),
      refund() {
        this.refunds++;
        return Promise.resolve({ status: 'succeeded' as const, providerRef: `re_${String(this.refunds)}` });
      },
    };
    const expire = async (id: string) => {
      await env.database.db
        .updateTable('reservations')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', id)
        .execute();
      await expireDue(env.database.db, { eventId: event.id });
    };
    const first = (await hold(9, event, { code: 'late' })).json<Held>();
    await expire(first.id);
    expect(await usesOf(code.id)).toBe(0);
    const late = { providerRef: 'pi_late_1', amountCents: first.totalCents, currency: 'EUR' };
    expect(await completeExternalPayment(env.database.db, provider, first.id, late, invoicing)).toBe('reheld');
    expect(await usesOf(code.id)).toBe(1);

    expect((await hold(10, event, { code: 'LATE' })).statusCode).toBe(422); // the re-held payment has the only use
    await env.database.db.updateTable('discount_codes').set({ max_uses: 2 }).where('id', '=', code.id).execute();
    const second = (await hold(10, event, { code: 'LATE' })).json<Held>();
    expect(second.status).toBe('pending_payment');
    await expire(second.id);
    // Someone else takes the use the expired hold gave back; its late payment then cannot have it.
    expect((await hold(11, event, { code: 'LATE' })).statusCode).toBe(201);
    const secondLate = { providerRef: 'pi_late_2', amountCents: second.totalCents, currency: 'EUR' };
    expect(await completeExternalPayment(env.database.db, provider, second.id, secondLate, invoicing)).toBe('refunded');
    expect(provider.refunds).toBe(1);
    expect(await usesOf(code.id)).toBe(2);
    await expectCountersMatchRows(env, event.id);
  });
});

describe.runIf(postgresUrl)('the last uses of a code raced over two instances on one PostgreSQL', () => {
  let env: TestEnvironment;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment('postgres');
    a = await env.startApp();
    b = await env.startApp();
  });
  afterAll(() => env.close());

  it('grants exactly maxUses holds, grouped and single alike, with the code row and counters in one lock order', async () => {
    const all = await buyersOnTwoInstances(a, b, 10);
    const admin = await adminClient(env, a);
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        maxTicketsPerOrder: 100,
        ticketTypes: [
          { name: 'Standard', priceCents: 2500, capacity: 500 },
          { name: 'VIP', priceCents: 9000, capacity: 500 },
        ],
      }),
    );
    const [standard, vip] = event.ticketTypes.map((t) => t.id);
    const made = await admin.post(`/api/events/${event.id}/codes`, {
      code: 'LAST30',
      kind: 'discount',
      percentOff: 50,
      maxUses: 30,
    });
    const codeId = made.json<{ id: string }>().id;
    // Even attempts are one-type holds (written in groups), odd ones two-type holds (one transaction each).
    // A 503 (no pool connection within its wait on a loaded machine) is sent again with the same
    // Idempotency-Key, as a client would: a hold that committed before its answer is found, not made twice.
    const attempt = async (i: number) => {
      const body = {
        eventId: event.id,
        code: 'last30',
        items:
          i % 2 === 0
            ? [{ ticketTypeId: standard ?? '', quantity: 1 }]
            : [
                { ticketTypeId: standard ?? '', quantity: 1 },
                { ticketTypeId: vip ?? '', quantity: 1 },
              ],
      };
      return holdRetrying503(all[i % all.length] as TestClient, body, `last30-${i}`);
    };
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => attempt(i)));
    const codes = new Map<number, number>();
    for (const r of results) codes.set(r.statusCode, (codes.get(r.statusCode) ?? 0) + 1);
    expect(Object.fromEntries(codes)).toEqual({ 201: 30, 422: 270 });
    const db = env.database.db;
    expect((await db.selectFrom('discount_codes').select('uses').where('id', '=', codeId).executeTakeFirstOrThrow()).uses).toBe(
      30,
    );
    const using = await db
      .selectFrom('reservations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('discount_code_id', '=', codeId)
      .executeTakeFirstOrThrow();
    expect(Number(using.n)).toBe(30);
    await expectCountersMatchRows(env, event.id);
  });
});
