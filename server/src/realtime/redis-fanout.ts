/**
 * Socket.IO's Redis adapter, which carries every room message to every instance, on two Redis
 * connections of its own. The adapter ignores the promises of its commands: while Redis is down
 * each emit (and its unsubscribe at shutdown) would be an unhandled rejection, which stops the
 * whole process, so their failures are ignored; a failure means reaching no other instance, and
 * local watchers still hear. No offline queue for publishing: a message published while Redis is
 * down is dropped at once rather than sent, stale, on reconnect; the snapshot sent after the
 * outage (availability-recovery.ts) covers it. `publishing` tells its caller when a message it
 * emitted was dropped, so that it can be sent again, fresh, once the connection is back.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { ignoreCommandFailures } from '../cache/redis.js';

export interface RedisFanout {
  /** The adapter's subscribing connection: ready again means messages cross instances again. */
  subscriber: Redis;
  /** The adapter's publishing connection. */
  publisher: Redis;
  /**
   * Runs `emit`, whose room emits publish through the adapter; `dropped` is called (later) for
   * each of the messages they published that never reached Redis.
   */
  publishing(emit: () => void, dropped: () => void): void;
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
  // The adapter publishes synchronously inside an emit: the failure belongs to the emit running.
  let dropping: (() => void) | undefined;
  ignoreCommandFailures(publisher, ['publish'], () => dropping);
  ignoreCommandFailures(subscriber, ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']);
  io.adapter(createAdapter(publisher, subscriber, { key: `${namespace}socket.io` }));
  return {
    subscriber,
    publisher,
    publishing(emit, dropped) {
      const previous = dropping;
      dropping = dropped;
      try {
        emit();
      } finally {
        dropping = previous;
      }
    },
    async close() {
      for (const connection of [subscriber, publisher]) {
        if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
        else connection.disconnect();
      }
    },
  };
}
