/**
 * Idempotency-Key on POST /api/reservations, on every backend: the key's result is written in the
 * hold's own transaction, so a retry after an answer that never arrived returns the first hold,
 * and the database never holds twice for one key, however many identical requests race.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startSweeper } from '../../src/reservations/sweeper.js';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { losingCommitAnswers } from '../support/db-faults.js';
import { buyers, expectCountersMatchRows, gaEvent, seatedEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('hold idempotency on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let faults: ReturnType<typeof losingCommitAnswers>;
  let event: EventBody;
  let typeId: string;

  const holdsOf = async (client: TestClient, eventId: string) => {
    const me = await client.get('/api/auth/me');
    return env.database.db
      .selectFrom('reservations')
      .select(['id', 'status'])
      .where('user_id', '=', me.json<{ user: { id: string } }>().user.id)
      .where('event_id', '=', eventId)
      .execute();
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    faults = losingCommitAnswers(env.database.db);
    app = await env.startApp({}, { database: { ...env.database, db: faults.db, close: () => Promise.resolve() } });
    event = await gaEvent(env, app, 40);
    typeId = event.ticketTypes[0]?.id ?? '';
  });
  afterAll(() => env.close());

  it('returns the first hold to a retry with the same key after the answer to its commit was lost', async () => {
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const body = { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 2 }] };
    const headers = { 'idempotency-key': 'lost-commit-1' };
    faults.arm();
    const lost = await buyer.post('/api/reservations', body, { headers });
    expect(faults.lost()).toBe(1);
    expect(lost.statusCode, lost.body).toBe(503);
    const committed = await holdsOf(buyer, event.id);
    expect(committed).toHaveLength(1);

    const retry = await buyer.post('/api/reservations', body, { headers });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json<ReservationBody>()).toMatchObject({ id: committed[0]?.id, status: 'pending_payment' });
    expect(retry.json<ReservationBody>().tickets).toHaveLength(2);
    expect(await holdsOf(buyer, event.id)).toHaveLength(1);
    await expectCountersMatchRows(env, event.id);
  });

  it('holds once for 20 concurrent identical requests with one key, and answers each with that hold', async () => {
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const headers = { 'idempotency-key': 'twenty-at-once' };
    const body = { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] };
    const answers = await Promise.all(Array.from({ length: 20 }, () => buyer.post('/api/reservations', body, { headers })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 20 }, () => 201));
    const held = await holdsOf(buyer, event.id);
    expect(held).toHaveLength(1);
    expect(new Set(answers.map((a) => a.json<ReservationBody>().id))).toEqual(new Set([held[0]?.id]));
    await expectCountersMatchRows(env, event.id);
  });

  it('holds once for concurrent identical seat requests with one key', async () => {
    const { event: seated, seatIds } = await seatedEvent(env, app, 2, 5);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const headers = { 'idempotency-key': 'seats-at-once' };
    const body = { eventId: seated.id, seats: seatIds.slice(0, 2) };
    const answers = await Promise.all(Array.from({ length: 10 }, () => buyer.post('/api/reservations', body, { headers })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 10 }, () => 201));
    const held = await holdsOf(buyer, seated.id);
    expect(held).toHaveLength(1);
    expect(new Set(answers.map((a) => a.json<ReservationBody>().id))).toEqual(new Set([held[0]?.id]));
  });

  it('returns the first hold to a later retry even when the event has sold out since', async () => {
    const small = await gaEvent(env, app, 3);
    const smallType = small.ticketTypes[0]?.id ?? '';
    const [buyer, rival] = (await buyers(app, 2)) as [TestClient, TestClient];
    const headers = { 'idempotency-key': 'sold-out-since' };
    const body = { eventId: small.id, items: [{ ticketTypeId: smallType, quantity: 2 }] };
    const first = await buyer.post('/api/reservations', body, { headers });
    expect(first.statusCode, first.body).toBe(201);
    const rest = await rival.post('/api/reservations', { eventId: small.id, items: [{ ticketTypeId: smallType, quantity: 1 }] });
    expect(rest.statusCode, rest.body).toBe(201);
    const retry = await buyer.post('/api/reservations', body, { headers });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json<ReservationBody>().id).toBe(first.json<ReservationBody>().id);
    // The same key for a different request is refused, and holds nothing.
    const other = await buyer.post(
      '/api/reservations',
      { ...body, items: [{ ticketTypeId: smallType, quantity: 1 }] },
      { headers },
    );
    expect(other.statusCode, other.body).toBe(409);
    expect(await holdsOf(buyer, small.id)).toHaveLength(1);
  });
  it('answers 503 to every hold of a group whose commit answer was lost, and each retry returns its one hold', async () => {
    const crowd = await buyers(app, 3);
    const body = { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] };
    // Sent in one turn, the three holds go as one group: the transaction whose commit answer is lost.
    faults.arm();
    const grouped = await Promise.all(
      crowd.map((c, i) => c.post('/api/reservations', body, { headers: { 'idempotency-key': `group-${i}` } })),
    );
    const lost = grouped.filter((r) => r.statusCode === 503).length;
    expect(lost).toBeGreaterThanOrEqual(1);
    expect(grouped.every((r) => r.statusCode === 201 || r.statusCode === 503)).toBe(true);
    const retries = await Promise.all(
      crowd.map((c, i) => c.post('/api/reservations', body, { headers: { 'idempotency-key': `group-${i}` } })),
    );
    for (const [i, c] of crowd.entries()) {
      const held = await holdsOf(c, event.id);
      expect(held, `buyer ${i}`).toHaveLength(1);
      expect(retries[i]?.statusCode).toBe(201);
      expect(retries[i]?.json<ReservationBody>().id).toBe(held[0]?.id);
    }
    await expectCountersMatchRows(env, event.id);
  });

  it('forgets keys after a day (the sweeper), so the same key may then hold again', async () => {
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const body = { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] };
    const oldKey = { 'idempotency-key': 'a-day-old' };
    const freshKey = { 'idempotency-key': 'fresh' };
    const first = await buyer.post('/api/reservations', body, { headers: oldKey });
    expect(first.statusCode, first.body).toBe(201);
    expect((await buyer.post('/api/reservations', body, { headers: freshKey })).statusCode).toBe(201);
    await env.database.db
      .updateTable('hold_keys')
      .set({ created_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
      .where('key', '=', 'a-day-old')
      .execute();
    const sweeper = startSweeper(env.database.db, pino({ level: 'silent' }), 3_600_000);
    await sweeper.stop();
    const keys = await env.database.db.selectFrom('hold_keys').select('key').where('key', 'in', ['a-day-old', 'fresh']).execute();
    expect(keys.map((k) => k.key)).toEqual(['fresh']);
    const again = await buyer.post('/api/reservations', body, { headers: oldKey });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json<ReservationBody>().id).not.toBe(first.json<ReservationBody>().id);
  });

  it('refuses a key naming a reservation that does not exist, checked at commit', async () => {
    const me = await env.database.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(
      env.database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('hold_keys')
          .values({
            user_id: me.id,
            key: 'dangling',
            request_hash: 'x',
            reservation_id: 'no-such-reservation',
            status_code: null,
            response_json: null,
            created_at: new Date().toISOString(),
          })
          .execute();
      }),
    ).rejects.toThrow();
    expect(await env.database.db.selectFrom('hold_keys').select('key').where('key', '=', 'dangling').execute()).toEqual([]);
  });
});
