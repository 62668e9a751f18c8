/**
 * How the catalog cache loads: concurrent misses of one key share one load (single flight), an
 * admin change is never answered with a load that began before it, and an in-process copy never
 * outlives the shared entry it was read from (availability at most one second old).
 */
import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/cache/cache.js';
import { MemoryCache, MemoryPubSub } from '../../src/cache/memory.js';
import { CatalogCache } from '../../src/catalog/catalog-cache.js';
import { createMetrics } from '../../src/platform/metrics.js';

function countingCache(inner: Cache) {
  const counts = { get: 0 };
  const cache: Cache = {
    get: (key) => {
      counts.get++;
      return inner.get(key);
    },
    set: (key, value, ttl) => inner.set(key, value, ttl),
    delete: (key) => inner.delete(key),
    deletePrefix: (prefix) => inner.deletePrefix(prefix),
  };
  return { cache, counts };
}

async function newCache(cache: Cache = new MemoryCache()) {
  const catalog = new CatalogCache({ cache, pubsub: new MemoryPubSub(), metrics: createMetrics() });
  await catalog.start();
  return catalog;
}

/** A load that finishes when the test says so. */
function gate<T>(value: T) {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let calls = 0;
  return {
    load: async () => {
      calls++;
      await opened;
      return value;
    },
    open: () => open(),
    calls: () => calls,
  };
}

describe('catalog cache loading', () => {
  it('runs one load for many concurrent misses of the same key', async () => {
    const catalog = await newCache();
    const slow = gate({ items: ['a'] });
    const answers = Array.from({ length: 50 }, () => catalog.getOrLoad('list:x', slow.load));
    slow.open();
    expect(new Set((await Promise.all(answers)).map((a) => String(a.body)))).toEqual(new Set([JSON.stringify({ items: ['a'] })]));
    expect(slow.calls()).toBe(1);
    // Other keys load on their own.
    expect(String((await catalog.getOrLoad('list:y', () => Promise.resolve({ items: ['b'] }))).body)).toBe('{"items":["b"]}');
  });

  it('never answers a request made after an invalidation with a load begun before it', async () => {
    const catalog = await newCache();
    const before = gate({ price: 2500 });
    const early = catalog.getOrLoad('event:1', before.load);
    await catalog.invalidate();
    const late = catalog.getOrLoad('event:1', () => Promise.resolve({ price: 1999 }));
    before.open();
    expect(String((await early).body)).toBe('{"price":2500}');
    expect(String((await late).body)).toBe('{"price":1999}');
    // And the early load, finishing after the change, was not kept.
    expect(String((await catalog.getOrLoad('event:1', () => Promise.resolve({ price: 0 }))).body)).toBe('{"price":1999}');
  });

  it('keeps an in-process copy only as long as the shared entry it came from', async () => {
    const shared = new MemoryCache();
    const { cache, counts } = countingCache(shared);
    const catalog = await newCache(cache);
    // Another instance loaded this 950 ms ago: it has 50 ms left here too, not another second.
    await shared.set('catalog:event:2', { json: '{"left":3}', at: Date.now() - 950 }, 1);
    expect(String((await catalog.getOrLoad('event:2', () => Promise.resolve({ left: 0 }))).body)).toBe('{"left":3}');
    expect(counts.get).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    await shared.set('catalog:event:2', { json: '{"left":1}', at: Date.now() }, 1);
    expect(String((await catalog.getOrLoad('event:2', () => Promise.resolve({ left: 0 }))).body)).toBe('{"left":1}');
    expect(counts.get).toBe(2);
    shared.close();
  });

  it('drops in-process copies once they are past their second, and caps them by bytes', async () => {
    const catalog = await newCache();
    const page = { items: 'x'.repeat(10_000) };
    for (let i = 0; i < 50; i++) await catalog.getOrLoad(`list:q=${i}`, () => Promise.resolve(page));
    expect(catalog.localCopies()).toEqual({ entries: 50, bytes: 50 * JSON.stringify(page).length });
    await new Promise((resolve) => setTimeout(resolve, 1050));
    // The next load sweeps the expired copies: only its own is left.
    await catalog.getOrLoad('list:q=new', () => Promise.resolve(page));
    expect(catalog.localCopies()).toEqual({ entries: 1, bytes: JSON.stringify(page).length });

    // 40 pages of 1 MB exceed the 32 MB cap: the copies are dropped before it is passed.
    const large = { items: 'y'.repeat(1024 * 1024) };
    for (let i = 0; i < 40; i++) await catalog.getOrLoad(`list:large=${i}`, () => Promise.resolve(large));
    expect(catalog.localCopies().bytes).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(catalog.localCopies().entries).toBeGreaterThan(0);
  });
});
