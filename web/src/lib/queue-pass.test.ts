import { describe, expect, it } from 'vitest';
import { forgetQueuePass, queuePassFor, queuePassHeaders, saveQueuePass } from './queue-pass';

/** An in-memory Storage, as sessionStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const NOW = Date.parse('2026-12-06T12:00:00Z');

describe('queue pass storage', () => {
  it('keeps one pass per event and sends it as x-queue-pass only for that event', () => {
    const store = memoryStorage();
    saveQueuePass('event-a', 'pass-a', '2026-12-06T12:10:00Z', store);
    expect(queuePassFor('event-a', NOW, store)).toBe('pass-a');
    expect(queuePassHeaders('event-a', NOW, store)).toEqual({ 'x-queue-pass': 'pass-a' });
    expect(queuePassFor('event-b', NOW, store)).toBeUndefined();
    expect(queuePassHeaders('event-b', NOW, store)).toEqual({});
  });

  it('forgets an expired pass instead of sending it', () => {
    const store = memoryStorage();
    saveQueuePass('event-a', 'pass-a', '2026-12-06T12:10:00Z', store);
    expect(queuePassFor('event-a', Date.parse('2026-12-06T12:10:00Z'), store)).toBeUndefined();
    expect(store.length).toBe(0);
  });

  it('keeps a pass without a known expiry until it is forgotten', () => {
    const store = memoryStorage();
    saveQueuePass('event-a', 'pass-a', undefined, store);
    expect(queuePassFor('event-a', NOW + 365 * 86_400_000, store)).toBe('pass-a');
    forgetQueuePass('event-a', store);
    expect(queuePassFor('event-a', NOW, store)).toBeUndefined();
  });

  it('drops a damaged entry', () => {
    const store = memoryStorage();
    store.setItem('iatichet.queuePass.event-a', '{not json');
    expect(queuePassHeaders('event-a', NOW, store)).toEqual({});
    expect(store.length).toBe(0);
  });

  it('works, sending nothing, where no storage exists', () => {
    expect(queuePassHeaders('event-a', NOW, undefined)).toEqual({});
    expect(() => saveQueuePass('event-a', 'p', undefined, undefined)).not.toThrow();
  });
});
