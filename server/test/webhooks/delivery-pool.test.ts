/**
 * The delivery worker is a pool, not a batch loop: a receiver that answers slowly, with hundreds
 * of deliveries waiting, holds only its own share of the pool, and another organizer's hook is
 * delivered at once meanwhile. Nothing is sent twice or lost when the worker stops. While the event
 * loop is saturated (a sale on this instance), deliveries are paced, and none is starved.
 */
import { createServer, type Server } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookWorker } from '../../src/webhooks/delivery-worker.js';
import { WebhookSender } from '../../src/webhooks/http-sender.js';
import { systemResolver } from '../../src/webhooks/address-guard.js';
import { backends } from '../support/backends.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { defaultOrganizerId, insertDeliveries, insertHook } from './outbox-rows.js';

const SLOW_MS = 3000;
const PER_HOOK = 8;

/** /slow answers after SLOW_MS, /fast at once; counts what each path has in flight at most. */
async function startTimedReceiver() {
  const stats = { inFlight: new Map<string, number>(), peak: new Map<string, number>(), done: new Map<string, string[]>() };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const chunks: Buffer[] = [];
    stats.inFlight.set(path, (stats.inFlight.get(path) ?? 0) + 1);
    stats.peak.set(path, Math.max(stats.peak.get(path) ?? 0, stats.inFlight.get(path) ?? 0));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { id } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
      setTimeout(
        () => {
          stats.inFlight.set(path, (stats.inFlight.get(path) ?? 1) - 1);
          stats.done.set(path, [...(stats.done.get(path) ?? []), id]);
          res.writeHead(204).end();
        },
        path === '/slow' ? SLOW_MS : 0,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, stats, close };
}

describe.each(backends)('the webhook delivery pool on %s', (backend) => {
  let env: TestEnvironment;
  let receiver: Awaited<ReturnType<typeof startTimedReceiver>>;

  beforeAll(async () => {
    receiver = await startTimedReceiver();
    env = await createTestEnvironment(backend, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  it("delivers one hook at once while another's slow receiver has 300 waiting, and caps the slow one's share", async () => {
    const db = env.database.db;
    const organizerId = await defaultOrganizerId(db);
    // The slow hook's deliveries are older, so a claim in due order meets them first.
    const slowIds = await insertDeliveries(db, await insertHook(db, organizerId, `${receiver.url}/slow`), 300);
    await new Promise((r) => setTimeout(r, 5));
    const fastIds = await insertDeliveries(db, await insertHook(db, organizerId, `${receiver.url}/fast`), 20);

    const sender = new WebhookSender({ allowPrivate: true, resolve: systemResolver });
    const started = Date.now();
    const worker = startWebhookWorker({ db, sender, log: pino({ level: 'silent' }), pollMs: 20, perHook: PER_HOOK });
    try {
      while ((receiver.stats.done.get('/fast')?.length ?? 0) < fastIds.length) {
        expect(Date.now() - started).toBeLessThan(SLOW_MS);
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await worker.stop();
      sender.close();
    }
    expect([...(receiver.stats.done.get('/fast') ?? [])].sort()).toEqual([...fastIds].sort());
    // At most about twice the per-hook share of the slow hook was in flight at once.
    expect(receiver.stats.peak.get('/slow')).toBeGreaterThan(0);
    expect(receiver.stats.peak.get('/slow')).toBeLessThanOrEqual(2 * PER_HOOK);

    // Stopping waited for what was in flight and recorded it: every answered delivery is
    // delivered, the rest still pending, none sent twice.
    const answered = receiver.stats.done.get('/slow') ?? [];
    expect(new Set(answered).size).toBe(answered.length);
    const rows = await db.selectFrom('webhook_deliveries').select(['id', 'status']).where('id', 'in', slowIds).execute();
    const delivered = rows.filter((r) => r.status === 'delivered').map((r) => r.id);
    expect(delivered.sort()).toEqual([...answered].sort());
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(300 - answered.length);
    const fast = await db.selectFrom('webhook_deliveries').select('status').where('id', 'in', fastIds).execute();
    expect(fast.every((r) => r.status === 'delivered')).toBe(true);
  });

  it('paces deliveries while the event loop is saturated, and sends every one in the end', async () => {
    const db = env.database.db;
    const organizerId = await defaultOrganizerId(db);
    // The first test's slow deliveries still pending would be claimed first (they are older).
    await db.updateTable('webhook_deliveries').set({ status: 'failed' }).where('status', '=', 'pending').execute();
    const ids = await insertDeliveries(db, await insertHook(db, organizerId, `${receiver.url}/paced`), 40);
    const sender = new WebhookSender({ allowPrivate: true, resolve: systemResolver });
    const busyPerSecond = 40;
    const started = Date.now();
    const worker = startWebhookWorker({
      db,
      sender,
      log: pino({ level: 'silent' }),
      pollMs: 20,
      busyPerSecond,
      loopBusy: () => true,
    });
    try {
      const sentNow = () => receiver.stats.done.get('/paced')?.length ?? 0;
      while (sentNow() < 8) {
        expect(Date.now() - started).toBeLessThan(10_000);
        await new Promise((r) => setTimeout(r, 10));
      }
      // Started so far: at most the burst (a tenth of a second's share) and the pace since then.
      const elapsed = (Date.now() - started) / 1000;
      expect(sentNow()).toBeLessThanOrEqual(Math.ceil(busyPerSecond / 10) + Math.ceil(busyPerSecond * elapsed));
      // Unpaced, all 40 would have gone in the first claim.
      expect(sentNow()).toBeLessThan(ids.length);
      while ((receiver.stats.done.get('/paced')?.length ?? 0) < ids.length) {
        expect(Date.now() - started).toBeLessThan(10_000);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await worker.stop();
      sender.close();
    }
    expect([...(receiver.stats.done.get('/paced') ?? [])].sort()).toEqual([...ids].sort());
  });
});
