/**
 * What an API token is refused, on every backend (issue #17, Done-when 2): bad input when making
 * one; routes that take no token and any organizer but its own; a token together with a session
 * cookie, or one nobody made; a token whose creator is disabled, demoted or removed; requests while
 * and after it is revoked; and requests past its rate limit, per token under a crowd and shared
 * across instances through Redis.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, redisUrl } from '../support/backends.js';
import { adminClient, eventInput } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import {
  bearer,
  makeOrganizer,
  member,
  tokenSite,
  type Created,
  type Member,
  type VenueWithDraft,
} from './api-token-fixtures.js';

describe.each(backends)('API tokens refused on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let orgA: string;
  let orgB: string;
  let ownerA: Member;
  let a: VenueWithDraft;
  let b: VenueWithDraft;
  const site = tokenSite(backend);
  const { db, countEvents, makeToken } = site;

  beforeAll(async () => {
    ({ env, app, admin, orgA, orgB, ownerA, a, b } = await site.open());
  });
  afterAll(() => site.close());

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

  it('answers 403 forbidden on a list its scopes do not cover, never an empty 200 that looks like no records', async () => {
    const listed = async (scopes: string[], urls: string[]) => {
      const call = bearer(app, (await makeToken(ownerA.client, orgA, scopes)).token);
      const answers: Record<string, unknown> = {};
      for (const url of urls) {
        const res = await call('GET', url);
        answers[url] = res.statusCode === 200 ? 200 : [res.statusCode, res.json<{ code: string }>().code];
      }
      return answers;
    };
    const refused = (urls: string[]) => Object.fromEntries(urls.map((url) => [url, [403, 'forbidden']]));
    const reservationLists = ['/api/admin/reservations', '/api/admin/invoices', '/api/admin/invoices.csv'];
    const eventLists = ['/api/venues', '/api/events?mine=true'];
    expect(await listed(['checkin'], [...eventLists, ...reservationLists])).toEqual(
      refused([...eventLists, ...reservationLists]),
    );
    expect(await listed(['events:read'], reservationLists)).toEqual(refused(reservationLists));
    expect(await listed(['reservations:read'], eventLists)).toEqual(refused(eventLists));
    // Within its scopes the same lists answer.
    const all = Object.fromEntries([...eventLists, ...reservationLists].map((url) => [url, 200]));
    expect(await listed(['events:read', 'reservations:read'], [...eventLists, ...reservationLists])).toEqual(all);
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
