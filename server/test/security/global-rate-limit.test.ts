import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { clientKey } from '../../src/security/client-key.js';
import { registerGlobalRateLimit } from '../../src/security/global-rate-limit.js';
import { createRateLimitStore } from '../../src/security/rate-limit-store.js';

describe('global rate limit hook', () => {
  it('gives an IPv4 client its own budget and a whole IPv6 /64 one budget', () => {
    expect(clientKey('10.0.0.7')).toBe('10.0.0.7');
    expect(clientKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe(clientKey('2001:DB8:1:2::9'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
  });

  it('counts in memory without Redis, a 429 with the x-ratelimit headers past the budget, probes exempt', async () => {
    const app = Fastify({ logger: false });
    registerGlobalRateLimit(app, {
      max: 2,
      windowMs: 60_000,
      store: createRateLimitStore(undefined, 'test:'),
      unlimited: new Set(['/healthz']),
    });
    app.get('/', () => ({ ok: true }));
    app.get('/healthz', () => ({ ok: true }));
    const first = await app.inject({ url: '/', remoteAddress: '10.9.0.1' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-ratelimit-remaining']).toBeUndefined();
    expect((await app.inject({ url: '/', remoteAddress: '10.9.0.1' })).statusCode).toBe(200);
    const third = await app.inject({ url: '/', remoteAddress: '10.9.0.1' });
    expect(third.statusCode).toBe(429);
    expect(third.headers).toMatchObject({
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '60',
      'retry-after': '60',
    });
    expect((await app.inject({ url: '/', remoteAddress: '10.9.0.2' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/healthz', remoteAddress: '10.9.0.1' })).headers['x-ratelimit-limit']).toBeUndefined();
    await app.close();
  });
});
