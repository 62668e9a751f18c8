/**
 * An event cancelled while a hold or a payment is under way: whatever lost the race, nothing of
 * that event stays payable or paid, and money taken meanwhile goes back.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { holdTickets } from '../../src/reservations/hold.js';
import { payReservation } from '../../src/reservations/payment-flow.js';
import type { TestClient } from '../support/client.js';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import { pausingBeforeTransaction } from '../support/db-faults.js';
import {
  buyers,
  CARDS,
  expectCountersMatchRows,
  gaEvent,
  gatedProvider,
  type ReservationBody,
} from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** The invoice series' year is read in this zone (DEFAULT_TIME_ZONE in the app). */
const invoicing = { invoiceTimeZone: 'Europe/Bucharest' };

describe.each(backends)('an event cancelled during a hold or a payment (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let db: Kysely<Database>;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    db = env.database.db;
  });
  afterAll(() => env.close());

  const cancelEvent = async (eventId: string) => {
    const admin = await adminClient(env, app);
    const res = await admin.post(`/api/events/${eventId}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
  };
  /** An event on sale and one buyer's pending hold of one of its tickets. */
  const oneHold = async () => {
    const event = await gaEvent(env, app, 10);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const res = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return { event, buyer, r: res.json<ReservationBody>() };
  };
  const liveOf = (eventId: string) =>
    db
      .selectFrom('reservations')
      .select(['id', 'status'])
      .where('event_id', '=', eventId)
      .where('status', 'in', ['pending_payment', 'paid'])
      .execute();
  const userIdOf = async (buyer: TestClient) => (await buyer.get('/api/auth/me')).json<{ user: { id: string } }>().user.id;

  it('refuses a hold that read the event before its cancellation committed', async () => {
    const event = await gaEvent(env, app, 10);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const paused = pausingBeforeTransaction(db);
    const hold = holdTickets(paused.db, {
      userId: await userIdOf(buyer),
      request: { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity: 2 }] },
      holdMinutes: 30,
    });
    const outcome = hold.then(
      () => 'held',
      (err: unknown) => (err as { code?: string }).code,
    );
    await paused.paused;
    await cancelEvent(event.id);
    paused.release();
    expect(await outcome).toBe('event_not_on_sale');
    expect(await liveOf(event.id)).toEqual([]);
    await expectCountersMatchRows(env, event.id);
  });

  it('refunds a card payment that was charged while the event was being cancelled', async () => {
    const { event, r } = await oneHold();
    const row = await db.selectFrom('reservations').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    const gate = gatedProvider();
    const paying = payReservation(db, gate.provider, row, { method: 'card', card: CARDS.ok }, row.user_id, invoicing).then(
      () => 'paid',
      (err: unknown) => (err as { code?: string }).code,
    );
    await gate.started;
    await cancelEvent(event.id);
    gate.open();
    expect(await paying).toBe('event_not_on_sale');
    expect(await liveOf(event.id)).toEqual([]);
    expect(gate.refunds).toEqual([`ch_${r.id}`]);
    await expectCountersMatchRows(env, event.id);
  });

  it('answers event_not_on_sale to paying a reservation that the cancellation closed', async () => {
    const { event, buyer, r } = await oneHold();
    await cancelEvent(event.id);
    const pay = await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok });
    expect(pay.statusCode, pay.body).toBe(409);
    expect(pay.json<{ code: string }>().code).toBe('event_not_on_sale');
    const hold = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(hold.statusCode, hold.body).toBe(409);
    expect(hold.json<{ code: string }>().code).toBe('event_not_on_sale');
  });
});
