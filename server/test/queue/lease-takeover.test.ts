/**
 * The admission lease passes to another instance once its holder stops renewing, but a holder that
 * stalled mid-tick (a slow pool, a lock wait) goes on when it wakes: it admits the count it worked
 * out from the state it read before stalling, on top of what the new holder admitted meanwhile.
 * At a set rate of 60 a minute, 16 s after the draw, at most 17 may have been admitted.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPubSub } from '../../src/cache/memory.js';
import { createRedis } from '../../src/cache/redis.js';
import { AdmissionLoop } from '../../src/queue/admission.js';
import { DatabaseQueueStore } from '../../src/queue/db-store.js';
import { RedisQueueStore } from '../../src/queue/redis-store.js';
import { QueueRoom } from '../../src/queue/room.js';
import type { QueueEntry, QueueStore } from '../../src/queue/store.js';
import { backends, redisUrl } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const HOUR = 3600_000;
const stores = redisUrl === undefined ? (['database'] as const) : (['database', 'redis'] as const);

describe.each(backends)('a stalled admission tick after the lease moved on (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  const redisClients: ReturnType<typeof createRedis>[] = [];
  const namespace = `iat-test:lease-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
  });
  afterAll(async () => {
    for (const c of redisClients) c.disconnect();
    await env.close();
  });

  const storeOf = async (kind: (typeof stores)[number]): Promise<QueueStore> => {
    if (kind === 'database') return new DatabaseQueueStore(env.database.db);
    const redis = createRedis(redisUrl ?? '', 'lease-takeover-test');
    redis.on('error', () => undefined);
    redisClients.push(redis);
    await new Promise((r) => (redis.status === 'ready' ? r(null) : redis.once('ready', r)));
    return new RedisQueueStore(redis, env.database.db, namespace);
  };

  it.each(stores)('admits no more than the rate allows (%s store)', async (kind) => {
    const salesStart = Date.now() + HOUR;
    const event = await createEvent(
      admin,
      eventInput((await createVenue(admin)).id, {
        salesStartAt: new Date(salesStart).toISOString(),
        ticketTypes: [{ name: 'Standard', priceCents: 2500, capacity: 5000 }],
        queue: { enabled: true, opensAt: new Date(salesStart - HOUR / 2).toISOString(), admitPerMinute: 60, passMinutes: 10 },
      }),
    );
    const db = env.database.db;
    let clock = new Date(salesStart - 60_000);
    const now = () => clock;
    const users = Array.from({ length: 40 }, () => randomUUID());
    const at = new Date().toISOString();
    await db
      .insertInto('users')
      .values(
        users.map((id) => ({
          id,
          email: `${id}@example.test`,
          email_normalized: `${id}@example.test`,
          name: 'Queued',
          password_hash: 'x',
          role: 'user' as const,
          disabled: 0,
          email_verified: 1,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    const plain = new DatabaseQueueStore(db);
    for (const id of users) await plain.join(event.id, id, clock);

    // Instance A's store: its admission waits (a lock, a pool) until we let it go.
    let stalled!: () => void;
    const reachedAdmit = new Promise<void>((resolve) => (stalled = resolve));
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    let stall = false;
    const storeA = await storeOf(kind);
    const stallingA: QueueStore = Object.assign(Object.create(storeA) as QueueStore, {
      admitNext: async (...args: Parameters<QueueStore['admitNext']>): Promise<QueueEntry[]> => {
        if (stall) {
          stalled();
          await woken;
        }
        return storeA.admitNext(...args);
      },
    });
    const pubsub = new MemoryPubSub();
    const roomA = new QueueRoom({ db, store: stallingA, secret: 's', difficulty: 4, now });
    const roomB = new QueueRoom({ db, store: await storeOf(kind), secret: 's', difficulty: 4, now });
    const a = new AdmissionLoop(roomA, pubsub, { leaseMs: 5000 });
    const b = new AdmissionLoop(roomB, pubsub, { leaseMs: 5000 });

    clock = new Date(salesStart);
    expect(await a.tick()).toBe(true); // the draw, and position 1
    clock = new Date(salesStart + 10_000);
    stall = true;
    const slowTick = a.tick(); // reads the state, works out 10 more, then stalls
    await reachedAdmit;
    clock = new Date(salesStart + 16_000); // A has not renewed for more than its lease
    expect(await b.tick()).toBe(true); // B takes over and admits up to the rate: 17 in all
    wake();
    await slowTick;
    await Promise.all([a.stop(), b.stop()]);

    const admitted = await db
      .selectFrom('queue_entries')
      .select('position')
      .where('event_id', '=', event.id)
      .where('status', '=', 'admitted')
      .execute();
    expect(admitted.length).toBeLessThanOrEqual(17);
  });
});
