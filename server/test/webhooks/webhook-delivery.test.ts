/**
 * Issue 17, done-when 3, through the real app and a local receiver (WEBHOOK_ALLOW_PRIVATE=true):
 * signed deliveries of reservation.created, reservation.paid and ticket.checked_in checked with
 * our own HMAC code; a receiver failing twice gets the same id three times with growing gaps (the
 * schedule scaled down for the test; the real numbers are tested in retry-schedule.test.ts); a
 * manual redelivery keeps the id; the delivery log; owners only, other organizers' hooks 404.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay } from '../tickets/ticket-fixtures.js';
import { defaultOrganizerId } from './outbox-rows.js';
import { signatureIsValid, startReceiver, type Receiver } from './receiver.js';

interface CreatedHook {
  id: string;
  url: string;
  events: string[];
  secret: string;
  enabled: boolean;
}
interface DeliveryItem {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastResponseExcerpt: string | null;
}

describe.each(backends)('webhook deliveries on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let organizerId: string;
  let receiver: Receiver;
  // Per path: how many 500s to answer before a 200.
  const failuresBefore = new Map<string, number>();

  const hook = async (path: string, events: string[], client = admin): Promise<CreatedHook> => {
    const res = await client.post(`/api/organizers/${organizerId}/webhooks`, { url: `${receiver.url}${path}`, events });
    expect(res.statusCode, res.body).toBe(201);
    // The signing secret is in this answer only: no cache may keep it.
    expect(res.headers['cache-control']).toBe('no-store');
    return res.json<CreatedHook>();
  };

  beforeAll(async () => {
    receiver = await startReceiver((r, n) =>
      n <= (failuresBefore.get(r.path) ?? 0) ? { status: 500, body: 'not yet' } : { status: 200, body: 'thanks' },
    );
    env = await createTestEnvironment(backend, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    // 0.002: the 5 s pause is 10 ms, the 30 s pause 60 ms; the worker looks every 20 ms.
    app = await env.startApp({}, { webhooks: { scheduleScale: 0.002, pollMs: 20 } });
    admin = await adminClient(env, app);
    organizerId = await defaultOrganizerId(env.database.db);
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  it('delivers reservation.created, reservation.paid and ticket.checked_in, each signed with the hook secret', async () => {
    const created = await hook('/all', ['reservation.created', 'reservation.paid', 'ticket.checked_in']);
    expect(created.secret).toMatch(/^whsec_/);
    const event = await gaEvent(env, app, 20);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const staff = await clientWithRole(env, app, 'staff');
    const paid = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 2);
    const scan = await staff.post('/api/checkin', { code: paid.tickets[0]?.qr ?? '', eventId: event.id, device: 'door 1' });
    expect(scan.json<{ result: string }>().result).toBe('ok');

    const got = await receiver.waitFor((rs) => rs.filter((r) => r.path === '/all').length >= 3);
    const mine = got.filter((r) => r.path === '/all');
    expect(mine.map((r) => r.json.type).sort()).toEqual(['reservation.created', 'reservation.paid', 'ticket.checked_in']);
    for (const r of mine) {
      expect(signatureIsValid(r.headers['iatichet-signature'], r.body, created.secret)).toBe(true);
      // A wrong secret or a changed body does not pass our check: it is a real check.
      expect(signatureIsValid(r.headers['iatichet-signature'], r.body, `${created.secret}x`)).toBe(false);
      expect(signatureIsValid(r.headers['iatichet-signature'], r.body.replace('"', ' "'), created.secret)).toBe(false);
      expect(Object.keys(r.json)).toEqual(['id', 'type', 'createdAt', 'data']);
    }
    const byType = new Map(mine.map((r) => [r.json.type, r.json.data]));
    expect(byType.get('reservation.created')).toMatchObject({
      reservation: { id: paid.id, status: 'pending_payment', ticketCount: 2 },
    });
    expect(byType.get('reservation.paid')).toMatchObject({ reservation: { id: paid.id, status: 'paid', paymentMethod: 'card' } });
    expect(byType.get('ticket.checked_in')).toMatchObject({
      ticket: { id: paid.tickets[0]?.id, reservationId: paid.id, eventId: event.id },
      device: 'door 1',
    });

    // Recorded after the answers; give the worker a moment to write them.
    const log = async () => {
      const res = await admin.get(`/api/organizers/${organizerId}/webhooks/${created.id}/deliveries`);
      expect(res.statusCode).toBe(200);
      return res.json<{ items: DeliveryItem[] }>().items;
    };
    await expect
      .poll(async () =>
        (await log()).every(
          (d) => d.status === 'delivered' && d.attempts === 1 && d.lastStatusCode === 200 && d.lastResponseExcerpt === 'thanks',
        ),
      )
      .toBe(true);
    expect((await log()).map((d) => d.id).sort()).toEqual(mine.map((r) => r.json.id).sort());
  });

  it('retries a receiver that answers 500 twice with the same id, with growing gaps, then shows it delivered', async () => {
    failuresBefore.set('/flaky', 2);
    const created = await hook('/flaky', ['reservation.created']);
    const event = await gaEvent(env, app, 5);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    expect(
      (
        await buyer.post('/api/reservations', {
          eventId: event.id,
          items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
        })
      ).statusCode,
    ).toBe(201);

    const got = (await receiver.waitFor((rs) => rs.filter((r) => r.path === '/flaky').length >= 3)).filter(
      (r) => r.path === '/flaky',
    );
    expect(new Set(got.map((r) => r.json.id)).size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1); // the very same bytes each time
    const [first, second, third] = got as [(typeof got)[0], (typeof got)[0], (typeof got)[0]];
    const gap1 = second.at - first.at;
    const gap2 = third.at - second.at;
    expect(gap1).toBeGreaterThanOrEqual(10); // 5 s × 0.002
    expect(gap2).toBeGreaterThanOrEqual(60); // 30 s × 0.002
    expect(gap2).toBeGreaterThan(gap1);

    // Recorded after the answer; give the worker a moment to write it.
    await expect
      .poll(async () => {
        const items = (await admin.get(`/api/organizers/${organizerId}/webhooks/${created.id}/deliveries`)).json<{
          items: DeliveryItem[];
        }>().items;
        return items[0];
      })
      .toMatchObject({ id: first.json.id, status: 'delivered', attempts: 3, lastStatusCode: 200 });
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received.filter((r) => r.path === '/flaky')).toHaveLength(3); // delivered: no fourth
  });

  it('redelivers a delivered delivery with the same id, and refuses one of another hook', async () => {
    const created = await hook('/again', ['event.changed']);
    const event = await gaEvent(env, app, 5);
    expect((await admin.patch(`/api/events/${event.id}`, { title: 'Renamed' })).statusCode).toBe(200);
    const [delivered] = await receiver
      .waitFor((rs) => rs.some((r) => r.path === '/again'))
      .then((rs) => rs.filter((r) => r.path === '/again'));
    expect(delivered?.json).toMatchObject({ type: 'event.changed', data: { event: { id: event.id, title: 'Renamed' } } });
    const id = delivered?.json.id ?? '';
    await expect
      .poll(
        async () =>
          (await admin.get(`/api/organizers/${organizerId}/webhooks/${created.id}/deliveries`)).json<{ items: DeliveryItem[] }>()
            .items[0]?.status,
      )
      .toBe('delivered');

    const again = await admin.post(`/api/organizers/${organizerId}/webhooks/${created.id}/deliveries/${id}/redeliver`);
    expect(again.statusCode, again.body).toBe(202);
    const both = (await receiver.waitFor((rs) => rs.filter((r) => r.path === '/again').length >= 2)).filter(
      (r) => r.path === '/again',
    );
    expect(both.map((r) => r.json.id)).toEqual([id, id]);
    expect(both[1]?.body).toBe(both[0]?.body);

    const other = await hook('/other', ['event.cancelled']);
    const wrongHook = await admin.post(`/api/organizers/${organizerId}/webhooks/${other.id}/deliveries/${id}/redeliver`);
    expect(wrongHook.statusCode).toBe(404);
    const unknown = await admin.post(
      `/api/organizers/${organizerId}/webhooks/${created.id}/deliveries/${randomUUID()}/redeliver`,
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('lets only owners manage hooks: another organizer 404, a manager 403, the secret only on creation, every change audited', async () => {
    const db = env.database.db;
    const now = new Date().toISOString();
    const otherOrg = randomUUID();
    await db
      .insertInto('organizers')
      .values({ id: otherOrg, name: 'Other', slug: `other-${otherOrg.slice(0, 8)}`, created_at: now, updated_at: now })
      .execute();
    const owner = new TestClient(app, '10.77.0.1');
    const ownerUser = await owner.register(uniqueEmail('owner'));
    const manager = new TestClient(app, '10.77.0.2');
    const managerUser = await manager.register(uniqueEmail('manager'));
    await db
      .insertInto('organizer_members')
      .values([
        { organizer_id: otherOrg, user_id: ownerUser.id, role: 'owner', created_at: now },
        { organizer_id: organizerId, user_id: managerUser.id, role: 'manager', created_at: now },
      ])
      .execute();

    const ours = await hook('/ours', ['event.published']);
    // The other organizer's owner: our hook does not exist for them, whatever the route.
    const base = `/api/organizers/${organizerId}/webhooks`;
    for (const res of [
      await owner.get(base),
      await owner.get(`${base}/${ours.id}`),
      await owner.patch(`${base}/${ours.id}`, { enabled: false }),
      await owner.delete(`${base}/${ours.id}`),
      await owner.get(`${base}/${ours.id}/deliveries`),
      await owner.post(base, { url: `${receiver.url}/x`, events: ['event.published'] }),
    ])
      expect(res.statusCode, res.body).toBe(404);
    // And their own organizer's path with our hook id: 404 too.
    expect((await owner.get(`/api/organizers/${otherOrg}/webhooks/${ours.id}`)).statusCode).toBe(404);
    expect((await manager.get(base)).statusCode).toBe(403);
    expect((await new TestClient(app, '10.77.0.3').get(base)).statusCode).toBe(401);

    const theirs = await hook('/theirs', ['event.published'], owner).catch(() => undefined);
    expect(theirs).toBeUndefined(); // `hook` posts to our organizer: refused above
    const created = await owner.post(`/api/organizers/${otherOrg}/webhooks`, {
      url: `${receiver.url}/theirs`,
      events: ['event.published'],
    });
    expect(created.statusCode).toBe(201);

    const listed = await admin.get(base);
    expect(listed.body).not.toContain(ours.secret);
    expect(listed.json<{ items: { id: string }[] }>().items.map((h) => h.id)).toContain(ours.id);
    expect(listed.json<{ items: { id: string }[] }>().items.map((h) => h.id)).not.toContain(created.json<{ id: string }>().id);
    expect((await admin.get(`${base}/${ours.id}`)).body).not.toContain(ours.secret);
    const patched = await admin.patch(`${base}/${ours.id}`, { events: ['event.published', 'event.cancelled'], enabled: false });
    expect(patched.json()).toMatchObject({ enabled: false, events: ['event.published', 'event.cancelled'] });
    expect(patched.body).not.toContain(ours.secret);
    expect((await admin.delete(`${base}/${ours.id}`)).statusCode).toBe(204);
    expect((await admin.get(`${base}/${ours.id}`)).statusCode).toBe(404);

    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'before_json', 'after_json'])
      .where('entity_id', '=', ours.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.update', 'webhook.delete']);
    expect(JSON.stringify(audit)).not.toContain(ours.secret);
  });

  it('reports expiry, cancellation, refund and an event published then cancelled, and counts them in /metrics', async () => {
    await hook('/life', [
      'reservation.expired',
      'reservation.cancelled',
      'reservation.refunded',
      'event.published',
      'event.cancelled',
    ]);
    const event = await gaEvent(env, app, 10); // published by the fixture
    const [a, b, c] = (await buyers(app, 3)) as [TestClient, TestClient, TestClient];
    const typeId = event.ticketTypes[0]?.id ?? '';
    const hold = async (buyer: TestClient) =>
      (await buyer.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] })).json<{
        id: string;
      }>().id;
    const expiring = await hold(a);
    const cancelled = await hold(b);
    const refunded = (await reserveAndPay(c, event.id, typeId, 1)).id;
    await env.database.db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', expiring)
      .execute();
    expect((await b.post(`/api/reservations/${cancelled}/cancel`)).statusCode).toBe(200);
    expect((await c.post(`/api/reservations/${refunded}/cancel`)).json()).toMatchObject({ status: 'refunded' });

    // The sweeper (every 5 s) expires the first hold.
    const got = await receiver.waitFor((rs) => rs.filter((r) => r.path === '/life').length >= 4, 15_000);
    const life = got
      .filter((r) => r.path === '/life')
      .map((r) => [r.json.type, (r.json.data as { reservation?: { id: string } }).reservation?.id]);
    expect(life).toEqual(
      expect.arrayContaining([
        ['reservation.expired', expiring],
        ['reservation.cancelled', cancelled],
        ['reservation.refunded', refunded],
      ]),
    );
    expect(life.some(([type]) => type === 'event.published')).toBe(true);

    expect((await admin.post(`/api/events/${event.id}/cancel`)).statusCode).toBe(200);
    const cancelledEvent = await receiver.waitFor((rs) =>
      rs.some((r) => r.path === '/life' && r.json.type === 'event.cancelled'),
    );
    expect(cancelledEvent.find((r) => r.json.type === 'event.cancelled')?.json.data).toMatchObject({
      event: { id: event.id, status: 'cancelled' },
    });

    const metrics = await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(metrics.body).toMatch(/iatichet_webhook_deliveries_total\{outcome="delivered"\} [1-9]/);
    expect(metrics.body).toMatch(/iatichet_webhook_deliveries_total\{outcome="retry"\} [1-9]/); // the 500s above
    expect(metrics.body).toMatch(/iatichet_webhook_deliveries_pending \d+/);
  });

  it('pages the delivery log newest first and refuses a forged cursor', async () => {
    const created = await hook('/pages', ['event.changed']);
    const event = await gaEvent(env, app, 5);
    for (const title of ['One', 'Two', 'Three'])
      expect((await admin.patch(`/api/events/${event.id}`, { title })).statusCode).toBe(200);
    const url = `/api/organizers/${organizerId}/webhooks/${created.id}/deliveries`;
    const first = (await admin.get(`${url}?limit=2`)).json<{ items: DeliveryItem[]; nextCursor: string | null }>();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = (await admin.get(`${url}?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`)).json<{
      items: DeliveryItem[];
      nextCursor: string | null;
    }>();
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.items).toHaveLength(1);
    expect(new Set([...first.items, ...second.items].map((d) => d.id)).size).toBe(3);
    const cursor = first.nextCursor ?? '';
    const forged = await admin.get(`${url}?cursor=${encodeURIComponent((cursor.startsWith('A') ? 'B' : 'A') + cursor.slice(1))}`);
    expect(forged.statusCode).toBe(400);
  });

  it('refuses bad input with a problem and changes nothing', async () => {
    const base = `/api/organizers/${organizerId}/webhooks`;
    const before = await env.database.db.selectFrom('webhooks').select('id').execute();
    for (const body of [
      { url: `${receiver.url}/x`, events: [] },
      { url: `${receiver.url}/x`, events: ['reservation.nope'] },
      { url: 'ftp://example.com/x', events: ['event.published'] },
      { url: 'not a url', events: ['event.published'] },
      { url: 'https://user:pw@example.com/x', events: ['event.published'] },
      { url: `${receiver.url}/x`, events: ['event.published'], secret: 'mine' },
    ]) {
      const res = await admin.post(base, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect(await env.database.db.selectFrom('webhooks').select('id').execute()).toHaveLength(before.length);
  });
});
