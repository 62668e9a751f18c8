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

  async function countInRedis(client: Redis, key: string, windowMs: number): Promise<[number, number]> {
    const replies = await client.multi().incr(key).pexpire(key, windowMs, 'NX').pttl(key).exec();
    const [count, , ttl] = (replies ?? []).map(([err, value]) => {
      if (err) throw err;
      return Number(value);
    });
    return [count ?? 1, ttl !== undefined && ttl > 0 ? ttl : windowMs];
  }

  return {
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
