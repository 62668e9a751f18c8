/**
 * The webhook delivery worker, on every instance: claims due deliveries (delivery-queue.ts), POSTs
 * them over keep-alive connections (http-sender.ts), signed (signature.ts), and records each
 * outcome: 2xx delivered; anything else retried on the schedule of retry-schedule.ts until it
 * gives up. Started and stopped with the app, like the email queue's job; all state is in the
 * database, so a crash or restart loses nothing (a claim in flight is due again once its lease
 * ends).
 *
 * Deliveries are sent as a pool, not in batches that wait for their slowest member: a receiver
 * that takes its full timeout holds only its own deliveries, and each freed slot is refilled. One
 * hook has at most about 2 × `perHook` in flight (a claim takes at most `perHook` of one hook, and
 * a hook already at `perHook` is skipped), so one slow or flooded receiver cannot take the slots
 * of every other organizer's hooks. Outcomes are written in small batches as they come in.
 *
 * While the event loop is saturated (loop-pressure.ts: a flash sale on this instance), claims are
 * paced to `busyPerSecond` deliveries a second, so the sale keeps its speed; the backlog is sent
 * at full speed once the loop has room again.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import type { WebhookSender } from './http-sender.js';
import { claimDueDeliveries, recordOutcomes, type ClaimedDelivery, type Outcome } from './delivery-queue.js';
import { LoopPressure, Pace } from './loop-pressure.js';
import { nextAttemptAt } from './retry-schedule.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';

export interface DeliveryContext {
  db: Kysely<Database>;
  sender: Pick<WebhookSender, 'post'>;
  /** iatichet_webhook_deliveries_total, by outcome. */
  counter?: Counter<'outcome'>;
  /** Deliveries claimed per batch. */
  batchSize?: number;
  /** How long a claim keeps others off a delivery: well past the sender's longest wait. */
  leaseMs?: number;
  /** Tests only: shrinks the retry schedule (see retry-schedule.ts). */
  scheduleScale?: number;
}

async function attempt(ctx: DeliveryContext, d: ClaimedDelivery): Promise<Outcome> {
  const answer = d.enabled
    ? await ctx.sender.post(d.url, d.body, {
        [SIGNATURE_HEADER]: signatureHeader(d.secret, d.body, Math.floor(Date.now() / 1000)),
      })
    : { ok: false, statusCode: null, excerpt: null, error: 'the webhook is disabled' };
  const now = Date.now();
  const base = { id: d.id, attempts: d.attempts, statusCode: answer.statusCode, excerpt: answer.excerpt, error: answer.error };
  if (answer.ok) return { ...base, status: 'delivered', nextAttemptAt: nowIso(), deliveredAt: nowIso() };
  const next = nextAttemptAt(Date.parse(d.createdAt), d.attempts, now, { scale: ctx.scheduleScale });
  return next === null
    ? { ...base, status: 'failed', nextAttemptAt: nowIso(), deliveredAt: null }
    : { ...base, status: 'pending', nextAttemptAt: new Date(next).toISOString(), deliveredAt: null };
}

function countOutcome(ctx: DeliveryContext, o: Outcome): 'delivered' | 'failed' | 'retry' {
  const outcome = o.status === 'delivered' ? 'delivered' : o.status === 'failed' ? 'failed' : 'retry';
  ctx.counter?.inc({ outcome });
  return outcome;
}

/** One batch: claim, send all at once, record. Answers how many were claimed and what came of them (tests drive the queue with it). */
export async function deliverDueWebhooks(
  ctx: DeliveryContext,
): Promise<{ claimed: number; delivered: number; retried: number; failed: number }> {
  const claimed = await claimDueDeliveries(ctx.db, { limit: ctx.batchSize ?? 200 }, ctx.leaseMs ?? 60_000);
  const outcomes = await Promise.all(claimed.map((d) => attempt(ctx, d)));
  await recordOutcomes(ctx.db, outcomes);
  const counts = { claimed: claimed.length, delivered: 0, retried: 0, failed: 0 };
  for (const o of outcomes) {
    const outcome = countOutcome(ctx, o);
    if (outcome === 'delivered') counts.delivered++;
    else if (outcome === 'failed') counts.failed++;
    else counts.retried++;
  }
  return counts;
}

export interface WebhookWorker {
  stop(): Promise<void>;
}

export interface PoolOptions {
  log: Logger;
  /** Wait before looking again when nothing was due. */
  pollMs?: number;
  /** Deliveries in flight on this instance at most. */
  maxInFlight?: number;
  /** A claim's share of one hook, and the in-flight count at which a hook is skipped. */
  perHook?: number;
  /** Deliveries started a second at most while the event loop is saturated. */
  busyPerSecond?: number;
  /** Whether the event loop is saturated now (tests); by default measured (LoopPressure). */
  loopBusy?: () => boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Runs the pool (see the header) until stopped; stopping waits for the sends in flight and records them. */
export function startWebhookWorker(ctx: DeliveryContext & PoolOptions): WebhookWorker {
  const maxInFlight = ctx.maxInFlight ?? 256;
  const perHook = ctx.perHook ?? 32;
  const claimSize = ctx.batchSize ?? 200;
  const busyPerSecond = ctx.busyPerSecond ?? 300;
  const pressure = ctx.loopBusy === undefined ? new LoopPressure() : undefined;
  const loopBusy = ctx.loopBusy ?? (() => pressure?.busy() ?? false);
  // Bursts of a tenth of a second's share: deliveries trickle rather than arrive in a lump.
  const pace = new Pace(busyPerSecond, Math.max(1, Math.ceil(busyPerSecond / 10)));
  const perHookInFlight = new Map<string, number>();
  const sending = new Set<Promise<void>>();
  const finished: Outcome[] = [];
  const state = { stopped: false };
  const stopping = () => state.stopped;
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  let recording = Promise.resolve();
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = finished.splice(0);
    if (batch.length === 0) return recording;
    recording = recording.then(async () => {
      try {
        await recordOutcomes(ctx.db, batch);
        for (const o of batch) countOutcome(ctx, o);
      } catch (err) {
        // Not recorded: the lease ends and the deliveries are sent again (receivers dedupe by id).
        ctx.log.warn({ err, deliveries: batch.length }, 'webhook outcomes not recorded; they will be sent again');
      }
    });
    return recording;
  };
  const record = (o: Outcome) => {
    finished.push(o);
    if (finished.length >= 100) void flush();
    else flushTimer ??= setTimeout(() => void flush(), 20);
  };

  const send = (d: ClaimedDelivery) => {
    perHookInFlight.set(d.webhookId, (perHookInFlight.get(d.webhookId) ?? 0) + 1);
    const sent = attempt(ctx, d)
      .then(record, (err: unknown) => ctx.log.warn({ err, delivery: d.id }, 'webhook attempt failed unexpectedly'))
      .finally(() => {
        const left = (perHookInFlight.get(d.webhookId) ?? 1) - 1;
        if (left === 0) perHookInFlight.delete(d.webhookId);
        else perHookInFlight.set(d.webhookId, left);
        sending.delete(sent);
        wake?.();
      });
    sending.add(sent);
  };

  const loop = async () => {
    while (!state.stopped) {
      const room = maxInFlight - sending.size;
      // Claim when a worthwhile share of the pool is free; a finished send wakes the nap.
      if (room < Math.min(claimSize, maxInFlight) / 4) {
        await nap(ctx.pollMs ?? 500);
        continue;
      }
      let limit = Math.min(room, claimSize);
      if (loopBusy()) {
        // One claim per burst's worth of the pace, not one per token: a finished send must not
        // turn the pace into a claim query per delivery. The wait is not cut short by sends.
        const wanted = Math.min(limit, pace.burst);
        const wait = pace.waitMs(wanted);
        if (wait > 0) {
          await sleep(wait);
          continue;
        }
        limit = pace.take(wanted);
      }
      const busy = [...perHookInFlight].filter(([, n]) => n >= perHook).map(([id]) => id);
      let claimed: ClaimedDelivery[] = [];
      try {
        claimed = await claimDueDeliveries(ctx.db, { limit, perHook, skipHooks: busy }, ctx.leaseMs ?? 60_000);
      } catch (err) {
        ctx.log.warn({ err }, 'webhook claim failed; will retry');
      }
      for (const d of claimed) send(d);
      if (!stopping() && claimed.length < limit) await nap(ctx.pollMs ?? 500);
    }
  };
  const running = loop();
  return {
    async stop() {
      state.stopped = true;
      pressure?.stop();
      wake?.();
      await running;
      await Promise.all(sending);
      await flush();
    },
  };
}
