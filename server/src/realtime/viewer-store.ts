/**
 * Who is watching which event, counted across instances. Each instance writes one entry per
 * (event, viewer) it serves, with an expiry it refreshes while the viewer stays; the count is the
 * number of distinct viewers among live entries. So a person with tabs on two instances counts
 * once, an entry written twice is still one, and an instance that dies stops refreshing: its
 * entries expire instead of staying up for ever.
 */
import type { Redis } from 'ioredis';

export interface ViewerStore {
  /** Writes or refreshes this instance's entries, each valid for the store's time to live. */
  put(entries: { eventId: string; viewerKey: string }[]): Promise<void>;
  remove(eventId: string, viewerKey: string): Promise<void>;
  count(eventId: string): Promise<number>;
}

/** Entries of one event: a sorted set, member `instance|viewer`, score = expiry in ms. */
const COUNT_DISTINCT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local seen = {}
local n = 0
for _, m in ipairs(members) do
  local at = string.find(m, '|', 1, true)
  local viewer = string.sub(m, at + 1)
  if not seen[viewer] then
    seen[viewer] = true
    n = n + 1
  end
end
return n`;

export class RedisViewerStore implements ViewerStore {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly instanceId: string,
    private readonly ttlMs: number,
  ) {}

  private key(eventId: string): string {
    return `${this.namespace}rt:viewers:${eventId}`;
  }

  async put(entries: { eventId: string; viewerKey: string }[]): Promise<void> {
    if (entries.length === 0) return;
    const expiry = Date.now() + this.ttlMs;
    const pipeline = this.redis.pipeline();
    const keys = new Set<string>();
    for (const { eventId, viewerKey } of entries) {
      const key = this.key(eventId);
      pipeline.zadd(key, expiry, `${this.instanceId}|${viewerKey}`);
      keys.add(key);
    }
    // The whole set goes away once nobody refreshes it.
    for (const key of keys) pipeline.pexpire(key, this.ttlMs * 2);
    await pipeline.exec();
  }

  async remove(eventId: string, viewerKey: string): Promise<void> {
    await this.redis.zrem(this.key(eventId), `${this.instanceId}|${viewerKey}`);
  }

  async count(eventId: string): Promise<number> {
    return Number(await this.redis.eval(COUNT_DISTINCT, 1, this.key(eventId), Date.now()));
  }
}

/** One instance, no Redis: the same rules in a map. */
export class MemoryViewerStore implements ViewerStore {
  private readonly events = new Map<string, Map<string, number>>();

  constructor(private readonly ttlMs: number) {}

  put(entries: { eventId: string; viewerKey: string }[]): Promise<void> {
    const expiry = Date.now() + this.ttlMs;
    for (const { eventId, viewerKey } of entries) {
      let viewers = this.events.get(eventId);
      if (viewers === undefined) this.events.set(eventId, (viewers = new Map<string, number>()));
      viewers.set(viewerKey, expiry);
    }
    return Promise.resolve();
  }

  remove(eventId: string, viewerKey: string): Promise<void> {
    const viewers = this.events.get(eventId);
    viewers?.delete(viewerKey);
    if (viewers?.size === 0) this.events.delete(eventId);
    return Promise.resolve();
  }

  count(eventId: string): Promise<number> {
    const viewers = this.events.get(eventId);
    if (viewers === undefined) return Promise.resolve(0);
    const now = Date.now();
    for (const [key, expiry] of viewers) if (expiry <= now) viewers.delete(key);
    return Promise.resolve(viewers.size);
  }
}
