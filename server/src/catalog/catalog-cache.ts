/**
 * Caches catalog answers as ready-to-send JSON bytes (encoded once, not on every send; gzipped at
 * most once per copy, see platform/compression.ts). Two levels: a one-second in-process copy in front
 * of the shared cache (Redis when configured). Availability in a cached answer is at most one
 * second old: the in-process copy lives only as long as the shared one it was read from. Each key
 * is loaded once per instance at a time (single flight): when an answer expires under load, the
 * concurrent requests wait for one query instead of each sending its own.
 *
 * An admin change must be visible on the next read of any instance, so invalidation is
 * acknowledged: the instance that made the change publishes it, every subscribed instance drops
 * its in-process copies and answers on a second channel, and the change's request waits for those
 * answers (at most one cache lifetime: after that nothing stale can be left anyway) before it
 * clears the shared level once more and replies.
 */
import { randomUUID } from 'node:crypto';
import { EncodedAnswer } from '../platform/compression.js';
import type { Services } from '../platform/services.js';

const TTL_SECONDS = 1;
const PREFIX = 'catalog:';
const CHANNEL = 'catalog:invalidate';
const ACK_CHANNEL = 'catalog:invalidated';
/** In-process copies kept at most, by count and by bytes (a page of 100 events is about 100 kB). */
const LOCAL_LIMIT = 5000;
const LOCAL_BYTES_LIMIT = 32 * 1024 * 1024;
/** Answers at least this large are gzipped on the thread pool when loaded (see fill). */
const GZIP_AHEAD_BYTES = 256 * 1024;

/** A shared entry: the answer and when it was read from the database. */
interface Shared {
  json: string;
  at: number;
}

interface PendingInvalidation {
  acks: number;
  expected: number | undefined;
  settle: () => void;
}

export class CatalogCache {
  private readonly local = new Map<string, { answer: EncodedAnswer; expiresAt: number }>();
  private readonly loading = new Map<string, Promise<EncodedAnswer>>();
  private readonly pending = new Map<string, PendingInvalidation>();
  private localBytes = 0;
  private lastSweep = 0;
  private generation = 0;
  /** The two counters, bound once: labelling on every lookup hashed the labels each time. */
  private readonly hits: { inc(): void };
  private readonly misses: { inc(): void };

  constructor(private readonly services: Pick<Services, 'cache' | 'pubsub' | 'metrics'>) {
    this.hits = services.metrics.cacheLookups.labels({ cache: 'catalog', result: 'hit' });
    this.misses = services.metrics.cacheLookups.labels({ cache: 'catalog', result: 'miss' });
  }

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
    this.localBytes = 0;
    // A load already running read the catalog before the change: later requests must not join it.
    this.loading.clear();
  }

  private acknowledged(message: unknown): void {
    const id = idOf(message);
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (pending === undefined) return;
    pending.acks++;
    if (pending.expected !== undefined && pending.acks >= pending.expected) pending.settle();
  }

  /** This instance's fresh answer for the key (counted as a hit), or undefined: no promise. */
  peek(key: string): EncodedAnswer | undefined {
    const local = this.local.get(key);
    if (local === undefined || local.expiresAt <= Date.now()) return undefined;
    this.hits.inc();
    return local.answer;
  }

  /**
   * This instance's copy for the key even a little past its second (at most `maxStaleMs`), or
   * undefined. Only for answers that clients correct on their own (the seat map, followed by its
   * deltas): a 3 MB map then never makes a request wait for its reload. An admin's change still
   * clears it (clearLocal).
   */
  peekStale(key: string, maxStaleMs: number): EncodedAnswer | undefined {
    const local = this.local.get(key);
    if (local === undefined || local.expiresAt + maxStaleMs <= Date.now()) return undefined;
    this.hits.inc();
    return local.answer;
  }

  /** The cached JSON for `key`, or what `load` produces (then cached), as UTF-8 bytes. */
  getOrLoad(key: string, load: () => Promise<unknown>): Promise<EncodedAnswer> {
    const local = this.peek(key);
    if (local !== undefined) return Promise.resolve(local);
    const running = this.loading.get(key);
    if (running !== undefined) {
      this.hits.inc();
      return running;
    }
    const loaded = this.fill(key, load).finally(() => {
      if (this.loading.get(key) === loaded) this.loading.delete(key);
    });
    this.loading.set(key, loaded);
    return loaded;
  }

  private async fill(key: string, load: () => Promise<unknown>): Promise<EncodedAnswer> {
    const generation = this.generation;
    let shared = await this.services.cache.get<Shared>(PREFIX + key).catch(() => undefined);
    if (shared === undefined || typeof shared.json !== 'string') {
      this.misses.inc();
      shared = { json: JSON.stringify(await load()), at: Date.now() };
      // An invalidation that arrived while loading wins: what was read before it is not kept.
      if (generation === this.generation) {
        await this.services.cache.set(PREFIX + key, shared, TTL_SECONDS).catch(() => undefined);
      }
    } else {
      this.hits.inc();
    }
    const answer = new EncodedAnswer(Buffer.from(shared.json));
    // A large answer (a 20,000-seat map) is compressed off the event loop before anyone sends it.
    if (answer.body.length >= GZIP_AHEAD_BYTES) await answer.prepareGzip();
    if (generation === this.generation) {
      this.keepLocal(key, answer, Math.min(shared.at, Date.now()) + TTL_SECONDS * 1000);
    }
    return answer;
  }

  /**
   * Keeps an in-process copy. Copies past their second are dropped here too, at most once a second:
   * otherwise every distinct search of the last few minutes would stay in memory until the count
   * limit (5,000 pages of up to 100 kB each).
   */
  private keepLocal(key: string, answer: EncodedAnswer, expiresAt: number): void {
    const now = Date.now();
    if (now - this.lastSweep >= TTL_SECONDS * 1000) {
      this.lastSweep = now;
      for (const [k, copy] of this.local) {
        if (copy.expiresAt > now) continue;
        this.local.delete(k);
        this.localBytes -= copy.answer.body.length;
      }
    }
    const previous = this.local.get(key);
    if (previous !== undefined) {
      this.local.delete(key);
      this.localBytes -= previous.answer.body.length;
    }
    if (this.local.size >= LOCAL_LIMIT || this.localBytes + answer.body.length > LOCAL_BYTES_LIMIT) {
      this.local.clear();
      this.localBytes = 0;
    }
    this.local.set(key, { answer, expiresAt });
    this.localBytes += answer.body.length;
  }

  /** How many in-process copies are held, and their JSON bytes. */
  localCopies(): { entries: number; bytes: number } {
    return { entries: this.local.size, bytes: this.localBytes };
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
