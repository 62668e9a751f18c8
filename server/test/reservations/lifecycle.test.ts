/** The payment window and payments end to end, on every backend. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDue, warnExpiring } from '../../src/reservations/expiry.js';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import {
  CARDS,
  buyers,
  expectCountersMatchRows,
  gaEvent,
  seatedEvent,
  type ReservationBody,
} from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('reservation lifecycle on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let other: TestClient;
  let event: EventBody;
  let typeId: string;

  const reserve = async (quantity = 2, client = buyer) => {
    const res = await client.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity }] });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ReservationBody>();
  };
  const backdate = (id: string) =>
    env.database.db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
  const type = () =>
    env.database.db.selectFrom('ticket_types').select(['held', 'sold']).where('id', '=', typeId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    env = await createTestEnvironment(backend, { env: { HOLD_MINUTES: '30' } });
    app = await env.startApp();
    [buyer, other] = (await buyers(app, 2)) as [TestClient, TestClient];
    event = await gaEvent(env, app, 10);
    typeId = event.ticketTypes[0]?.id ?? '';
  });
  afterAll(() => env.close());

  it('tells the checkout page that card details are taken here, test cards included', async () => {
    const res = await app.inject('/api/payments/config');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ provider: 'simulated', flow: 'card', testCards: true });
  });

  it('holds for 30 minutes with prices from the server', async () => {
    const r = await reserve(2);
    expect(r.status).toBe('pending_payment');
    expect(r.totalCents).toBe(5000);
    const minutes = (Date.parse(r.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29.5);
    expect(minutes).toBeLessThanOrEqual(30);
    expect(r.tickets).toHaveLength(2);
    await buyer.post(`/api/reservations/${r.id}/cancel`);
  });

  it('refuses client-chosen prices and totals (mass assignment) with 400', async () => {
    for (const body of [
      { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1, priceCents: 1 }] },
      { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }], totalCents: 1 },
      { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }], status: 'paid' },
    ]) {
      const res = await buyer.post('/api/reservations', body);
      expect(res.statusCode).toBe(400);
    }
  });

  it('checks the maximum per order, the event and the ticket type', async () => {
    const limited = await gaEvent(env, app, 50, { maxTicketsPerOrder: 3 });
    const res = await buyer.post('/api/reservations', {
      eventId: limited.id,
      items: [{ ticketTypeId: limited.ticketTypes[0]?.id, quantity: 4 }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'limit_exceeded' });
    expect(
      (await buyer.post('/api/reservations', { eventId: limited.id, items: [{ ticketTypeId: typeId, quantity: 1 }] })).statusCode,
    ).toBe(400);
    expect(
      (await buyer.post('/api/reservations', { eventId: 'no-such-event', items: [{ ticketTypeId: typeId, quantity: 1 }] }))
        .statusCode,
    ).toBe(404);
    expect((await buyer.post('/api/reservations', { eventId: limited.id, seats: ['x'] })).statusCode).toBe(400);
  });

  it('answers 422 sales_closed outside the sales window', async () => {
    const later = await gaEvent(env, app, 5, { salesStartAt: new Date(Date.now() + 24 * 3600_000).toISOString() });
    const res = await buyer.post('/api/reservations', {
      eventId: later.id,
      items: [{ ticketTypeId: later.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'sales_closed' });
  });

  it('pays with the success card', async () => {
    const r = await reserve(1);
    const paid = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    await expectCountersMatchRows(env, event.id);
  });

  it('stays payable after a decline, then succeeds within the window', async () => {
    const r = await reserve(1);
    const declined = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.declined });
    expect(declined.statusCode).toBe(402);
    expect(declined.json()).toMatchObject({ code: 'payment_declined' });
    expect((await buyer.get(`/api/reservations/${r.id}`)).json()).toMatchObject({ status: 'pending_payment' });
    expect((await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok })).json()).toMatchObject({
      status: 'paid',
    });
    const attempts = await env.database.db
      .selectFrom('payments')
      .select('status')
      .where('reservation_id', '=', r.id)
      .orderBy('created_at')
      .execute();
    expect(attempts.map((a) => a.status)).toEqual(['declined', 'succeeded']);
  });

  it('answers an outage with 503 payment_unavailable, then succeeds', async () => {
    const r = await reserve(1);
    const outage = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.outage });
    expect(outage.statusCode).toBe(503);
    expect(outage.json()).toMatchObject({ code: 'payment_unavailable' });
    expect((await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok })).json()).toMatchObject({
      status: 'paid',
    });
  });

  it('charges once for a duplicate /pay with the same Idempotency-Key, and for a double click', async () => {
    const r = await reserve(1);
    const headers = { 'idempotency-key': `pay-${r.id}` };
    const [first, second] = await Promise.all([
      buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok }, { headers }),
      buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok }, { headers }),
    ]);
    expect([first.statusCode, second.statusCode]).toContain(200);
    const replay = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok }, { headers });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ id: r.id, status: 'paid' });
    const click = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok });
    expect(click.json()).toMatchObject({ status: 'paid' });
    const charges = await env.database.db
      .selectFrom('payments')
      .select('id')
      .where('reservation_id', '=', r.id)
      .where('status', '=', 'succeeded')
      .execute();
    expect(charges).toHaveLength(1);
  });

  it('holds once for a repeated POST /api/reservations with the same Idempotency-Key', async () => {
    const before = await type();
    const headers = { 'idempotency-key': 'reserve-once-1' };
    const body = { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] };
    const first = await buyer.post('/api/reservations', body, { headers });
    const again = await buyer.post('/api/reservations', body, { headers });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json<ReservationBody>().id).toBe(first.json<ReservationBody>().id);
    expect((await type()).held).toBe(before.held + 1);
    expect(
      (await buyer.post('/api/reservations', { ...body, items: [{ ticketTypeId: typeId, quantity: 2 }] }, { headers }))
        .statusCode,
    ).toBe(409);
    await buyer.post(`/api/reservations/${first.json<ReservationBody>().id}/cancel`);
  });

  it('releases an expired hold through the sweeper, and answers a late payment with 409 hold_expired', async () => {
    const r = await reserve(2);
    const before = await type();
    await backdate(r.id);
    expect(await expireDue(env.database.db)).toBeGreaterThanOrEqual(1);
    expect((await type()).held).toBe(before.held - 2);
    const late = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'hold_expired' });
    expect((await buyer.get(`/api/reservations/${r.id}`)).json()).toMatchObject({ status: 'expired' });
    await expectCountersMatchRows(env, event.id);
  });

  it('lets a colliding hold reclaim an expired one, so a stale hold never shows the event sold out', async () => {
    const small = await gaEvent(env, app, 2);
    const smallType = small.ticketTypes[0]?.id ?? '';
    const stale = await other.post('/api/reservations', { eventId: small.id, items: [{ ticketTypeId: smallType, quantity: 2 }] });
    expect(stale.statusCode).toBe(201);
    expect(
      (await buyer.post('/api/reservations', { eventId: small.id, items: [{ ticketTypeId: smallType, quantity: 1 }] }))
        .statusCode,
    ).toBe(409);
    await backdate(stale.json<ReservationBody>().id);
    const fresh = await buyer.post('/api/reservations', { eventId: small.id, items: [{ ticketTypeId: smallType, quantity: 2 }] });
    expect(fresh.statusCode).toBe(201);
    expect((await other.get(`/api/reservations/${stale.json<ReservationBody>().id}`)).json()).toMatchObject({
      status: 'expired',
    });
    await expectCountersMatchRows(env, small.id);
  });

  it('reclaims an expired seat hold when someone picks that seat', async () => {
    const { event: seated, seatIds } = await seatedEvent(env, app, 1, 3);
    const first = await other.post('/api/reservations', { eventId: seated.id, seats: [seatIds[0]] });
    await backdate(first.json<ReservationBody>().id);
    const second = await buyer.post('/api/reservations', { eventId: seated.id, seats: [seatIds[0]] });
    expect(second.statusCode).toBe(201);
    await expectCountersMatchRows(env, seated.id);
  });

  it('never expires a paid reservation', async () => {
    const r = await reserve(1);
    await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok });
    await backdate(r.id);
    await expireDue(env.database.db);
    expect((await buyer.get(`/api/reservations/${r.id}`)).json()).toMatchObject({ status: 'paid' });
  });

  it('records one "expires in 5 minutes" notification per reservation', async () => {
    const r = await reserve(1);
    await env.database.db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() + 4 * 60_000).toISOString() })
      .where('id', '=', r.id)
      .execute();
    await warnExpiring(env.database.db);
    await warnExpiring(env.database.db);
    const notes = await env.database.db
      .selectFrom('notifications')
      .select('type')
      .where('reservation_id', '=', r.id)
      .where('type', '=', 'hold_expiring')
      .execute();
    expect(notes).toHaveLength(1);
    await buyer.post(`/api/reservations/${r.id}/cancel`);
  });

  it('cancels: pending becomes cancelled, paid becomes refunded, and tickets go back on sale at once', async () => {
    const pending = await reserve(1);
    const before = await type();
    expect((await buyer.post(`/api/reservations/${pending.id}/cancel`)).json()).toMatchObject({ status: 'cancelled' });
    expect((await type()).held).toBe(before.held - 1);
    const paid = await reserve(1);
    await buyer.post(`/api/reservations/${paid.id}/pay`, { method: 'card', card: CARDS.ok });
    const soldBefore = (await type()).sold;
    expect((await buyer.post(`/api/reservations/${paid.id}/cancel`)).json()).toMatchObject({ status: 'refunded' });
    expect((await type()).sold).toBe(soldBefore - 1);
    const refunds = await env.database.db
      .selectFrom('payments')
      .select('kind')
      .where('reservation_id', '=', paid.id)
      .where('kind', '=', 'refund')
      .execute();
    expect(refunds).toHaveLength(1);
    await expectCountersMatchRows(env, event.id);
  });

  it("answers 404 for another user's reservation on every route, and changes nothing", async () => {
    const mine = await reserve(1);
    for (const res of [
      await other.get(`/api/reservations/${mine.id}`),
      await other.post(`/api/reservations/${mine.id}/pay`, { method: 'card', card: CARDS.ok }),
      await other.post(`/api/reservations/${mine.id}/cancel`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
    expect((await buyer.get(`/api/reservations/${mine.id}`)).json()).toMatchObject({ status: 'pending_payment' });
    const list = (await other.get('/api/reservations')).json<{ items: ReservationBody[] }>().items;
    expect(list.map((r) => r.id)).not.toContain(mine.id);
    expect((await other.get('/api/admin/reservations')).statusCode).toBe(403);
  });

  it('lists your reservations newest first, with a status filter', async () => {
    const list = (await buyer.get('/api/reservations?limit=100')).json<{ items: ReservationBody[] }>().items;
    expect(list.length).toBeGreaterThan(5);
    const times = list.map((r) => r.id);
    expect(new Set(times).size).toBe(list.length);
    const paid = (await buyer.get('/api/reservations?status=paid')).json<{ items: ReservationBody[] }>().items;
    expect(paid.every((r) => r.status === 'paid')).toBe(true);
  });
});
