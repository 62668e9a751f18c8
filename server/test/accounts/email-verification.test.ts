/**
 * Verified email, password reset, enumeration-safe registration, names and language (API.md
 * "Accounts: verified email, language"): tokens are single use, expire, are stored only as a hash,
 * and a taken address is answered exactly like a new one.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/accounts/bootstrap-admin.js';
import { findUserByEmail } from '../../src/accounts/users.js';
import { accountEmailsTo, tokenMailedTo } from '../support/account-emails.js';
import { backends } from '../support/backends.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase';

describe.each(backends)('email verification and password reset on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let ip = 0;
  const client = () => new TestClient(app, `10.72.0.${++ip}`);
  const db = () => env.database.db;
  const signUp = async (email = uniqueEmail('verify'), c = client()) => {
    const res = await c.post('/api/auth/register', { email, password: PASSWORD, name: 'Ana Pop' });
    expect(res.statusCode).toBe(201);
    return { c, email, res };
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend, { env: { PUBLIC_URL: 'https://tickets.example' } });
    // No sweeper: the emails stay in the outbox table where the test reads them.
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  describe('register', () => {
    it('signs a new account in unverified, in English, and mails a 24-hour verification link', async () => {
      const { c, email, res } = await signUp();
      expect(res.json()).toMatchObject({
        user: { email, name: 'Ana Pop', emailVerified: false, locale: 'en' },
        verificationSent: true,
      });
      expect((await c.get('/api/auth/me')).json()).toMatchObject({ user: { emailVerified: false } });
      const token = await tokenMailedTo(db(), email, '/verify-email');
      const [mail] = await accountEmailsTo(db(), email);
      expect(mail?.body).toContain(`https://tickets.example/verify-email?token=${token}`);
      // Only a hash is stored: the token itself is nowhere in the tokens table.
      const stored = await db().selectFrom('account_tokens').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(token);
      const row = stored.find((t) => t.purpose === 'verify_email' && t.user_id === res.json<{ user: { id: string } }>().user.id);
      const hours = (Date.parse(row?.expires_at ?? '') - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);
    });

    it('answers a taken address (any case) exactly like a new one, creates nothing and mails the owner a notice', async () => {
      const { email } = await signUp();
      const before = await findUserByEmail(db(), email);
      const stranger = client();
      const res = await stranger.post('/api/auth/register', {
        email: email.toUpperCase(),
        password: NEW_PASSWORD,
        name: 'Mallory',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ user: null, verificationSent: true });
      expect(stranger.cookies.has('iat_session')).toBe(false);
      expect((await stranger.get('/api/auth/me')).statusCode).toBe(401);
      const rows = await db().selectFrom('users').selectAll().where('email_normalized', '=', email.toLowerCase()).execute();
      expect(rows).toEqual([before]);
      const mails = await accountEmailsTo(db(), email);
      expect(mails.map((m) => m.kind)).toEqual(['verify_email', 'account_exists']);
      // The stranger's words never reach the owner's mailbox.
      expect(mails[1]?.body).not.toContain('Mallory');
    });

    it.each([
      ['a newline', 'Ana\nClick https://evil.example'],
      ['a tab', 'Ana\tPop'],
      ['a bidi override', 'Ana\u202Epop'],
      ['101 characters', 'a'.repeat(101)],
    ])('refuses a name with %s: 400 on /name, nothing created', async (_label, name) => {
      const email = uniqueEmail('badname');
      const res = await client().post('/api/auth/register', { email, password: PASSWORD, name });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('/name');
      expect(await findUserByEmail(db(), email)).toBeUndefined();
      expect(await accountEmailsTo(db(), email)).toEqual([]);
    });

    it('mails one recipient at most 5 account emails an hour, however many strangers register the address', async () => {
      const { email } = await signUp();
      for (let i = 0; i < 8; i++) {
        const res = await client().post('/api/auth/register', { email, password: PASSWORD, name: 'Someone' });
        expect(res.statusCode).toBe(201);
      }
      expect(await accountEmailsTo(db(), email)).toHaveLength(5);
    });

    it('makes the ADMIN_EMAIL account verified', async () => {
      const email = uniqueEmail('boot-admin');
      await ensureAdmin(db(), { email, password: 'the admin passphrase' });
      expect((await findUserByEmail(db(), email))?.email_verified).toBe(1);
    });
    it('does not hand admin to a stranger who registered the ADMIN_EMAIL address before it was configured', async () => {
      // The operator sets a new ADMIN_EMAIL and restarts; someone had registered that address
      // (unverified, with their own password) while registration was open.
      const email = uniqueEmail('future-admin');
      const { c } = await signUp(email);
      await ensureAdmin(db(), { email, password: 'the admin passphrase' });
      const squatterSession = await c.get('/api/auth/me');
      expect(squatterSession.statusCode === 200 ? squatterSession.json<{ user: { role: string } }>().user.role : 'none').not.toBe(
        'admin',
      );
      const squatterLogin = await client().login(email, PASSWORD);
      expect(squatterLogin.statusCode === 200 ? squatterLogin.json<{ user: { role: string } }>().user.role : 'none').not.toBe(
        'admin',
      );
      // The operator signs in with ADMIN_PASSWORD to the account, now verified and admin.
      const operator = await client().login(email, 'the admin passphrase');
      expect(operator.statusCode).toBe(200);
      expect(operator.json()).toMatchObject({ user: { role: 'admin', emailVerified: true } });
    });
  });

  describe('verify-email', () => {
    it('verifies with the mailed token once; a used, unknown or expired token is 400', async () => {
      const { c, email } = await signUp();
      const token = await tokenMailedTo(db(), email, '/verify-email');
      const ok = await client().post('/api/auth/verify-email', { token });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ user: { email, emailVerified: true } });
      expect((await c.get('/api/auth/me')).json()).toMatchObject({ user: { emailVerified: true } });
      for (const bad of [token, 'not-a-token-at-all']) {
        const res = await client().post('/api/auth/verify-email', { token: bad });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'validation_failed' });
      }
      const late = await signUp();
      const lateToken = await tokenMailedTo(db(), late.email, '/verify-email');
      await db()
        .updateTable('account_tokens')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .execute();
      expect((await client().post('/api/auth/verify-email', { token: lateToken })).statusCode).toBe(400);
      expect((await findUserByEmail(db(), late.email))?.email_verified).toBe(0);
    });

    it('accepts one of two concurrent uses of a token', async () => {
      const { email } = await signUp();
      const token = await tokenMailedTo(db(), email, '/verify-email');
      const answers = await Promise.all([1, 2, 3].map(() => client().post('/api/auth/verify-email', { token })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 400, 400]);
    });

    it('resends: the first always, at most 3 an hour, only signed in, and nothing once verified', async () => {
      const { c, email } = await signUp();
      expect((await client().post('/api/auth/verify-email/resend')).statusCode).toBe(401);
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await c.post('/api/auth/verify-email/resend')).statusCode);
      expect(codes).toEqual([204, 204, 204, 429]);
      expect((await accountEmailsTo(db(), email)).filter((m) => m.kind === 'verify_email')).toHaveLength(4);
      // Every link sent still works until one is used.
      const token = await tokenMailedTo(db(), email, '/verify-email');
      expect((await client().post('/api/auth/verify-email', { token })).statusCode).toBe(200);
      const verified = await signUp();
      await client().post('/api/auth/verify-email', { token: await tokenMailedTo(db(), verified.email, '/verify-email') });
      expect((await verified.c.post('/api/auth/verify-email/resend')).statusCode).toBe(204);
      expect(await accountEmailsTo(db(), verified.email)).toHaveLength(1);
    });
    it("mails the owner's first resend even after strangers asked password resets for the address", async () => {
      // Anonymous password-reset requests spend the recipient's mail budget (5 an hour): they must
      // not keep the signed-in owner from getting the verification link they ask for.
      const { c, email } = await signUp();
      for (let i = 0; i < 4; i++) expect((await client().post('/api/auth/password-reset', { email })).statusCode).toBe(204);
      const before = (await accountEmailsTo(db(), email)).filter((m) => m.kind === 'verify_email').length;
      expect((await c.post('/api/auth/verify-email/resend')).statusCode).toBe(204);
      expect((await accountEmailsTo(db(), email)).filter((m) => m.kind === 'verify_email')).toHaveLength(before + 1);
    });
  });

  describe('password reset', () => {
    it('answers 204 for any address and mails a 1-hour link only to a known one', async () => {
      const unknown = uniqueEmail('nobody');
      expect((await client().post('/api/auth/password-reset', { email: unknown })).statusCode).toBe(204);
      expect(await accountEmailsTo(db(), unknown)).toEqual([]);
      const { email } = await signUp();
      expect((await client().post('/api/auth/password-reset', { email: email.toUpperCase() })).statusCode).toBe(204);
      const token = await tokenMailedTo(db(), email, '/reset-password');
      expect((await accountEmailsTo(db(), email)).at(-1)?.body).toContain(
        `https://tickets.example/reset-password?token=${token}`,
      );
      const row = await db()
        .selectFrom('account_tokens')
        .selectAll()
        .where('purpose', '=', 'password_reset')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      const minutes = (Date.parse(row.expires_at) - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(59);
      expect(minutes).toBeLessThanOrEqual(60);
    });

    it('sets the new password once, ends every session, and keeps the token on a weak password', async () => {
      const { c, email } = await signUp();
      const elsewhere = client();
      expect((await elsewhere.login(email, PASSWORD)).statusCode).toBe(200);
      await client().post('/api/auth/password-reset', { email });
      const token = await tokenMailedTo(db(), email, '/reset-password');
      const weak = await client().post('/api/auth/password-reset/confirm', { token, newPassword: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/newPassword');
      const answers = await Promise.all(
        [1, 2].map(() => client().post('/api/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD })),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([204, 400]);
      expect((await c.get('/api/auth/me')).statusCode).toBe(401);
      expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
      expect((await client().login(email, PASSWORD)).statusCode).toBe(401);
      expect((await client().login(email, NEW_PASSWORD)).statusCode).toBe(200);
      expect(
        (await client().post('/api/auth/password-reset/confirm', { token: 'garbage', newPassword: NEW_PASSWORD })).statusCode,
      ).toBe(400);
    });
  });

  describe('PATCH /api/auth/me', () => {
    it('changes the name and language, and refuses bad ones changing nothing', async () => {
      const { c } = await signUp();
      const ok = await c.patch('/api/auth/me', { name: '  Ana Maria  ', locale: 'ro' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ user: { name: 'Ana Maria', locale: 'ro' } });
      for (const [body, path] of [
        [{ name: 'Line\nbreak' }, '/name'],
        [{ name: '' }, '/name'],
        [{ locale: 'fr' }, '/locale'],
        [{ role: 'admin' }, '/role'],
      ] as const) {
        const res = await c.patch('/api/auth/me', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(path);
      }
      expect((await c.get('/api/auth/me')).json()).toMatchObject({ user: { name: 'Ana Maria', locale: 'ro', role: 'user' } });
      expect((await client().patch('/api/auth/me', { name: 'X' })).statusCode).toBe(401);
    });
  });
});
