/**
 * A database error in the middle of a card payment (no connection free in time, a failover) is
 * answered 503 and the buyer pays again at once: the payment claim is given back, so the retry is
 * not "already in progress" for a minute; a card charged before the error is not charged twice
 * (the retry uses the same idempotency key, and the provider answers with the same charge); and a
 * later payment's claim is never given back by an earlier one that failed.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import type { ChargeInput, ChargeResult, PaymentProvider } from '../../src/payments/provider.js';
import { payReservation } from '../../src/reservations/payment-flow.js';
import { reload } from '../../src/reservations/payment-records.js';
import { backends } from '../support/backends.js';
import type { TestClient } from '../support/client.js';
import { failingQueries } from '../support/db-faults.js';
import { buyers, CARDS, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const invoicing = { invoiceTimeZone: 'Europe/Bucharest' };
const DROPPED = { code: '57P01', message: 'terminating connection due to administrator command' };

/** A card provider that, as real ones do, answers a repeated idempotency key with the same charge. */
function recordingProvider(beforeAnswer: () => Promise<void> = () => Promise.resolve()) {
  const byKey = new Map<string, ChargeResult>();
  const calls: string[] = [];
  const charges: string[] = [];
  const provider: PaymentProvider = {
    name: 'simulated',
    kind: 'card',
    async charge(input: ChargeInput) {
      calls.push(input.idempotencyKey);
      await beforeAnswer();
      const known = byKey.get(input.idempotencyKey);
      if (known !== undefined) return known;
      const result: ChargeResult = { status: 'succeeded', providerRef: `ch_${randomUUID()}` };
      charges.push(result.providerRef);
      byKey.set(input.idempotencyKey, result);
      return result;
    },
    refund: () => Promise.reject(new Error('not used')),
  };
  return { provider, calls, charges };
}

describe.each(backends)('a database error mid-payment (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let db: Kysely<Database>;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    db = env.database.db;
  });
  afterAll(() => env.close());

  async function hold() {
    const event = await gaEvent(env, app, 5);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const res = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return reload(db, res.json<ReservationBody>().id);
  }
  const succeededCharges = async (reservationId: string) =>
    db
      .selectFrom('payments')
      .select('provider_ref')
      .where('reservation_id', '=', reservationId)
      .where('kind', '=', 'charge')
      .where('status', '=', 'succeeded')
      .execute();

  it('after the card was charged: the claim goes back, and paying again records that one charge', async () => {
    const r = await hold();
    const { provider, calls, charges } = recordingProvider();
    const faulty = failingQueries(db, (sql) => sql.startsWith('insert into "payments"'), DROPPED, 1);
    await expect(payReservation(faulty, provider, r, { method: 'card', card: CARDS.ok }, r.user_id, invoicing)).rejects.toThrow(
      DROPPED.message,
    );
    expect(await reload(db, r.id)).toMatchObject({ status: 'pending_payment', paying_until: null });
    expect(charges).toHaveLength(1);

    const paid = await payReservation(db, provider, r, { method: 'card', card: CARDS.ok }, r.user_id, invoicing);
    expect(paid.status).toBe('paid');
    expect(calls).toHaveLength(2);
    expect(new Set(calls).size).toBe(1);
    expect(charges).toHaveLength(1);
    expect(await succeededCharges(r.id)).toEqual([{ provider_ref: charges[0] }]);
  });

  it('before the card was charged: the claim goes back, and paying again charges once', async () => {
    const r = await hold();
    const { provider, calls, charges } = recordingProvider();
    const faulty = failingQueries(db, (sql) => /^select count\(\*\) as "n" from "payments"/.test(sql), DROPPED, 1);
    await expect(payReservation(faulty, provider, r, { method: 'card', card: CARDS.ok }, r.user_id, invoicing)).rejects.toThrow(
      DROPPED.message,
    );
    expect(calls).toEqual([]);
    expect(await reload(db, r.id)).toMatchObject({ status: 'pending_payment', paying_until: null });
    expect((await payReservation(db, provider, r, { method: 'card', card: CARDS.ok }, r.user_id, invoicing)).status).toBe('paid');
    expect(charges).toHaveLength(1);
    expect(await succeededCharges(r.id)).toEqual([{ provider_ref: charges[0] }]);
  });

  it('never gives back a later claim: one taken after this one ran out stays', async () => {
    const r = await hold();
    const later = new Date(Date.now() + 45_000).toISOString();
    // While the provider answers, this payment's claim runs out and another payment claims the reservation.
    const { provider } = recordingProvider(async () => {
      await db.updateTable('reservations').set({ paying_until: later }).where('id', '=', r.id).execute();
    });
    const faulty = failingQueries(db, (sql) => sql.startsWith('insert into "payments"'), DROPPED, 1);
    await expect(payReservation(faulty, provider, r, { method: 'card', card: CARDS.ok }, r.user_id, invoicing)).rejects.toThrow(
      DROPPED.message,
    );
    const after = await reload(db, r.id);
    expect(after.status).toBe('pending_payment');
    expect(after.paying_until === null ? null : Date.parse(after.paying_until)).toBe(Date.parse(later));
    // The other payment's claim holds: a third is refused as in progress.
    await expect(
      payReservation(db, recordingProvider().provider, r, { method: 'card', card: CARDS.ok }, r.user_id, invoicing),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});
