/**
 * Refunds that the provider fails are not lost: the reservation is `refund_pending`, its tickets
 * are back on sale at once, admins see it, /metrics counts it, and the retry completes it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { CARDS, buyers, expectCountersMatchRows, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** The simulated provider's card whose first refund fails (API.md). */
const REFUND_FAILS_ONCE = { ...CARDS.ok, number: '4000000000005126' };

describe.each(backends)('refunds that fail on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;

  const reserve = async (event: EventBody, quantity = 1) => {
    const res = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ReservationBody>();
  };
  const pay = async (r: ReservationBody, card: typeof CARDS.ok) => {
    const res = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card });
    expect(res.statusCode, res.body).toBe(200);
  };
  const metric = async (name: string) => {
    const text = (await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).body;
    const line = text.split('\n').find((l) => l.startsWith(name));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  /** Makes every waiting refund due now, as if its pause had passed. */
  const makeRetriesDue = () =>
    env.database.db
      .updateTable('refund_queue')
      .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
      .where('done_at', 'is', null)
      .execute();
  const waitForStatus = async (id: string, status: string) => {
    for (let i = 0; i < 100; i++) {
      const row = await env.database.db
        .selectFrom('reservations')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (row.status === status) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`reservation ${id} never became ${status}`);
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp(); // with the background jobs: the retry is theirs
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
  });
  afterAll(() => env.close());

  it('event cancellation with one refund failing shows it to the admin as refund_pending, and the retry completes it', async () => {
    const event = await gaEvent(env, app, 10);
    const pending = await reserve(event);
    const paid = await reserve(event, 2);
    await pay(paid, CARDS.ok);
    const flaky = await reserve(event, 3);
    await pay(flaky, REFUND_FAILS_ONCE);

    const res = await admin.post(`/api/events/${event.id}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancellation: { cancelled: 3, refunded: 1, refundsPending: 1 } });

    expect((await buyer.get(`/api/reservations/${pending.id}`)).json()).toMatchObject({ status: 'cancelled' });
    expect((await buyer.get(`/api/reservations/${paid.id}`)).json()).toMatchObject({ status: 'refunded' });
    expect((await buyer.get(`/api/reservations/${flaky.id}`)).json()).toMatchObject({ status: 'refund_pending' });
    const listed = (await admin.get(`/api/admin/reservations?status=refund_pending&eventId=${event.id}`)).json<{
      items: ReservationBody[];
    }>().items;
    expect(listed.map((r) => r.id)).toEqual([flaky.id]);
    // Its tickets went back at once: nothing of the event is held or sold any more.
    await expectCountersMatchRows(env, event.id);
    const types = await env.database.db
      .selectFrom('ticket_types')
      .select(['sold', 'held'])
      .where('event_id', '=', event.id)
      .execute();
    expect(types).toEqual([{ sold: 0, held: 0 }]);
    expect(await metric('iatichet_refunds_pending ')).toBe(1);
    expect(await metric('iatichet_refund_attempts_total{outcome="failed"}')).toBe(1);

    await makeRetriesDue();
    await waitForStatus(flaky.id, 'refunded');
    const refunds = await env.database.db
      .selectFrom('payments')
      .select('status')
      .where('reservation_id', '=', flaky.id)
      .where('kind', '=', 'refund')
      .orderBy('created_at')
      .execute();
    expect(refunds.map((p) => p.status)).toEqual(['failed', 'succeeded']);
    expect((await admin.get(`/api/admin/reservations?status=refund_pending&eventId=${event.id}`)).json()).toMatchObject({
      items: [],
    });
    expect(await metric('iatichet_refunds_pending ')).toBe(0);
    expect(await metric('iatichet_refund_attempts_total{outcome="succeeded"}')).toBe(2);
    await expectCountersMatchRows(env, event.id);
  });

  it('an admin refund that fails answers refund_pending, with the tickets back on sale and the buyer told', async () => {
    const event = await gaEvent(env, app, 4);
    const r = await reserve(event, 4);
    await pay(r, REFUND_FAILS_ONCE);
    const res = await admin.post(`/api/admin/reservations/${r.id}/cancel`, { refund: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'refund_pending' });
    expect((await app.inject(`/api/events/${event.id}`)).json<EventBody>().remaining).toBe(4);
    const told = await env.database.db.selectFrom('notifications').select('body').where('reservation_id', '=', r.id).execute();
    expect(told.map((n) => n.body).join(' ')).toMatch(/refund/i);
    // A second cancel while it waits changes nothing and refunds nothing.
    expect((await admin.post(`/api/admin/reservations/${r.id}/cancel`, { refund: true })).json()).toMatchObject({
      status: 'refund_pending',
    });
    await makeRetriesDue();
    await waitForStatus(r.id, 'refunded');
    await expectCountersMatchRows(env, event.id);
  });

  it('admins cancelling the event together while buyers cancel refund each reservation exactly once', async () => {
    const event = await gaEvent(env, app, 20);
    const paid: ReservationBody[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await reserve(event, 2);
      await pay(r, CARDS.ok);
      paid.push(r);
    }
    const [eventAnswers, buyerAnswers] = await Promise.all([
      Promise.all([1, 2, 3].map(() => admin.post(`/api/events/${event.id}/cancel`))),
      Promise.all(paid.map((r) => buyer.post(`/api/reservations/${r.id}/cancel`))),
    ]);
    for (const a of eventAnswers) expect(a.statusCode, a.body).toBe(200);
    const byEvent = eventAnswers.reduce(
      (sum, a) => sum + a.json<{ cancellation: { cancelled: number } }>().cancellation.cancelled,
      0,
    );
    // A buyer's cancel that lost the race answers the reservation as the event's cancel left it (or a 409).
    const byBuyers = buyerAnswers.filter((a) => a.statusCode === 200).length;
    expect(byEvent).toBeLessThanOrEqual(paid.length);
    expect(byEvent + byBuyers).toBeGreaterThanOrEqual(paid.length);
    for (const r of paid) {
      const refunds = await env.database.db
        .selectFrom('payments')
        .select('status')
        .where('reservation_id', '=', r.id)
        .where('kind', '=', 'refund')
        .execute();
      expect(refunds).toEqual([{ status: 'succeeded' }]);
      await waitForStatus(r.id, 'refunded');
    }
    await expectCountersMatchRows(env, event.id);
  });
});
