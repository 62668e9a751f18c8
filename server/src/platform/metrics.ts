/**
 * Prometheus metrics. One registry per app instance (tests run several in one process).
 * HTTP requests are counted and timed by route pattern, never by raw URL, to bound cardinality.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  cacheLookups: Counter<'cache' | 'result'>;
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
  return { registry, cacheLookups };
}

export function instrumentRequests(app: FastifyInstance, metrics: Metrics): void {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [metrics.registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });

  // Label children bound once per method and route: a request then costs two map lookups, not two
  // label-set hashes (the route is the pattern, so these maps stay as small as the route table).
  interface RouteMetrics {
    duration: ReturnType<typeof duration.labels>;
    byStatus: Map<number, ReturnType<typeof requests.labels>>;
  }
  const bound = new Map<string, Map<string, RouteMetrics>>();
  function metricsOf(method: string, route: string): RouteMetrics {
    let byRoute = bound.get(method);
    if (byRoute === undefined) {
      byRoute = new Map();
      bound.set(method, byRoute);
    }
    let found = byRoute.get(route);
    if (found === undefined) {
      found = { duration: duration.labels({ method, route }), byStatus: new Map() };
      byRoute.set(route, found);
    }
    return found;
  }

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route !== '/metrics') {
      const { method } = request;
      const { statusCode } = reply;
      const metrics = metricsOf(method, route);
      let counter = metrics.byStatus.get(statusCode);
      if (counter === undefined) {
        counter = requests.labels({ method, route, status: String(statusCode) });
        metrics.byStatus.set(statusCode, counter);
      }
      counter.inc();
      metrics.duration.observe(reply.elapsedTime / 1000);
    }
    done();
  });
}
