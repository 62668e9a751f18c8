/**
 * The webhook worker as the app starts it (app.ts): one sender (keep-alive agents) and the
 * worker's batch loops per instance, and the pending gauge of /metrics.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { Config } from '../config/config.js';
import type { Database } from '../db/schema.js';
import type { Metrics } from '../platform/metrics.js';
import type { Resolver } from './address-guard.js';
import { countPendingDeliveries } from './delivery-queue.js';
import { startWebhookWorker, type WebhookWorker } from './delivery-worker.js';
import { WebhookSender } from './http-sender.js';

/** Tests only: a DNS to play rebinding with, a faster schedule and poll, shorter timeouts. */
export interface WebhookJobOptions {
  resolve?: Resolver;
  scheduleScale?: number;
  pollMs?: number;
  responseTimeoutMs?: number;
}

export function startWebhookJob(
  db: Kysely<Database>,
  config: Pick<Config, 'webhookAllowPrivate'>,
  metrics: Pick<Metrics, 'webhookDeliveries'>,
  log: Logger,
  resolve: Resolver,
  options: WebhookJobOptions = {},
): WebhookWorker {
  const sender = new WebhookSender({
    allowPrivate: config.webhookAllowPrivate,
    resolve,
    responseTimeoutMs: options.responseTimeoutMs,
  });
  const worker = startWebhookWorker({
    db,
    sender,
    counter: metrics.webhookDeliveries,
    log,
    scheduleScale: options.scheduleScale,
    pollMs: options.pollMs,
  });
  return {
    async stop() {
      await worker.stop();
      sender.close();
    },
  };
}

/** `iatichet_webhook_deliveries_pending`: read from the database when /metrics is scraped. */
export function registerWebhookGauge(registry: Registry, db: Kysely<Database>): void {
  new Gauge({
    name: 'iatichet_webhook_deliveries_pending',
    help: 'Webhook deliveries not yet delivered nor given up (pending)',
    registers: [registry],
    async collect() {
      this.set(await countPendingDeliveries(db));
    },
  });
}
