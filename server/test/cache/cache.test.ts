/** The in-process and Redis cache and pub/sub behave the same; Redis reaches other instances. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cache, PubSub } from '../../src/cache/cache.js';
import { MemoryCache, MemoryPubSub } from '../../src/cache/memory.js';
import { RedisCache, RedisPubSub, createRedis } from '../../src/cache/redis.js';
import { redisUrl } from '../support/backends.js';

const namespace = `iat-test:cache-${randomBytes(4).toString('hex')}:`;
const connections: Redis[] = [];
const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${namespace}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  await Promise.all(connections.map((c) => c.quit()));
});

function redisConnection(): Redis {
  const redis = createRedis(redisUrl ?? '', 'test');
  connections.push(redis);
  return redis;
}

const implementations: [string, () => { cache: Cache; pubsub: PubSub; other?: PubSub }][] = [
  [
    'memory',
    () => {
      const cache = new MemoryCache();
      closers.push(() => cache.close());
      return { cache, pubsub: new MemoryPubSub() };
    },
  ],
];
if (redisUrl) {
  implementations.push([
    'redis',
    () => {
      const a = new RedisPubSub(redisConnection(), namespace);
      const b = new RedisPubSub(redisConnection(), namespace);
      closers.push(
        () => a.close(),
        () => b.close(),
      );
      return { cache: new RedisCache(redisConnection(), namespace), pubsub: a, other: b };
    },
  ]);
}

const nextMessage = (pubsub: PubSub, channel: string) =>
  new Promise<{ message: unknown; unsubscribe: () => Promise<void> }>((resolve) => {
    void pubsub.subscribe(channel, (message) => resolve({ message, unsubscribe })).then((u) => (unsubscribe = u));
    let unsubscribe: () => Promise<void> = () => Promise.resolve();
  });

describe.each(implementations)('%s cache and pub/sub', (_name, make) => {
  const { cache, pubsub, other } = make();

  it('stores, returns copies, and deletes values', async () => {
    const value = { a: 1, list: ['x'] };
    await cache.set('k1', value, 60);
    value.a = 2;
    expect(await cache.get('k1')).toEqual({ a: 1, list: ['x'] });
    await cache.delete('k1');
    expect(await cache.get('k1')).toBeUndefined();
  });

  it('expires values after their TTL', async () => {
    await cache.set('short', 'v', 0.2);
    expect(await cache.get('short')).toBe('v');
    await new Promise((r) => setTimeout(r, 350));
    expect(await cache.get('short')).toBeUndefined();
  });

  it('deletes by prefix and only by prefix, even with glob characters in keys', async () => {
    await cache.set('events:list:a', 1, 60);
    await cache.set('events:list:*b', 2, 60);
    await cache.set('events:detail:1', 3, 60);
    await cache.set('eventsX', 4, 60);
    await cache.deletePrefix('events:list:');
    expect(await cache.get('events:list:a')).toBeUndefined();
    expect(await cache.get('events:list:*b')).toBeUndefined();
    expect(await cache.get('events:detail:1')).toBe(3);
    expect(await cache.get('eventsX')).toBe(4);
  });

  it('delivers a published message to a subscriber, and stops after unsubscribing', async () => {
    const receiving = nextMessage(pubsub, 'ch1');
    await new Promise((r) => setTimeout(r, 50));
    await pubsub.publish('ch1', { hello: 'world' });
    const { message, unsubscribe } = await receiving;
    expect(message).toEqual({ hello: 'world' });
    await unsubscribe();
    const seen: unknown[] = [];
    const off = await pubsub.subscribe('ch2', (m) => seen.push(m));
    await off();
    await pubsub.publish('ch2', 'late');
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([]);
  });

  it.runIf(other !== undefined)('reaches a subscriber on another instance', async () => {
    if (other === undefined) return;
    const receiving = nextMessage(other, 'cross');
    await new Promise((r) => setTimeout(r, 50));
    await pubsub.publish('cross', { from: 'a' });
    expect((await receiving).message).toEqual({ from: 'a' });
  });
});
