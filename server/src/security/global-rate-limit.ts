/**
 * The global per-client rate limit: every request but the health and metrics probes counts
 * against its client's budget per fixed window, and past it gets a 429 with Retry-After and the
 * x-ratelimit-* headers. A plain callback hook instead of @fastify/rate-limit's async one:
 * no promises, no route-options object and no IPv6 regex on a request that only needs a counter.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../platform/errors.js';
import { clientKey } from './client-key.js';
import type { RateLimitStore } from './rate-limit-store.js';

export interface GlobalRateLimitOptions {
  max: number;
  windowMs: number;
  store: RateLimitStore;
  /** Exact URLs never counted (probes). */
  unlimited: ReadonlySet<string>;
}

export function registerGlobalRateLimit(app: FastifyInstance, options: GlobalRateLimitOptions): void {
  const { max, windowMs, store, unlimited } = options;
  const limit = String(max);
  app.addHook('onRequest', (request, reply, done) => {
    if (unlimited.has(request.url)) {
      done();
      return;
    }
    store.incr(clientKey(request.ip), windowMs, (current, ttl) => {
      // The limit headers go with the 429 (and its Retry-After) only: on every answer inside the
      // budget they were three more headers per request, for a limit no browser reads.
      if (current <= max) {
        done();
        return;
      }
      const resetSeconds = Math.ceil(ttl / 1000);
      void reply.header('x-ratelimit-limit', limit);
      void reply.header('x-ratelimit-remaining', '0');
      void reply.header('x-ratelimit-reset', String(resetSeconds));
      done(errors.rateLimited(Math.max(1, resetSeconds)));
    });
  });
}
