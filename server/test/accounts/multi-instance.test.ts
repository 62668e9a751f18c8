/** Two instances sharing PostgreSQL and Redis: sign-in limits and sessions hold across both. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl, redisUrl } from '../support/backends.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const PASSWORD = 'correct horse battery staple';

describe.runIf(postgresUrl && redisUrl)('accounts across two instances sharing PostgreSQL and Redis', () => {
  let env: TestEnvironment;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment('postgres', { redis: true });
    a = await env.startApp();
    b = await env.startApp();
  });
  afterAll(() => env.close());

  it('counts sign-in failures spread over both instances and answers 429 on either', async () => {
    const email = uniqueEmail('spread');
    await new TestClient(a, '10.6.0.1').register(email, PASSWORD);
    const onA = new TestClient(a, '10.6.0.2');
    const onB = new TestClient(b, '10.6.0.2');
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await (i % 2 === 0 ? onA : onB).login(email, `wrong ${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401]);
    expect((await onB.login(email, 'wrong again')).statusCode).toBe(429);
    expect((await onA.login(email, PASSWORD)).statusCode).toBe(429);
  });

  it('keeps a session made on one instance working on the other, and a sign-out on either ends it', async () => {
    const onA = new TestClient(a, '10.6.0.3');
    const user = await onA.register(uniqueEmail('roam'), PASSWORD);
    const onB = new TestClient(b, '10.6.0.3');
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    const me = await onB.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: user.id } });
    expect((await onB.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await onA.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('stores sessions in Redis, not in the database', async () => {
    const c = new TestClient(a, '10.6.0.4');
    const user = await c.register(uniqueEmail('where'), PASSWORD);
    const rows = await env.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(0);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  });
});
