import { Redis } from 'ioredis';
import type { Cache, MessageHandler, PubSub } from './cache.js';

export function createRedis(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    // Fail fast while Redis is down instead of queueing commands forever.
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    enableOfflineQueue: true,
    // Reconnect attempts stay at most half a second apart however long the outage: a refused
    // connection costs nothing, and shared limits, cache and fan-out are back soon after Redis is.
    retryStrategy: (attempt) => Math.min(attempt * 100, 500),
  });
}

/**
 * Throws at once while the connection is down, for callers that have a fallback: otherwise each
 * command would wait in the offline queue for a reconnect attempt to fail (seconds per request).
 */
export function assertConnected(redis: Redis): void {
  if (redis.status !== 'ready') throw new Error('Redis connection is closed');
}

/**
 * Makes these commands of `client` resolve (to 0) instead of rejecting: for a library that calls
 * them without handling their promises (the Socket.IO adapter), where a rejection while Redis is
 * down would be unhandled and stop the process. `failed`, when given, is called (synchronously,
 * before the command's promise exists) with a function that reports its failure: a caller can
 * learn which of its own messages never left.
 */
export function ignoreCommandFailures(
  client: Redis,
  methods: ('publish' | 'subscribe' | 'psubscribe' | 'unsubscribe' | 'punsubscribe')[],
  failed?: () => (() => void) | undefined,
): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of methods) {
    const original = target[name]?.bind(client);
    if (original !== undefined)
      target[name] = (...args: unknown[]) => {
        const report = failed?.();
        return original(...args).catch(() => {
          report?.();
          return 0;
        });
      };
  }
}

/** Redis-backed cache shared by every instance. `namespace` keeps tests and apps apart. */
export class RedisCache implements Cache {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    assertConnected(this.redis);
    const raw = await this.redis.get(this.namespace + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    assertConnected(this.redis);
    await this.redis.set(this.namespace + key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlSeconds * 1000)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.namespace + key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    const pattern = `${escapeGlob(this.namespace + prefix)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await this.redis.unlink(...keys);
    } while (cursor !== '0');
  }
}

function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Redis pub/sub. A subscribed connection can do nothing else, so it is a dedicated duplicate;
 * one Redis subscription per channel fans out to every local handler.
 */
export class RedisPubSub implements PubSub {
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly subscriber: Redis;

  constructor(
    private readonly publisher: Redis,
    private readonly namespace: string,
  ) {
    // No ready check: its INFO command would be refused once the connection is in subscriber mode,
    // which is where a reconnect with live subscriptions puts it at once.
    this.subscriber = publisher.duplicate({ connectionName: 'iatichet-subscriber', enableReadyCheck: false });
    this.subscriber.on('error', () => undefined); // reconnects by itself; readiness reports the outage
    this.subscriber.on('message', (channel: string, raw: string) => {
      const set = this.handlers.get(channel);
      if (set === undefined) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        return;
      }
      for (const handler of set) handler(message);
    });
  }

  publish(channel: string, message: unknown): Promise<number> {
    return this.publisher.publish(this.namespace + channel, JSON.stringify(message ?? null));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    const key = this.namespace + channel;
    let set = this.handlers.get(key);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(key, set);
      await this.subscriber.subscribe(key);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(key);
      if (current === undefined) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(key);
        await this.subscriber.unsubscribe(key);
      }
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
