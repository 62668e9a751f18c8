/** The batcher: each item its own answer, groups apart, flushes in flight bounded, exclusive keys, failures. */
import { describe, expect, it } from 'vitest';
import { Batcher, type BatcherOptions } from '../../src/platform/batcher.js';

interface FakeItem {
  group?: string;
  key?: string | null;
  weight?: number;
  poison?: boolean;
}

const answerOf = (item: FakeItem) => `answer ${item.group ?? '-'}/${item.key ?? 'none'}`;

/**
 * A runner that records its batches and how many run at once (per group and overall), answers each
 * item by its fields, and fails any batch that holds poison or runs an exclusive key twice at once.
 */
function recordingRunner() {
  const batches: { group: string; items: FakeItem[] }[] = [];
  const running = new Map<string, number>();
  let most = { overall: 0, perGroup: 0 };
  let inFlightKeys = new Set<string>();
  const run = async (items: FakeItem[], group: string) => {
    batches.push({ group, items });
    const keys = items.flatMap((i) => i.key ?? []);
    for (const k of keys) if (inFlightKeys.has(k)) throw new Error(`key ${k} run twice at once`);
    inFlightKeys = new Set([...inFlightKeys, ...keys]);
    running.set(group, (running.get(group) ?? 0) + 1);
    const overall = [...running.values()].reduce((a, b) => a + b, 0);
    most = { overall: Math.max(most.overall, overall), perGroup: Math.max(most.perGroup, running.get(group) ?? 0) };
    await new Promise((resolve) => setTimeout(resolve, 2));
    running.set(group, (running.get(group) ?? 1) - 1);
    for (const k of keys) inFlightKeys.delete(k);
    if (items.some((i) => i.poison)) throw new Error('poisoned batch');
    return items.map(answerOf);
  };
  return { batches, run, most: () => most };
}

function batcher(run: BatcherOptions<FakeItem, string>['run'], options: Partial<BatcherOptions<FakeItem, string>> = {}) {
  return new Batcher<FakeItem, string>({ run, ...options });
}

describe('batcher', () => {
  it('answers every item with its own answer, many items to a batch under load', async () => {
    const { batches, run } = recordingRunner();
    const b = batcher(run);
    const items = Array.from({ length: 300 }, (_, i) => ({ key: `k${i}` }));
    const answers = await Promise.all(items.map((i) => b.submit(i)));
    expect(answers).toEqual(items.map(answerOf));
    expect(batches.length).toBeLessThan(items.length / 4);
    expect(batches.flatMap((x) => x.items)).toHaveLength(items.length);
  });

  it('never mixes groups in a batch, and runs one batch of a group at a time while groups run side by side', async () => {
    const { batches, run, most } = recordingRunner();
    const b = batcher(run, { groupOf: (i) => i.group ?? '', maxWeight: 10 });
    const items = Array.from({ length: 120 }, (_, i) => ({ group: `g${i % 3}`, key: `k${i}` }));
    const answers = await Promise.all(items.map((i) => b.submit(i)));
    expect(answers).toEqual(items.map(answerOf));
    for (const batch of batches) expect(batch.items.every((i) => i.group === batch.group)).toBe(true);
    expect(most().perGroup).toBe(1);
    expect(most().overall).toBeGreaterThan(1);
  });

  it('runs at most inFlightPerGroup batches of one group at once', async () => {
    const { run, most } = recordingRunner();
    const b = batcher(run, { inFlightPerGroup: 3, maxWeight: 5 });
    const first = Array.from({ length: 10 }, (_, i) => b.submit({ key: `a${i}` }));
    // Items arriving while the first batch runs queue up and then fill several batches at once.
    await new Promise((resolve) => setImmediate(resolve));
    const more = Array.from({ length: 60 }, (_, i) => b.submit({ key: `b${i}` }));
    await Promise.all([...first, ...more]);
    expect(most().perGroup).toBe(3);
  });

  it('never puts two items of one exclusive key in one batch or in two batches at once', async () => {
    const { batches, run } = recordingRunner();
    const b = batcher(run, { inFlightPerGroup: 4, exclusiveKeyOf: (i) => i.key ?? null });
    const items = Array.from({ length: 60 }, (_, i) => ({ key: i % 3 === 0 ? 'same' : i % 7 === 0 ? null : `k${i}` }));
    const answers = await Promise.all(items.map((i) => b.submit(i)));
    expect(answers).toEqual(items.map(answerOf));
    for (const batch of batches) expect(batch.items.filter((i) => i.key === 'same').length).toBeLessThanOrEqual(1);
    expect(batches.flatMap((x) => x.items).filter((i) => i.key === 'same')).toHaveLength(20);
  });

  it('keeps a batch within maxWeight, and sends an item heavier than that alone', async () => {
    const { batches, run } = recordingRunner();
    const b = batcher(run, { maxWeight: 10, weightOf: (i) => i.weight ?? 1 });
    const items = [{ weight: 25 }, ...Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, weight: 1 + (i % 4) }))];
    await Promise.all(items.map((i) => b.submit(i)));
    const weights = batches.map((x) => x.items.reduce((sum, i) => sum + (i.weight ?? 1), 0));
    expect(batches[0]?.items).toEqual([{ weight: 25 }]);
    for (const w of weights.slice(1)) expect(w).toBeLessThanOrEqual(10);
    expect(batches.flatMap((x) => x.items)).toHaveLength(items.length);
  });

  it('with retryAlone, retries a failed batch one item at a time, so only the failing item is refused', async () => {
    const { run } = recordingRunner();
    const b = batcher(run, { retryAlone: true });
    const items = Array.from({ length: 40 }, (_, i) => ({ key: `t${i}`, poison: i === 17 }));
    const settled = await Promise.allSettled(items.map((i) => b.submit(i)));
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect(settled[17]).toMatchObject({ status: 'rejected', reason: new Error('poisoned batch') });
    expect(settled[3]).toEqual({ status: 'fulfilled', value: answerOf({ key: 't3' }) });
  });

  it('without retryAlone, gives every item of a failed batch its error, and later batches still run', async () => {
    const { batches, run } = recordingRunner();
    const b = batcher(run);
    const items = Array.from({ length: 10 }, (_, i) => ({ key: `t${i}`, poison: i === 4 }));
    const settled = await Promise.allSettled(items.map((i) => b.submit(i)));
    expect(batches).toHaveLength(1);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect(await b.submit({ key: 'after' })).toBe(answerOf({ key: 'after' }));
  });

  it('refuses the items a batch left without an answer rather than answering them undefined', async () => {
    const b = new Batcher<number, number>({ run: (items) => Promise.resolve(items.slice(1).map((n) => n * 2)) });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => b.submit(n)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: 4 });
  });
});
