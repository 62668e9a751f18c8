/**
 * Which store a waiting room uses: Redis (redis-store.ts) when it is configured, the database
 * otherwise. The Redis store keeps the database as its record and falls back to it.
 */
import type { Services } from '../platform/services.js';
import { DatabaseQueueStore } from './db-store.js';
import { RedisQueueStore } from './redis-store.js';
import type { QueueStore } from './store.js';

export function createQueueStore(services: Pick<Services, 'database' | 'redis' | 'redisNamespace'>): QueueStore {
  const { redis, database, redisNamespace } = services;
  return redis === undefined ? new DatabaseQueueStore(database.db) : new RedisQueueStore(redis, database.db, redisNamespace);
}
