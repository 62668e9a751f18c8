/**
 * Idempotency-Key on POST /api/reservations, on every backend: the key's result is written in the
 * hold's own transaction, so a retry after an answer that never arrived returns the first hold,
 * and the database never holds twice for one key, however many identical requests race.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { rememberRefusals } from '../../src/reservations/hold-keys.js';
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

  it('remembers the refusal of each buyer of a sold-out crowd, so a retry after tickets came back is still refused', async () => {
    const small = await gaEvent(env, app, 2);
    const smallType = small.ticketTypes[0]?.id ?? '';
    const crowd = await buyers(app, 12);
    const body = { eventId: small.id, items: [{ ticketTypeId: smallType, quantity: 1 }] };
    const keyOf = (i: number) => ({ 'idempotency-key': `crowd-${i}` });
    // Sent in one turn, the refusals are remembered together; the last buyer sends its key twice at once.
    const answers = await Promise.all([
      ...crowd.map((c, i) => c.post('/api/reservations', body, { headers: keyOf(i) })),
      (crowd[11] as TestClient).post('/api/reservations', body, { headers: keyOf(11) }),
    ]);
    const answerOf = (i: number) => {
      const a = answers[i];
      return a?.statusCode === 201
        ? `201 ${a.json<ReservationBody>().id}`
        : `${a?.statusCode} ${a?.json<{ code: string }>().code}`;
    };
    // The twin of a request refused in the same group may be told to retry (it found no stored answer yet).
    const twins = [answerOf(11), answerOf(12)].sort();
    expect(twins[0] === twins[1] || twins[0] === '409 conflict', `the same key twice at once: ${twins.join(', ')}`).toBe(true);
    const outcome = (i: number) => (i === 11 ? (twins[1] ?? '') : answerOf(i));
    const winners = crowd.flatMap((c, i) => (outcome(i).startsWith('201') ? [{ c, id: outcome(i).slice(4) }] : []));
    const refused = crowd.flatMap((c, i) => (outcome(i).startsWith('201') ? [] : [{ c, i }]));
    expect(winners).toHaveLength(2);
    expect(refused.map(({ i }) => outcome(i))).toEqual(refused.map(() => '409 sold_out'));
    const stored = await env.database.db
      .selectFrom('hold_keys')
      .select(['key', 'status_code', 'reservation_id'])
      .where('key', 'like', 'crowd-%')
      .execute();
    expect(stored).toHaveLength(12);
    expect(stored.filter((k) => k.status_code === 409 && k.reservation_id === null)).toHaveLength(10);

    // A ticket comes back: each refused key still answers its refusal and holds nothing; a new key may hold.
    const [winner] = winners as [{ c: TestClient; id: string }];
    expect((await winner.c.post(`/api/reservations/${winner.id}/cancel`)).statusCode).toBe(200);
    for (const { c, i } of refused) {
      const retry = await c.post('/api/reservations', body, { headers: keyOf(i) });
      expect(retry.statusCode, `buyer ${i}`).toBe(409);
      expect(retry.json<{ code: string }>().code).toBe('sold_out');
      expect(await holdsOf(c, small.id)).toHaveLength(0);
    }
    const fresh = await (refused[0]?.c as TestClient).post('/api/reservations', body, {
      headers: { 'idempotency-key': 'crowd-fresh' },
    });
    expect(fresh.statusCode, fresh.body).toBe(201);
    await expectCountersMatchRows(env, small.id);
  });

  it('remembers refusals many at once: a key twice in one batch and a key already holding answer what took them', async () => {
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const body = { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] };
    const held = await buyer.post('/api/reservations', body, { headers: { 'idempotency-key': 'batch-held' } });
    expect(held.statusCode, held.body).toBe(201);
    const me = (await buyer.get('/api/auth/me')).json<{ user: { id: string } }>().user.id;
    const refusal = (key: string, hash: string, code: string) => ({
      userId: me,
      key: { key, requestHash: hash },
      answer: { statusCode: 409, body: { code } },
    });
    const answers = await rememberRefusals(env.database.db, [
      refusal('batch-twice', 'h1', 'first'),
      refusal('batch-held', 'h2', 'late'),
      refusal('batch-twice', 'h3', 'second'),
    ]);
    expect(answers[0]).toBeUndefined();
    expect(answers[1]).toMatchObject({ reservation_id: held.json<ReservationBody>().id, status_code: null });
    expect(answers[2]).toMatchObject({ request_hash: 'h1', reservation_id: null, status_code: 409 });
    expect(JSON.parse(answers[2]?.response_json ?? 'null')).toEqual({ code: 'first' });
    const rows = await env.database.db
      .selectFrom('hold_keys')
      .select(['key', 'status_code'])
      .where('user_id', '=', me)
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'batch-held', status_code: null },
      { key: 'batch-twice', status_code: 409 },
    ]);
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
