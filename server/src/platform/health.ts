import { HealthSchema, ReadinessSchema, type Readiness } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Redis } from 'ioredis';
import type { DatabaseHandle } from '../db/database.js';
import { metricsAccess } from './metrics-access.js';
import { renderMetrics, type Metrics } from './metrics.js';

interface HealthOptions {
  database: DatabaseHandle;
  redis: Redis | undefined;
  metrics: Metrics;
  /** METRICS_TOKEN: unset, /metrics answers loopback peers only. */
  metricsToken: string | undefined;
}

async function redisStatus(redis: Redis | undefined): Promise<Readiness['checks']['redis']> {
  if (redis === undefined) return 'disabled';
  if (redis.status !== 'ready') return 'down';
  try {
    await Promise.race([redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
    return 'ok';
  } catch {
    return 'down';
  }
}

/**
 * Liveness, readiness and metrics. Readiness fails (503) only when the database is down: without
 * Redis the app keeps serving from in-process fallbacks and reports itself `degraded`.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthOptions> = (app, { database, redis, metrics, metricsToken }) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: HealthSchema } } }, () => ({ status: 'ok' as const }));

  app.get(
    '/readyz',
    { schema: { tags: ['operations'], response: { 200: ReadinessSchema, 503: ReadinessSchema } } },
    async (_request, reply) => {
      const [databaseOk, redisCheck] = await Promise.all([
        database.ping(2000).then(
          () => true,
          () => false,
        ),
        redisStatus(redis),
      ]);
      const checks = { database: databaseOk ? ('ok' as const) : ('down' as const), redis: redisCheck };
      if (!databaseOk) return reply.code(503).send({ status: 'unavailable', checks });
      return { status: redisCheck === 'down' ? ('degraded' as const) : ('ready' as const), checks };
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['operations'], hide: true }, preHandler: metricsAccess(metricsToken) },
    async (_request, reply) => {
      const body = await renderMetrics(metrics);
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
  return Promise.resolve();
};
