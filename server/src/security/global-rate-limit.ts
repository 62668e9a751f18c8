/**
 * The global per-client rate limit: every request but the health and metrics probes counts
 * against its client's budget per fixed window, and past it gets a 429 with Retry-After and the
 * x-ratelimit-* headers. A plain callback hook instead of @fastify/rate-limit's async one:
 * no promises, no route-options object and no IPv6 regex on a request that only needs a counter.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../platform/errors.js';
import type { RateLimitStore } from './rate-limit-store.js';

const IPV6_PREFIX_HEXTETS = 4; // one budget per /64: a client controls a whole /64, as @fastify/rate-limit assumes

/** The budget key of a client address: an IPv4 address as it is, an IPv6 address by its /64. */
export function clientKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const address = (ip.split('%')[0] ?? '').toLowerCase();
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  const [head = '', tail] = address.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const hextets = [...headParts, ...Array<string>(Math.max(0, 8 - headParts.length - tailParts.length)).fill('0'), ...tailParts];
  const prefix = hextets.slice(0, IPV6_PREFIX_HEXTETS).map((part) => Number.parseInt(part || '0', 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

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
