/**
 * Catalog caching: hits are counted, an admin change is visible at once on every instance, and
 * large answers go gzipped to clients that accept it.
 */
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisUrl } from '../support/backends.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const scenarios: [string, 'sqlite' | 'postgres', boolean][] = [['one instance on sqlite', 'sqlite', false]];
if (backends.includes('postgres') && redisUrl) scenarios.push(['two instances sharing PostgreSQL and Redis', 'postgres', true]);

describe.each(scenarios)('catalog cache: %s', (_label, backend, redis) => {
  let env: TestEnvironment;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let admin: TestClient;
  let event: EventBody;

  beforeAll(async () => {
    env = await createTestEnvironment(backend, { redis });
    a = await env.startApp();
    b = redis ? await env.startApp() : a;
    admin = await adminClient(env, a);
    event = await createEvent(admin, eventInput((await createVenue(admin)).id, { title: 'Cached Show' }), false);
  });
  afterAll(() => env.close());

  const publicGet = async (app: FastifyInstance, url: string) =>
    (await new TestClient(app).get(url)).json<EventBody & { items: EventBody[] }>();

  it('shows a publish, a price change and a cancellation on the next read of any instance', async () => {
    // Warm both caches with the "before" state.
    expect((await publicGet(b, '/api/events?q=cached')).items).toHaveLength(0);
    await admin.post(`/api/events/${event.id}/publish`);
    expect((await publicGet(b, '/api/events?q=cached')).items.map((e) => e.id)).toEqual([event.id]);

    expect((await publicGet(b, `/api/events/${event.id}`)).priceFromCents).toBe(2500);
    const typeId = event.ticketTypes[0]?.id ?? '';
    await admin.patch(`/api/events/${event.id}`, {
      ticketTypes: [{ id: typeId, name: 'Standard', priceCents: 1999, capacity: 100 }],
    });
    expect((await publicGet(b, `/api/events/${event.id}`)).priceFromCents).toBe(1999);
    expect((await publicGet(b, '/api/events?q=cached')).items[0]?.priceFromCents).toBe(1999);

    await admin.post(`/api/events/${event.id}/cancel`);
    expect((await publicGet(b, `/api/events/${event.id}`)).status).toBe('cancelled');
    expect((await publicGet(b, '/api/events?q=cached')).items).toHaveLength(0);
  });

  it('answers at once on the instance that made the change', async () => {
    const show = await createEvent(admin, eventInput((await createVenue(admin)).id, { title: 'Instant Show' }));
    expect((await publicGet(a, `/api/events/${show.id}`)).status).toBe('published');
    await admin.post(`/api/events/${show.id}/cancel`);
    expect((await publicGet(a, `/api/events/${show.id}`)).status).toBe('cancelled');
  });

  it('counts cache hits and misses in /metrics', async () => {
    await publicGet(a, '/api/events?category=comedy');
    await publicGet(a, '/api/events?category=comedy');
    const metrics = (await a.inject('/metrics')).body;
    expect(metrics).toMatch(/iatichet_cache_lookups_total\{cache="catalog",result="hit"\} [1-9]/);
    expect(metrics).toMatch(/iatichet_cache_lookups_total\{cache="catalog",result="miss"\} [1-9]/);
  });

  it('answers one search asked in any parameter order or number spelling from one entry', async () => {
    const count = async (result: 'hit' | 'miss') => {
      const metrics = (await a.inject('/metrics')).body;
      const found = new RegExp(`iatichet_cache_lookups_total\\{cache="catalog",result="${result}"\\} (\\d+)`).exec(metrics);
      return Number(found?.[1] ?? 0);
    };
    const misses = await count('miss');
    const hits = await count('hit');
    // The same search: an attacker who varies the spelling must not get past the cache to the database.
    for (const url of [
      '/api/events?category=theatre&limit=7',
      '/api/events?limit=7&category=theatre',
      '/api/events?category=theatre&limit=007',
      '/api/events?category=%74heatre&limit=7',
    ])
      expect((await new TestClient(a).get(url)).statusCode).toBe(200);
    expect((await count('miss')) - misses).toBe(1);
    expect((await count('hit')) - hits).toBe(3);
  });

  it('keeps cached availability at most one second old', async () => {
    const live = await createEvent(admin, eventInput((await createVenue(admin)).id, { title: 'Fresh Show' }));
    expect((await publicGet(b, `/api/events/${live.id}`)).remaining).toBe(100);
    await env.database.db.updateTable('ticket_types').set({ held: 7 }).where('event_id', '=', live.id).execute();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await publicGet(b, `/api/events/${live.id}`)).remaining).toBe(93);
  });

  it('sends large answers gzipped to clients that accept it, fresh and cached, and small ones as they are', async () => {
    const venue = await createVenue(admin);
    for (let i = 0; i < 6; i++) await createEvent(admin, eventInput(venue.id, { title: `Gzip Show ${i}` }));
    const url = '/api/events?q=gzip';
    const client = new TestClient(b);
    const plain = await client.get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    expect(String(plain.headers.vary)).toMatch(/Accept-Encoding/);
    expect(plain.json<{ items: EventBody[] }>().items).toHaveLength(6);

    // The first gzipped answer compresses the cached copy, the second reuses it: both decode to it.
    for (let i = 0; i < 2; i++) {
      const zipped = await client.get(url, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
      expect(zipped.statusCode).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(String(zipped.headers.vary)).toMatch(/Accept-Encoding/);
      expect(Number(zipped.headers['content-length'])).toBe(zipped.rawPayload.length);
      expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    }

    const refused = await client.get(url, { headers: { 'accept-encoding': 'gzip;q=0, br' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(plain.body);

    // A load (not a fresh copy) answers gzipped too: a key this instance has not cached yet.
    const loaded = await client.get(`${url}&sort=-startsAt`, { headers: { 'accept-encoding': 'gzip' } });
    expect(loaded.statusCode).toBe(200);
    expect(loaded.headers['content-encoding']).toBe('gzip');
    const loadedItems = (JSON.parse(gunzipSync(loaded.rawPayload).toString('utf8')) as { items: EventBody[] }).items;
    expect(loadedItems.map((e) => e.title)).toEqual(Array.from({ length: 6 }, (_, i) => `Gzip Show ${5 - i}`));

    const empty = await client.get('/api/events?q=nothingmatchesthis', { headers: { 'accept-encoding': 'gzip' } });
    expect(empty.headers['content-encoding']).toBeUndefined();
    expect(empty.headers.vary ?? '').not.toMatch(/Accept-Encoding/);
    expect(empty.json<{ items: EventBody[] }>().items).toEqual([]);
  });
});
