/**
 * The store behind the global per-client rate limit (@fastify/rate-limit's store interface):
 * fixed windows counted in Redis while it answers, so the budget holds across instances, and in
 * memory while it does not, so an outage neither switches the limit off nor delays every request
 * waiting on a dead connection.
 */
import type { Redis } from 'ioredis';

type Callback = (err: Error | null, result: { current: number; ttl: number }) => void;

const MEMORY_KEYS_MAX = 100_000;

export function createRateLimitStore(redis: Redis, namespace: string) {
  const memory = new Map<string, { count: number; resetAt: number }>();

  function countInMemory(key: string, windowMs: number): { current: number; ttl: number } {
    const now = Date.now();
    let entry = memory.get(key);
    if (entry === undefined || entry.resetAt <= now) {
      if (memory.size >= MEMORY_KEYS_MAX) memory.clear(); // bound memory under a flood of addresses
      entry = { count: 0, resetAt: now + windowMs };
      memory.set(key, entry);
    }
    entry.count++;
    return { current: entry.count, ttl: entry.resetAt - now };
  }

  async function countInRedis(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
    const replies = await redis.multi().incr(key).pexpire(key, windowMs, 'NX').pttl(key).exec();
    const [count, , ttl] = (replies ?? []).map(([err, value]) => {
      if (err) throw err;
      return Number(value);
    });
    return { current: count ?? 1, ttl: ttl !== undefined && ttl > 0 ? ttl : windowMs };
  }

  return class FallbackRateLimitStore {
    private readonly prefix: string;
    /** The plugin passes its options first; only a child store passes its own prefix. */
    constructor(_options?: unknown, prefix = `${namespace}rl:`) {
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback, windowMs: number): void {
      const full = this.prefix + key;
      if (redis.status !== 'ready') {
        callback(null, countInMemory(full, windowMs));
        return;
      }
      countInRedis(full, windowMs).then(
        (result) => callback(null, result),
        () => callback(null, countInMemory(full, windowMs)),
      );
    }

    /** A route with a limit of its own counts under its own keys. */
    child(routeOptions: { method: string | string[]; url: string }) {
      return new FallbackRateLimitStore(undefined, `${this.prefix}${String(routeOptions.method)}${routeOptions.url}-`);
    }
  };
}
