/**
 * Hostile request shapes on both databases: oversized, deeply nested, wrongly typed and broken
 * JSON, prototype-pollution keys, NUL characters and broken percent-encoding, unicode edge cases in
 * names and search, integers past PostgreSQL's range. Each is a clean 4xx that changes nothing, or
 * (for unicode that is valid) stored and returned exactly.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { changedTables, snapshotTables } from './table-snapshot.js';

const UNICODE_NAMES = [
  'Zoë Ångström-Ñúñez',
  '李小龍',
  'عبد الله',
  '👩‍👩‍👧‍👦 Family',
  'e\u0301 combining',
  'RTL \u202eevil\u202c override',
  'zero\u200bwidth',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
];

describe.each(backends)('malformed and hostile input (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;
  let event: EventBody;
  let ip = 0;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    buyer = new TestClient(app, '10.92.0.1');
    await buyer.register(uniqueEmail('malformed'));
    event = await createEvent(admin, eventInput((await createVenue(admin)).id));
  });
  afterAll(() => env.close());

  /** Sends a raw body with the buyer's cookies and CSRF token; expects a 4xx problem and no row changed. */
  async function rejected(method: 'POST' | 'PATCH', url: string, payload: string | Buffer, contentType = 'application/json') {
    const client = url.startsWith('/api/events') || url.startsWith('/api/venues') ? admin : buyer;
    const token = await client.token();
    const before = await snapshotTables(env.database.db);
    const res = await app.inject({
      method,
      url,
      payload,
      remoteAddress: `10.93.0.${++ip}`,
      headers: { 'content-type': contentType, cookie: client.cookieHeader(), 'x-csrf-token': token },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(changedTables(before, await snapshotTables(env.database.db))).toEqual([]);
    return res;
  }

  const reservation = () => ({ eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }] });

  it('answers 413 payload_too_large to a body over 1 MB', async () => {
    const huge = JSON.stringify({ ...reservation(), attendees: [{ name: 'x'.repeat(2 * 1024 * 1024) }] });
    const res = await rejected('POST', '/api/reservations', huge);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large', detail: 'The request body is larger than 1048576 bytes.' });
  });

  it('answers 413 naming the venue routes own limit (4 MB, for drawn layouts) to a venue body over it', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024), address: '', city: 'Cluj', capacity: 10, layout: null });
    const res = await rejected('POST', '/api/venues', huge);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      code: 'payload_too_large',
      detail: `The request body is larger than ${4 * 1024 * 1024} bytes.`,
    });
  });

  it('answers 400 to JSON nested 100,000 levels deep, and keeps serving', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    await rejected('POST', '/api/reservations', deep);
    const deepObject = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    await rejected('POST', '/api/auth/password', deepObject);
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });

  it.each([
    ['broken JSON', '{"eventId":'],
    ['two documents', '{"eventId":"a"}{"eventId":"b"}'],
    ['a bare string', '"text"'],
    ['null', 'null'],
    ['an array', '[]'],
    ['an operator object for the id', JSON.stringify({ eventId: { $ne: null }, items: [{ ticketTypeId: 'x', quantity: 1 }] })],
    ['a string quantity with letters', JSON.stringify({ eventId: 'e', items: [{ ticketTypeId: 'x', quantity: '1e3x' }] })],
    ['a fractional quantity', JSON.stringify({ eventId: 'e', items: [{ ticketTypeId: 'x', quantity: 1.5 }] })],
    ['a huge quantity', JSON.stringify({ eventId: 'e', items: [{ ticketTypeId: 'x', quantity: 2 ** 53 + 2 }] })],
    ['an object for items', JSON.stringify({ eventId: 'e', items: { ticketTypeId: 'x', quantity: 1 } })],
    ['an empty body', ''],
  ])('answers 400 to %s', async (_label, payload) => {
    const res = await rejected('POST', '/api/reservations', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('answers 415 to a body that is not JSON', async () => {
    const res = await rejected('POST', '/api/reservations', 'eventId=x', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(415);
    expect((await rejected('POST', '/api/reservations', '<xml/>', 'text/xml')).statusCode).toBe(415);
  });

  it('refuses __proto__ and constructor keys without polluting any object', async () => {
    await rejected(
      'POST',
      '/api/auth/register',
      '{"email":"p@example.com","password":"a long passphrase","name":"P","__proto__":{"role":"admin"}}',
    );
    await rejected('POST', '/api/reservations', `{"eventId":"${event.id}","constructor":{"prototype":{"role":"admin"}}}`);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect((await buyer.get('/api/auth/me')).json<{ user: { role: string } }>().user.role).toBe('user');
  });

  type RawRequest = () => ['POST' | 'PATCH', string, string];
  it.each<[string, RawRequest]>([
    [
      'a body string',
      () => ['POST', '/api/reservations', JSON.stringify({ ...reservation(), attendees: [{ name: 'Ana\u0000Pop' }] })],
    ],
    ['a body key', () => ['POST', '/api/reservations', `{"eventId":"${event.id}","items":[],"a\\u0000b":1}`]],
    ['an admin field', () => ['PATCH', `/api/events/${event.id}`, JSON.stringify({ title: 'Night\u0000' })]],
  ])('answers 400 (not 500) to a NUL character in %s', async (_label, make) => {
    const [method, url, payload] = make();
    const res = await rejected(method, url, payload);
    expect(res.statusCode).toBe(400);
  });

  it.each([
    ['a path id', '/api/reservations/a%00b'],
    ['a search', '/api/events?q=rock%00roll'],
    ['an admin filter', '/api/admin/users?q=%00'],
  ])('answers 400 (not 500) to a NUL character in %s', async (_label, url) => {
    const res = await admin.get(url);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
  });

  it.each(['/api/events/%ED%A0%80', '/api/events/%E0%A4%A', '/api/reservations/%FF'])(
    'answers problem+json 400 to the broken percent-encoding of %s',
    async (url) => {
      const res = await buyer.get(url);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    },
  );

  it('treats price bounds past PostgreSQL integer range as "any price" instead of failing', async () => {
    const all = await app.inject(`/api/events?maxPrice=${2 ** 31}`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json<{ items: { id: string }[] }>().items.map((e) => e.id)).toContain(event.id);
    const none = await app.inject(`/api/events?minPrice=${2 ** 40}`);
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('stores unicode names exactly and finds them by search', async () => {
    // API.md 2026-12: names have no control characters, so the bidi override is refused (400 on /name).
    const override = 'RTL \u202eevil\u202c override';
    for (const name of UNICODE_NAMES) {
      const c = new TestClient(app, `10.94.0.${++ip}`);
      if (name === override) {
        const res = await c.post('/api/auth/register', {
          email: uniqueEmail('unicode'),
          password: 'a long enough passphrase',
          name,
        });
        expect(res.statusCode).toBe(400);
        continue;
      }
      const user = await c.register(uniqueEmail('unicode'), 'a long enough passphrase', name);
      expect(user.name).toBe(name.trim());
    }
    const created = await createEvent(
      admin,
      eventInput((await createVenue(admin, { city: 'Târgu Mureș' })).id, { title: 'Ünïcødé 李小龍 Nächte 🎻' }),
    );
    expect(created.title).toBe('Ünïcødé 李小龍 Nächte 🎻');
    for (const q of ['Ünïcødé', '李小龍', 'Nächte', 'Mureș']) {
      const res = await app.inject(`/api/events?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(
        res.json<{ items: { id: string }[] }>().items.map((e) => e.id),
        q,
      ).toContain(created.id);
    }
    // Lone surrogates and emoji-only searches are answered, not failed.
    for (const q of ['\ud83c', '🎻', '\u202e', '%', '_']) {
      const res = await app.inject(`/api/events?q=${encodeURIComponent(q.replace(/[\ud800-\udfff]/g, '\ufffd'))}`);
      expect(res.statusCode, q).toBe(200);
    }
  });
});
