/**
 * API tokens as their owners use them, on every backend (issue #17, Done-when 2): made by an owner
 * and shown once, stored as a hash; managed by owners and site admins only; events:read and
 * events:write at work for their own organizer, without CSRF and cookies; revoked at once; their
 * last use shown. The last test reads every answer the others saw for any secret made here, which
 * is why the tests that list tokens or call the API with one share this file with it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiTokenResolver } from '../../src/organizers/api-tokens.js';
import { backends } from '../support/backends.js';
import { createEvent, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import type { TestEnvironment } from '../support/test-app.js';
import { reserveAndPay } from '../tickets/ticket-fixtures.js';
import { bearer, member, tokenSite, type Created, type Member, type VenueWithDraft } from './api-token-fixtures.js';

describe.each(backends)('API tokens in use on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let orgA: string;
  let orgB: string;
  let ownerA: Member;
  let ownerB: Member;
  let a: VenueWithDraft;
  let b: VenueWithDraft;
  const site = tokenSite(backend);
  const { seen, secrets, db, countEvents, makeToken, listTokens } = site;

  beforeAll(async () => {
    ({ env, app, admin, orgA, orgB, ownerA, ownerB, a, b } = await site.open());
  });
  afterAll(() => site.close());

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

  it('cancels an event that has reservations only with reservations:write beside events:write: it refunds them', async () => {
    const event = await createEvent(admin, eventInput(a.venueId, { title: 'Refunds ahead' }));
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const paid = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 1);
    const reservation = () =>
      db().selectFrom('reservations').select('status').where('id', '=', paid.id).executeTakeFirstOrThrow();
    const eventStatus = () => db().selectFrom('events').select('status').where('id', '=', event.id).executeTakeFirstOrThrow();

    // Cancelling refunds every paid reservation: a token that may not touch reservations may not.
    const writer = await makeToken(ownerA.client, orgA, ['events:write']);
    const refused = await bearer(app, writer.token)('POST', `/api/events/${event.id}/cancel`);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('forbidden');
    expect(await eventStatus()).toEqual({ status: 'published' });
    expect(await reservation()).toEqual({ status: 'paid' });

    const both = await makeToken(ownerA.client, orgA, ['events:write', 'reservations:write']);
    const done = await bearer(app, both.token)('POST', `/api/events/${event.id}/cancel`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<{ cancellation: unknown }>().cancellation).toEqual({ cancelled: 1, refunded: 1, refundsPending: 0 });
    expect(await reservation()).toEqual({ status: 'refunded' });
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

  it('lists tokens newest first, 20 a page by default, each once across the pages; a bad page is 400', async () => {
    const made: string[] = [];
    for (let i = 0; i < 23; i++) made.push((await makeToken(ownerB.client, orgB, ['events:read'], `Till ${String(i)}`)).id);
    const base = `/api/organizers/${orgB}/tokens`;
    const first = (await ownerB.client.get(base)).json<{ items: { id: string }[]; nextCursor: string | null }>();
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toEqual(expect.any(String));
    // The newest tokens head the list (those made in one millisecond in id order).
    expect(made).toEqual(expect.arrayContaining(first.items.map((t) => t.id)));
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const res = await ownerB.client.get(`${base}?limit=7${after}`);
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(7);
      ids.push(...page.items.map((t) => t.id));
      expect(page.nextCursor, 'every page names the next or null').not.toBeUndefined();
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual((await listTokens(ownerB.client, orgB)).map((t) => t.id));
    expect(new Set(ids.slice(0, made.length))).toEqual(new Set(made));
    for (const query of ['limit=0', 'limit=101', 'cursor=forged', 'page=2'])
      expect((await ownerB.client.get(`${base}?${query}`)).statusCode, query).toBe(400);
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
