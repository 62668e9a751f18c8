/**
 * Caches catalog answers as ready-to-send JSON. Two levels: a one-second in-process copy in front
 * of the shared cache (Redis when configured). Availability in a cached answer is at most one
 * second old.
 *
 * An admin change must be visible on the next read of any instance, so invalidation is
 * acknowledged: the instance that made the change publishes it, every subscribed instance drops
 * its in-process copies and answers on a second channel, and the change's request waits for those
 * answers (at most one cache lifetime: after that nothing stale can be left anyway) before it
 * clears the shared level once more and replies.
 */
import { randomUUID } from 'node:crypto';
import type { Services } from '../platform/services.js';

const TTL_SECONDS = 1;
const PREFIX = 'catalog:';
const CHANNEL = 'catalog:invalidate';
const ACK_CHANNEL = 'catalog:invalidated';
const LOCAL_LIMIT = 5000;

interface PendingInvalidation {
  acks: number;
  expected: number | undefined;
  settle: () => void;
}

export class CatalogCache {
  private readonly local = new Map<string, { json: string; expiresAt: number }>();
  private readonly pending = new Map<string, PendingInvalidation>();
  private generation = 0;

  constructor(private readonly services: Pick<Services, 'cache' | 'pubsub' | 'metrics'>) {}

  async start(): Promise<void> {
    await this.services.pubsub.subscribe(ACK_CHANNEL, (message) => this.acknowledged(message));
    await this.services.pubsub.subscribe(CHANNEL, (message) => {
      this.clearLocal();
      const id = idOf(message);
      if (id !== undefined) this.services.pubsub.publish(ACK_CHANNEL, { id }).catch(() => undefined);
    });
  }

  private clearLocal(): void {
    this.generation++;
    this.local.clear();
  }

  private acknowledged(message: unknown): void {
    const id = idOf(message);
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (pending === undefined) return;
    pending.acks++;
    if (pending.expected !== undefined && pending.acks >= pending.expected) pending.settle();
  }

  /** The cached JSON for `key`, or what `load` produces (then cached). */
  async getOrLoad(key: string, load: () => Promise<unknown>): Promise<string> {
    const now = Date.now();
    const local = this.local.get(key);
    if (local !== undefined && local.expiresAt > now) {
      this.services.metrics.cacheLookups.inc({ cache: 'catalog', result: 'hit' });
      return local.json;
    }
    const generation = this.generation;
    let json = await this.services.cache.get<string>(PREFIX + key).catch(() => undefined);
    if (json === undefined) {
      this.services.metrics.cacheLookups.inc({ cache: 'catalog', result: 'miss' });
      json = JSON.stringify(await load());
      // An invalidation that arrived while loading wins: what was read before it is not kept.
      if (generation === this.generation) {
        await this.services.cache.set(PREFIX + key, json, TTL_SECONDS).catch(() => undefined);
      }
    } else {
      this.services.metrics.cacheLookups.inc({ cache: 'catalog', result: 'hit' });
    }
    if (generation === this.generation) {
      if (this.local.size >= LOCAL_LIMIT) this.local.clear();
      this.local.set(key, { json, expiresAt: now + TTL_SECONDS * 1000 });
    }
    return json;
  }

  /**
   * After any change an admin makes to the catalog: every instance drops what it cached before
   * this resolves. Redis being down costs nothing here: then no instance can share a stale copy.
   */
  async invalidate(): Promise<void> {
    this.clearLocal();
    await this.services.cache.deletePrefix(PREFIX).catch(() => undefined);
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const settled = new Promise<void>((resolve) => {
      this.pending.set(id, { acks: 0, expected: undefined, settle: resolve });
      timer = setTimeout(resolve, TTL_SECONDS * 1000);
    });
    try {
      const receivers = await this.services.pubsub.publish(CHANNEL, { id }).catch(() => 0);
      const pending = this.pending.get(id);
      if (pending !== undefined) {
        pending.expected = receivers;
        if (pending.acks >= receivers) pending.settle();
      }
      await settled;
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
    // A load that began before the change may have stored its answer in the shared level after the
    // first delete; every instance has now moved on, so this one removes it for good.
    await this.services.cache.deletePrefix(PREFIX).catch(() => undefined);
  }
}

function idOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
