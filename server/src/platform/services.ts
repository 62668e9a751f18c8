/**
 * The long-lived services one app instance uses: database, cache, pub/sub, Redis, metrics.
 * Built once from the config; closed once at shutdown.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Cache, PubSub } from '../cache/cache.js';
import { MemoryCache, MemoryPubSub } from '../cache/memory.js';
import { RedisCache, RedisPubSub, createRedis } from '../cache/redis.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { createMetrics, type Metrics } from './metrics.js';

export interface Services {
  config: Config;
  database: DatabaseHandle;
  cache: Cache;
  pubsub: PubSub;
  redis: Redis | undefined;
  metrics: Metrics;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  database?: DatabaseHandle;
  /** Prefix of every Redis key and channel; lets tests share one Redis without colliding. */
  redisNamespace?: string;
}

export function createServices(config: Config, log: Logger, overrides: ServiceOverrides = {}): Services {
  const database =
    overrides.database ??
    openDatabase(config.database, { onPoolError: (err) => log.warn({ err }, 'idle database connection lost') });
  const namespace = overrides.redisNamespace ?? 'iat:';
  const metrics = createMetrics();

  let redis: Redis | undefined;
  let cache: Cache;
  let pubsub: PubSub;
  let closePubSub: () => Promise<void> = () => Promise.resolve();
  let memoryCache: MemoryCache | undefined;
  if (config.redisUrl !== undefined) {
    redis = createRedis(config.redisUrl, 'iatichet');
    let lastError = '';
    redis.on('error', (err: Error) => {
      // ioredis retries by itself; log each distinct failure once rather than every retry.
      if (err.message !== lastError) log.warn({ err }, 'redis error');
      lastError = err.message;
    });
    redis.on('ready', () => {
      lastError = '';
    });
    cache = new RedisCache(redis, namespace);
    const redisPubSub = new RedisPubSub(redis, namespace);
    pubsub = redisPubSub;
    closePubSub = () => redisPubSub.close();
  } else {
    memoryCache = new MemoryCache();
    cache = memoryCache;
    pubsub = new MemoryPubSub();
  }

  return {
    config,
    database,
    cache,
    pubsub,
    redis,
    metrics,
    async close() {
      memoryCache?.close();
      await closePubSub();
      if (redis !== undefined) {
        const connection = redis;
        await connection.quit().catch(() => connection.disconnect());
      }
      if (overrides.database === undefined) await database.close();
    },
  };
}
