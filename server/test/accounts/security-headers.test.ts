/**
 * The security headers are computed once at start instead of by helmet on every request: every
 * document (the web app, its not-found page) must carry exactly what @fastify/helmet itself would
 * have set with the same options, and every data answer (API, health, an API 404, an error) exactly
 * the API set derived from it, in development and in production.
 */
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHeaders, helmetOptions, isApiAnswer } from '../../src/security/http-security.js';
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

  it('are the ones helmet sets on documents, and the API set on every data answer', async () => {
    expect(expected['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(expected['strict-transport-security'] !== undefined).toBe(production);
    const headersOf = (answer: { headers: Record<string, unknown> }, names: string[]) =>
      Object.fromEntries(names.map((name) => [name, answer.headers[name]]));

    const documents = [await app.inject('/'), await app.inject('/events/some-id')];
    for (const answer of documents) expect(headersOf(answer, Object.keys(expected))).toEqual(expected);

    const api = apiHeaders(expected as Record<string, string>);
    expect(api['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api['x-content-type-options']).toBe('nosniff');
    expect(api['strict-transport-security']).toBe(expected['strict-transport-security']);
    const answers = [
      await app.inject('/healthz'),
      await app.inject('/api/events'),
      await app.inject('/api/nothing-here'),
      await app.inject({ method: 'POST', url: '/api/reservations', payload: {} }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 404, 403]);
    // Helmet's document-only headers are not sent with data (each was a cost on every API answer).
    const documentOnly = Object.keys(expected).filter((name) => !(name in api));
    expect(documentOnly).toEqual(expect.arrayContaining(['cross-origin-opener-policy', 'x-dns-prefetch-control']));
    for (const answer of answers) {
      expect(headersOf(answer, Object.keys(api))).toEqual(api);
      expect(headersOf(answer, documentOnly)).toEqual(Object.fromEntries(documentOnly.map((name) => [name, undefined])));
    }
  });
});

describe('isApiAnswer', () => {
  it('tells data answers from documents', () => {
    for (const url of ['/api/events', '/api/events?q=x', '/healthz', '/readyz?x=1', '/metrics'])
      expect(isApiAnswer(url), url).toBe(true);
    for (const url of ['/', '/events/1', '/api/docs', '/api/docs/static/index.html', '/healthzz', '/posters/a.webp', '/apix'])
      expect(isApiAnswer(url), url).toBe(false);
  });
});
