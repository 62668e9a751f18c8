/**
 * Two instances sharing PostgreSQL and Redis: sign-in limits and sessions hold across both;
 * sessions live in the database, so emptying Redis signs nobody out and a revocation is seen at once.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl, redisUrl } from '../support/backends.js';
import { tokenMailedTo } from '../support/account-emails.js';
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

  it('keeps sessions in the database, so a Redis emptied by a restart signs nobody out', async () => {
    const c = new TestClient(a, '10.6.0.4');
    const user = await c.register(uniqueEmail('where'), PASSWORD);
    const rows = await env.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    // What a Redis restarted without persistence holds of this site: nothing.
    const redis = new Redis(redisUrl ?? '');
    const keys = await redis.keys(`${env.redisNamespace}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    const onB = new TestClient(b, '10.6.0.4');
    for (const [k, v] of c.cookies) onB.cookies.set(k, v);
    expect((await onB.get('/api/auth/me')).json()).toMatchObject({ user: { id: user.id } });
    expect((await onB.post('/api/auth/logout')).statusCode).toBe(204);
  });

  it('ends every session on both instances at once when the password is reset', async () => {
    const email = uniqueEmail('reset');
    const onA = new TestClient(a, '10.6.0.5');
    const user = await onA.register(email, PASSWORD);
    const onB = new TestClient(b, '10.6.0.6');
    await onB.login(email, PASSWORD);
    // Both sessions answer on both instances before the reset.
    expect((await onA.get('/api/auth/me')).statusCode).toBe(200);
    expect((await onB.get('/api/auth/me')).statusCode).toBe(200);
    const stranger = new TestClient(b, '10.6.0.7');
    expect((await stranger.post('/api/auth/password-reset', { email })).statusCode).toBe(204);
    const token = await tokenMailedTo(env.database.db, email, '/reset-password');
    const confirmed = await stranger.post('/api/auth/password-reset/confirm', { token, newPassword: 'a brand new passphrase' });
    expect(confirmed.statusCode, confirmed.body).toBe(204);
    // The very next request on either instance is signed out: nothing cached kept the old sessions alive.
    expect((await onA.get('/api/auth/me')).statusCode).toBe(401);
    expect((await onB.get('/api/auth/me')).statusCode).toBe(401);
    const onAWithBSession = new TestClient(a, '10.6.0.6');
    for (const [k, v] of onB.cookies) onAWithBSession.cookies.set(k, v);
    expect((await onAWithBSession.get('/api/auth/me')).statusCode).toBe(401);
    expect(await env.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute()).toEqual([]);
  });
});
