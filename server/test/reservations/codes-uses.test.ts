/**
 * Discount and access codes (issue 18): a code's uses, on SQLite and PostgreSQL. Never more uses
 * than maxUses under a crowd, on one instance and raced over two on one PostgreSQL; a use given back
 * when a hold expires or is cancelled, and re-claimed by a late payment, or refunded when the last
 * use went to someone else meanwhile.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentProvider } from '../../src/payments/provider.js';
import { expireDue } from '../../src/reservations/expiry.js';
import { completeExternalPayment } from '../../src/reservations/late-payment.js';
import { backends, postgresUrl } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyersOnTwoInstances, expectCountersMatchRows, gaEvent, holdRetrying503 } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { codeShop, type Held } from './code-fixtures.js';

const invoicing = { invoiceTimeZone: 'Europe/Bucharest' };

describe.each(backends)('discount and access codes: uses on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  const shop = codeShop(backend);
  const { buyer, makeCode, usesOf, hold } = shop;

  beforeAll(async () => {
    ({ env, app } = await shop.open());
  });
  afterAll(() => shop.close());

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
