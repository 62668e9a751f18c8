/**
 * The refund policy of API.md: a buyer cancels a paid reservation for a refund only until the
 * event's `selfServiceUntil`, never after one of its tickets was checked in, and a refusal changes
 * nothing. Pending holds can always be cancelled; admins can always refund.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, expectCountersMatchRows, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay, type PaidReservation } from '../tickets/ticket-fixtures.js';

const HOUR = 3600_000;
type PolicyEvent = EventBody & { startsAt: string; refundPolicy: { selfServiceUntil: string | null } };

describe.each(backends)('refund policy on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;
  let staff: TestClient;

  const statusOf = async (id: string) =>
    (await env.database.db.selectFrom('reservations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const refundRows = async (id: string) =>
    (
      await env.database.db
        .selectFrom('payments')
        .select('id')
        .where('reservation_id', '=', id)
        .where('kind', '=', 'refund')
        .execute()
    ).length;
  const payFor = (event: EventBody, quantity = 1): Promise<PaidReservation> =>
    reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', quantity);
  const expectRefused = async (r: PaidReservation, eventId: string) => {
    const remainingBefore = (await app.inject(`/api/events/${eventId}`)).json<EventBody>().remaining;
    const res = await buyer.post(`/api/reservations/${r.id}/cancel`);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'refund_not_allowed' });
    expect(await statusOf(r.id)).toBe('paid');
    expect(await refundRows(r.id)).toBe(0);
    expect((await admin.get(`/api/events/${eventId}`)).json<EventBody>().remaining).toBe(remainingBefore);
    await expectCountersMatchRows(env, eventId);
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
    staff = await clientWithRole(env, app, 'staff');
  });
  afterAll(() => env.close());

  it('refuses a refund after check-in once the event has ended: pay, check in, event ends, cancel', async () => {
    const event = await gaEvent(env, app, 20);
    const r = await payFor(event, 2);
    const scan = await staff.post('/api/checkin', { code: r.tickets[0]?.qr, eventId: event.id });
    expect(scan.json()).toMatchObject({ result: 'ok' });
    // The event happens and ends.
    await env.database.db
      .updateTable('events')
      .set({
        starts_at: new Date(Date.now() - 5 * HOUR).toISOString(),
        ends_at: new Date(Date.now() - 2 * HOUR).toISOString(),
      })
      .where('id', '=', event.id)
      .execute();
    await expectRefused(r, event.id);
  });

  it('refuses a refund once any ticket is checked in, even while self-service is still open', async () => {
    const event = await gaEvent(env, app, 20);
    const r = await payFor(event, 2);
    expect((await staff.post('/api/checkin', { code: r.tickets[1]?.qr, eventId: event.id })).json()).toMatchObject({
      result: 'ok',
    });
    await expectRefused(r, event.id);
  });

  it('answers every event with its policy: 48 hours before the start by default, following a new start time', async () => {
    const event = (await gaEvent(env, app, 5)) as PolicyEvent;
    expect(event.refundPolicy.selfServiceUntil).toBe(new Date(Date.parse(event.startsAt) - 48 * HOUR).toISOString());
    const later = new Date(Date.parse(event.startsAt) + 24 * HOUR).toISOString();
    const moved = await admin.patch(`/api/events/${event.id}`, {
      startsAt: later,
      endsAt: new Date(Date.parse(later) + 2 * HOUR).toISOString(),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<PolicyEvent>().refundPolicy.selfServiceUntil).toBe(new Date(Date.parse(later) - 48 * HOUR).toISOString());
    expect((await app.inject(`/api/events/${event.id}`)).json<PolicyEvent>().refundPolicy).toEqual(
      moved.json<PolicyEvent>().refundPolicy,
    );
  });

  it('keeps an explicit time when the start moves, and refuses refunds after it', async () => {
    const until = new Date(Date.now() + 2 * HOUR).toISOString();
    const event = (await gaEvent(env, app, 5, { refundPolicy: { selfServiceUntil: until } })) as PolicyEvent;
    expect(event.refundPolicy.selfServiceUntil).toBe(until);
    const later = new Date(Date.parse(event.startsAt) + 24 * HOUR).toISOString();
    const moved = await admin.patch(`/api/events/${event.id}`, {
      startsAt: later,
      endsAt: new Date(Date.parse(later) + 2 * HOUR).toISOString(),
    });
    expect(moved.json<PolicyEvent>().refundPolicy.selfServiceUntil).toBe(until);
    const r = await payFor(event);
    const past = await admin.patch(`/api/events/${event.id}`, {
      refundPolicy: { selfServiceUntil: new Date(Date.now() - 1000).toISOString() },
    });
    expect(past.statusCode, past.body).toBe(200);
    await expectRefused(r, event.id);
  });

  it('refuses every buyer refund when the policy is null, but lets the buyer drop a pending hold', async () => {
    const event = await gaEvent(env, app, 5, { refundPolicy: { selfServiceUntil: null } });
    expect((event as PolicyEvent).refundPolicy).toEqual({ selfServiceUntil: null, default: false });
    const paid = await payFor(event);
    await expectRefused(paid, event.id);
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    const cancelled = await buyer.post(`/api/reservations/${held.json<{ id: string }>().id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    // The admin still refunds at any time.
    const refunded = await admin.post(`/api/admin/reservations/${paid.id}/cancel`, { refund: true });
    expect(refunded.json()).toMatchObject({ status: 'refunded' });
    expect(await refundRows(paid.id)).toBe(1);
    await expectCountersMatchRows(env, event.id);
  });

  it('refunds a buyer inside the window, once, however many cancels arrive together', async () => {
    const event = await gaEvent(env, app, 5);
    const r = await payFor(event, 2);
    const answers = await Promise.all(Array.from({ length: 6 }, () => buyer.post(`/api/reservations/${r.id}/cancel`)));
    for (const a of answers) expect([200, 409]).toContain(a.statusCode);
    expect(await statusOf(r.id)).toBe('refunded');
    expect(await refundRows(r.id)).toBe(1);
    await expectCountersMatchRows(env, event.id);
  });

  it('rejects a bad policy with a clear error and changes nothing', async () => {
    const event = (await gaEvent(env, app, 5)) as PolicyEvent;
    const res = await admin.patch(`/api/events/${event.id}`, { refundPolicy: { selfServiceUntil: 'tomorrow' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    expect((await admin.get(`/api/events/${event.id}`)).json<PolicyEvent>().refundPolicy).toEqual(event.refundPolicy);
  });

  it('never refunds a reservation whose ticket is checked in at the same moment', async () => {
    const event = await gaEvent(env, app, 200, { maxTicketsPerOrder: 30 }); // one buyer holds up to 30 at once
    const rounds = backend === 'postgres' ? 30 : 10;
    const reservations = await Promise.all(Array.from({ length: rounds }, () => payFor(event)));
    const outcomes = await Promise.all(
      reservations.map(async (r) => {
        const [cancel, scan] = await Promise.all([
          buyer.post(`/api/reservations/${r.id}/cancel`),
          staff.post('/api/checkin', { code: r.tickets[0]?.qr, eventId: event.id }),
        ]);
        return { id: r.id, cancel: cancel.statusCode, admitted: scan.json<{ result: string }>().result === 'ok' };
      }),
    );
    for (const o of outcomes) {
      const status = await statusOf(o.id);
      // Exactly one wins: admitted and still paid, or refunded and refused at the door.
      if (o.admitted) {
        expect(o.cancel).toBe(409);
        expect(status).toBe('paid');
        expect(await refundRows(o.id)).toBe(0);
      } else {
        expect(o.cancel).toBe(200);
        expect(status).toBe('refunded');
      }
    }
    await expectCountersMatchRows(env, event.id);
  });
});
