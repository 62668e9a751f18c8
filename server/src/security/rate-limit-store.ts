/**
 * The counts behind the global per-client rate limit: fixed windows counted in Redis while it
 * answers, so the budget holds across instances, and in memory while it does not (or when there
 * is no Redis), so an outage neither switches the limit off nor delays every request waiting on a
 * dead connection. The memory path answers synchronously: most requests cost no promise.
 */
import type { Redis } from 'ioredis';
import { Batcher } from '../platform/batcher.js';

/** `current`: requests counted in this window, this one included; `ttl`: ms until it resets. */
export type RateLimitCallback = (current: number, ttl: number) => void;

export interface RateLimitStore {
  incr(key: string, windowMs: number, callback: RateLimitCallback): void;
  /** Counts one more in each key's window at once (one Redis round trip); answers in key order. */
  incrAll(keys: string[], windowMs: number): Promise<{ current: number; ttl: number }[]>;
}

const MEMORY_KEYS_MAX = 100_000;

/**
 * Counts one more in each key's fixed window: KEYS the keys, ARGV each key's window in ms. Answers
 * the count and the ms left, per key in order. A key counted twice in one call counts twice.
 */
const COUNT_SCRIPT = `local answer = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  redis.call('PEXPIRE', key, ARGV[i], 'NX')
  answer[2 * i - 1] = count
  answer[2 * i] = redis.call('PTTL', key)
end
return answer`;

const COUNT_COMMAND = 'iatichetCountWindows';

function countKeys(redis: Redis, keys: string[], windows: number[]): Promise<unknown[]> {
  const commands = redis as unknown as Record<string, ((...args: (string | number)[]) => Promise<unknown[]>) | undefined>;
  if (commands[COUNT_COMMAND] === undefined) redis.defineCommand(COUNT_COMMAND, { lua: COUNT_SCRIPT });
  const command = commands[COUNT_COMMAND];
  if (command === undefined) throw new Error('ioredis did not define the rate limit script');
  return command.call(redis, keys.length, ...keys, ...windows);
}

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

  // The counts of the requests read in one turn of the event loop go to Redis together: one script
  // call (one write, one reply) for all of them instead of a MULTI of five commands each.
  const counts =
    redis === undefined
      ? undefined
      : new Batcher<{ key: string; windowMs: number }, { current: number; ttl: number }>({
          run: async (items) => {
            const replies = await countKeys(
              redis,
              items.map((i) => i.key),
              items.map((i) => i.windowMs),
            );
            return items.map((item, i) => {
              const ttl = Number(replies[2 * i + 1]);
              return { current: Number(replies[2 * i]), ttl: ttl > 0 ? ttl : item.windowMs };
            });
          },
          maxWeight: 500,
        });

  const countAllInMemory = (keys: string[], windowMs: number) =>
    keys.map((key) => {
      let answer = { current: 0, ttl: windowMs };
      countInMemory(key, windowMs, (current, ttl) => (answer = { current, ttl }));
      return answer;
    });

  return {
    incrAll(keys, windowMs) {
      const full = keys.map((key) => prefix + key);
      if (counts === undefined || redis?.status !== 'ready') return Promise.resolve(countAllInMemory(full, windowMs));
      return Promise.all(full.map((key) => counts.submit({ key, windowMs }))).catch(() => countAllInMemory(full, windowMs));
    },
    incr(key, windowMs, callback) {
      const full = prefix + key;
      if (counts === undefined || redis?.status !== 'ready') {
        countInMemory(full, windowMs, callback);
        return;
      }
      counts.submit({ key: full, windowMs }).then(
        ({ current, ttl }) => callback(current, ttl),
        () => countInMemory(full, windowMs, callback),
      );
    },
  };
}
