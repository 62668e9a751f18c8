/**
 * Socket.IO's Redis adapter, which carries every room message to every instance, on two Redis
 * connections of its own. The adapter ignores the promises of its commands: while Redis is down
 * each emit (and its unsubscribe at shutdown) would be an unhandled rejection, which stops the
 * whole process, so their failures are ignored; a failure means reaching no other instance, and
 * local watchers still hear. No offline queue for publishing: a message published while Redis is
 * down is dropped at once rather than sent, stale, on reconnect; the snapshot sent after the
 * outage (availability-recovery.ts) covers it.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { ignoreCommandFailures } from '../cache/redis.js';

export interface RedisFanout {
  /** The adapter's subscribing connection: ready again means messages cross instances again. */
  subscriber: Redis;
  close(): Promise<void>;
}

export function attachRedisFanout(
  io: { adapter(adapter: ReturnType<typeof createAdapter>): unknown },
  redis: Redis,
  namespace: string,
): RedisFanout {
  const subscriber = redis.duplicate({ connectionName: 'iatichet-realtime' });
  subscriber.on('error', () => undefined); // reconnects by itself; readiness reports Redis
  const publisher = redis.duplicate({ connectionName: 'iatichet-realtime-pub', enableOfflineQueue: false });
  publisher.on('error', () => undefined);
  ignoreCommandFailures(publisher, ['publish']);
  ignoreCommandFailures(subscriber, ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']);
  io.adapter(createAdapter(publisher, subscriber, { key: `${namespace}socket.io` }));
  return {
    subscriber,
    async close() {
      for (const connection of [subscriber, publisher]) {
        if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
        else connection.disconnect();
      }
    },
  };
}
