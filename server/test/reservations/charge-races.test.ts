/**
 * A card charge that succeeds after something else closed or paid the reservation: the buyer's
 * money must never be kept for a reservation that the charge did not pay.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { markPaidByAdmin } from '../../src/reservations/admin-actions.js';
import { expireReservation } from '../../src/reservations/expiry.js';
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

describe.each(backends)('a card charge that lands after the reservation changed (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let db: Kysely<Database>;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    db = env.database.db;
  });
  afterAll(() => env.close());

  const oneHold = async () => {
    const event = await gaEvent(env, app, 10);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const res = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<ReservationBody>();
    const row = await db.selectFrom('reservations').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    return { event, buyer, r, row };
  };
  const outcomeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (err: unknown) => (err as { code?: string }).code ?? String(err),
    );
  const adminId = async () => {
    const admin = await adminClient(env, app);
    return (await admin.get('/api/auth/me')).json<{ user: { id: string } }>().user.id;
  };

  it('does not take cash for a reservation whose card payment is already being charged', async () => {
    const { event, r, row } = await oneHold();
    const actor = { id: await adminId(), ip: '127.0.0.1' };
    // The admin's checks pass (no card payment yet); the buyer's card is claimed and charged
    // before the admin's transaction begins.
    const paused = pausingBeforeTransaction(db);
    const cash = outcomeOf(markPaidByAdmin(paused.db, actor, r.id, { method: 'cash' }, invoicing));
    await paused.paused;
    const gate = gatedProvider();
    const card = outcomeOf(payReservation(db, gate.provider, row, { method: 'card', card: CARDS.ok }, row.user_id, invoicing));
    await gate.started;
    paused.release();
    const cashOutcome = await cash;
    gate.open();
    const cardOutcome = await card;

    // Exactly one payment stands: either the cash was refused, or the card was given back.
    const kept = gate.charges.length - gate.refunds.length + (cashOutcome === 'ok' ? 1 : 0);
    expect({ cashOutcome, cardOutcome, kept }).toMatchObject({ kept: 1 });
    const final = await db.selectFrom('reservations').select('status').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(final.status).toBe('paid');
    await expectCountersMatchRows(env, event.id);
  });

  it('gives back a charge that succeeded after its payment claim ran out and the hold expired', async () => {
    const { event, r, row } = await oneHold();
    const gate = gatedProvider();
    const card = outcomeOf(payReservation(db, gate.provider, row, { method: 'card', card: CARDS.ok }, row.user_id, invoicing));
    await gate.started;
    // The provider is slow: the 60-second claim and the hold both run out, and the sweeper expires it.
    const past = new Date(Date.now() - 1000).toISOString();
    await db.updateTable('reservations').set({ paying_until: past, expires_at: past }).where('id', '=', r.id).execute();
    expect(await expireReservation(db, r.id)).toBe(true);
    gate.open();
    const cardOutcome = await card;

    expect(gate.charges).toEqual([`ch_${r.id}`]);
    // The charge bought nothing: it is recorded and refunded, and the buyer is not told "paid".
    expect({ cardOutcome, refunds: gate.refunds }).toEqual({ cardOutcome: 'hold_expired', refunds: [`ch_${r.id}`] });
    const charges = await db
      .selectFrom('payments')
      .select(['kind', 'status', 'refund_owed'])
      .where('reservation_id', '=', r.id)
      .orderBy('kind')
      .execute();
    expect(charges.filter((p) => p.kind === 'charge')).toHaveLength(1);
    await expectCountersMatchRows(env, event.id);
  });
});
