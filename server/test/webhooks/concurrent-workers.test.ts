/**
 * Two instances' workers (each with its own connection pool, as two processes have) drain one
 * queue at once: every delivery id reaches the receiver exactly once. On PostgreSQL the claim is
 * FOR UPDATE SKIP LOCKED; on SQLite the single guarded UPDATE. The outbox write is exactly once
 * too: a crowd of concurrent holds queues exactly one reservation.created per hold and hook.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { deliverDueWebhooks } from '../../src/webhooks/delivery-worker.js';
import { WebhookSender } from '../../src/webhooks/http-sender.js';
import { reservationPayloads } from '../../src/webhooks/payloads.js';
import { systemResolver } from '../../src/webhooks/address-guard.js';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { defaultOrganizerId, insertDeliveries, insertHook } from './outbox-rows.js';
import { startReceiver, type Receiver } from './receiver.js';

describe.each(backends)('webhook workers racing on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let organizerId: string;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    env = await createTestEnvironment(backend, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    organizerId = await defaultOrganizerId(env.database.db);
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  it('queues exactly one reservation.created per hold and hook when 60 buyers hold at once', async () => {
    const hooks = await Promise.all(
      ['/crowd-a', '/crowd-b'].map(async (path) => {
        const res = await admin.post(`/api/organizers/${organizerId}/webhooks`, {
          url: `${receiver.url}${path}`,
          events: ['reservation.created'],
        });
        expect(res.statusCode).toBe(201);
        return res.json<{ id: string }>().id;
      }),
    );
    const event = await gaEvent(env, app, 40);
    const crowd = await buyers(app, 60);
    const answers = await Promise.all(
      crowd.map((b) =>
        b.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }] }),
      ),
    );
    const held = answers.filter((a) => a.statusCode === 201).map((a) => a.json<{ id: string }>().id);
    expect(held).toHaveLength(40); // 20 were sold out, and queued nothing
    const rows = await env.database.db
      .selectFrom('webhook_deliveries')
      .select(['webhook_id', 'payload_json'])
      .where('webhook_id', 'in', hooks)
      .execute();
    expect(rows).toHaveLength(80);
    for (const hookId of hooks) {
      const ids = rows
        .filter((r) => r.webhook_id === hookId)
        .map((r) => (JSON.parse(r.payload_json) as { data: { reservation: { id: string } } }).data.reservation.id);
      expect(ids.sort()).toEqual([...held].sort());
    }
    // The grouped holds build their payloads from what they wrote: the same as reading it back.
    const readBack = new Map(
      ((await reservationPayloads(env.database.db, held)) as { reservation: { id: string } }[]).map((p) => [p.reservation.id, p]),
    );
    for (const row of rows) {
      const { data } = JSON.parse(row.payload_json) as { data: { reservation: { id: string } } };
      expect(data).toEqual(readBack.get(data.reservation.id));
    }
    await env.database.db.deleteFrom('webhook_deliveries').execute();
  });

  it('delivers 600 queued deliveries across two instances with no id twice and none lost', async () => {
    const db = env.database.db;
    const ids = await insertDeliveries(db, await insertHook(db, organizerId, `${receiver.url}/race`), 600);

    // Two instances: two pools, two senders, each running two lanes that claim 25 at a time.
    const handles = [
      env.database,
      openDatabase(env.config.database, { schema: backend === 'postgres' ? await currentSchema() : undefined, poolSize: 5 }),
    ];
    const instances = handles.map((handle) => ({
      ctx: { db: handle.db, sender: new WebhookSender({ allowPrivate: true, resolve: systemResolver }), batchSize: 25 },
      claimed: 0,
    }));
    const drain = async (instance: (typeof instances)[number]) => {
      for (;;) {
        const { claimed } = await deliverDueWebhooks(instance.ctx);
        instance.claimed += claimed;
        if (claimed === 0) return;
      }
    };
    await Promise.all([...instances, ...instances].map(drain));
    // Both instances took part: the race was real.
    expect(instances.every((i) => i.claimed > 0)).toBe(true);
    expect(instances.reduce((sum, i) => sum + i.claimed, 0)).toBe(600);
    for (const i of instances) i.ctx.sender.close();
    await handles[1]?.close();

    const got = receiver.received.filter((r) => r.path === '/race').map((r) => r.json.id);
    expect(got).toHaveLength(600);
    expect(new Set(got).size).toBe(600);
    expect([...got].sort()).toEqual([...ids].sort());
    const states = await db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts'])
      .where('type', '=', 'event.changed')
      .execute();
    expect(states.every((s) => s.status === 'delivered' && s.attempts === 1)).toBe(true);

    async function currentSchema(): Promise<string> {
      const { sql } = await import('kysely');
      return (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? '';
    }
  });
});
