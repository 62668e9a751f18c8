/**
 * GET /api/auth/session: who is signed in, answered 200 for a visitor too (`{ user: null }`), so the
 * web app can ask on every page without a 401 in the browser's console. /me keeps its 401.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('session probe on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let ipCounter = 0;
  const client = () => new TestClient(app, `10.7.0.${++ipCounter}`);

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
  });
  afterAll(() => env.close());

  it('answers a visitor, and a dead or garbage cookie, with 200 and no user', async () => {
    const res = await client().get('/api/auth/session');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null });
    const garbage = await app.inject({ url: '/api/auth/session', cookies: { iat_session: 'x'.repeat(5000) } });
    expect(garbage.statusCode).toBe(200);
    expect(garbage.json()).toEqual({ user: null });
    expect((await client().get('/api/auth/me')).statusCode).toBe(401);
  });

  it('answers the signed-in user as /me does, and no user once signed out', async () => {
    const c = client();
    const email = uniqueEmail('probe');
    await c.register(email);
    const me = await c.get('/api/auth/me');
    const session = await c.get('/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual(me.json());
    expect(session.body).not.toMatch(/password|hash/i);
    await c.post('/api/auth/logout');
    expect((await c.get('/api/auth/session')).json()).toEqual({ user: null });
  });
});
