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
import { createObjectStore } from './storage/create-store.js';
import type { ObjectStore } from './storage/object-store.js';

/**
 * What domain code announces once its transaction has committed (never inside one): the real-time
 * layer listens and tells watchers. Announcing costs nothing when nobody listens.
 */
export interface Announcer {
  /** Holds, payments, expiries, cancellations, admin changes: an event's availability moved. */
  availabilityChanged(eventId: string): void;
  /** Numbers only an admin dashboard shows (check-ins) changed. */
  statsChanged(eventId: string): void;
}

export class Announcements implements Announcer {
  private readonly listeners = new Set<Announcer>();

  listen(listener: Announcer): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  availabilityChanged(eventId: string): void {
    for (const l of this.listeners) l.availabilityChanged(eventId);
  }

  statsChanged(eventId: string): void {
    for (const l of this.listeners) l.statsChanged(eventId);
  }
}

export interface Services {
  config: Config;
  announce: Announcements;
  database: DatabaseHandle;
  cache: Cache;
  pubsub: PubSub;
  redis: Redis | undefined;
  /** Prefix of this app's Redis keys and channels. */
  redisNamespace: string;
  metrics: Metrics;
  /** Uploaded files (posters): DATA_DIR, or the S3 bucket when S3_BUCKET is set. */
  uploads: ObjectStore;
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
    openDatabase(config.database, {
      poolSize: config.databasePoolSize,
      prepare: config.databasePreparedStatements,
      onPoolError: (err) => log.warn({ err }, 'idle database connection lost'),
    });
  const namespace = overrides.redisNamespace ?? 'iat:';
  const metrics = createMetrics();
  const uploads = createObjectStore(config);

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
    announce: new Announcements(),
    database,
    cache,
    pubsub,
    redis,
    redisNamespace: namespace,
    metrics,
    uploads,
    async close() {
      memoryCache?.close();
      uploads.close();
      await closePubSub();
      if (redis !== undefined) {
        const connection = redis;
        await connection.quit().catch(() => connection.disconnect());
      }
      if (overrides.database === undefined) await database.close();
    },
  };
}
