import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/cache/redis.js';
import { clientKey } from '../../src/security/client-key.js';
import { registerGlobalRateLimit } from '../../src/security/global-rate-limit.js';
import { createRateLimitStore, type RateLimitStore } from '../../src/security/rate-limit-store.js';
import { OwnRedis, redisServerAvailable } from '../support/redis-server.js';

describe('global rate limit hook', () => {
  it('gives an IPv4 client its own budget and a whole IPv6 /64 one budget', () => {
    expect(clientKey('10.0.0.7')).toBe('10.0.0.7');
    expect(clientKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe(clientKey('2001:DB8:1:2::9'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
  });

  it('counts in memory without Redis, a 429 with the x-ratelimit headers past the budget, probes exempt', async () => {
    const app = Fastify({ logger: false });
    registerGlobalRateLimit(app, {
      max: 2,
      windowMs: 60_000,
      store: createRateLimitStore(undefined, 'test:'),
      unlimited: new Set(['/healthz']),
    });
    app.get('/', () => ({ ok: true }));
    app.get('/healthz', () => ({ ok: true }));
    const first = await app.inject({ url: '/', remoteAddress: '10.9.0.1' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-ratelimit-remaining']).toBeUndefined();
    expect((await app.inject({ url: '/', remoteAddress: '10.9.0.1' })).statusCode).toBe(200);
    const third = await app.inject({ url: '/', remoteAddress: '10.9.0.1' });
    expect(third.statusCode).toBe(429);
    expect(third.headers).toMatchObject({
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '60',
      'retry-after': '60',
    });
    expect((await app.inject({ url: '/', remoteAddress: '10.9.0.2' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/healthz', remoteAddress: '10.9.0.1' })).headers['x-ratelimit-limit']).toBeUndefined();
    await app.close();
  });
});

describe.runIf(redisServerAvailable || process.env.CI === 'true')('rate limit counts in Redis', () => {
  let redis: OwnRedis;
  const connections: Redis[] = [];
  const connect = async () => {
    const c = createRedis(redis.url, 'rate-limit-test');
    c.on('error', () => undefined);
    connections.push(c);
    await new Promise((r) => (c.status === 'ready' ? r(null) : c.once('ready', r)));
    return c;
  };
  const incr = (store: RateLimitStore, key: string, windowMs: number) =>
    new Promise<{ current: number; ttl: number }>((resolve) =>
      store.incr(key, windowMs, (current, ttl) => resolve({ current, ttl })),
    );

  beforeAll(async () => {
    redis = await OwnRedis.start();
  }, 30_000);
  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await redis.stop();
  });

  it('counts every request once across two instances, however many arrive together', async () => {
    const stores = [createRateLimitStore(await connect(), 'a:'), createRateLimitStore(await connect(), 'a:')];
    // 300 requests of one client at once (sent together in a few script calls), through both instances.
    const counts = await Promise.all(
      Array.from({ length: 300 }, (_, i) => incr(stores[i % 2] as RateLimitStore, 'client-1', 60_000)),
    );
    expect(counts.map((c) => c.current).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    for (const c of counts) expect(c.ttl).toBeGreaterThan(55_000);
    expect(counts.every((c) => c.ttl <= 60_000)).toBe(true);
    expect(await connections[0]?.get('a:rl:client-1')).toBe('300');
    // Another client, another namespace: their own counts.
    expect((await incr(stores[0] as RateLimitStore, 'client-2', 60_000)).current).toBe(1);
    expect((await incr(createRateLimitStore(connections[0], 'b:'), 'client-1', 60_000)).current).toBe(1);
  });

  it('keeps each key its own window within one call, and a window ends', async () => {
    const store = createRateLimitStore(await connect(), 'w:');
    const [shortOne, longOne, listed] = await Promise.all([
      incr(store, 'short', 300),
      incr(store, 'long', 60_000),
      store.incrAll(['x', 'y', 'x'], 30_000),
    ]);
    expect(shortOne.ttl).toBeLessThanOrEqual(300);
    expect(longOne.ttl).toBeGreaterThan(55_000);
    expect(listed.map((l) => l.current)).toEqual([1, 1, 2]);
    expect(listed.every((l) => l.ttl > 25_000 && l.ttl <= 30_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect((await incr(store, 'short', 300)).current).toBe(1);
    expect((await incr(store, 'long', 60_000)).current).toBe(2);
  });

  it('counts in memory while Redis is away, and in Redis again once it is back', async () => {
    const connection = await connect();
    const store = createRateLimitStore(connection, 'o:');
    expect((await incr(store, 'k', 60_000)).current).toBe(1);
    await redis.stop();
    await new Promise((r) => setTimeout(r, 100));
    // The limit is not switched off: the memory counts.
    expect((await incr(store, 'k', 60_000)).current).toBe(1);
    expect((await incr(store, 'k', 60_000)).current).toBe(2);
    expect((await store.incrAll(['k', 'j'], 60_000)).map((a) => a.current)).toEqual([3, 1]);
    await redis.restart();
    await new Promise((r) => (connection.status === 'ready' ? r(null) : connection.once('ready', r)));
    expect((await incr(store, 'k', 60_000)).current).toBe(1);
    expect(await connection.get('o:rl:k')).toBe('1');
  }, 30_000);
});
