/**
 * The Redis waiting-room store keeps the database store's promises (store.ts) with several
 * instances at once (two stores, two connections), writes everything it answers into the
 * database, and goes on through the loss of Redis: the database takes over, and a Redis back
 * empty is loaded again from it. Both dialects; Redis of the test's own (it is stopped).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPubSub } from '../../src/cache/memory.js';
import { createRedis } from '../../src/cache/redis.js';
import { AdmissionLoop } from '../../src/queue/admission.js';
import { QUEUE_CHANNEL, type QueueMessage } from '../../src/queue/messages.js';
import { DatabaseQueueStore } from '../../src/queue/db-store.js';
import { RedisQueueStore } from '../../src/queue/redis-store.js';
import { ChallengeSpent } from '../../src/queue/store.js';
import { loadRoomEvent, QueueRoom } from '../../src/queue/room.js';
import { drawOrder, newSeed } from '../../src/queue/shuffle.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import { OwnRedis, redisServerAvailable } from '../support/redis-server.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(redisServerAvailable || process.env.CI === 'true').each(backends)('Redis waiting-room store on %s', (backend) => {
  let env: TestEnvironment;
  let redis: OwnRedis;
  const connections: Redis[] = [];
  let stores: [RedisQueueStore, RedisQueueStore];
  let database: DatabaseQueueStore;
  const namespace = `iat-test:queue-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    redis = await OwnRedis.start();
    const connect = () => {
      const c = createRedis(redis.url, 'queue-store-test');
      c.on('error', () => undefined);
      connections.push(c);
      return c;
    };
    // Two instances: each its own connection and its own store, one Redis and one database.
    stores = [
      new RedisQueueStore(connect(), env.database.db, namespace),
      new RedisQueueStore(connect(), env.database.db, namespace),
    ];
    database = new DatabaseQueueStore(env.database.db);
    await Promise.all(connections.map((c) => new Promise((r) => (c.status === 'ready' ? r(null) : c.once('ready', r)))));
  }, 60_000);

  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await redis.stop();
    await env.close();
  });

  async function newEvent(): Promise<string> {
    const app = await env.startApp();
    const admin = await adminClient(env, app);
    const venue = await createVenue(admin);
    return (await createEvent(admin, eventInput(venue.id))).id;
  }

  async function users(count: number): Promise<string[]> {
    const now = new Date().toISOString();
    const rows = Array.from({ length: count }, () => {
      const id = randomUUID();
      const email = `q-${id}@example.com`;
      return {
        id,
        email,
        email_normalized: email,
        name: 'Q',
        password_hash: 'x',
        role: 'user' as const,
        disabled: 0,
        email_verified: 1,
        created_at: now,
        updated_at: now,
      };
    });
    for (let i = 0; i < rows.length; i += 200)
      await env.database.db
        .insertInto('users')
        .values(rows.slice(i, i + 200))
        .execute();
    return rows.map((r) => r.id);
  }

  const rows = (eventId: string) =>
    env.database.db
      .selectFrom('queue_entries')
      .select(['user_id', 'seq', 'position', 'status'])
      .where('event_id', '=', eventId)
      .execute()
      .then((r) => r.map((e) => ({ ...e, seq: e.seq, position: e.position })));
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length] as T;

  it('gives one place per account under a crowd of repeated joins, each written to the database', async () => {
    const eventId = await newEvent();
    const people = await users(200);
    const now = new Date();
    // Every account joins three times at once, through both instances.
    const answers = await Promise.all(people.flatMap((u, i) => [0, 1, 2].map((k) => pick(stores, i + k).join(eventId, u, now))));
    expect(answers.filter((a) => a.created)).toHaveLength(200);
    // The places were made in Redis (not by falling back), and written to the record.
    expect(await connections[0]?.hlen(`${namespace}queue:${eventId}:users`)).toBe(200);
    const inDatabase = await rows(eventId);
    expect(inDatabase).toHaveLength(200);
    expect(inDatabase.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    for (const a of answers) {
      const row = inDatabase.find((r) => r.user_id === a.entry.userId);
      expect(row).toMatchObject({ seq: a.entry.seq, position: null, status: 'waiting' });
    }
  });

  it('draws once (two instances at once), in the order the seed gives, places later arrivals at the end, admits each once in order', async () => {
    const eventId = await newEvent();
    const people = await users(120);
    for (const [i, u] of people.entries()) await pick(stores, i).join(eventId, u, new Date());
    const seed = newSeed();
    const drew = await Promise.all([stores[0].draw(eventId, seed, new Date()), stores[1].draw(eventId, newSeed(), new Date())]);
    expect(drew.filter(Boolean)).toHaveLength(1);
    const winner = drew[0] ? seed : undefined;
    const state = await stores[1].state(eventId);
    expect(state).toMatchObject({ phase: 'admitting', drawnCount: 120, placedThrough: 120, admittedThrough: 0, waiting: 120 });
    // Reproducible: position p holds the early joiner drawOrder(seed) puts there, by arrival order.
    const usedSeed = winner ?? Buffer.from(state?.seed ?? '', 'hex');
    const bySeq = (await rows(eventId)).sort((a, b) => a.seq - b.seq);
    const order = drawOrder(usedSeed, 120);
    for (const [p, index] of order.entries()) expect(bySeq[index]?.position).toBe(p + 1);
    expect(
      (await env.database.db.selectFrom('queue_states').select('seed').where('event_id', '=', eventId).executeTakeFirst())?.seed,
    ).toBe(usedSeed.toString('hex'));

    const late = await users(10);
    for (const [i, u] of late.entries())
      expect((await pick(stores, i).join(eventId, u, new Date())).entry.position).toBe(121 + i);

    // Twenty admissions of 7 at once, from both instances: 130 places, each admitted once, in order.
    const admitted = (
      await Promise.all(Array.from({ length: 20 }, (_, i) => pick(stores, i).admitNext(eventId, 7, new Date())))
    ).flat();
    expect(admitted.map((e) => e.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 130 }, (_, i) => i + 1),
    );
    const after = await rows(eventId);
    expect(after.filter((r) => r.status === 'admitted')).toHaveLength(130);
    for (const e of admitted) expect(after.find((r) => r.user_id === e.userId)?.position).toBe(e.position);
    const dbState = await database.state(eventId);
    expect(dbState).toMatchObject({ admittedThrough: 130, admitted: 130, waiting: 0 });
  });

  it('keeps the record equal to Redis when joins race the draw and admission', async () => {
    const eventId = await newEvent();
    const people = await users(300);
    for (const [i, u] of people.slice(0, 100).entries()) await pick(stores, i).join(eventId, u, new Date());
    // 200 more join while one instance draws and the other admits as soon as it can.
    const joins = Promise.all(people.slice(100).map((u, i) => pick(stores, i).join(eventId, u, new Date())));
    const draw = stores[0].draw(eventId, newSeed(), new Date());
    const admits = (async () => {
      const all = [];
      for (let k = 0; k < 30; k++) all.push(...(await stores[1].admitNext(eventId, 5, new Date())));
      return all;
    })();
    const [, drew, admitted] = await Promise.all([joins, draw, admits]);
    expect(drew).toBe(true);
    const record = await rows(eventId);
    expect(record).toHaveLength(300);
    // Every place has a position, 1..300 once each, and the record says what Redis says.
    expect(record.map((r) => r.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    for (const r of record) {
      const place = await stores[0].placeOf(eventId, r.user_id);
      expect({ position: place?.position, status: place?.status }).toEqual({ position: r.position, status: r.status });
    }
    // Admission: exactly the first k positions in the record and in Redis. Each answer names a
    // place once; a place whose join was still being written when it was admitted learns it from
    // its join's own answer instead (settle), so answers may be fewer, never more or other.
    const inRecord = record.filter((r) => r.status === 'admitted').map((r) => r.position ?? 0);
    const k = inRecord.length;
    expect(inRecord.sort((a, b) => a - b)).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    expect(k).toBeGreaterThan(0);
    expect((await stores[0].state(eventId))?.admittedThrough).toBe(k);
    expect((await database.state(eventId))?.admittedThrough).toBe(k);
    const answered = admitted.map((e) => e.position ?? 0);
    expect(new Set(answered).size).toBe(answered.length);
    expect(answered.every((p) => p >= 1 && p <= k)).toBe(true);
  });

  it('tells everyone still waiting sold_out, and every later arrival', async () => {
    const eventId = await newEvent();
    const people = await users(30);
    for (const u of people) await stores[0].join(eventId, u, new Date());
    await stores[1].draw(eventId, newSeed(), new Date());
    await stores[0].admitNext(eventId, 10, new Date());
    expect(await stores[1].markSoldOut(eventId, new Date())).toBe(20);
    const after = await rows(eventId);
    expect(after.filter((r) => r.status === 'sold_out')).toHaveLength(20);
    expect(
      after
        .filter((r) => r.status === 'admitted')
        .map((r) => r.position)
        .sort((a, b) => (a ?? 0) - (b ?? 0)),
    ).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const [latecomer] = await users(1);
    expect((await stores[0].join(eventId, latecomer ?? '', new Date())).entry.status).toBe('sold_out');
    expect(await stores[0].admitNext(eventId, 5, new Date())).toEqual([]);
  });

  it('sends the joins that arrive together in one script call, each with its own answer: one place each, a challenge spent once', async () => {
    const eventId = await newEvent();
    const people = await users(90);
    const admin = connections[0];
    const scriptCalls = async () => {
      const stats = (await admin?.info('commandstats')) ?? '';
      return ['evalsha', 'eval'].reduce(
        (n, c) => n + Number(new RegExp(`^cmdstat_${c}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0),
        0,
      );
    };
    const before = await scriptCalls();
    const now = new Date();
    const expiresAt = new Date(Date.now() + 60_000);
    // 80 accounts with a challenge each, and 10 more who all send one and the same challenge.
    const shared = { id: randomUUID(), expiresAt };
    const answers = await Promise.allSettled(
      people.map((u, i) => stores[0].join(eventId, u, now, i < 80 ? { id: randomUUID(), expiresAt } : shared)),
    );
    const joined = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const refused = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as unknown] : []));
    expect(joined).toHaveLength(81);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r).toBeInstanceOf(ChallengeSpent);
    expect(joined.every((a) => a.created)).toBe(true);
    expect(new Set(joined.map((a) => a.entry.seq)).size).toBe(81);
    expect((await rows(eventId)).map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 81 }, (_, i) => i + 1));
    // A room loaded first (one call answers missing), then a few calls for all 90, not one each.
    expect((await scriptCalls()) - before).toBeLessThanOrEqual(10);
  });

  it('spends a challenge once across instances', async () => {
    const id = randomUUID();
    const expires = new Date(Date.now() + 60_000);
    const spent = await Promise.all(Array.from({ length: 10 }, (_, i) => pick(stores, i).spendChallenge(id, expires)));
    expect(spent.filter(Boolean)).toHaveLength(1);
  });

  it('finds a copy gone stale (a join through the database alone) and answers from the record', async () => {
    const eventId = await newEvent();
    const people = await users(6);
    for (const u of people.slice(0, 3)) await stores[0].join(eventId, u, new Date());
    // Another instance, cut off from Redis, placed this account through the database.
    await database.catchUpCounters(eventId);
    const aside = await database.join(eventId, people[3] ?? '', new Date());
    expect(aside.entry.seq).toBe(4);
    // Redis does not know seq 4 is taken: the next join must not fail or double it.
    const next = await stores[1].join(eventId, people[4] ?? '', new Date());
    const again = await stores[0].join(eventId, people[3] ?? '', new Date());
    expect(again).toMatchObject({ created: false, entry: { seq: 4 } });
    await stores[0].join(eventId, people[5] ?? '', new Date());
    const seqs = (await rows(eventId)).map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(next.created).toBe(true);
  });

  it('lets the database store take the next seq and position when a Redis copy gave the ones its counters hold', async () => {
    const eventId = await newEvent();
    const people = await users(8);
    // Through Redis: seqs 1..3 before the draw, then 4..5 at positions 4..5 after it. The
    // database's counters are left where the draw put them (next seq 0, placed through 3), as
    // when a copy reloaded by one instance races another instance's fallback to the database.
    for (const u of people.slice(0, 3)) await stores[0].join(eventId, u, new Date());
    await stores[0].draw(eventId, newSeed(), new Date());
    for (const u of people.slice(3, 5)) await stores[1].join(eventId, u, new Date());
    const late = await database.join(eventId, people[5] ?? '', new Date());
    expect(late).toMatchObject({ created: true, entry: { seq: 6, position: 6, status: 'waiting' } });
    const crowd = await Promise.all(people.slice(6).map((u) => database.join(eventId, u, new Date())));
    expect(crowd.map((a) => a.entry.seq).sort()).toEqual([7, 8]);
    const record = await rows(eventId);
    expect(record.map((r) => r.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(record.map((r) => r.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('finds a stale copy among a crowd of joins written together: the others keep their places, no seq twice', async () => {
    const eventId = await newEvent();
    const people = await users(43);
    for (const u of people.slice(0, 3)) await stores[0].join(eventId, u, new Date());
    await database.catchUpCounters(eventId);
    // Seq 4 and 5 were given by the database alone; Redis will hand them out again to the crowd,
    // whose rows go in multi-row inserts that the seq index refuses as a whole.
    await database.join(eventId, people[3] ?? '', new Date());
    await database.join(eventId, people[4] ?? '', new Date());
    const crowd = people.slice(5);
    const answers = await Promise.all(crowd.map((u, i) => pick(stores, i).join(eventId, u, new Date())));
    expect(answers.every((a) => a.created)).toBe(true);
    const record = await rows(eventId);
    expect(record).toHaveLength(43);
    expect(record.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
    // Each answer is the place its row holds.
    for (const a of answers) expect(record.find((r) => r.user_id === a.entry.userId)?.seq).toBe(a.entry.seq);
  });

  it('records a sell-out that Redis told but the database never heard (its instance died between) at the next tick', async () => {
    const eventId = await newEvent();
    await env.database.db
      .updateTable('events')
      .set({ queue_enabled: 1, sales_start_at: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', eventId)
      .execute();
    const people = await users(4);
    for (const u of people) await stores[0].join(eventId, u, new Date());
    await stores[0].draw(eventId, newSeed(), new Date());
    await stores[0].admitNext(eventId, 1, new Date());
    expect(await stores[1].markSoldOut(eventId, new Date())).toBe(3);
    // Undo the database's half: as if the process had died right after the Redis script.
    await env.database.db.updateTable('queue_states').set({ phase: 'admitting' }).where('event_id', '=', eventId).execute();
    await env.database.db
      .updateTable('queue_entries')
      .set({ status: 'waiting' })
      .where('event_id', '=', eventId)
      .where('status', '=', 'sold_out')
      .execute();
    const room = new QueueRoom({ db: env.database.db, store: stores[1], secret: 'test secret', difficulty: 4 });
    const pubsub = new MemoryPubSub();
    const heard: QueueMessage[] = [];
    await pubsub.subscribe(QUEUE_CHANNEL, (message) => heard.push(message as QueueMessage));
    const loop = new AdmissionLoop(room, pubsub);
    // The loop's round lists the room (the database's phase is not sold_out) and tends it.
    const event = await loadRoomEvent(env.database.db, eventId);
    if (event === undefined) throw new Error('no room');
    await loop.tend(event);
    const record = await rows(eventId);
    expect(record.map((r) => r.status).sort()).toEqual(['admitted', 'sold_out', 'sold_out', 'sold_out']);
    expect(await database.state(eventId)).toMatchObject({ phase: 'sold_out', admittedThrough: 1, waiting: 0 });
    // Nobody was told either: the sockets of those still waiting hear it now.
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual([expect.objectContaining({ kind: 'tick', eventId, phase: 'sold_out', admittedThrough: 1 })]);
  });

  it('goes on through the loss of Redis and, back empty, reloads from the database: no place lost, nobody twice', async () => {
    const eventId = await newEvent();
    const people = await users(60);
    for (const [i, u] of people.slice(0, 40).entries()) await pick(stores, i).join(eventId, u, new Date());
    await stores[0].draw(eventId, newSeed(), new Date());
    const first = await stores[1].admitNext(eventId, 10, new Date());
    expect(first.map((e) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));

    await redis.stop();
    await sleep(100);
    // Without Redis: late joins and admission through the database, in order.
    for (const [i, u] of people.slice(40, 50).entries()) {
      const joined = await pick(stores, i).join(eventId, u, new Date());
      expect(joined.entry.position).toBe(41 + i);
    }
    const during = await stores[0].admitNext(eventId, 10, new Date());
    expect(during.map((e) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => 11 + i));
    expect((await stores[1].placeOf(eventId, people[45] ?? ''))?.position).toBe(46);

    await redis.restart();
    await Promise.all(connections.map((c) => new Promise((r) => (c.status === 'ready' ? r(null) : c.once('ready', r)))));
    // Back, empty: the copy is loaded from the record and admission continues where it was.
    for (const [i, u] of people.slice(50).entries()) {
      const joined = await pick(stores, i).join(eventId, u, new Date());
      expect(joined.entry.position).toBe(51 + i);
    }
    const rest = (
      await Promise.all([stores[0].admitNext(eventId, 25, new Date()), stores[1].admitNext(eventId, 25, new Date())])
    ).flat();
    expect(rest.map((e) => e.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 40 }, (_, i) => 21 + i));
    expect(await connections[0]?.hlen(`${namespace}queue:${eventId}:users`)).toBe(60);
    const final = await rows(eventId);
    expect(final).toHaveLength(60);
    expect(final.every((r) => r.status === 'admitted')).toBe(true);
    expect(new Set(final.map((r) => r.position)).size).toBe(60);
    expect(await stores[0].state(eventId)).toMatchObject({ admittedThrough: 60, placedThrough: 60, waiting: 0 });
  }, 60_000);
});
