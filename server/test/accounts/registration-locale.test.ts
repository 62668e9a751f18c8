/**
 * A new account's language, and so its verification email's: the one asked for, else the
 * browser's (by quality), else DEFAULT_LOCALE, never English by default on a Romanian site.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { accountEmailsTo } from '../support/account-emails.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('registration language on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({ DEFAULT_LOCALE: 'ro' }, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  const register = async (headers: Record<string, string>, ip: string) => {
    const email = uniqueEmail('lang');
    const res = await new TestClient(app, ip).post(
      '/api/auth/register',
      { email, password: 'a long enough passphrase', name: 'Ana Pop' },
      { headers },
    );
    expect(res.statusCode, res.body).toBe(201);
    const [mail] = await accountEmailsTo(env.database.db, email);
    return { user: res.json<{ user: { locale: string } }>().user, mail };
  };

  it('falls back to DEFAULT_LOCALE, not English, when the browser names neither language', async () => {
    const german = await register({ 'accept-language': 'de-DE,de;q=0.9' }, '10.71.0.1');
    expect(german.user.locale).toBe('ro');
    expect(german.mail?.subject).toBe('Confirmați adresa de email pentru iaTichet');
    const none = await register({}, '10.71.0.2');
    expect(none.user.locale).toBe('ro');
  });

  it("reads the browser's preference by quality: a language it refuses (q=0) is not chosen", async () => {
    const refused = await register({ 'accept-language': 'ro;q=0, en;q=0.5' }, '10.71.0.3');
    expect(refused.user.locale).toBe('en');
    expect(refused.mail?.subject).toBe('Confirm your email address for iaTichet');
  });
});
