/** The security layer: CSRF, brute force, cookies in production, headers, CORS, disabled accounts. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const PASSWORD = 'correct horse battery staple';

describe('security layer', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let ipCounter = 0;
  const client = () => new TestClient(app, `10.2.0.${++ipCounter}`);

  beforeAll(async () => {
    env = await createTestEnvironment('sqlite', { env: { CORS_ORIGINS: 'https://shop.example' } });
    app = await env.startApp();
  });
  afterAll(() => env.close());

  describe('CSRF', () => {
    it.each([
      ['no token', false],
      ['a wrong token', 'forged-token'],
    ] as const)('rejects a state-changing request with %s: 403 csrf_invalid, nothing stored', async (_label, csrf) => {
      const email = uniqueEmail('csrf');
      const res = await client().post('/api/auth/register', { email, password: PASSWORD, name: 'X' }, { csrf });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'csrf_invalid' });
      const rows = await env.database.db.selectFrom('users').select('id').where('email_normalized', '=', email).execute();
      expect(rows).toHaveLength(0);
    });

    it('rejects a token from another browser', async () => {
      const other = client();
      const stolen = await other.token();
      const res = await client().post('/api/auth/login', { email: 'a@b.co', password: PASSWORD }, { csrf: stolen });
      expect(res.statusCode).toBe(403);
    });

    it('protects signed-in routes too: a password change without the token changes nothing', async () => {
      const c = client();
      const email = uniqueEmail('csrf-pw');
      await c.register(email, PASSWORD);
      const res = await c.post(
        '/api/auth/password',
        { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
        { csrf: false },
      );
      expect(res.statusCode).toBe(403);
      expect((await client().login(email, PASSWORD)).statusCode).toBe(200);
    });
  });

  describe('brute force', () => {
    it('answers the 6th wrong password within 15 minutes with 429, and the right one after it too', async () => {
      const email = uniqueEmail('brute');
      await client().register(email, PASSWORD);
      const attacker = client();
      for (let i = 0; i < 5; i++) expect((await attacker.login(email, `wrong password ${i}`)).statusCode).toBe(401);
      const sixth = await attacker.login(email, 'wrong password 6');
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json()).toMatchObject({ code: 'rate_limited' });
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(800);
      const right = await attacker.login(email, PASSWORD);
      expect(right.statusCode).toBe(429);
      // API.md 2026-12: the lock is per account-and-address pair, so the owner still signs in
      // from elsewhere (the slower per-account limit is in attempt-races.test.ts).
      expect((await client().login(email, PASSWORD)).statusCode).toBe(200);
    });

    it('limits one address spraying many accounts: 100 failures in 15 minutes, then 429 for any account', async () => {
      // 100, not 5: one address may be a whole venue behind NAT (attempt-races.test.ts), but one
      // password tried on account after account from it is still stopped.
      const sprayer = client();
      for (let i = 0; i < 100; i++) expect((await sprayer.login(uniqueEmail('spray'), PASSWORD)).statusCode).toBe(401);
      const next = await sprayer.login(uniqueEmail('spray'), PASSWORD);
      expect(next.statusCode).toBe(429);
      expect(next.json()).toMatchObject({ code: 'rate_limited' });
    });

    it('limits registrations per address', async () => {
      const c = client();
      const codes: number[] = [];
      for (let i = 0; i < 11; i++)
        codes.push(
          (await c.post('/api/auth/register', { email: uniqueEmail('many'), password: PASSWORD, name: 'M' })).statusCode,
        );
      expect(codes.slice(0, 10).every((code) => code === 201)).toBe(true);
      expect(codes[10]).toBe(429);
    });
  });

  describe('disabled accounts', () => {
    it('ends an open session at its next request when an admin disables the account', async () => {
      const admin = client();
      const adminUser = await admin.register(uniqueEmail('admin'));
      await env.database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', adminUser.id).execute();
      const victim = client();
      const user = await victim.register(uniqueEmail('disabled'));
      expect((await victim.get('/api/auth/me')).statusCode).toBe(200);
      expect((await admin.patch(`/api/admin/users/${user.id}`, { disabled: true })).statusCode).toBe(200);
      expect((await victim.get('/api/auth/me')).statusCode).toBe(401);
      const again = await client().login(user.email, 'a long enough passphrase');
      expect(again.statusCode).toBe(401);
      expect(again.json()).toMatchObject({ code: 'invalid_credentials', reason: 'account_disabled' });
      // With a wrong password nobody learns that the account exists, let alone that it is disabled.
      const guess = await client().login(user.email, 'not the passphrase at all');
      expect(guess.json()).toMatchObject({ code: 'invalid_credentials' });
      expect(guess.json()).not.toHaveProperty('reason');
    });
  });

  describe('headers', () => {
    it('sends CSP with frame-ancestors none and no inline scripts, nosniff and a referrer policy', async () => {
      for (const url of ['/', '/api/docs', '/healthz', '/api/auth/me']) {
        const res = await app.inject(url);
        const csp = String(res.headers['content-security-policy']);
        expect(csp, url).toContain("frame-ancestors 'none'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
        expect(res.headers['strict-transport-security']).toBeUndefined();
      }
      // The web app: scripts from this origin only; WebAssembly may compile (the scanner's QR decoder).
      const page = await app.inject('/');
      expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
      // Data: nothing may load or frame at all.
      const data = await app.inject('/api/auth/me');
      expect(data.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    });

    it('allows CORS with credentials only for configured origins', async () => {
      const allowed = await app.inject({ url: '/api/auth/me', headers: { origin: 'https://shop.example' } });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/auth/login',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const other = await app.inject({ url: '/api/auth/me', headers: { origin: 'https://evil.example' } });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      expect(other.headers['access-control-allow-credentials']).toBeUndefined();
    });
  });
});

describe('in production', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestEnvironment('sqlite', { env: { NODE_ENV: 'production', PUBLIC_URL: 'https://tickets.example' } });
    app = await env.startApp();
  });
  afterAll(() => env.close());

  it('marks the session cookie Secure and sends HSTS', async () => {
    const c = new TestClient(app, '10.3.0.1');
    const res = await c.post('/api/auth/register', { email: uniqueEmail('prod'), password: PASSWORD, name: 'P' });
    expect(res.statusCode).toBe(201);
    const cookie = (res.cookies as { name: string; secure?: boolean; httpOnly?: boolean; sameSite?: string }[]).find(
      (k) => k.name === 'iat_session',
    );
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
  });
});

describe('global rate limit', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestEnvironment('sqlite', { env: { RATE_LIMIT_PER_MINUTE: '5' } });
    app = await env.startApp();
  });
  afterAll(() => env.close());

  it('answers 429 rate_limited with Retry-After past the per-client budget, but never limits health checks', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await app.inject({ url: '/api/auth/me', remoteAddress: '10.4.0.1' }));
    expect(answers.map((a) => a.statusCode)).toEqual([401, 401, 401, 401, 401, 429]);
    // The limit headers come with the refusal, not with every answer inside the budget.
    expect(answers[0]?.headers['x-ratelimit-remaining']).toBeUndefined();
    const limited = await app.inject({ url: '/api/auth/me', remoteAddress: '10.4.0.1' });
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers).toMatchObject({ 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0' });
    expect((await app.inject({ url: '/api/auth/me', remoteAddress: '10.4.0.2' })).statusCode).toBe(401);
    for (let i = 0; i < 10; i++) expect((await app.inject({ url: '/healthz', remoteAddress: '10.4.0.1' })).statusCode).toBe(200);
  });
});
