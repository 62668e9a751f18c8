/**
 * API tokens end to end on every backend (issue #17, Done-when 2): made by an owner and shown
 * once, stored as a hash, scoped to one organizer and its scopes, refused once revoked, never
 * together with a session cookie, without CSRF and cookies, rate limited per token under a crowd.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiTokenResolver } from '../../src/organizers/api-tokens.js';
import { backends, redisUrl } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface Created {
  id: string;
  name: string;
  scopes: string[];
  token: string;
}
interface Listed {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  createdBy: { id: string; email: string; name: string } | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A client of the API with a token only: no cookies, no CSRF token. */
function bearer(app: FastifyInstance, token: string, ip = '10.77.0.1') {
  return (method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      remoteAddress: ip,
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
}

async function makeOrganizer(env: TestEnvironment, name: string): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await env.database.db
    .insertInto('organizers')
    .values({ id, name, slug: `${name.toLowerCase()}-${id.slice(0, 8)}`, created_at: now, updated_at: now })
    .execute();
  return id;
}

async function member(env: TestEnvironment, app: FastifyInstance, organizerId: string, role: 'owner' | 'manager', ip: string) {
  const client = new TestClient(app, ip);
  const user = await client.register(uniqueEmail(role));
  await env.database.db
    .insertInto('organizer_members')
    .values({ organizer_id: organizerId, user_id: user.id, role, created_at: new Date().toISOString() })
    .execute();
  return { client, user };
}

/** A venue of `organizerId` (made by the admin, then handed over) with one draft event at it. */
async function venueWithDraft(env: TestEnvironment, admin: TestClient, organizerId: string, title: string) {
  const venue = await createVenue(admin, { name: `${title} hall` });
  await env.database.db.updateTable('venues').set({ organizer_id: organizerId }).where('id', '=', venue.id).execute();
  const draft = await createEvent(admin, eventInput(venue.id, { title }), false);
  return { venueId: venue.id, draft };
}

describe.each(backends)('API tokens on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let orgA: string;
  let orgB: string;
  let ownerA: Awaited<ReturnType<typeof member>>;
  let ownerB: Awaited<ReturnType<typeof member>>;
  let a: Awaited<ReturnType<typeof venueWithDraft>>;
  let b: Awaited<ReturnType<typeof venueWithDraft>>;
  /** Every answer a test saw, to prove that a secret appears in none but its creation. */
  const seen: { label: string; res: LightMyRequestResponse }[] = [];
  const secrets: string[] = [];

  const db = () => env.database.db;
  const countEvents = async () =>
    (
      await db()
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  async function makeToken(owner: TestClient, organizerId: string, scopes: string[], name = 'Box office'): Promise<Created> {
    const res = await owner.post(`/api/organizers/${organizerId}/tokens`, { name, scopes });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<Created>();
    secrets.push(created.token);
    return created;
  }

  async function listTokens(owner: TestClient, organizerId: string): Promise<Listed[]> {
    const res = await owner.get(`/api/organizers/${organizerId}/tokens`);
    seen.push({ label: 'list', res });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Listed[] }>().items;
  }

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
    orgA = await makeOrganizer(env, 'Alpha');
    orgB = await makeOrganizer(env, 'Beta');
    ownerA = await member(env, app, orgA, 'owner', '10.70.0.1');
    ownerB = await member(env, app, orgB, 'owner', '10.70.0.2');
    a = await venueWithDraft(env, admin, orgA, 'Alpha draft');
    b = await venueWithDraft(env, admin, orgB, 'Beta draft');
  });
  afterAll(() => env.close());

  it('shows the secret once, iat_ and 32 random bytes, and stores only its SHA-256', async () => {
    const res = await ownerA.client.post(`/api/organizers/${orgA}/tokens`, {
      name: '  Door app  ',
      scopes: ['checkin', 'events:read'],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const created = res.json<Created>();
    secrets.push(created.token);
    expect(Object.keys(created).sort()).toEqual(['id', 'name', 'scopes', 'token']);
    expect(created).toMatchObject({ name: 'Door app', scopes: ['checkin', 'events:read'] });
    expect(created.token).toMatch(/^iat_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(created.token.slice(4), 'base64url')).toHaveLength(32);

    const row = await db().selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4));
    expect(row).toMatchObject({ organizer_id: orgA, created_by: ownerA.user.id, revoked_at: null, last_used_at: null });

    const second = await makeToken(ownerA.client, orgA, ['checkin']);
    expect(second.token).not.toBe(created.token);
  });

  it('refuses bad input with 400 and makes nothing', async () => {
    const before = await db().selectFrom('api_tokens').select('id').execute();
    for (const body of [
      { name: 'x', scopes: ['events:delete'] },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['events:read', 'events:read'] },
      { name: '   ', scopes: ['events:read'] },
      { name: 'x'.repeat(101), scopes: ['events:read'] },
      { name: 'x', scopes: ['events:read'], organizerId: orgB },
      { scopes: ['events:read'] },
    ]) {
      const res = await ownerA.client.post(`/api/organizers/${orgA}/tokens`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await db().selectFrom('api_tokens').select('id').execute()).toHaveLength(before.length);
  });

  it('lets owners and site admins manage tokens; a manager 403, anyone outside 404, anonymous 401', async () => {
    const manager = await member(env, app, orgA, 'manager', '10.70.0.3');
    expect((await manager.client.get(`/api/organizers/${orgA}/tokens`)).statusCode).toBe(403);
    expect((await manager.client.post(`/api/organizers/${orgA}/tokens`, { name: 'x', scopes: ['checkin'] })).statusCode).toBe(
      403,
    );
    expect((await ownerB.client.get(`/api/organizers/${orgA}/tokens`)).statusCode).toBe(404);
    expect((await ownerB.client.post(`/api/organizers/${orgA}/tokens`, { name: 'x', scopes: ['checkin'] })).statusCode).toBe(404);
    const stranger = new TestClient(app, '10.70.0.4');
    await stranger.register(uniqueEmail('stranger'));
    expect((await stranger.get(`/api/organizers/${orgA}/tokens`)).statusCode).toBe(404);
    expect((await new TestClient(app, '10.70.0.5').get(`/api/organizers/${orgA}/tokens`)).statusCode).toBe(401);
    expect((await admin.get(`/api/organizers/${orgA}/tokens`)).statusCode).toBe(200);
    expect((await admin.get(`/api/organizers/${randomUUID()}/tokens`)).statusCode).toBe(404);
    expect((await admin.post(`/api/organizers/${randomUUID()}/tokens`, { name: 'x', scopes: ['checkin'] })).statusCode).toBe(404);
    const byAdmin = await makeToken(admin, orgB, ['events:read']);
    expect((await listTokens(ownerB.client, orgB)).map((t) => t.id)).toContain(byAdmin.id);
  });

  it('events:read lists its organizer’s drafts (only its own) and gets 403 creating one', async () => {
    const reader = await makeToken(ownerA.client, orgA, ['events:read']);
    const call = bearer(app, reader.token);
    const list = await call('GET', '/api/events?status=draft&limit=100');
    seen.push({ label: 'token list', res: list });
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json<{ items: EventBody[] }>().items.map((e) => e.id);
    expect(ids).toContain(a.draft.id);
    expect(ids).not.toContain(b.draft.id);

    const before = await countEvents();
    const create = await call('POST', '/api/events', eventInput(a.venueId, { title: 'Not allowed' }));
    expect(create.statusCode, create.body).toBe(403);
    expect(create.json<{ code: string }>().code).toBe('forbidden');
    expect(await countEvents()).toBe(before);

    // A scope the route does not take: 403, not the public catalog.
    const doorOnly = await makeToken(ownerA.client, orgA, ['checkin']);
    expect((await bearer(app, doorOnly.token)('GET', '/api/events?status=draft')).statusCode).toBe(403);
  });

  it('events:write makes a draft at its own venue without CSRF, audited with the token id; another organizer’s venue is 404', async () => {
    const writer = await makeToken(ownerA.client, orgA, ['events:write']);
    const call = bearer(app, writer.token);
    const res = await call('POST', '/api/events', eventInput(a.venueId, { title: 'By token' }));
    seen.push({ label: 'token create', res });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['set-cookie']).toBeUndefined();
    const event = res.json<EventBody>();
    expect(event.status).toBe('draft');
    const stored = await db().selectFrom('events').select('organizer_id').where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(stored.organizer_id).toBe(orgA);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor_id', 'token_id'])
      .where('action', '=', 'event.create')
      .where('entity_id', '=', event.id)
      .execute();
    expect(audit).toEqual([{ actor_id: ownerA.user.id, token_id: writer.id }]);

    const before = await countEvents();
    const foreign = await call('POST', '/api/events', eventInput(b.venueId, { title: 'At B' }));
    expect(foreign.statusCode, foreign.body).toBe(404);
    expect((await call('POST', '/api/events', eventInput(randomUUID()))).statusCode).toBe(404);
    expect(await countEvents()).toBe(before);

    // The CSRF exemption belongs to bearer requests only: the same POST with the owner's session needs its token.
    const noCsrf = await ownerA.client.post('/api/events', eventInput(a.venueId), { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json<{ code: string }>().code).toBe('csrf_invalid');
  });

  it('reaches only routes that take tokens, and no organizer but its own (404)', async () => {
    const token = await makeToken(ownerA.client, orgA, [
      'events:read',
      'events:write',
      'reservations:read',
      'reservations:write',
      'checkin',
    ]);
    const call = bearer(app, token.token);
    for (const [method, url] of [
      ['GET', '/api/auth/me'],
      ['GET', '/api/auth/csrf'],
      ['GET', '/api/reservations'],
      ['GET', '/api/admin/users'],
      ['POST', '/api/auth/logout'],
    ] as const) {
      const res = await call(method, url);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
      expect(res.headers['set-cookie'], url).toBeUndefined();
    }
    // Venues take tokens (events:read): its own organizer's only.
    const venues = await call('GET', '/api/venues');
    expect(venues.statusCode, venues.body).toBe(200);
    const venueIds = venues.json<{ items: { id: string; organizerId: string }[] }>().items.map((v) => v.id);
    expect(venueIds).toContain(a.venueId);
    expect(venueIds).not.toContain(b.venueId);
    // Token management is for people: its own organizer 403, another 404.
    expect((await call('GET', `/api/organizers/${orgA}/tokens`)).statusCode).toBe(403);
    expect((await call('POST', `/api/organizers/${orgA}/tokens`, { name: 'x', scopes: ['checkin'] })).statusCode).toBe(403);
    expect((await call('GET', `/api/organizers/${orgB}/tokens`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/organizers/${orgB}/tokens/${token.id}`)).statusCode).toBe(404);
    // Another organizer's draft is not found through the token either.
    expect((await call('GET', `/api/events/${b.draft.id}`)).statusCode).toBe(404);
  });

  it('refuses a bearer token together with a session cookie, and any token it does not know', async () => {
    const token = await makeToken(ownerA.client, orgA, ['events:read']);
    const both = await ownerA.client.get('/api/events?status=draft', { headers: { authorization: `Bearer ${token.token}` } });
    expect(both.statusCode).toBe(401);
    expect(both.json<{ code: string }>().code).toBe('unauthenticated');
    const withPost = await ownerA.client.post('/api/events', eventInput(a.venueId), {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(withPost.statusCode).toBe(401);

    const before = await countEvents();
    for (const value of [
      'Bearer',
      'Bearer ',
      `Bearer ${token.token}x`,
      `Bearer iat_${'A'.repeat(43)}`,
      `bearer ${token.token.slice(0, -1)}${token.token.endsWith('A') ? 'B' : 'A'}`,
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/events',
        headers: { authorization: value },
        payload: eventInput(a.venueId),
      });
      expect(res.statusCode, value).toBe(401);
    }
    expect(await countEvents()).toBe(before);
    // The scheme's name is not case-sensitive (RFC 7235).
    expect(
      (await app.inject({ url: '/api/events?status=draft', headers: { authorization: `bearer ${token.token}` } })).statusCode,
    ).toBe(200);
  });

  it('revokes at once (401 after), audits it once, shows revokedAt; 404 for an unknown or foreign token', async () => {
    const token = await makeToken(ownerA.client, orgA, ['events:read']);
    const call = bearer(app, token.token);
    expect((await call('GET', '/api/events?status=draft')).statusCode).toBe(200);
    expect((await ownerB.client.delete(`/api/organizers/${orgB}/tokens/${token.id}`)).statusCode).toBe(404);
    expect((await ownerA.client.delete(`/api/organizers/${orgA}/tokens/${randomUUID()}`)).statusCode).toBe(404);
    expect((await call('GET', '/api/events?status=draft')).statusCode).toBe(200);

    const revoke = await ownerA.client.delete(`/api/organizers/${orgA}/tokens/${token.id}`);
    expect(revoke.statusCode).toBe(204);
    const refused = await call('GET', '/api/events?status=draft');
    expect(refused.statusCode).toBe(401);
    expect(refused.json<{ code: string }>().code).toBe('unauthenticated');
    expect((await ownerA.client.delete(`/api/organizers/${orgA}/tokens/${token.id}`)).statusCode).toBe(204);
    const audits = await db()
      .selectFrom('audit_log')
      .select(['actor_id', 'action'])
      .where('entity_type', '=', 'api_token')
      .where('entity_id', '=', token.id)
      .orderBy('seq')
      .execute();
    expect(audits).toEqual([
      { actor_id: ownerA.user.id, action: 'api_token.create' },
      { actor_id: ownerA.user.id, action: 'api_token.revoke' },
    ]);
    const listed = (await listTokens(ownerA.client, orgA)).find((t) => t.id === token.id);
    expect(listed?.revokedAt).toEqual(expect.any(String));
  });

  it('stops working when its creator is disabled, demoted or removed from the organizer', async () => {
    const works = async (token: string) => (await bearer(app, token)('GET', '/api/events')).statusCode;
    const members = () => db().updateTable('organizer_members').where('organizer_id', '=', orgA);

    const disabled = await member(env, app, orgA, 'owner', '10.70.0.6');
    const first = await makeToken(disabled.client, orgA, ['events:read']);
    expect(await works(first.token)).toBe(200);
    await db().updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.user.id).execute();
    expect(await works(first.token)).toBe(401);

    const demoted = await member(env, app, orgA, 'owner', '10.70.0.7');
    const second = await makeToken(demoted.client, orgA, ['events:read']);
    expect(await works(second.token)).toBe(200);
    await members().set({ role: 'manager' }).where('user_id', '=', demoted.user.id).execute();
    expect(await works(second.token)).toBe(401);
    await members().set({ role: 'owner' }).where('user_id', '=', demoted.user.id).execute();
    expect(await works(second.token)).toBe(200);
    await db().deleteFrom('organizer_members').where('organizer_id', '=', orgA).where('user_id', '=', demoted.user.id).execute();
    expect(await works(second.token)).toBe(401);

    // A site admin's token for an organizer they are no member of lives while they are admin.
    const byAdmin = await makeToken(admin, orgA, ['events:read']);
    expect(await works(byAdmin.token)).toBe(200);
  });

  it('shows lastUsedAt, written at most once a minute per token', async () => {
    const token = await makeToken(ownerA.client, orgA, ['events:read']);
    const call = bearer(app, token.token);
    expect((await listTokens(ownerA.client, orgA)).find((t) => t.id === token.id)?.lastUsedAt).toBeNull();
    const started = Date.now();
    expect((await call('GET', '/api/events')).statusCode).toBe(200);
    const first = (await listTokens(ownerA.client, orgA)).find((t) => t.id === token.id);
    expect(first?.createdBy).toEqual({ id: ownerA.user.id, email: ownerA.user.email, name: ownerA.user.name });
    const firstUse = first?.lastUsedAt ?? '';
    expect(Date.parse(firstUse)).toBeGreaterThanOrEqual(started - 1000);
    // Not even a guarded UPDATE per request: the time read with the token says it is fresh.
    const writes = vi.spyOn(apiTokenResolver, 'markUsed');
    try {
      await Promise.all(Array.from({ length: 5 }, () => call('GET', '/api/events')));
      expect(writes).not.toHaveBeenCalled();
    } finally {
      writes.mockRestore();
    }
    expect((await listTokens(ownerA.client, orgA)).find((t) => t.id === token.id)?.lastUsedAt).toBe(firstUse);

    // A use more than a minute ago is refreshed by the next request.
    const old = new Date(Date.now() - 120_000).toISOString();
    await db().updateTable('api_tokens').set({ last_used_at: old }).where('id', '=', token.id).execute();
    expect((await call('GET', '/api/events')).statusCode).toBe(200);
    const refreshed = (await listTokens(ownerA.client, orgA)).find((t) => t.id === token.id)?.lastUsedAt ?? '';
    expect(Date.parse(refreshed)).toBeGreaterThan(Date.parse(old) + 60_000);
  });

  it('answers every request in flight while it is revoked with 200 or 401, and only 401 after', async () => {
    const token = await makeToken(ownerA.client, orgA, ['events:read']);
    const call = bearer(app, token.token);
    const inFlight = Array.from({ length: 30 }, () => call('GET', '/api/events?status=draft'));
    const revoked = ownerA.client.delete(`/api/organizers/${orgA}/tokens/${token.id}`);
    const more = Array.from({ length: 30 }, () => call('GET', '/api/events?status=draft'));
    const answers = await Promise.all([...inFlight, ...more]);
    expect((await revoked).statusCode).toBe(204);
    const statuses = new Set(answers.map((r) => r.statusCode));
    expect(
      [...statuses].every((s) => s === 200 || s === 401),
      [...statuses].join(),
    ).toBe(true);
    const after = await Promise.all(Array.from({ length: 10 }, () => call('GET', '/api/events?status=draft')));
    expect(after.map((r) => r.statusCode)).toEqual(Array(10).fill(401));
  });

  it('keeps each token to its budget under a crowd: of N + k concurrent requests exactly N pass, then 429 with Retry-After', async () => {
    const limited = await env.startApp({ API_TOKEN_RATE_PER_MINUTE: '25' });
    const token = await makeToken(ownerA.client, orgA, ['events:read']);
    const other = await makeToken(ownerA.client, orgA, ['events:read']);
    // From many addresses, so that the per-address limit is not what stops them.
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        bearer(limited, token.token, `10.78.${Math.floor(i / 200)}.${i % 200}`)('GET', '/api/events'),
      ),
    );
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(25);
    const refused = answers.filter((r) => r.statusCode === 429);
    expect(refused).toHaveLength(15);
    expect(Number(refused[0]?.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused[0]?.json<{ code: string }>().code).toBe('rate_limited');
    // Another token has its own budget.
    expect((await bearer(limited, other.token)('GET', '/api/events')).statusCode).toBe(200);
  });

  it('keeps the secret out of every answer but its creation: lists, audit log, OpenAPI', async () => {
    const token = await makeToken(ownerA.client, orgA, ['events:read', 'events:write']);
    await bearer(app, token.token)('POST', '/api/events', eventInput(a.venueId, { title: 'Audited' }));
    seen.push({ label: 'audit', res: await admin.get('/api/admin/audit?limit=100') });
    seen.push({ label: 'openapi', res: await app.inject('/api/docs/json') });
    await listTokens(ownerA.client, orgA);
    await listTokens(admin, orgB);
    expect(secrets.length).toBeGreaterThan(5);
    for (const { label, res } of seen) {
      expect(res.statusCode, label).toBeLessThan(300);
      for (const secret of secrets) {
        expect(res.body, label).not.toContain(secret.slice(4));
        expect(res.body, label).not.toContain(createHash('sha256').update(secret).digest('hex'));
      }
    }
    type Doc = { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const doc = seen.find((s) => s.label === 'openapi')?.res.json<Doc>();
    expect(Object.keys(doc?.paths ?? {})).toEqual(
      expect.arrayContaining(['/api/organizers/{id}/tokens', '/api/organizers/{id}/tokens/{tokenId}']),
    );
    // The document says which operations take a token, and those only.
    expect(doc?.paths['/api/events/']?.post?.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(doc?.paths['/api/auth/me']?.get?.security).toBeUndefined();
  });
});

describe.skipIf(!redisUrl).each(backends)('API token budget across instances with Redis on %s', (backend) => {
  let env: TestEnvironment;
  afterAll(() => env.close());

  it('shares one budget between two instances: of N + k concurrent requests exactly N pass', async () => {
    env = await createTestEnvironment(backend, { redis: true });
    const extra = { API_TOKEN_RATE_PER_MINUTE: '30' };
    const [one, two] = [await env.startApp(extra), await env.startApp(extra)];
    const admin = await adminClient(env, one);
    const organizerId = await makeOrganizer(env, 'Gamma');
    const res = await admin.post(`/api/organizers/${organizerId}/tokens`, { name: 'Shared', scopes: ['events:read'] });
    expect(res.statusCode, res.body).toBe(201);
    const { token } = res.json<Created>();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => bearer(i % 2 === 0 ? one : two, token, `10.79.0.${i}`)('GET', '/api/events')),
    );
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(30);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(20);
  });
});
