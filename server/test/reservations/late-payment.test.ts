/**
 * Money that arrives late, twice, or while the database fails: a payment confirmed by the
 * provider after its hold ended is either honoured (the tickets are taken again) or refunded,
 * exactly once, and a database error is never mistaken for "the tickets are gone".
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { cancelReservation } from '../../src/reservations/cancellation.js';
import { completeExternalPayment } from '../../src/reservations/late-payment.js';
import type { PaymentProvider, RefundResult } from '../../src/payments/provider.js';
import type { TestClient } from '../support/client.js';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import { failingQueries } from '../support/db-faults.js';
import { buyers, expectCountersMatchRows, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** The invoice series' year is read in this zone (DEFAULT_TIME_ZONE in the app). */
const invoicing = { invoiceTimeZone: 'Europe/Bucharest' };

/** A provider whose refunds are counted, honouring idempotency keys as real providers do. */
function countingProvider(): PaymentProvider & { refunds: string[] } {
  const byKey = new Map<string, RefundResult>();
  const refunds: string[] = [];
  return {
    name: 'stripe',
    kind: 'redirect',
    refunds,
    charge: () => Promise.reject(new Error('not used')),
    refund(input) {
      const known = byKey.get(input.idempotencyKey);
      if (known) return Promise.resolve(known);
      refunds.push(input.providerRef);
      const result = { status: 'succeeded' as const, providerRef: `re_${refunds.length}` };
      byKey.set(input.idempotencyKey, result);
      return Promise.resolve(result);
    },
  };
}

describe.each(backends)('late payments (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let db: Kysely<Database>;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    db = env.database.db;
  });
  afterAll(() => env.close());

  /** A hold of `quantity` tickets whose time ran out and was swept: the payment now comes late. */
  async function expiredHold(capacity: number, quantity = 1) {
    const event = await gaEvent(env, app, capacity);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const res = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<ReservationBody>();
    await db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', r.id)
      .execute();
    expect((await buyer.get(`/api/reservations/${r.id}`)).json<ReservationBody>().status).toBe('expired');
    return { event, buyer: buyer, r };
  }
  /** Another buyer holds one ticket of the event (the one a late payment wanted). */
  async function takeOneTicket(event: { id: string; ticketTypes: { id: string }[] }) {
    const [other] = (await buyers(app, 1)) as [TestClient];
    const taken = await other.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(taken.statusCode, taken.body).toBe(201);
    return { other, taken };
  }
  const statusOf = async (id: string) =>
    (await db.selectFrom('reservations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const payment = (r: ReservationBody, ref: string) => ({ providerRef: ref, amountCents: r.totalCents, currency: 'EUR' });

  it('answers a database error in the re-hold with an error, and refunds nothing', async () => {
    const { event, r } = await expiredHold(5);
    const provider = countingProvider();
    const faulty = failingQueries(db, (sql) => /update "ticket_types"/i.test(sql), {
      code: '40P01',
      message: 'deadlock detected',
    });
    await expect(completeExternalPayment(faulty, provider, r.id, payment(r, 'pi_dbfault'), invoicing)).rejects.toThrow(
      /deadlock/,
    );
    expect(provider.refunds).toEqual([]);
    expect(await statusOf(r.id)).toBe('expired');
    // The provider's retry, once the database answers again, honours the payment.
    expect(await completeExternalPayment(db, provider, r.id, payment(r, 'pi_dbfault'), invoicing)).toBe('reheld');
    expect(await statusOf(r.id)).toBe('paid');
    expect(provider.refunds).toEqual([]);
    await expectCountersMatchRows(env, event.id);
  });

  it('never lets a refunded late payment make its reservation paid when it is delivered again', async () => {
    const { event, r } = await expiredHold(1);
    const { other, taken } = await takeOneTicket(event);
    const provider = countingProvider();
    expect(await completeExternalPayment(db, provider, r.id, payment(r, 'pi_refunded'), invoicing)).toBe('refunded');
    // The other buyer lets the ticket go: it is free again when the same payment is delivered again.
    const cancelled = await other.post(`/api/reservations/${taken.json<ReservationBody>().id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await completeExternalPayment(db, provider, r.id, payment(r, 'pi_refunded'), invoicing)).toBe('refunded');
    expect(await statusOf(r.id)).toBe('expired');
    expect(provider.refunds).toEqual(['pi_refunded']);
    await expectCountersMatchRows(env, event.id);
  });

  it('settles concurrent duplicate deliveries of one late payment once', async () => {
    const { event, r } = await expiredHold(5, 2);
    const provider = countingProvider();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => completeExternalPayment(db, provider, r.id, payment(r, 'pi_duplicate'), invoicing)),
    );
    expect(outcomes.filter((o) => o === 'reheld')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'reheld').every((o) => o === 'already_paid')).toBe(true);
    expect(provider.refunds).toEqual([]);
    expect(await statusOf(r.id)).toBe('paid');
    const charges = await db
      .selectFrom('payments')
      .select('id')
      .where('reservation_id', '=', r.id)
      .where('kind', '=', 'charge')
      .where('provider_ref', '=', 'pi_duplicate')
      .execute();
    expect(charges).toHaveLength(1);
    await expectCountersMatchRows(env, event.id);
  });

  it('refunds concurrent duplicate deliveries once when the tickets are gone', async () => {
    const { event, r } = await expiredHold(1);
    await takeOneTicket(event);
    const provider = countingProvider();
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => completeExternalPayment(db, provider, r.id, payment(r, 'pi_gone'), invoicing)),
    );
    expect(new Set(outcomes)).toEqual(new Set(['refunded']));
    expect(provider.refunds).toEqual(['pi_gone']);
    const refunds = await db
      .selectFrom('payments')
      .select('id')
      .where('reservation_id', '=', r.id)
      .where('kind', '=', 'refund')
      .where('status', '=', 'succeeded')
      .execute();
    expect(refunds).toHaveLength(1);
    const told = await db
      .selectFrom('notifications')
      .select('id')
      .where('reservation_id', '=', r.id)
      .where('type', '=', 'refund_issued')
      .execute();
    expect(told).toHaveLength(1);
    await expectCountersMatchRows(env, event.id);
  });

  it('does not refund a paid reservation that an admin cancelled without refund when its payment is delivered again', async () => {
    const event = await gaEvent(env, app, 5);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(held.statusCode, held.body).toBe(201);
    const r = held.json<ReservationBody>();
    const provider = countingProvider();
    expect(await completeExternalPayment(db, provider, r.id, payment(r, 'pi_kept'), invoicing)).toBe('paid');
    const admin = await adminClient(env, app);
    const cancelled = await admin.post(`/api/admin/reservations/${r.id}/cancel`, { refund: false });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<ReservationBody>().status).toBe('cancelled');

    // The same payment confirmed again: Stripe redelivers for days (the webhook forgets event ids
    // after 24 h), and checkout.session.async_payment_succeeded names the same payment intent.
    await completeExternalPayment(db, provider, r.id, payment(r, 'pi_kept'), invoicing);
    expect(provider.refunds).toEqual([]);
    const refunds = await db
      .selectFrom('payments')
      .select('id')
      .where('reservation_id', '=', r.id)
      .where('kind', '=', 'refund')
      .execute();
    expect(refunds).toEqual([]);
    expect(await statusOf(r.id)).toBe('cancelled');
    await expectCountersMatchRows(env, event.id);
  });

  it('refunds the charge that paid a reservation, not an earlier charge of it that was already refunded', async () => {
    // Two checkout sessions of one hold (the admin extended it in between): the first is paid
    // after the ticket went to someone else and is refunded; the second, paid once the ticket is
    // free again, takes it. Cancelling within the refund policy must return the second.
    const { event, r } = await expiredHold(1);
    const { other, taken } = await takeOneTicket(event);
    const provider = countingProvider();
    expect(await completeExternalPayment(db, provider, r.id, payment(r, 'pi_first'), invoicing)).toBe('refunded');
    expect((await other.post(`/api/reservations/${taken.json<ReservationBody>().id}/cancel`)).statusCode).toBe(200);
    expect(await completeExternalPayment(db, provider, r.id, payment(r, 'pi_second'), invoicing)).toBe('reheld');

    const row = await db.selectFrom('reservations').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    const done = await cancelReservation({ db, provider, ...invoicing }, row, {
      refund: true,
      actorId: null,
      reason: 'byBuyer',
      byBuyer: true,
    });
    expect(done.status).toBe('refunded');
    expect(provider.refunds).toEqual(['pi_first', 'pi_second']);
    await expectCountersMatchRows(env, event.id);
  });

  it('refunds a payment that arrives after the event has ended instead of selling its tickets', async () => {
    // Stripe confirms delayed methods (SEPA debit: checkout.session.async_payment_succeeded) days
    // later: by then the show is over, and a buyer charged for it could not even cancel.
    const { event, r } = await expiredHold(5);
    const DAY = 24 * 3600_000;
    await db
      .updateTable('events')
      .set({
        starts_at: new Date(Date.now() - 3 * DAY).toISOString(),
        ends_at: new Date(Date.now() - 2 * DAY).toISOString(),
        sales_end_at: null,
      })
      .where('id', '=', event.id)
      .execute();
    const provider = countingProvider();
    expect(await completeExternalPayment(db, provider, r.id, payment(r, 'pi_after_show'), invoicing)).toBe('refunded');
    expect(await statusOf(r.id)).toBe('expired');
    expect(provider.refunds).toEqual(['pi_after_show']);
    await expectCountersMatchRows(env, event.id);
  });
});
