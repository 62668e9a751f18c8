/**
 * Prometheus metrics. One registry per app instance (tests run several in one process).
 * HTTP requests are counted and timed by route pattern, never by raw URL, to bound cardinality.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { RequestMetrics } from './request-metrics.js';

export interface Metrics {
  registry: Registry;
  cacheLookups: Counter<'cache' | 'result'>;
  /** Refund calls to the payment provider, by outcome (succeeded or failed). */
  refundAttempts: Counter<'outcome'>;
  /** Webhook delivery attempts, by outcome (delivered, retry, failed). */
  webhookDeliveries: Counter<'outcome'>;
  /** Per-request counts and durations, outside the registry (see request-metrics.ts). */
  requests: RequestMetrics;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const cacheLookups = new Counter({
    name: 'iatichet_cache_lookups_total',
    help: 'Cache lookups by cache name and result (hit or miss)',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
  });
  const refundAttempts = new Counter({
    name: 'iatichet_refund_attempts_total',
    help: 'Refund calls to the payment provider by outcome (succeeded or failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const webhookDeliveries = new Counter({
    name: 'iatichet_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (delivered, retry: failed and rescheduled, failed: given up)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return { registry, cacheLookups, refundAttempts, webhookDeliveries, requests: new RequestMetrics() };
}

export function instrumentRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route !== '/metrics') metrics.requests.record(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

/** Everything /metrics serves: prom-client's registry, then the request metrics. */
export async function renderMetrics(metrics: Metrics): Promise<string> {
  return `${await metrics.registry.metrics()}\n${metrics.requests.render()}`;
}
