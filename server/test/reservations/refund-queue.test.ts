/**
 * The refund queue under a crowd: many instances sweeping at once refund each owed reservation
 * exactly once, and a provider that throws or keeps failing leaves it owed and visible, never lost.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentProvider, RefundResult } from '../../src/payments/provider.js';
import { cancelByAdmin } from '../../src/reservations/admin-actions.js';
import { retryDueRefunds } from '../../src/reservations/refund-queue.js';
import { backends } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { CARDS, buyers, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** The invoice series' year is read in this zone (DEFAULT_TIME_ZONE in the app). */
const invoicing = { invoiceTimeZone: 'Europe/Bucharest' };

const REFUND_FAILS_ONCE = { ...CARDS.ok, number: '4000000000005126' };

/** A stand-in for the provider's servers: counts refund calls, answers what it is told to. */
function countingProvider(answer: () => Promise<RefundResult>): PaymentProvider & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'simulated',
    kind: 'card',
    calls,
    charge: () => Promise.resolve({ status: 'declined', reason: 'not in this test' }),
    refund: async (input) => {
      calls.push(input.idempotencyKey);
      await new Promise((r) => setTimeout(r, 20)); // a slow provider widens any race
      return answer();
    },
  };
}

describe.each(backends)('the refund queue on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;
  let event: EventBody;

  /** A paid reservation whose admin refund failed once: refund_pending, due for a retry now. */
  const owedRefund = async () => {
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    const r = held.json<ReservationBody>();
    expect((await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: REFUND_FAILS_ONCE })).statusCode).toBe(200);
    expect((await admin.post(`/api/admin/reservations/${r.id}/cancel`, { refund: true })).json()).toMatchObject({
      status: 'refund_pending',
    });
    await env.database.db
      .updateTable('refund_queue')
      .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
      .where('reservation_id', '=', r.id)
      .execute();
    return r.id;
  };
  const refundsOf = async (id: string) =>
    (
      await env.database.db
        .selectFrom('payments')
        .select('status')
        .where('reservation_id', '=', id)
        .where('kind', '=', 'refund')
        .orderBy('created_at')
        .execute()
    ).map((p) => p.status);
  const statusOf = async (id: string) =>
    (await env.database.db.selectFrom('reservations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
    event = await gaEvent(env, app, 50);
  });
  afterAll(() => env.close());

  it('five instances sweeping at once refund each owed reservation once, with its one idempotency key', async () => {
    const owed = [await owedRefund(), await owedRefund(), await owedRefund()];
    const provider = countingProvider(() => Promise.resolve({ status: 'succeeded', providerRef: 're_1' }));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => retryDueRefunds({ db: env.database.db, provider, ...invoicing })),
    );
    expect(results.reduce((sum, r) => sum + r.refunded, 0)).toBe(3);
    expect(provider.calls.sort()).toEqual(owed.map((id) => `refund:${id}`).sort());
    for (const id of owed) {
      expect(await statusOf(id)).toBe('refunded');
      expect(await refundsOf(id)).toEqual(['failed', 'succeeded']);
    }
    // Nothing is due any more: a later sweep calls nobody.
    await retryDueRefunds({ db: env.database.db, provider, ...invoicing });
    expect(provider.calls).toHaveLength(3);
  });

  it('a provider that throws or keeps failing leaves the refund owed, with a later retry and the reason', async () => {
    const id = await owedRefund();
    const throwing = countingProvider(() => Promise.reject(new Error('connection reset')));
    expect(await retryDueRefunds({ db: env.database.db, provider: throwing, ...invoicing })).toEqual({ refunded: 0, failed: 1 });
    expect(await statusOf(id)).toBe('refund_pending');
    const row = await env.database.db
      .selectFrom('refund_queue')
      .selectAll()
      .where('reservation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 2, done_at: null, locked_until: null, last_error: 'connection reset' });
    expect(Date.parse(row.next_attempt_at)).toBeGreaterThan(Date.now() + 60_000);
    // Not due yet: a sweep leaves it alone.
    expect(await retryDueRefunds({ db: env.database.db, provider: throwing, ...invoicing })).toEqual({ refunded: 0, failed: 0 });
    const listed = (await admin.get(`/api/admin/reservations?status=refund_pending&eventId=${event.id}`)).json<{
      items: { id: string }[];
    }>();
    expect(listed.items.map((r) => r.id)).toContain(id);
  });

  it('owes, never records as refunded by hand, a card charge of a provider no longer configured', async () => {
    // Paid by card through the simulated provider; PAYMENT_PROVIDER is Stripe by the time of the cancel.
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    const id = held.json<ReservationBody>().id;
    expect((await buyer.post(`/api/reservations/${id}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);
    const stripe = { ...countingProvider(() => Promise.resolve({ status: 'succeeded', providerRef: 're_x' })), name: 'stripe' };
    const actor = { id: (await admin.get('/api/auth/me')).json<{ user: { id: string } }>().user.id, ip: '127.0.0.1' };
    const after = await cancelByAdmin({ db: env.database.db, provider: stripe, ...invoicing }, actor, id, true);
    expect(after.status).toBe('refund_pending');
    expect(await refundsOf(id)).toEqual(['failed']);
    expect(stripe.calls).toEqual([]); // a simulated charge is never sent to Stripe
    const credit = await env.database.db
      .selectFrom('invoices')
      .select('id')
      .where('reservation_id', '=', id)
      .where('kind', '=', 'credit_note')
      .execute();
    expect(credit).toEqual([]);
    // Once the provider that took the money is configured again, the retry gives it back.
    await env.database.db
      .updateTable('refund_queue')
      .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
      .where('reservation_id', '=', id)
      .execute();
    const simulated = countingProvider(() => Promise.resolve({ status: 'succeeded', providerRef: 're_y' }));
    expect(await retryDueRefunds({ db: env.database.db, provider: simulated, ...invoicing })).toEqual({ refunded: 1, failed: 0 });
    expect(await statusOf(id)).toBe('refunded');
    expect(await refundsOf(id)).toEqual(['failed', 'succeeded']);
  });
});
