/**
 * Counts attempts per key in fixed windows (e.g. sign-ins per account and address over 15
 * minutes). An attempt is counted BEFORE the work it guards, in one atomic step that also answers
 * whether it is over the limit: checking first and counting after the slow part (argon2) let 40
 * concurrent guesses all pass a check that none of them had yet counted against. In Redis when
 * configured, so the count holds across instances; in memory otherwise.
 */
import type { Redis } from 'ioredis';

export interface AttemptLimiter {
  /**
   * Counts one attempt against `key` and answers the seconds to wait when this attempt is over
   * the limit (it must then not go ahead), or 0 when it may.
   */
  consume(key: string): Promise<number>;
  /** Gives back one counted attempt, e.g. a sign-in that proved to be right is no failure. */
  refund(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export interface LimitRule {
  name: string;
  max: number;
  windowMs: number;
}

const MEMORY_KEYS_MAX = 100_000;

export class MemoryAttemptLimiter implements AttemptLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  constructor(private readonly rule: LimitRule) {}

  private current(key: string) {
    const entry = this.windows.get(key);
    if (entry !== undefined && entry.resetAt <= Date.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return entry;
  }

  private waitFor(entry: { count: number; resetAt: number } | undefined, over: number): number {
    return entry !== undefined && entry.count > over ? Math.max(1, Math.ceil((entry.resetAt - Date.now()) / 1000)) : 0;
  }

  /** Seconds `key` is blocked for without counting anything (what the fallback remembers). */
  peek(key: string): number {
    return this.waitFor(this.current(key), this.rule.max - 1);
  }

  // Synchronous from the read to the increment: no other request can run in between.
  consume(key: string): Promise<number> {
    let entry = this.current(key);
    if (entry === undefined) {
      if (this.windows.size >= MEMORY_KEYS_MAX) this.windows.clear(); // bound memory under a flood of keys
      entry = { count: 0, resetAt: Date.now() + this.rule.windowMs };
      this.windows.set(key, entry);
    }
    entry.count++;
    return Promise.resolve(this.waitFor(entry, this.rule.max));
  }

  refund(key: string): Promise<void> {
    const entry = this.current(key);
    if (entry !== undefined && entry.count > 0) entry.count--;
    return Promise.resolve();
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }
}

// Decrements only a live counter: a DECR on a key that expired meanwhile would leave -1 with no expiry.
const REFUND_SCRIPT = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0";

export class RedisAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly rule: LimitRule,
  ) {}

  private key(key: string) {
    return `${this.namespace}limit:${this.rule.name}:${key}`;
  }

  async consume(key: string): Promise<number> {
    const full = this.key(key);
    // MULTI runs as one step: each INCR answers a distinct count. The window starts at the first
    // attempt: NX leaves an existing expiry alone.
    const replies = await this.redis.multi().incr(full).pexpire(full, this.rule.windowMs, 'NX').pttl(full).exec();
    const [count, , ttl] = (replies ?? []).map(([err, value]) => {
      if (err) throw err;
      return Number(value);
    });
    if (count === undefined) throw new Error('redis: the attempt was not counted');
    if (count <= this.rule.max) return 0;
    return Math.max(1, Math.ceil((ttl !== undefined && ttl > 0 ? ttl : this.rule.windowMs) / 1000));
  }

  async refund(key: string): Promise<void> {
    await this.redis.eval(REFUND_SCRIPT, 1, this.key(key));
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }
}

/**
 * Redis while it answers, memory while it does not: an outage must not switch brute-force
 * protection off (nor turn every sign-in into an error). Counts made in memory stay local.
 */
export class FallbackAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly primary: AttemptLimiter,
    private readonly fallback: MemoryAttemptLimiter,
  ) {}

  private async either<T>(use: (limiter: AttemptLimiter) => Promise<T>): Promise<T> {
    if (this.redis.status !== 'ready') return use(this.fallback);
    try {
      return await use(this.primary);
    } catch {
      return use(this.fallback);
    }
  }

  async consume(key: string): Promise<number> {
    if (this.redis.status === 'ready') {
      try {
        // Blocked in memory counts too: attempts made during an outage are not forgotten when it ends.
        return Math.max(await this.primary.consume(key), this.fallback.peek(key));
      } catch {
        // Redis failed mid-request: count in memory instead.
      }
    }
    return this.fallback.consume(key);
  }

  refund(key: string): Promise<void> {
    return this.either((l) => l.refund(key));
  }

  async reset(key: string): Promise<void> {
    await Promise.all([this.either((l) => l.reset(key)), this.fallback.reset(key)]);
  }
}
