/**
 * The draw and admission on every backend, through the store and the loop with a clock of our own:
 * 1,000 accounts join before the sale (twenty at a time), two draws at once draw once, the order
 * is the seed's permutation and unrelated to arrival (Spearman's rho near 0, the first hundred
 * admitted are not the first hundred to arrive), later arrivals follow in arrival order, two
 * admitters at once never admit anyone twice, one loop holds the lease until it stops renewing,
 * and a sell-out tells everyone still waiting.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPubSub } from '../../src/cache/memory.js';
import { AdmissionLoop } from '../../src/queue/admission.js';
import { QUEUE_CHANNEL, type QueueTick } from '../../src/queue/messages.js';
import { DatabaseQueueStore } from '../../src/queue/db-store.js';
import { QueueRoom } from '../../src/queue/room.js';
import { drawOrder, newSeed } from '../../src/queue/shuffle.js';
import type { QueueEntry } from '../../src/queue/store.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const HOUR = 3600_000;
const EARLY = 1000;
const LATE = 50;

/** Spearman's rank correlation of two rankings of the same items (no ties). */
function spearman(a: number[], b: number[]): number {
  const rank = (xs: number[]) => {
    const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const ranks = new Array<number>(xs.length);
    order.forEach(([, i], r) => (ranks[i] = r));
    return ranks;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const d2 = ra.reduce((sum, r, i) => sum + (r - (rb[i] ?? 0)) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe.each(backends)('the draw and admission on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let event: EventBody;
  let clock: Date;
  let room: QueueRoom;
  const store = () => room.store;
  const salesStart = Date.now() + HOUR;
  const ticks: QueueTick[] = [];

  const insertUsers = async (count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => randomUUID());
    const now = new Date().toISOString();
    for (let i = 0; i < ids.length; i += 200)
      await env.database.db
        .insertInto('users')
        .values(
          ids.slice(i, i + 200).map((id) => ({
            id,
            email: `${id}@example.test`,
            email_normalized: `${id}@example.test`,
            name: 'Queued',
            password_hash: 'x',
            role: 'user' as const,
            disabled: 0,
            email_verified: 1,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    return ids;
  };
  const joinAll = async (userIds: string[], width: number) => {
    for (let i = 0; i < userIds.length; i += width)
      await Promise.all(userIds.slice(i, i + width).map((id) => store().join(event.id, id, clock)));
  };
  const entries = async () => env.database.db.selectFrom('queue_entries').selectAll().where('event_id', '=', event.id).execute();

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    const admin = await adminClient(env, app);
    event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        salesStartAt: new Date(salesStart).toISOString(),
        ticketTypes: [{ name: 'Standard', priceCents: 2500, capacity: 5000 }],
        queue: { enabled: true, opensAt: new Date(salesStart - HOUR / 2).toISOString(), admitPerMinute: 600, passMinutes: 10 },
      }),
    );
    clock = new Date(salesStart - 60_000);
    room = new QueueRoom({
      db: env.database.db,
      store: new DatabaseQueueStore(env.database.db),
      secret: 'test secret',
      difficulty: 4,
      now: () => clock,
    });
  }, 60_000);
  afterAll(() => env.close());

  it('draws once when two draws run at once, in the order the recorded seed reproduces, unrelated to arrival', async () => {
    await joinAll(await insertUsers(EARLY), 20);
    const before = await entries();
    expect(before).toHaveLength(EARLY);
    expect(before.every((e) => e.position === null && e.status === 'waiting')).toBe(true);
    expect(new Set(before.map((e) => e.seq)).size).toBe(EARLY);

    clock = new Date(salesStart + 10);
    const seeds = [newSeed(), newSeed()];
    const results = await Promise.all(seeds.map((seed) => store().draw(event.id, seed, clock)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const state = await store().state(event.id);
    const winner = seeds[results.indexOf(true)];
    expect(state?.seed).toBe(winner?.toString('hex'));
    expect(state).toMatchObject({ phase: 'admitting', drawnCount: EARLY, placedThrough: EARLY, admittedThrough: 0 });

    // The audit: the seed alone, over the arrival order, gives every position.
    const drawn = (await entries()).sort((a, b) => a.seq - b.seq);
    const expected = drawOrder(Buffer.from(state?.seed ?? '', 'hex'), EARLY);
    const positionBySeq = new Map(expected.map((index, i) => [drawn[index]?.seq, i + 1]));
    for (const e of drawn) expect(e.position).toBe(positionBySeq.get(e.seq));
    expect(new Set(drawn.map((e) => e.position)).size).toBe(EARLY);

    // |rho| has a standard deviation of about 1/sqrt(999) = 0.032 for a random order: 0.12 is ~3.8 of them.
    const rho = spearman(
      drawn.map((e) => e.seq),
      drawn.map((e) => e.position ?? 0),
    );
    expect(Math.abs(rho)).toBeLessThan(0.12);
    // A random hundred out of 1,000 shares about 10 with the first hundred; arrival order would share 100.
    const firstArrived = new Set(drawn.slice(0, 100).map((e) => e.user_id));
    const firstPlaced = drawn.filter((e) => (e.position ?? Infinity) <= 100);
    expect(firstPlaced.filter((e) => firstArrived.has(e.user_id)).length).toBeLessThan(30);
  });

  it('places later arrivals at the end in arrival order, and never admits anyone twice with two admitters at once', async () => {
    await joinAll(await insertUsers(LATE), 5);
    const late = (await entries()).filter((e) => e.seq > EARLY).sort((a, b) => a.seq - b.seq);
    expect(late.map((e) => e.position)).toEqual(Array.from({ length: LATE }, (_, i) => EARLY + i + 1));

    const admitted: QueueEntry[][] = [];
    for (let round = 0; round < 40; round++) {
      const both = await Promise.all([store().admitNext(event.id, 37, clock), store().admitNext(event.id, 37, clock)]);
      admitted.push(...both.filter((batch) => batch.length > 0));
      if (both.every((batch) => batch.length === 0)) break;
    }
    const all = admitted.flat();
    expect(all).toHaveLength(EARLY + LATE);
    expect(new Set(all.map((e) => e.userId)).size).toBe(EARLY + LATE);
    // Each batch is the next run of positions: strictly in order, none skipped.
    const positions = admitted.map((batch) => batch.map((e) => e.position ?? 0));
    for (const batch of positions) expect(batch).toEqual(batch.map((_, i) => (batch[0] ?? 0) + i));
    expect(positions.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: EARLY + LATE }, (_, i) => i + 1));
    const rows = await entries();
    expect(rows.every((e) => e.status === 'admitted' && e.admitted_at !== null)).toBe(true);
    expect(await store().admitNext(event.id, 10, clock)).toEqual([]);
  });

  it('runs one loop at a time: the other takes over once the holder stops renewing', async () => {
    const pubsub = new MemoryPubSub();
    await pubsub.subscribe(QUEUE_CHANNEL, (message) => ticks.push(message as QueueTick));
    const a = new AdmissionLoop(room, pubsub, { leaseMs: 5000 });
    const b = new AdmissionLoop(room, pubsub, { leaseMs: 5000 });
    expect(await a.tick()).toBe(true);
    expect(await b.tick()).toBe(false);
    clock = new Date(clock.getTime() + 4000);
    expect(await a.tick()).toBe(true); // renewed
    clock = new Date(clock.getTime() + 4000);
    expect(await b.tick()).toBe(false); // still within the renewed lease
    clock = new Date(clock.getTime() + 6000);
    expect(await b.tick()).toBe(true); // a went quiet
    expect(await a.tick()).toBe(false);
  });

  it('tells everyone still waiting at once when the event sells out, and later arrivals too', async () => {
    const pubsub = new MemoryPubSub();
    const heard: QueueTick[] = [];
    await pubsub.subscribe(QUEUE_CHANNEL, (message) => heard.push(message as QueueTick));
    const loop = new AdmissionLoop(room, pubsub);
    clock = new Date(clock.getTime() + 60_000);
    const waiting = await insertUsers(5);
    await joinAll(waiting, 5);
    expect((await entries()).filter((e) => e.status === 'waiting')).toHaveLength(5);
    await env.database.db.updateTable('ticket_types').set({ sold: 5000 }).where('event_id', '=', event.id).execute();
    clock = new Date(clock.getTime() + 10_000); // past the other loops' leases
    expect(await loop.tick()).toBe(true);
    const rows = await entries();
    expect(rows.filter((e) => waiting.includes(e.user_id)).map((e) => e.status)).toEqual(Array(5).fill('sold_out'));
    expect((await store().state(event.id))?.phase).toBe('sold_out');
    await new Promise((r) => setImmediate(r));
    expect(heard.at(-1)).toMatchObject({ eventId: event.id, phase: 'sold_out' });
    const [after] = await insertUsers(1);
    const { entry } = await store().join(event.id, after ?? '', clock);
    expect(entry).toMatchObject({ status: 'sold_out', position: null });
  });
});
