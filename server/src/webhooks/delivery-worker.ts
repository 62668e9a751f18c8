/**
 * The webhook delivery worker, on every instance: claims due deliveries in batches
 * (delivery-queue.ts), POSTs them concurrently over keep-alive connections (http-sender.ts),
 * signed (signature.ts), and records each outcome: 2xx delivered; anything else retried on the
 * schedule of retry-schedule.ts until it gives up. A batch that came back full is followed at
 * once by the next; an empty one waits `pollMs`. Started and stopped with the app, like the email
 * queue's job (email/delivery-job.ts); all state is in the database, so a crash or restart loses
 * nothing (a claim in flight is due again once its lease ends).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import type { WebhookSender } from './http-sender.js';
import { claimDueDeliveries, recordOutcomes, type ClaimedDelivery, type Outcome } from './delivery-queue.js';
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

/** One batch: claim, send all at once, record. Answers how many were claimed and what came of them. */
export async function deliverDueWebhooks(
  ctx: DeliveryContext,
): Promise<{ claimed: number; delivered: number; retried: number; failed: number }> {
  const claimed = await claimDueDeliveries(ctx.db, ctx.batchSize ?? 200, ctx.leaseMs ?? 60_000);
  const outcomes = await Promise.all(claimed.map((d) => attempt(ctx, d)));
  await recordOutcomes(ctx.db, outcomes);
  const counts = { claimed: claimed.length, delivered: 0, retried: 0, failed: 0 };
  for (const o of outcomes) {
    const outcome = o.status === 'delivered' ? 'delivered' : o.status === 'failed' ? 'failed' : 'retry';
    if (outcome === 'delivered') counts.delivered++;
    else if (outcome === 'failed') counts.failed++;
    else counts.retried++;
    ctx.counter?.inc({ outcome });
  }
  return counts;
}

export interface WebhookWorker {
  stop(): Promise<void>;
}

/** Runs `lanes` batch loops (one claims while another sends). */
export function startWebhookWorker(ctx: DeliveryContext & { log: Logger; pollMs?: number; lanes?: number }): WebhookWorker {
  const state = { stopped: false };
  const stopping = () => state.stopped;
  const sleepers = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      sleepers.add(wake);
    });
  const lane = async () => {
    while (!state.stopped) {
      let claimed = 0;
      try {
        claimed = (await deliverDueWebhooks(ctx)).claimed;
      } catch (err) {
        ctx.log.warn({ err }, 'webhook delivery batch failed; will retry');
      }
      if (!stopping() && claimed < (ctx.batchSize ?? 200)) await pause(ctx.pollMs ?? 500);
    }
  };
  const running = Array.from({ length: ctx.lanes ?? 2 }, () => lane());
  return {
    async stop() {
      state.stopped = true;
      for (const wake of [...sleepers]) wake();
      await Promise.all(running);
    },
  };
}
