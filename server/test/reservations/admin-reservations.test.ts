/** Admin reservation management, assisted payments, event cancellation, and a restart after expiry. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseTickets } from '../../src/reservations/inventory.js';
import { backends, postgresUrl } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { whileLocked } from '../support/db-faults.js';
import { CARDS, buyers, expectCountersMatchRows, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('admin reservations on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;
  let event: EventBody;

  const reserve = async (quantity = 1) => {
    const res = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity }],
      attendees: [{ name: 'Ana Pop' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ReservationBody>();
  };
  const auditActions = async (id: string) =>
    (await admin.get(`/api/admin/audit?entityId=${id}`)).json<{ items: { action: string }[] }>().items.map((i) => i.action);
  const notifications = async (id: string) =>
    (await env.database.db.selectFrom('notifications').select('type').where('reservation_id', '=', id).execute()).map(
      (n) => n.type,
    );

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
    event = await gaEvent(env, app, 50);
  });
  afterAll(() => env.close());

  it('finds reservations by event, status, code, email and attendee name', async () => {
    const r = await reserve();
    const byCode = (await admin.get(`/api/admin/reservations?q=${r.code.toLowerCase()}`)).json<{ items: ReservationBody[] }>()
      .items;
    expect(byCode.map((x) => x.id)).toEqual([r.id]);
    const byName = (await admin.get(`/api/admin/reservations?q=ana%20pop&eventId=${event.id}&status=pending_payment`)).json<{
      items: ReservationBody[];
    }>().items;
    expect(byName.map((x) => x.id)).toContain(r.id);
    const one = (await admin.get(`/api/admin/reservations/${r.id}`)).json<{ buyer: { email: string } }>();
    expect(one.buyer.email).toContain('@example.com');
  });

  it('marks a pending reservation paid in cash, audited and notified', async () => {
    const r = await reserve(2);
    const res = await admin.post(`/api/admin/reservations/${r.id}/mark-paid`, { method: 'cash', note: 'paid at the box office' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'paid', paymentMethod: 'cash' });
    expect(await auditActions(r.id)).toEqual(['reservation.mark_paid']);
    expect(await notifications(r.id)).toContain('payment_confirmed');
    expect((await admin.post(`/api/admin/reservations/${r.id}/mark-paid`, { method: 'cash' })).statusCode).toBe(409);
    await expectCountersMatchRows(env, event.id);
  });

  it('changes attendee names, extends a hold and adds a note', async () => {
    const r = await reserve();
    const until = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
    const res = await admin.patch(`/api/admin/reservations/${r.id}`, {
      attendees: [{ ticketId: r.tickets[0]?.id, name: 'Ion Popescu' }],
      expiresAt: until,
      note: 'VIP guest',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ expiresAt: until, note: 'VIP guest', tickets: [{ attendeeName: 'Ion Popescu' }] });
    expect(await auditActions(r.id)).toEqual(['reservation.update']);
    expect(await notifications(r.id)).toContain('reservation_changed');
    expect(
      (await admin.patch(`/api/admin/reservations/${r.id}`, { expiresAt: new Date(Date.now() - 1000).toISOString() })).statusCode,
    ).toBe(400);
    expect(
      (await admin.patch(`/api/admin/reservations/${r.id}`, { attendees: [{ ticketId: 'not-mine', name: 'X' }] })).statusCode,
    ).toBe(400);
  });

  it('cancels with and without a refund', async () => {
    const paid = await reserve();
    await buyer.post(`/api/reservations/${paid.id}/pay`, { method: 'card', card: CARDS.ok });
    expect((await admin.post(`/api/admin/reservations/${paid.id}/cancel`, { refund: true })).json()).toMatchObject({
      status: 'refunded',
    });
    const kept = await reserve();
    await buyer.post(`/api/reservations/${kept.id}/pay`, { method: 'card', card: CARDS.ok });
    expect((await admin.post(`/api/admin/reservations/${kept.id}/cancel`, { refund: false })).json()).toMatchObject({
      status: 'cancelled',
    });
    expect(await auditActions(kept.id)).toEqual(['reservation.cancel']);
    await expectCountersMatchRows(env, event.id);
  });

  it("audits an admin's refund of someone else's reservation made through the buyer's cancel route", async () => {
    const paid = await reserve();
    await buyer.post(`/api/reservations/${paid.id}/pay`, { method: 'card', card: CARDS.ok });
    // GET and cancel under /api/reservations/:id accept an admin for any buyer's reservation.
    const res = await admin.post(`/api/reservations/${paid.id}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'refunded' });
    expect(await auditActions(paid.id)).toEqual(['reservation.cancel']);
  });

  it('keeps these routes to admins', async () => {
    const r = await reserve();
    expect((await buyer.post(`/api/admin/reservations/${r.id}/mark-paid`, { method: 'cash' })).statusCode).toBe(403);
    expect((await buyer.get(`/api/reservations/${r.id}`)).json()).toMatchObject({ status: 'pending_payment' });
  });

  it('cancelling an event cancels its reservations and refunds the paid ones', async () => {
    const doomed = await gaEvent(env, app, 10);
    const typeId = doomed.ticketTypes[0]?.id;
    const pending = (
      await buyer.post('/api/reservations', { eventId: doomed.id, items: [{ ticketTypeId: typeId, quantity: 1 }] })
    ).json<ReservationBody>();
    const paid = (
      await buyer.post('/api/reservations', { eventId: doomed.id, items: [{ ticketTypeId: typeId, quantity: 1 }] })
    ).json<ReservationBody>();
    await buyer.post(`/api/reservations/${paid.id}/pay`, { method: 'card', card: CARDS.ok });
    expect((await admin.post(`/api/events/${doomed.id}/cancel`)).statusCode).toBe(200);
    expect((await buyer.get(`/api/reservations/${pending.id}`)).json()).toMatchObject({ status: 'cancelled' });
    expect((await buyer.get(`/api/reservations/${paid.id}`)).json()).toMatchObject({ status: 'refunded' });
    await expectCountersMatchRows(env, doomed.id);
  });
});

describe('a restart after holds expired', () => {
  it('releases them when the server starts again', async () => {
    const env = await createTestEnvironment('sqlite');
    try {
      const first = await env.startApp();
      const [buyer] = (await buyers(first, 1)) as [TestClient];
      const event = await gaEvent(env, first, 5);
      const res = await buyer.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 3 }],
      });
      expect(res.statusCode).toBe(201);
      await first.close();
      // While the server is down, the hold's time passes.
      await env.database.db
        .updateTable('reservations')
        .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
        .execute();
      await env.startApp();
      let held = 3;
      for (let i = 0; i < 40 && held !== 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        held = (
          await env.database.db
            .selectFrom('ticket_types')
            .select('held')
            .where('event_id', '=', event.id)
            .executeTakeFirstOrThrow()
        ).held;
      }
      expect(held).toBe(0);
      const status = await env.database.db.selectFrom('reservations').select('status').executeTakeFirstOrThrow();
      expect(status.status).toBe('expired');
    } finally {
      await env.close();
    }
  });
});

describe.runIf(postgresUrl)("an admin's edit racing the sweeper on PostgreSQL", () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;
  let event: EventBody;

  beforeAll(async () => {
    env = await createTestEnvironment('postgres');
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
    event = await gaEvent(env, app, 10);
  });
  afterAll(() => env.close());

  const hold = async () => {
    const res = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ReservationBody>();
  };
  const auditActions = async (id: string) =>
    (await admin.get(`/api/admin/audit?entityId=${id}`)).json<{ items: { action: string }[] }>().items.map((i) => i.action);

  it('does not extend a hold that the sweeper expired meanwhile', async () => {
    const r = await hold();
    const until = new Date(Date.now() + 24 * 3600_000).toISOString();
    const res = await whileLocked(
      env.database.db,
      async (trx) => {
        const now = new Date().toISOString();
        await trx
          .updateTable('reservations')
          .set({ status: 'expired', closed_at: now, updated_at: now })
          .where('id', '=', r.id)
          .execute();
        await releaseTickets(trx, r.id, 'pending_payment');
      },
      () => admin.patch(`/api/admin/reservations/${r.id}`, { expiresAt: until }),
    );
    expect(res.statusCode, res.body).toBe(409);
    const row = await env.database.db.selectFrom('reservations').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'expired', expires_at: r.expiresAt });
    expect(await auditActions(r.id)).toEqual([]);
    await expectCountersMatchRows(env, event.id);
  });
});
