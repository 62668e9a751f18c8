/**
 * Who may read /metrics (API.md, "Limits on holding"; RUNNING.md METRICS_TOKEN): without a token
 * only a loopback TCP peer, whatever X-Forwarded-For claims; with one, only `Bearer <token>`.
 * Everyone else gets a 403 problem+json and no numbers.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const TOKEN = 'metrics-token-for-the-tests-0123456789';

function expectRefused(res: LightMyRequestResponse): void {
  expect(res.statusCode).toBe(403);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 403, code: 'forbidden' });
  expect(res.body).not.toContain('process_cpu');
}

function expectServed(res: LightMyRequestResponse): void {
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain('process_cpu_seconds_total');
}

describe('/metrics access', () => {
  let env: TestEnvironment;
  let open: FastifyInstance;
  let proxied: FastifyInstance;
  let tokened: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment('sqlite');
    open = await env.startApp({}, { backgroundJobs: false });
    proxied = await env.startApp({ TRUST_PROXY: 'true' }, { backgroundJobs: false });
    tokened = await env.startApp({ METRICS_TOKEN: TOKEN }, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  const get = (app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

  describe('without METRICS_TOKEN', () => {
    it.each(['127.0.0.1', '127.0.0.53', '::1', '::ffff:127.0.0.1'])('serves a loopback peer (%s)', async (address) => {
      expectServed(await get(open, address));
    });

    it.each(['203.0.113.7', '10.0.0.5', '192.168.1.20', '::ffff:203.0.113.7', '2001:db8::1'])(
      'refuses any other peer (%s) with 403 problem+json',
      async (address) => {
        expectRefused(await get(open, address));
      },
    );

    it('ignores X-Forwarded-For even when proxies are trusted: a remote peer claiming loopback is refused', async () => {
      expectRefused(await get(proxied, '203.0.113.7', { 'x-forwarded-for': '127.0.0.1' }));
      expectRefused(await get(open, '203.0.113.7', { 'x-forwarded-for': '127.0.0.1' }));
    });

    it('does not take a bearer token when none is configured', async () => {
      expectRefused(await get(open, '203.0.113.7', { authorization: `Bearer ${TOKEN}` }));
    });

    it('judges the route, not the spelling of the URL', async () => {
      const res = await open.inject({ method: 'GET', url: '/metrics?x=1', remoteAddress: '203.0.113.7' });
      expectRefused(res);
    });
  });

  describe('with METRICS_TOKEN', () => {
    it('serves the right bearer token from anywhere', async () => {
      expectServed(await get(tokened, '203.0.113.7', { authorization: `Bearer ${TOKEN}` }));
      expectServed(await get(tokened, '127.0.0.1', { authorization: `bearer ${TOKEN}` }));
    });

    it.each([
      ['no header', {}],
      ['a wrong token', { authorization: 'Bearer not-the-token' }],
      ['the token with one more character', { authorization: `Bearer ${TOKEN}x` }],
      ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
      ['another scheme', { authorization: `Basic ${TOKEN}` }],
      ['the bare token', { authorization: TOKEN }],
    ])('refuses %s, even from loopback', async (_label, headers: Record<string, string>) => {
      expectRefused(await get(tokened, '127.0.0.1', headers));
      expectRefused(await get(tokened, '203.0.113.7', headers));
    });
  });

  describe('config', () => {
    it('refuses a METRICS_TOKEN too short to be a secret, naming the variable', () => {
      expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
      expect(() => loadConfig({ METRICS_TOKEN: TOKEN })).not.toThrow();
    });
  });
});
