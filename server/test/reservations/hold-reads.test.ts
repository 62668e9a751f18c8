/**
 * Holds' first reads go in batches per event (reservations/hold-read.ts HoldReads): one query for
 * what the holds share, one for their Idempotency-Keys, one for their codes. Protects: in a batch,
 * each hold still gets exactly its own types, its own key's record (a key is per account: another
 * account's key of the same text is not it) and its own code, on SQLite and PostgreSQL; and
 * through the route, a crowd of different requests at once each gets the answer to its own.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../../src/reservations/hold-read.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, expectCountersMatchRows, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('batched hold reads on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let event: EventBody;
  let typeA: string;
  let typeB: string;

  const userIdOf = async (client: TestClient) => (await client.get('/api/auth/me')).json<{ user: { id: string } }>().user.id;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
    const venue = await createVenue(admin);
    event = await createEvent(
      admin,
      eventInput(venue.id, {
        maxTicketsPerOrder: 10,
        ticketTypes: [
          { name: 'Floor', priceCents: 3000, capacity: 500 },
          { name: 'Balcony', priceCents: 2000, capacity: 500 },
        ],
      }),
    );
    typeA = event.ticketTypes[0]?.id ?? '';
    typeB = event.ticketTypes[1]?.id ?? '';
    for (const code of [
      { code: 'Ten', kind: 'discount', percentOff: 10 },
      { code: 'FIVE', kind: 'discount', amountOffCents: 500, ticketTypeIds: [typeB] },
    ]) {
      const made = await admin.post(`/api/events/${event.id}/codes`, code);
      expect(made.statusCode, made.body).toBe(201);
    }
  });
  afterAll(() => env.close());

  it('answers each hold of one batch its own types, key record and code', async () => {
    const [first, second] = (await buyers(app, 2)) as [TestClient, TestClient];
    const made = await Promise.all([
      first.post(
        '/api/reservations',
        { eventId: event.id, items: [{ ticketTypeId: typeA, quantity: 1 }] },
        { headers: { 'idempotency-key': 'k-1' } },
      ),
      second.post(
        '/api/reservations',
        { eventId: event.id, items: [{ ticketTypeId: typeB, quantity: 1 }] },
        { headers: { 'idempotency-key': 'k-2' } },
      ),
    ]);
    expect(made.map((r) => r.statusCode)).toEqual([201, 201]);
    const [u1, u2] = [await userIdOf(first), await userIdOf(second)];
    const request = (items: { ticketTypeId: string; quantity: number }[], code?: string) => ({
      eventId: event.id,
      items,
      ...(code === undefined ? {} : { code }),
    });
    const key = (k: string) => ({ key: k, requestHash: 'h' });

    const reads = await readEvents(env.database.db, [
      { userId: u1, request: request([{ ticketTypeId: typeA, quantity: 1 }]), key: key('k-1') },
      // Both accounts and both keys are in the batch; neither account has the other's key.
      { userId: u2, request: request([{ ticketTypeId: typeB, quantity: 2 }], ' ten '), key: key('k-1') },
      { userId: u1, request: request([{ ticketTypeId: typeA, quantity: 1 }], 'five'), key: key('k-2') },
      {
        userId: u2,
        request: request(
          [
            { ticketTypeId: typeA, quantity: 1 },
            { ticketTypeId: typeB, quantity: 1 },
          ],
          'nope',
        ),
      },
      { userId: u2, request: request([{ ticketTypeId: typeB, quantity: 1 }]), key: key('k-2') },
    ]);
    expect(reads).toHaveLength(5);
    const [a, b, c, d, e] = reads;
    expect(a?.usedKey?.reservation_id).toBe(made[0].json<ReservationBody>().id);
    expect(b?.usedKey).toBeUndefined();
    expect(c?.usedKey).toBeUndefined();
    expect(d?.usedKey).toBeUndefined();
    expect(e?.usedKey?.reservation_id).toBe(made[1].json<ReservationBody>().id);

    expect(a?.types.map((t) => t.id)).toEqual([typeA]);
    expect(b?.types.map((t) => t.id)).toEqual([typeB]);
    expect(d?.types.map((t) => t.id).sort()).toEqual([typeA, typeB].sort());
    expect(a?.types[0]).toMatchObject({ name: 'Floor', price_cents: 3000, remaining: 499 });
    expect(b?.types[0]).toMatchObject({ name: 'Balcony', price_cents: 2000, remaining: 499 });

    expect(a?.code).toBeUndefined();
    expect(b?.code).toMatchObject({ code: 'Ten', percent_off: 10 });
    expect(c?.code).toMatchObject({ code: 'FIVE', amount_off_cents: 500 });
    expect(d?.code).toBeUndefined();
    for (const r of reads) expect(r?.event).toMatchObject({ id: event.id, status: 'published', max_tickets_per_order: 10 });
    // Each answer is its own: changing one changes no other.
    if (a !== undefined) a.event.title = 'changed';
    expect(b?.event.title).toBe(event.title);
  });

  it('answers undefined for every hold of a batch when the event does not exist', async () => {
    const request = { eventId: '00000000-0000-4000-8000-000000000000', items: [{ ticketTypeId: typeA, quantity: 1 }] };
    expect(
      await readEvents(env.database.db, [
        { userId: 'u', request },
        { userId: 'v', request, key: { key: 'k', requestHash: 'h' } },
      ]),
    ).toEqual([undefined, undefined]);
  });

  it('gives each of a crowd of different holds at once the answer to its own request', async () => {
    const crowd = await buyers(app, 40);
    await Promise.all(crowd.map((c) => c.token()));
    const asks = crowd.map((_, i) =>
      i % 4 === 0
        ? { items: [{ ticketTypeId: typeA, quantity: 2 }], code: 'TEN' }
        : i % 4 === 1
          ? { items: [{ ticketTypeId: typeB, quantity: 1 }], code: 'five' }
          : i % 4 === 2
            ? { items: [{ ticketTypeId: typeB, quantity: 3 }] }
            : { items: [{ ticketTypeId: typeA, quantity: 1 }], code: 'unknown' },
    );
    const results = await Promise.all(
      crowd.map((c, i) =>
        c.post('/api/reservations', { eventId: event.id, ...asks[i] }, { headers: { 'idempotency-key': `crowd-${i % 3}` } }),
      ),
    );
    results.forEach((res, i) => {
      if (i % 4 === 3) {
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json<{ code: string }>().code).toBe('code_invalid');
        return;
      }
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json<ReservationBody & { discountCode: string | null; discountCents: number; totalCents: number }>();
      const ask = asks[i];
      expect(body.tickets).toHaveLength(ask?.items[0]?.quantity ?? 0);
      if (i % 4 === 0) expect(body).toMatchObject({ discountCode: 'Ten', discountCents: 600, totalCents: 5400 });
      if (i % 4 === 1) expect(body).toMatchObject({ discountCode: 'FIVE', discountCents: 500, totalCents: 1500 });
      if (i % 4 === 2) expect(body).toMatchObject({ discountCode: null, discountCents: 0, totalCents: 6000 });
    });
    // The same requests again with their keys: each gets its own first answer back, nothing new is held.
    const again = await Promise.all(
      crowd.map((c, i) =>
        c.post('/api/reservations', { eventId: event.id, ...asks[i] }, { headers: { 'idempotency-key': `crowd-${i % 3}` } }),
      ),
    );
    again.forEach((res, i) => {
      expect(res.statusCode).toBe(results[i]?.statusCode);
      if (res.statusCode === 201) expect(res.json<ReservationBody>().id).toBe(results[i]?.json<ReservationBody>().id);
    });
    await expectCountersMatchRows(env, event.id);
  });
});
