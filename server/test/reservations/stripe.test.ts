/**
 * Stripe Checkout end to end against a local fake of the Stripe API (no network), with webhooks
 * signed by the SDK's own test-header helper.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.js';
import { buyers, expectCountersMatchRows, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const WEBHOOK_SECRET = 'whsec_local_test_secret';

class FakeStripe {
  readonly requests: { path: string; body: string }[] = [];
  private server: Server | undefined;
  private sessions = 0;
  private readonly byKey = new Map<string, { body: string; answer: string }>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        this.requests.push({ path: req.url ?? '', body });
        res.setHeader('content-type', 'application/json');
        // As Stripe does: a repeated Idempotency-Key answers the first result, and only for the same parameters.
        const key = req.headers['idempotency-key'];
        const seen = typeof key === 'string' ? this.byKey.get(key) : undefined;
        if (seen !== undefined) {
          if (seen.body !== body) res.statusCode = 400;
          res.end(
            seen.body === body
              ? seen.answer
              : JSON.stringify({
                  error: {
                    type: 'idempotency_error',
                    message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.',
                  },
                }),
          );
          return;
        }
        if (req.url === '/v1/checkout/sessions') {
          const id = `cs_test_${++this.sessions}`;
          const answer = JSON.stringify({ id, object: 'checkout.session', url: `https://checkout.stripe.test/pay/${id}` });
          if (typeof key === 'string') this.byKey.set(key, { body, answer });
          res.end(answer);
        } else if (req.url === '/v1/refunds') {
          res.end(JSON.stringify({ id: `re_test_${this.requests.length}`, object: 'refund', status: 'succeeded' }));
        } else {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { message: 'not faked' } }));
        }
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('Stripe Checkout payments', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let fake: FakeStripe;
  const sdk = new Stripe('sk_test_local');

  const webhook = async (event: Record<string, unknown>, secret = WEBHOOK_SECRET) => {
    const payload = JSON.stringify(event);
    const header = sdk.webhooks.generateTestHeaderString({ payload, secret });
    return app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      payload,
    });
  };
  const completed = (id: string, reservationId: string, amount: number, intent = `pi_${id}`) => ({
    id,
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_${id}`,
        object: 'checkout.session',
        payment_status: 'paid',
        client_reference_id: reservationId,
        metadata: { reservationId },
        payment_intent: intent,
        amount_total: amount,
        currency: 'eur',
      },
    },
  });
  const status = async (id: string) => (await buyer.get(`/api/reservations/${id}`)).json<ReservationBody>().status;

  beforeAll(async () => {
    fake = new FakeStripe();
    const apiBase = await fake.start();
    env = await createTestEnvironment('sqlite');
    app = await env.startApp(
      { PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_local', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
      { stripeApiBase: apiBase },
    );
    [buyer] = (await buyers(app, 1)) as [TestClient];
  });
  afterAll(async () => {
    await env.close();
    await fake.close();
  });

  it('tells the checkout page to redirect to Stripe instead of asking for card details', async () => {
    const res = await app.inject('/api/payments/config');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ provider: 'stripe', flow: 'redirect', testCards: false });
  });

  it('answers /pay with a Checkout URL and becomes paid when the signed webhook arrives; a replay changes nothing', async () => {
    const event = await gaEvent(env, app, 5);
    const r = (
      await buyer.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 2 }],
      })
    ).json<ReservationBody>();
    const pay = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card' });
    expect(pay.statusCode, pay.body).toBe(200);
    expect(pay.json<{ checkoutUrl: string }>().checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.test\/pay\/cs_test_/);
    const sent = fake.requests.find((q) => q.path === '/v1/checkout/sessions')?.body ?? '';
    expect(decodeURIComponent(sent)).toContain(`metadata[reservationId]=${r.id}`);
    expect(decodeURIComponent(sent)).toContain('unit_amount]=5000');

    const first = await webhook(completed('evt_1', r.id, 5000));
    expect(first.statusCode, first.body).toBe(200);
    expect(await status(r.id)).toBe('paid');
    const replay = await webhook(completed('evt_1', r.id, 5000));
    expect(replay.json()).toMatchObject({ duplicate: true });
    const charges = await env.database.db
      .selectFrom('payments')
      .select('id')
      .where('reservation_id', '=', r.id)
      .where('kind', '=', 'charge')
      .execute();
    expect(charges).toHaveLength(1);
    await expectCountersMatchRows(env, event.id);
  });

  it('answers a second /pay of the same hold with its checkout, also a few seconds later', async () => {
    // The buyer left Stripe's page (cancel_url) and presses Pay again.
    const event = await gaEvent(env, app, 5);
    const r = (
      await buyer.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
      })
    ).json<ReservationBody>();
    const first = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card' });
    expect(first.statusCode, first.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ checkoutUrl: string }>().checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.test\/pay\/cs_test_/);
  });

  it('refuses a forged signature with 400 and changes nothing', async () => {
    const event = await gaEvent(env, app, 5);
    const r = (
      await buyer.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
      })
    ).json<ReservationBody>();
    const forged = await webhook(completed('evt_forged', r.id, 2500), 'whsec_someone_else');
    expect(forged.statusCode).toBe(400);
    const unsigned = await app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(completed('evt_x', r.id, 2500)),
    });
    expect(unsigned.statusCode).toBe(400);
    expect(await status(r.id)).toBe('pending_payment');
  });

  it('re-holds the tickets for a payment that arrives after expiry when they are still free', async () => {
    const event = await gaEvent(env, app, 5);
    const r = (
      await buyer.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 2 }],
      })
    ).json<ReservationBody>();
    await env.database.db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', r.id)
      .execute();
    expect(await status(r.id)).toBe('expired');
    const late = await webhook(completed('evt_late_ok', r.id, 5000));
    expect(late.json()).toMatchObject({ outcome: 'reheld' });
    expect(await status(r.id)).toBe('paid');
    await expectCountersMatchRows(env, event.id);
  });

  it('refunds a payment that arrives after expiry when the tickets were sold to someone else, and tells the buyer', async () => {
    const event = await gaEvent(env, app, 2);
    const typeId = event.ticketTypes[0]?.id;
    const r = (
      await buyer.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 2 }] })
    ).json<ReservationBody>();
    await env.database.db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', r.id)
      .execute();
    const [someoneElse] = (await buyers(app, 1)) as [TestClient];
    expect(
      (await someoneElse.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 2 }] }))
        .statusCode,
    ).toBe(201);
    const late = await webhook(completed('evt_late_refund', r.id, 5000));
    expect(late.json()).toMatchObject({ outcome: 'refunded' });
    expect(await status(r.id)).toBe('expired');
    expect(fake.requests.some((q) => q.path === '/v1/refunds' && q.body.includes('pi_evt_late_refund'))).toBe(true);
    const notes = await env.database.db.selectFrom('notifications').select('type').where('reservation_id', '=', r.id).execute();
    expect(notes.map((n) => n.type)).toContain('refund_issued');
    await expectCountersMatchRows(env, event.id);
  });
});
