/**
 * Which store a waiting room uses: the database by default. q-scale adds the Redis store
 * (redis-store.ts) here, chosen when Redis is configured.
 */
import type { Services } from '../platform/services.js';
import { DatabaseQueueStore } from './db-store.js';
import type { QueueStore } from './store.js';

export function createQueueStore(services: Pick<Services, 'database' | 'redis' | 'redisNamespace'>): QueueStore {
  return new DatabaseQueueStore(services.database.db);
}
