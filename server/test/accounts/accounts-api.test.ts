/** /api/auth on every backend: each route's success and failure answers, and what never leaks. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const PASSWORD = 'correct horse battery staple';

describe.each(backends)('accounts API on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let ipCounter = 0;
  // Each test gets its own client address so the sign-in limiter of one test cannot affect another.
  const client = () => new TestClient(app, `10.1.0.${++ipCounter}`);

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
  });
  afterAll(() => env.close());

  describe('register', () => {
    it('creates the account, signs in and answers 201 with the public user', async () => {
      const c = client();
      const email = uniqueEmail('Reg');
      const res = await c.post('/api/auth/register', { email, password: PASSWORD, name: 'Ana Pop' });
      expect(res.statusCode).toBe(201);
      // API.md 2026-12: the user carries emailVerified and locale, and the answer says a link was mailed.
      expect(res.json()).toEqual({
        user: {
          id: expect.any(String),
          email,
          name: 'Ana Pop',
          role: 'user',
          disabled: false,
          emailVerified: false,
          locale: 'en',
          createdAt: expect.any(String),
        },
        verificationSent: true,
      });
      expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    });

    // API.md 2026-12 replaced the 409: a taken address is answered like a new one (no enumeration).
    it('answers an email taken in any letter case like a new one, creating no second account', async () => {
      const email = uniqueEmail('dup');
      await client().register(email);
      const res = await client().post('/api/auth/register', { email: email.toUpperCase(), password: PASSWORD, name: 'Again' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ user: null, verificationSent: true });
      const rows = await env.database.db
        .selectFrom('users')
        .select('id')
        .where('email_normalized', '=', email.toLowerCase())
        .execute();
      expect(rows).toHaveLength(1);
    });

    it.each([
      ['a short password', { password: 'short1' }, '/password'],
      ['a common password', { password: 'password123' }, '/password'],
      ['a repeated-character password', { password: 'aaaaaaaaaaaa' }, '/password'],
      ['a bad email', { email: 'not-an-email' }, '/email'],
      ['a missing name', { name: undefined }, '/name'],
      ['a blank name', { name: '   ' }, '/name'],
      ['an unknown field', { role: 'admin' }, '/role'],
    ])('answers 400 validation_failed for %s and creates nothing', async (_label, change, path) => {
      const email = uniqueEmail('bad');
      const body: Record<string, unknown> = { email, password: PASSWORD, name: 'Someone', ...change };
      const res = await client().post('/api/auth/register', body);
      expect(res.statusCode).toBe(400);
      const problem = res.json<{ code: string; errors: { path: string }[] }>();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e) => e.path)).toContain(path);
      const stored = await env.database.db
        .selectFrom('users')
        .select('id')
        .where('email_normalized', '=', String(body.email).toLowerCase())
        .execute();
      expect(stored).toHaveLength(0);
    });
  });

  describe('login and logout', () => {
    it('signs in with the email in any case, with a new session id each time', async () => {
      const email = uniqueEmail('login');
      const c = client();
      await c.register(email, PASSWORD);
      const firstSession = c.cookies.get('iat_session');
      const res = await c.login(email.toUpperCase(), PASSWORD);
      expect(res.statusCode).toBe(200);
      expect(res.json<{ user: { email: string } }>().user.email).toBe(email);
      const secondSession = c.cookies.get('iat_session');
      expect(secondSession).toBeDefined();
      expect(secondSession).not.toBe(firstSession);
      // The session that was replaced no longer works.
      const stale = await app.inject({ url: '/api/auth/me', cookies: { iat_session: firstSession ?? '' } });
      expect(stale.statusCode).toBe(401);
    });

    it('answers 401 invalid_credentials for a wrong password or an unknown email', async () => {
      const email = uniqueEmail('wrong');
      await client().register(email, PASSWORD);
      for (const [e, p] of [
        [email, 'not the password at all'],
        [uniqueEmail('nobody'), PASSWORD],
      ] as const) {
        const res = await client().login(e, p);
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ code: 'invalid_credentials' });
      }
    });

    it('sets an HttpOnly, SameSite=Lax session cookie, not Secure outside production', async () => {
      const res = await client().post('/api/auth/register', { email: uniqueEmail('cookie'), password: PASSWORD, name: 'C' });
      const cookie = (
        res.cookies as { name: string; httpOnly?: boolean; sameSite?: string; secure?: boolean; path?: string }[]
      ).find((c) => c.name === 'iat_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie?.secure).toBeFalsy();
    });

    it('logs out with 204, after which the old cookie gets 401', async () => {
      const c = client();
      await c.register(uniqueEmail('logout'));
      const token = c.cookies.get('iat_session') ?? '';
      expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
      expect(c.cookies.has('iat_session')).toBe(false);
      const res = await app.inject({ url: '/api/auth/me', cookies: { iat_session: token } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthenticated' });
    });

    it('answers /me with 401 when signed out and with garbage cookies', async () => {
      expect((await client().get('/api/auth/me')).statusCode).toBe(401);
      const res = await app.inject({ url: '/api/auth/me', cookies: { iat_session: 'x'.repeat(5000) } });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('change password', () => {
    it('changes it, keeps this session, ends the others, and the new password signs in', async () => {
      const email = uniqueEmail('pw');
      const here = client();
      const elsewhere = client();
      await here.register(email, PASSWORD);
      expect((await elsewhere.login(email, PASSWORD)).statusCode).toBe(200);
      const res = await here.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
      expect(res.statusCode).toBe(204);
      expect((await here.get('/api/auth/me')).statusCode).toBe(200);
      expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
      expect((await client().login(email, PASSWORD)).statusCode).toBe(401);
      expect((await client().login(email, 'a brand new passphrase')).statusCode).toBe(200);
    });

    it('refuses a wrong current password or a weak new one, changing nothing', async () => {
      const email = uniqueEmail('pw2');
      const c = client();
      await c.register(email, PASSWORD);
      const wrong = await c.post('/api/auth/password', {
        currentPassword: 'not my password',
        newPassword: 'a brand new passphrase',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/currentPassword');
      const weak = await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/newPassword');
      expect((await client().login(email, PASSWORD)).statusCode).toBe(200);
    });

    it('needs a session', async () => {
      const res = await client().post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
      expect(res.statusCode).toBe(401);
    });
  });

  it('never returns a password hash or a session id in any body that carries a user', async () => {
    const c = client();
    const email = uniqueEmail('leak');
    await c.register(email, PASSWORD);
    const sessionToken = c.cookies.get('iat_session') ?? '';
    const row = await env.database.db
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where('email_normalized', '=', email)
      .executeTakeFirstOrThrow();
    const bodies = [
      (await c.get('/api/auth/me')).body,
      (await c.login(email, PASSWORD)).body,
      (await client().post('/api/auth/register', { email: uniqueEmail('leak2'), password: PASSWORD, name: 'L' })).body,
    ];
    // Admin routes that return users, walked with an admin.
    const admin = client();
    const adminUser = await admin.register(uniqueEmail('leak-admin'), PASSWORD);
    await env.database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', adminUser.id).execute();
    bodies.push((await admin.get('/api/admin/users?limit=100')).body);
    bodies.push((await admin.patch(`/api/admin/users/${row.id}`, { role: 'staff' })).body);
    bodies.push((await admin.get('/api/admin/audit')).body);
    for (const body of bodies) {
      expect(body).not.toContain(row.password_hash);
      expect(body).not.toContain('$argon2');
      expect(body).not.toMatch(/password_?hash/i);
      expect(body).not.toContain(sessionToken);
    }
  });
});
