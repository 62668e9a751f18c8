/**
 * The counts behind the global per-client rate limit: fixed windows counted in Redis while it
 * answers, so the budget holds across instances, and in memory while it does not (or when there
 * is no Redis), so an outage neither switches the limit off nor delays every request waiting on a
 * dead connection. The memory path answers synchronously: most requests cost no promise.
 */
import type { Redis } from 'ioredis';

/** `current`: requests counted in this window, this one included; `ttl`: ms until it resets. */
export type RateLimitCallback = (current: number, ttl: number) => void;

export interface RateLimitStore {
  incr(key: string, windowMs: number, callback: RateLimitCallback): void;
  /** Counts one more in each key's window at once (one Redis round trip); answers in key order. */
  incrAll(keys: string[], windowMs: number): Promise<{ current: number; ttl: number }[]>;
}

const MEMORY_KEYS_MAX = 100_000;

export function createRateLimitStore(redis: Redis | undefined, namespace: string): RateLimitStore {
  const prefix = `${namespace}rl:`;
  const memory = new Map<string, { count: number; resetAt: number }>();

  function countInMemory(key: string, windowMs: number, callback: RateLimitCallback): void {
    const now = Date.now();
    let entry = memory.get(key);
    if (entry === undefined || entry.resetAt <= now) {
      if (memory.size >= MEMORY_KEYS_MAX) memory.clear(); // bound memory under a flood of addresses
      entry = { count: 0, resetAt: now + windowMs };
      memory.set(key, entry);
    }
    entry.count++;
    callback(entry.count, entry.resetAt - now);
  }

  async function countAllInRedis(client: Redis, keys: string[], windowMs: number): Promise<{ current: number; ttl: number }[]> {
    const batch = client.multi();
    for (const key of keys) batch.incr(key).pexpire(key, windowMs, 'NX').pttl(key);
    const replies = (await batch.exec()) ?? [];
    return keys.map((_, i) => {
      const [count, , ttl] = replies.slice(i * 3, i * 3 + 3).map(([err, value]) => {
        if (err) throw err;
        return Number(value);
      });
      return { current: count ?? 1, ttl: ttl !== undefined && ttl > 0 ? ttl : windowMs };
    });
  }

  async function countInRedis(client: Redis, key: string, windowMs: number): Promise<[number, number]> {
    const replies = await client.multi().incr(key).pexpire(key, windowMs, 'NX').pttl(key).exec();
    const [count, , ttl] = (replies ?? []).map(([err, value]) => {
      if (err) throw err;
      return Number(value);
    });
    return [count ?? 1, ttl !== undefined && ttl > 0 ? ttl : windowMs];
  }

  const countAllInMemory = (keys: string[], windowMs: number) =>
    keys.map((key) => {
      let answer = { current: 0, ttl: windowMs };
      countInMemory(key, windowMs, (current, ttl) => (answer = { current, ttl }));
      return answer;
    });

  return {
    incrAll(keys, windowMs) {
      const full = keys.map((key) => prefix + key);
      if (redis === undefined || redis.status !== 'ready') return Promise.resolve(countAllInMemory(full, windowMs));
      return countAllInRedis(redis, full, windowMs).catch(() => countAllInMemory(full, windowMs));
    },
    incr(key, windowMs, callback) {
      const full = prefix + key;
      if (redis === undefined || redis.status !== 'ready') {
        countInMemory(full, windowMs, callback);
        return;
      }
      countInRedis(redis, full, windowMs).then(
        ([current, ttl]) => callback(current, ttl),
        () => countInMemory(full, windowMs, callback),
      );
    },
  };
}
