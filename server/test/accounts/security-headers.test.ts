/**
 * The security headers are computed once at start instead of by helmet on every request: every
 * answer (API, health, web app, not found, an error) must carry exactly what @fastify/helmet itself
 * would have set with the same options, in development and in production.
 */
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmetOptions } from '../../src/security/http-security.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** The headers a fresh Fastify with @fastify/helmet sends per request, helmet running each time. */
async function referenceHeaders(production: boolean): Promise<Record<string, unknown>> {
  const reference = Fastify({ logger: false });
  await reference.register(helmet, helmetOptions(production));
  reference.get('/', () => 'ok');
  const { headers } = await reference.inject('/');
  await reference.close();
  for (const own of ['content-type', 'content-length', 'date', 'connection']) Reflect.deleteProperty(headers, own);
  return headers;
}

describe.each([
  ['development', {}, false],
  ['production', { NODE_ENV: 'production', PUBLIC_URL: 'https://tickets.example' }, true],
] as const)('security headers in %s', (_label, env, production) => {
  let testEnv: TestEnvironment;
  let app: FastifyInstance;
  let expected: Record<string, unknown>;

  beforeAll(async () => {
    testEnv = await createTestEnvironment('sqlite', { env });
    app = await testEnv.startApp();
    expected = await referenceHeaders(production);
  });
  afterAll(() => testEnv.close());

  it('are the ones helmet sets, on every kind of answer', async () => {
    expect(expected['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(expected['strict-transport-security'] !== undefined).toBe(production);
    const answers = [
      await app.inject('/healthz'),
      await app.inject('/api/events'),
      await app.inject('/api/nothing-here'),
      await app.inject({ method: 'POST', url: '/api/reservations', payload: {} }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 404, 403]);
    for (const answer of answers) {
      const sent = Object.fromEntries(Object.keys(expected).map((name) => [name, answer.headers[name]]));
      expect(sent).toEqual(expected);
    }
  });
});
