/**
 * Counts attempts per key in fixed windows (e.g. failed sign-ins per account and per IP over
 * 15 minutes). In Redis when configured, so the count holds across instances; in memory otherwise.
 */
import type { Redis } from 'ioredis';

export interface AttemptLimiter {
  /** Seconds until `key` may try again, or 0 when it is under the limit. */
  blockedFor(key: string): Promise<number>;
  /** Records one attempt against `key`. */
  hit(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export interface LimitRule {
  name: string;
  max: number;
  windowMs: number;
}

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

  blockedFor(key: string): Promise<number> {
    const entry = this.current(key);
    const blocked = entry !== undefined && entry.count >= this.rule.max;
    return Promise.resolve(blocked ? Math.ceil((entry.resetAt - Date.now()) / 1000) : 0);
  }

  hit(key: string): Promise<void> {
    const entry = this.current(key);
    if (entry === undefined) {
      if (this.windows.size > 100_000) this.windows.clear(); // bound memory under a flood of keys
      this.windows.set(key, { count: 1, resetAt: Date.now() + this.rule.windowMs });
    } else entry.count++;
    return Promise.resolve();
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }
}

export class RedisAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly rule: LimitRule,
  ) {}

  private key(key: string) {
    return `${this.namespace}limit:${this.rule.name}:${key}`;
  }

  async blockedFor(key: string): Promise<number> {
    const [[, count], [, ttl]] = (await this.redis.multi().get(this.key(key)).pttl(this.key(key)).exec()) as [
      [null, string | null],
      [null, number],
    ];
    return count !== null && Number(count) >= this.rule.max ? Math.max(1, Math.ceil(ttl / 1000)) : 0;
  }

  async hit(key: string): Promise<void> {
    // The window starts at the first attempt: NX leaves an existing expiry alone.
    await this.redis.multi().incr(this.key(key)).pexpire(this.key(key), this.rule.windowMs, 'NX').exec();
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
    private readonly fallback: AttemptLimiter,
  ) {}

  private async either<T>(use: (limiter: AttemptLimiter) => Promise<T>): Promise<T> {
    if (this.redis.status !== 'ready') return use(this.fallback);
    try {
      return await use(this.primary);
    } catch {
      return use(this.fallback);
    }
  }

  async blockedFor(key: string): Promise<number> {
    // Blocked in either place counts: attempts made during an outage are not forgotten when it ends.
    const [primary, fallback] = await Promise.all([this.either((l) => l.blockedFor(key)), this.fallback.blockedFor(key)]);
    return Math.max(primary, fallback);
  }

  hit(key: string): Promise<void> {
    return this.either((l) => l.hit(key));
  }

  async reset(key: string): Promise<void> {
    await Promise.all([this.either((l) => l.reset(key)), this.fallback.reset(key)]);
  }
}
