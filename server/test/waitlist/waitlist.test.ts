/**
 * Waiting lists on every backend: who may join, released tickets offered in order and exactly
 * once when two instances on one PostgreSQL release and sweep at the same moment, an expired offer
 * passing on, an entry too big for what came back skipped without blocking, and the list's
 * tickets kept from everyone else meanwhile.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAvailability } from '../../src/realtime/availability.js';
import { expireDue } from '../../src/reservations/expiry.js';
import { OfferScheduler } from '../../src/waitlist/offer-scheduler.js';
import { backends } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { CARDS, buyers, expectCountersMatchRows, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface Entry {
  id: string;
  status: string;
  position: number | null;
  reservationId: string | null;
  quantity: number;
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(backends)('waiting lists on %s', (backend) => {
  let env: TestEnvironment;
  let a: FastifyInstance;
  let b: FastifyInstance;
  /** What each instance's sweep does, on that instance's own connection pool. */
  let sweeps: OfferScheduler[];

  const hold = async (client: TestClient, event: EventBody, quantity: number) => {
    const res = await client.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ReservationBody>();
  };
  const join = (client: TestClient, event: EventBody, quantity = 1) =>
    client.post(`/api/events/${event.id}/waitlist`, { ticketTypeId: event.ticketTypes[0]?.id, quantity });
  const mine = async (client: TestClient, event: EventBody) => {
    const res = await client.get('/api/waitlist');
    expect(res.statusCode).toBe(200);
    return res.json<{ items: (Entry & { event: { id: string } })[] }>().items.filter((e) => e.event.id === event.id);
  };
  const entryOf = async (client: TestClient, event: EventBody) => {
    const [entry] = await mine(client, event);
    if (entry === undefined) throw new Error('no entry');
    return entry;
  };
  const offeredTo = (client: TestClient, event: EventBody) =>
    eventually(
      () => entryOf(client, event),
      (e) => e.status === 'offered',
      'an offer',
    );
  /** What the public is shown, read past the catalogue's one-second cache. */
  const remaining = async (event: EventBody) =>
    (await readAvailability(env.database.db, event.id, undefined)).message.ticketTypes.reduce((sum, t) => sum + t.remaining, 0);
  const on = (client: TestClient, app: FastifyInstance) => {
    const other = new TestClient(app, client.ip);
    for (const [k, v] of client.cookies) other.cookies.set(k, v);
    return other;
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    a = await env.startApp({}, { backgroundJobs: false });
    // Two instances on one PostgreSQL. SQLite is one instance's embedded database (better-sqlite3
    // waits for another writer by blocking the whole process), so there both are the same app.
    b = backend === 'postgres' ? await env.startApp({}, { backgroundJobs: false }) : a;
    const settings = { offerMinutes: 120, publicUrl: env.config.publicUrl };
    sweeps = [a, b].map(
      (app) => new OfferScheduler(app.services.database.db, settings, app.services.announce, pino({ level: 'silent' })),
    );
  });
  afterAll(() => env.close());

  it('lets a verified buyer join only a sold-out type, once, within the per-order maximum', async () => {
    const event = await gaEvent(env, a, 2, { maxTicketsPerOrder: 3 });
    const [holder, waiter] = (await buyers(a, 2)) as [TestClient, TestClient];
    const early = await join(waiter, event);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'conflict' });
    await hold(holder, event, 2);
    const unverified = new TestClient(a, '10.99.0.1');
    await unverified.registerUnverified(uniqueEmail('unverified'));
    expect((await join(unverified, event)).json()).toMatchObject({ status: 403, code: 'email_unverified' });
    expect((await join(waiter, event, 4)).json()).toMatchObject({ status: 422, code: 'limit_exceeded' });
    const joined = await join(waiter, event, 2);
    expect(joined.statusCode, joined.body).toBe(201);
    expect(joined.json()).toMatchObject({ status: 'waiting', position: 1, quantity: 2, reservationId: null });
    const again = await Promise.all([join(waiter, event), join(on(waiter, b), event)]);
    expect(again.map((r) => r.statusCode)).toEqual([409, 409]);
    expect(await mine(waiter, event)).toHaveLength(1);
  });

  it('offers two tickets released at once on two instances to exactly the first two entries, and an expired offer to the third', async () => {
    const event = await gaEvent(env, a, 2);
    const [h1, h2, w1, w2, w3, outsider] = (await buyers(a, 6)) as [
      TestClient,
      TestClient,
      TestClient,
      TestClient,
      TestClient,
      TestClient,
    ];
    const r1 = await hold(h1, event, 1);
    const r2 = await hold(h2, event, 1);
    for (const w of [w1, w2, w3]) expect((await join(w, event)).statusCode).toBe(201);
    expect((await entryOf(w3, event)).position).toBe(3);

    // Both releases and both instances' sweeps at the same moment: each races the other's offer.
    await Promise.all([
      h1.post(`/api/reservations/${r1.id}/cancel`),
      on(h2, b).post(`/api/reservations/${r2.id}/cancel`),
      sweeps[0]?.sweep(),
      sweeps[1]?.sweep(),
    ]);
    await Promise.all(sweeps.map((s) => s.sweep()));
    const [o1, o2] = [await offeredTo(w1, event), await offeredTo(w2, event)];
    expect((await entryOf(w3, event)).position).toBe(1);
    expect(await remaining(event)).toBe(0);
    const held = await env.database.db
      .selectFrom('reservations')
      .select(['id', 'status'])
      .where('event_id', '=', event.id)
      .where('status', '=', 'pending_payment')
      .execute();
    expect(held.map((r) => r.id).sort()).toEqual([o1.reservationId, o2.reservationId].sort());
    await expectCountersMatchRows(env, event.id);
    expect(
      (
        await outsider.post('/api/reservations', {
          eventId: event.id,
          items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
        })
      ).statusCode,
    ).toBe(409);

    // The offer is a pending reservation of the buyer's own, with a notification and an email linking to it.
    const offer = (await w1.get(`/api/reservations/${o1.reservationId}`)).json<ReservationBody>();
    expect(offer).toMatchObject({ status: 'pending_payment', totalCents: 2500 });
    expect((Date.parse(offer.expiresAt) - Date.now()) / 60_000).toBeGreaterThan(119);
    const notes = (await w1.get('/api/notifications')).json<{ items: { type: string; reservationId: string }[] }>().items;
    expect(notes).toContainEqual(expect.objectContaining({ type: 'waitlist_offered', reservationId: o1.reservationId }));
    const mail = await env.database.db
      .selectFrom('email_outbox')
      .select('body')
      .where('kind', '=', 'waitlist_offered')
      .where('reservation_id', '=', o1.reservationId)
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body).toContain(`/reservations/${o1.reservationId}`);

    // w2 pays: fulfilled. w1 lets the offer lapse: it passes to w3.
    expect((await w2.post(`/api/reservations/${o2.reservationId}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);
    await env.database.db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', o1.reservationId ?? '')
      .execute();
    await expireDue(a.services.database.db, {
      eventId: event.id,
      onExpired: (id) => a.services.announce.availabilityChanged(id),
    });
    await sweeps[1]?.sweep();
    const o3 = await offeredTo(w3, event);
    expect(o3.reservationId).not.toBeNull();
    expect((await entryOf(w1, event)).status).toBe('expired');
    expect((await entryOf(w2, event)).status).toBe('fulfilled');
    await expectCountersMatchRows(env, event.id);
  });

  it('skips an entry asking for more than came back, keeps those tickets for the list, and serves it when enough are free', async () => {
    const event = await gaEvent(env, a, 6, { maxTicketsPerOrder: 4 });
    const [big, small, outsider, four, two] = (await buyers(a, 5)) as [
      TestClient,
      TestClient,
      TestClient,
      TestClient,
      TestClient,
    ];
    const r4 = await hold(four, event, 4);
    const r2 = await hold(two, event, 2);
    expect((await join(big, event, 4)).statusCode).toBe(201);
    expect((await join(small, event, 1)).statusCode).toBe(201);

    await two.post(`/api/reservations/${r2.id}/cancel`);
    await sweeps[0]?.sweep();
    await offeredTo(small, event);
    expect(await entryOf(big, event)).toMatchObject({ status: 'waiting', position: 1 });
    // One ticket is free but belongs to the list: the public sees none and cannot hold it.
    expect(await remaining(event)).toBe(0);
    const refused = await outsider.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(refused.json()).toMatchObject({ code: 'sold_out' });

    await four.post(`/api/reservations/${r4.id}/cancel`);
    const offered = await offeredTo(big, event);
    expect(offered.quantity).toBe(4);
    // Nobody waits any more: the one ticket left goes back on sale.
    expect(await remaining(event)).toBe(1);
    await expectCountersMatchRows(env, event.id);
  });

  it('offers a raised capacity to the list, but not beyond what a buyer may hold of the event, and tells the organizer by webhook', async () => {
    const event = await gaEvent(env, a, 2, { maxTicketsPerOrder: 2 });
    const typeId = event.ticketTypes[0]?.id ?? '';
    const [greedy, patient] = (await buyers(a, 2)) as [TestClient, TestClient];
    await hold(greedy, event, 2);
    // The greedy buyer already holds the most allowed: their entry is skipped, the next one served.
    expect((await join(greedy, event, 1)).statusCode).toBe(201);
    expect((await join(patient, event, 1)).statusCode).toBe(201);
    // The organizer's systems listen for offers (a hook stored as the webhook routes would).
    const db = env.database.db;
    const { organizer_id } = await db
      .selectFrom('events')
      .select('organizer_id')
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db
      .insertInto('webhooks')
      .values({
        id: `hook-${event.id}`,
        organizer_id,
        url: 'https://hooks.example.com/in',
        events_json: JSON.stringify(['waitlist.offered']),
        secret: 'secret',
        enabled: 1,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const admin = await adminClient(env, a);
    const raised = await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [{ id: typeId, name: 'Standard', priceCents: 2500, capacity: 3 }],
      waitlist: { enabled: true, offerMinutes: 30 },
    });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json()).toMatchObject({ waitlist: { enabled: true, offerMinutes: 30 } });
    await sweeps[0]?.sweep();
    const offer = await offeredTo(patient, event);
    const expiresAt = (await patient.get(`/api/reservations/${offer.reservationId}`)).json<ReservationBody>().expiresAt;
    expect((Date.parse(expiresAt) - Date.now()) / 60_000).toBeLessThanOrEqual(30);
    expect(await entryOf(greedy, event)).toMatchObject({ status: 'waiting', position: 1 });
    const deliveries = await db
      .selectFrom('webhook_deliveries')
      .select(['type', 'payload_json'])
      .where('webhook_id', '=', `hook-${event.id}`)
      .execute();
    expect(deliveries.map((d) => d.type)).toEqual(['waitlist.offered']);
    expect(JSON.parse(deliveries[0]?.payload_json ?? '{}')).toMatchObject({
      type: 'waitlist.offered',
      data: { entry: { id: offer.id, ticketTypeId: typeId, quantity: 1 }, reservation: { id: offer.reservationId } },
    });
    await expectCountersMatchRows(env, event.id);

    // Switched off: nobody new may join.
    await admin.patch(`/api/events/${event.id}`, { waitlist: { enabled: false, offerMinutes: null } });
    const [late] = (await buyers(a, 1)) as [TestClient];
    expect((await join(late, event, 1)).json()).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('leaving passes an open offer to the next, and the organizer sees the list with positions and statuses', async () => {
    const event = await gaEvent(env, a, 1);
    const [holder, first, second, third] = (await buyers(a, 4)) as [TestClient, TestClient, TestClient, TestClient];
    const r = await hold(holder, event, 1);
    for (const w of [first, second, third]) expect((await join(w, event)).statusCode).toBe(201);
    const waiting = await entryOf(third, event);
    expect((await third.delete(`/api/waitlist/${waiting.id}`)).statusCode).toBe(204);
    expect(await entryOf(third, event)).toMatchObject({ status: 'cancelled', position: null });
    expect((await second.delete(`/api/waitlist/${waiting.id}`)).statusCode).toBe(404);

    await holder.post(`/api/reservations/${r.id}/cancel`);
    const offer = await offeredTo(first, event);
    expect((await first.delete(`/api/waitlist/${offer.id}`)).statusCode).toBe(204);
    expect((await first.get(`/api/reservations/${offer.reservationId}`)).json()).toMatchObject({ status: 'cancelled' });
    await offeredTo(second, event);

    const admin = (await buyers(a, 1))[0] as TestClient;
    expect((await admin.get(`/api/admin/events/${event.id}/waitlist`)).statusCode).toBe(403);
    const list = (await (await adminClient(env, a)).get(`/api/admin/events/${event.id}/waitlist`)).json<{ items: Entry[] }>();
    expect(list.items.map((e) => e.status)).toEqual(['cancelled', 'offered', 'cancelled']);
    await expectCountersMatchRows(env, event.id);
  });
});
