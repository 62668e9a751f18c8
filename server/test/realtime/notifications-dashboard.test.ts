/** Stored notifications (list, read, privacy) and the admin event dashboard's numbers. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { CARDS, buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface Page {
  items: { id: string; type: string; readAt: string | null; reservationId: string | null }[];
  nextCursor: string | null;
  unreadCount: number;
}

describe.each(backends)('notifications and the event dashboard on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let alice: TestClient;
  let bob: TestClient;
  let event: EventBody;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [alice, bob] = (await buyers(app, 2)) as [TestClient, TestClient];
    event = await gaEvent(env, app, 20);
  });
  afterAll(() => env.close());

  const reserve = async (who: TestClient, quantity: number) => {
    const res = await who.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>();
  };

  it('lists only your notifications, newest first, pages them, and marks one read once', async () => {
    // Alice's own payment attempts are listed, but as already read: nobody is told "unread" of what
    // they just did themselves. The organiser cancelling her other hold is news to her: unread.
    const r = await reserve(alice, 1);
    const other = await reserve(alice, 1);
    expect((await alice.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.declined })).statusCode).toBe(402);
    expect((await alice.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);
    expect((await admin.post(`/api/reservations/${other.id}/cancel`)).statusCode).toBe(200);
    const page = (await alice.get('/api/notifications')).json<Page>();
    expect(page.items.map((n) => [n.type, n.readAt === null])).toEqual([
      ['reservation_cancelled', true],
      ['payment_confirmed', false],
      ['payment_failed', false],
    ]);
    expect(page.unreadCount).toBe(1);
    expect((await bob.get('/api/notifications')).json<Page>()).toEqual({ items: [], nextCursor: null, unreadCount: 0 });

    const first = (await alice.get('/api/notifications?limit=1')).json<Page>();
    expect(first.items).toHaveLength(1);
    const second = (await alice.get(`/api/notifications?limit=1&cursor=${first.nextCursor ?? ''}`)).json<Page>();
    expect(second.items.map((n) => n.type)).toEqual(['payment_confirmed']);
    expect((await alice.get('/api/notifications?unread=true')).json<Page>().items.map((n) => n.type)).toEqual([
      'reservation_cancelled',
    ]);

    const target = page.items[0]?.id ?? '';
    expect((await bob.post(`/api/notifications/${target}/read`)).statusCode).toBe(404);
    const read = await alice.post(`/api/notifications/${target}/read`);
    expect(read.statusCode).toBe(200);
    const readAt = read.json<{ readAt: string }>().readAt;
    expect(readAt).toEqual(expect.any(String));
    expect((await alice.post(`/api/notifications/${target}/read`)).json<{ readAt: string }>().readAt).toBe(readAt);
    expect((await alice.get('/api/notifications?unread=true')).json<Page>()).toMatchObject({ items: [], unreadCount: 0 });
    expect((await alice.post('/api/notifications/read-all')).json()).toEqual({ unreadCount: 0 });
  });

  it('refuses bad input with problem+json and changes nothing', async () => {
    const anonymous = await app.inject('/api/notifications');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    const badCursor = await alice.get('/api/notifications?cursor=forged.cursor');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json()).toMatchObject({ code: 'validation_failed' });
    expect((await alice.get('/api/notifications?limit=1000')).statusCode).toBe(400);
    expect((await alice.post('/api/notifications/x/read', undefined, { csrf: false })).statusCode).toBe(403);
  });

  it('tells ticket holders when an admin moves the event', async () => {
    const r = await reserve(bob, 1);
    const moved = new Date(Date.now() + 20 * 24 * 3600_000).toISOString();
    const res = await admin.patch(`/api/events/${event.id}`, {
      startsAt: moved,
      endsAt: new Date(Date.parse(moved) + 3600_000).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const mine = (await bob.get('/api/notifications')).json<Page>().items;
    expect(mine.find((n) => n.type === 'event_changed')).toMatchObject({ reservationId: r.id });
  });

  it('shows sold, held, remaining, revenue, check-ins and sales per hour to admins only', async () => {
    const fresh = await gaEvent(env, app, 10);
    const hold = await bob.post('/api/reservations', {
      eventId: fresh.id,
      items: [{ ticketTypeId: fresh.ticketTypes[0]?.id, quantity: 2 }],
    });
    const paid = await alice.post('/api/reservations', {
      eventId: fresh.id,
      items: [{ ticketTypeId: fresh.ticketTypes[0]?.id, quantity: 3 }],
    });
    expect([hold.statusCode, paid.statusCode]).toEqual([201, 201]);
    const pay = await alice.post(`/api/reservations/${paid.json<{ id: string }>().id}/pay`, { method: 'card', card: CARDS.ok });
    expect(pay.statusCode).toBe(200);

    const res = await admin.get(`/api/admin/events/${fresh.id}/dashboard`);
    expect(res.statusCode, res.body).toBe(200);
    const dashboard = res.json<{ salesOverTime: { at: string; tickets: number; cumulativeTickets: number }[] }>();
    expect(dashboard).toMatchObject({
      capacity: 10,
      sold: 3,
      held: 2,
      remaining: 5,
      revenueCents: 7500,
      checkedIn: 0,
      timeZone: 'Europe/Bucharest',
    });
    expect(dashboard.salesOverTime).toHaveLength(1);
    expect(dashboard.salesOverTime[0]).toMatchObject({ tickets: 3, revenueCents: 7500, cumulativeTickets: 3 });
    expect(Date.parse(dashboard.salesOverTime[0]?.at ?? '')).toBeLessThanOrEqual(Date.now());

    expect((await alice.get(`/api/admin/events/${fresh.id}/dashboard`)).statusCode).toBe(403);
    expect((await app.inject(`/api/admin/events/${fresh.id}/dashboard`)).statusCode).toBe(401);
    expect((await admin.get('/api/admin/events/nope/dashboard')).json()).toMatchObject({ status: 404, code: 'not_found' });
  });
});
