/**
 * Attacks on who may do what, on both databases: another user's ids on every route that takes one
 * (IDOR), role escalation and mass assignment through user-writable routes, CSRF on every
 * state-changing route of the OpenAPI document, and session fixation. Brute force and the basic
 * CSRF cases live in server/test/accounts/security.test.ts.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { buyers, CARDS, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { operationsOf, type Operation } from './openapi-arbitraries.js';
import { changedTables, snapshotTables } from './table-snapshot.js';

/** Routes for signed-in admins (or staff at the door) only, by where they live in the API. */
function isPrivileged(op: Operation): boolean {
  if (op.path.startsWith('/api/admin/') || op.path.startsWith('/api/venues')) return true;
  if (op.path === '/api/checkin' || op.path.endsWith('/checkin-stats')) return true;
  // Joining an event's waiting list or waiting room is a buyer's action (signed in, not staff): checked below.
  if (/^\/api\/events\/\{[^}]+\}\/(waitlist|queue)$/.test(op.path)) return false;
  return op.path.startsWith('/api/events') && op.method !== 'GET';
}

describe.each(backends)('access control under attack (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let alice: TestClient;
  let mallory: TestClient;
  let event: EventBody;
  let alicePending: ReservationBody;
  let alicePaid: ReservationBody;
  let operations: Operation[];

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [alice, mallory] = (await buyers(app, 2)) as [TestClient, TestClient];
    event = await gaEvent(env, app, 20);
    const hold = (c: TestClient) =>
      c.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }] });
    alicePending = (await hold(alice)).json<ReservationBody>();
    alicePaid = (await hold(alice)).json<ReservationBody>();
    expect((await alice.post(`/api/reservations/${alicePaid.id}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);
    operations = operationsOf((await app.inject('/api/docs/json')).json());
  });
  afterAll(() => env.close());

  const db = () => env.database.db;

  describe('IDOR: another user\u2019s ids', () => {
    it.each([
      ['GET', '/api/reservations/{id}', undefined],
      ['GET', '/api/reservations/{id}/tickets.pdf', undefined],
      ['POST', '/api/reservations/{id}/pay', { method: 'card', card: CARDS.ok }],
      ['POST', '/api/reservations/{id}/cancel', undefined],
    ] as const)('%s %s of someone else\u2019s reservation answers 404 and changes nothing', async (method, template, body) => {
      const url = (id: string) => template.replace('{id}', id);
      for (const target of [alicePending, alicePaid]) {
        const before = await snapshotTables(db());
        const res = await mallory.request(method, url(target.id), body);
        expect(res.statusCode, `${url(target.id)}: ${res.body.slice(0, 200)}`).toBe(404);
        expect(res.json()).toMatchObject({ code: 'not_found' });
        expect(changedTables(before, await snapshotTables(db()))).toEqual([]);
      }
      // The owner still sees it as it was.
      expect((await alice.get(`/api/reservations/${alicePaid.id}`)).json<ReservationBody>().status).toBe('paid');
    });

    it('does not list or count someone else\u2019s reservations, notifications or tickets', async () => {
      const list = (await mallory.get('/api/reservations?limit=100')).json<{ items: { id: string }[] }>().items;
      expect(list.map((r) => r.id)).not.toContain(alicePending.id);
      const aliceNote = await db()
        .selectFrom('notifications')
        .select('id')
        .where('reservation_id', '=', alicePaid.id)
        .executeTakeFirstOrThrow();
      // Alice's own payment is stored already read (her own action); make it unread, so that a
      // read mark by Mallory would show.
      await db().updateTable('notifications').set({ read_at: null }).where('id', '=', aliceNote.id).execute();
      const read = await mallory.post(`/api/notifications/${aliceNote.id}/read`);
      expect(read.statusCode).toBe(404);
      const row = await db()
        .selectFrom('notifications')
        .select('read_at')
        .where('id', '=', aliceNote.id)
        .executeTakeFirstOrThrow();
      expect(row.read_at).toBeNull();
      const mine = (await mallory.get('/api/notifications')).json<{ items: { id: string }[] }>().items;
      expect(mine.map((n) => n.id)).not.toContain(aliceNote.id);
    });

    it('an Idempotency-Key reused by another user does not return the first user\u2019s answer', async () => {
      const key = `shared-key-${backend}`;
      const body = { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }] };
      const first = await alice.post('/api/reservations', body, { headers: { 'idempotency-key': key } });
      const second = await mallory.post('/api/reservations', body, { headers: { 'idempotency-key': key } });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.json<ReservationBody>().id).not.toBe(first.json<ReservationBody>().id);
    });
  });

  describe('role escalation', () => {
    it('joining a waiting list needs an account: a visitor gets 401 and nothing changes', async () => {
      expect(operations.some((op) => op.method === 'POST' && /\/waitlist$/.test(op.path))).toBe(true);
      const visitor = new TestClient(app, '10.95.0.2');
      const before = await snapshotTables(db());
      const res = await visitor.request('POST', `/api/events/${event.id}/waitlist`, {});
      expect(res.statusCode).toBe(401);
      expect(changedTables(before, await snapshotTables(db()))).toEqual([]);
    });

    it('joining a waiting room needs an account: a visitor gets 401 and nothing changes', async () => {
      expect(operations.some((op) => op.method === 'POST' && /\/queue$/.test(op.path))).toBe(true);
      const visitor = new TestClient(app, '10.95.0.3');
      const before = await snapshotTables(db());
      const res = await visitor.request('POST', `/api/events/${event.id}/queue`, { challenge: 'x', solution: '1' });
      expect(res.statusCode).toBe(401);
      expect(changedTables(before, await snapshotTables(db()))).toEqual([]);
    });

    it('every admin and staff route of the API answers 403 to a buyer and 401 to a visitor, changing nothing', async () => {
      const privileged = operations.filter(isPrivileged);
      expect(privileged.length).toBeGreaterThan(15);
      const visitor = new TestClient(app, '10.95.0.1');
      for (const op of privileged) {
        const url = op.path.replace(/\{[^}]+\}/g, op.path.includes('/reservations/') ? alicePaid.id : event.id);
        const body = op.body === undefined ? undefined : {};
        for (const [caller, expected] of [
          [mallory, 403],
          [visitor, 401],
        ] as const) {
          const before = await snapshotTables(db());
          const res = await caller.request(op.method, url, body);
          expect(res.statusCode, `${op.method} ${url}`).toBe(expected);
          expect(changedTables(before, await snapshotTables(db())), `${op.method} ${url}`).toEqual([]);
        }
      }
    });

    it('a buyer cannot make themselves admin through any route they can write', async () => {
      const me = (await mallory.get('/api/auth/me')).json<{ user: { id: string } }>().user;
      const adminsBefore = await db().selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').execute();
      const attempts = [
        () => mallory.patch(`/api/admin/users/${me.id}`, { role: 'admin' }),
        () =>
          mallory.post('/api/auth/register', {
            email: uniqueEmail('esc'),
            password: 'a long passphrase!',
            name: 'E',
            role: 'admin',
          }),
        () =>
          mallory.post('/api/auth/password', {
            currentPassword: 'a long enough passphrase',
            newPassword: 'another passphrase 9',
            role: 'admin',
          }),
        () => mallory.post('/api/auth/login', { email: 'x@example.com', password: 'whatever passphrase', role: 'admin' }),
      ];
      for (const attempt of attempts) expect((await attempt()).statusCode).toBeGreaterThanOrEqual(400);
      const row = await db().selectFrom('users').select('role').where('id', '=', me.id).executeTakeFirstOrThrow();
      expect(row.role).toBe('user');
      const admins = await db().selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').execute();
      expect(admins).toEqual(adminsBefore);
    });
  });

  describe('mass assignment', () => {
    it.each([
      [
        'register with a role',
        '/api/auth/register',
        () => ({ email: uniqueEmail('ma'), password: 'a long passphrase!', name: 'M', role: 'admin' }),
      ],
      [
        'register disabled=false and an id',
        '/api/auth/register',
        () => ({ email: uniqueEmail('ma'), password: 'a long passphrase!', name: 'M', id: 'chosen-id', disabled: false }),
      ],
      [
        'a reservation with its own total',
        '/api/reservations',
        () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }], totalCents: 1 }),
      ],
      [
        'a reservation born paid',
        '/api/reservations',
        () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }], status: 'paid' }),
      ],
      [
        'an item with its own price',
        '/api/reservations',
        () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1, priceCents: 1 }] }),
      ],
      ['a payment with an amount', `/api/reservations/{pending}/pay`, () => ({ method: 'card', card: CARDS.ok, amountCents: 1 })],
    ])('refuses %s with 400 and stores nothing', async (_label, url, body) => {
      const before = await snapshotTables(db());
      const res = await mallory.post(url.replace('{pending}', alicePending.id), body());
      expect([400, 404], res.body).toContain(res.statusCode);
      expect(changedTables(before, await snapshotTables(db()))).toEqual([]);
    });

    it('refuses server-owned fields even from an admin: sold, held, remaining, status', async () => {
      const before = await snapshotTables(db());
      for (const patch of [{ status: 'published' }, { remaining: 0 }, { capacity: 1, sold: 0 }, { priceFromCents: 1 }]) {
        const res = await admin.patch(`/api/events/${event.id}`, patch);
        expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      }
      for (const patch of [{ status: 'paid' }, { totalCents: 1 }, { userId: 'someone' }]) {
        const res = await admin.patch(`/api/admin/reservations/${alicePending.id}`, patch);
        expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      }
      expect(changedTables(before, await snapshotTables(db()))).toEqual([]);
    });

    it('prices a hold from the database, whatever the client believes the price is', async () => {
      const res = await mallory.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 3 }],
      });
      expect(res.json<ReservationBody>().totalCents).toBe(3 * 2500);
    });
  });

  describe('CSRF', () => {
    it('every state-changing route refuses a signed-in admin without the token: 403 csrf_invalid, nothing changed', async () => {
      const writes = operations.filter((op) => op.method !== 'GET' && !op.path.includes('webhook'));
      expect(writes.length).toBeGreaterThan(20);
      for (const op of writes) {
        const url = op.path.replace(/\{[^}]+\}/g, op.path.includes('reservations') ? alicePending.id : event.id);
        const before = await snapshotTables(db());
        for (const csrf of [false, 'forged-token'] as const) {
          const res = await admin.request(op.method, url, op.body === undefined ? undefined : {}, { csrf });
          expect(res.statusCode, `${op.method} ${url}`).toBe(403);
          expect(res.json(), `${op.method} ${url}`).toMatchObject({ code: 'csrf_invalid' });
        }
        expect(changedTables(before, await snapshotTables(db())), `${op.method} ${url}`).toEqual([]);
      }
    });
  });

  describe('session fixation', () => {
    it('a session id planted before sign-in is never the one signed in', async () => {
      const email = uniqueEmail('fixation');
      await new TestClient(app, '10.96.0.1').register(email, 'a long enough passphrase');
      // The attacker signs in to their own account and plants that session in the victim's browser.
      const attacker = new TestClient(app, '10.96.0.2');
      await attacker.register(uniqueEmail('attacker'), 'a long enough passphrase');
      const planted = attacker.cookies.get('iat_session') ?? '';
      const victim = new TestClient(app, '10.96.0.3');
      victim.cookies.set('iat_session', planted);
      expect((await victim.login(email, 'a long enough passphrase')).statusCode).toBe(200);
      const issued = victim.cookies.get('iat_session');
      expect(issued).toBeDefined();
      expect(issued).not.toBe(planted);
      expect((await victim.get('/api/auth/me')).json<{ user: { email: string } }>().user.email).toBe(email);
      // The planted id is dead: whoever holds it is not signed in as the victim (nor as anyone).
      expect((await attacker.get('/api/auth/me')).statusCode).toBe(401);
      // A made-up id is not adopted either.
      const guessed = new TestClient(app, '10.96.0.4');
      guessed.cookies.set('iat_session', 'attacker-chosen-session-id');
      await guessed.login(email, 'a long enough passphrase');
      expect(guessed.cookies.get('iat_session')).not.toBe('attacker-chosen-session-id');
    });

    it('sign-out ends the session on the server: replaying the old cookie is refused', async () => {
      const c = new TestClient(app, '10.96.0.5');
      await c.register(uniqueEmail('logout'));
      const stolen = c.cookies.get('iat_session') ?? '';
      expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
      const replay = await app.inject({ url: '/api/auth/me', headers: { cookie: `iat_session=${stolen}` } });
      expect(replay.statusCode).toBe(401);
    });
  });

  describe('brute force', () => {
    it('limits guesses of the current password on the password-change form', async () => {
      const c = new TestClient(app, '10.97.0.1');
      await c.register(uniqueEmail('pw-guess'));
      const codes: number[] = [];
      for (let i = 0; i < 6; i++)
        codes.push(
          (await c.post('/api/auth/password', { currentPassword: `guess number ${i}`, newPassword: 'a new passphrase 42' }))
            .statusCode,
        );
      expect(codes).toEqual([400, 400, 400, 400, 400, 429]);
    });
  });
});
