/**
 * Forged, stale, tampered and replayed Stripe webhooks. The basics (wrong secret, no signature,
 * one replay) are in server/test/reservations/stripe.test.ts; these are the attacker's variations.
 * No request here reaches Stripe: none of them needs the API (no checkout, no refund).
 */
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, expectCountersMatchRows, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { changedTables, snapshotTables } from './table-snapshot.js';

const SECRET = 'whsec_security_suite_secret';
const sdk = new Stripe('sk_test_local');

function completed(eventId: string, reservationId: string, amount: number, extra: Record<string, unknown> = {}) {
  return {
    id: eventId,
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_${eventId}`,
        object: 'checkout.session',
        payment_status: 'paid',
        client_reference_id: reservationId,
        metadata: { reservationId },
        payment_intent: `pi_${reservationId}`,
        amount_total: amount,
        currency: 'eur',
        ...extra,
      },
    },
  };
}

describe.each(backends)('payment webhooks under attack (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let event: EventBody;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp(
      { PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_local', STRIPE_WEBHOOK_SECRET: SECRET },
      { backgroundJobs: false, stripeApiBase: 'http://127.0.0.1:9' },
    );
    [buyer] = (await buyers(app, 1)) as [TestClient];
    event = await gaEvent(env, app, 30, { maxTicketsPerOrder: 30 }); // one buyer holds again in every test
  });
  afterAll(() => env.close());

  const hold = async () =>
    (
      await buyer.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 2 }],
      })
    ).json<ReservationBody>();
  const deliver = (payload: string, signature: string | undefined) =>
    app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'stripe-signature': signature }) },
      payload,
    });
  const sign = (payload: string, options: { timestamp?: number; secret?: string } = {}) =>
    sdk.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? SECRET, timestamp: options.timestamp });
  const status = async (id: string) => (await buyer.get(`/api/reservations/${id}`)).json<ReservationBody>().status;
  const charges = (id: string) =>
    env.database.db.selectFrom('payments').select('id').where('reservation_id', '=', id).where('kind', '=', 'charge').execute();

  it.each([
    [
      'signed ten minutes ago (a captured delivery replayed later)',
      (p: string) => sign(p, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
    ],
    ['signed for a different body', () => sign(JSON.stringify(completed('evt_other', 'someone-else', 1)))],
    ['with only a forged v1 next to a made-up timestamp', () => `t=${Math.floor(Date.now() / 1000)},v1=${'ab'.repeat(32)}`],
    ['with the signature scheme downgraded to v0', (p: string) => sign(p).replace('v1=', 'v0=')],
    ['with an empty header', () => ''],
    ['with a header of garbage', () => 't=,v1=,,,=\u0000'],
  ])('refuses a webhook %s with 400 and changes nothing', async (_label, signature) => {
    const r = await hold();
    const payload = JSON.stringify(completed(`evt_${Math.random().toString(36).slice(2)}`, r.id, 5000));
    const before = await snapshotTables(env.database.db);
    const res = await deliver(payload, signature(payload));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(changedTables(before, await snapshotTables(env.database.db))).toEqual([]);
    expect(await status(r.id)).toBe('pending_payment');
  });

  it('refuses a validly signed body that was altered in transit (amount, reservation)', async () => {
    const r = await hold();
    const genuine = JSON.stringify(completed('evt_tamper', r.id, 5000));
    const header = sign(genuine);
    for (const altered of [genuine.replace('5000', '1'), genuine.replaceAll(r.id, 'another-reservation'), `${genuine} `]) {
      expect((await deliver(altered, header)).statusCode).toBe(400);
    }
    expect(await status(r.id)).toBe('pending_payment');
  });

  it('pays once however often, and however concurrently, the same event is delivered', async () => {
    const r = await hold();
    const payload = JSON.stringify(completed('evt_burst', r.id, 5000));
    const answers = await Promise.all(Array.from({ length: 8 }, () => deliver(payload, sign(payload))));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    expect(answers.filter((a) => a.json<{ outcome?: string }>().outcome === 'paid')).toHaveLength(1);
    expect(await status(r.id)).toBe('paid');
    expect(await charges(r.id)).toHaveLength(1);
    await expectCountersMatchRows(env, event.id);
  });

  it('pays once when the same payment arrives again under a new event id', async () => {
    const r = await hold();
    const first = JSON.stringify(completed('evt_first', r.id, 5000));
    expect((await deliver(first, sign(first))).json()).toMatchObject({ outcome: 'paid' });
    const again = JSON.stringify({ ...completed('evt_second', r.id, 5000), type: 'checkout.session.async_payment_succeeded' });
    expect((await deliver(again, sign(again))).json()).toMatchObject({ outcome: 'already_paid' });
    expect(await charges(r.id)).toHaveLength(1);
  });

  it('ignores an unpaid session and a reservation that does not exist', async () => {
    const r = await hold();
    const unpaid = JSON.stringify(completed('evt_unpaid', r.id, 5000, { payment_status: 'unpaid' }));
    expect((await deliver(unpaid, sign(unpaid))).json()).toMatchObject({ outcome: 'ignored' });
    expect(await status(r.id)).toBe('pending_payment');
    const ghost = JSON.stringify(completed('evt_ghost', 'no-such-reservation', 5000));
    const res = await deliver(ghost, sign(ghost));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'unknown' });
  });

  it('is not reachable with a CSRF token instead of a signature, nor as form data', async () => {
    const r = await hold();
    const payload = JSON.stringify(completed('evt_csrf', r.id, 5000));
    const viaBrowser = await buyer.post('/api/payments/stripe/webhook', JSON.parse(payload) as object);
    expect(viaBrowser.statusCode).toBe(400);
    const form = await app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'stripe-signature': sign(payload) },
      payload: `data=${encodeURIComponent(payload)}`,
    });
    expect(form.statusCode).toBeGreaterThanOrEqual(400);
    expect(form.statusCode).toBeLessThan(500);
    expect(await status(r.id)).toBe('pending_payment');
  });
});
