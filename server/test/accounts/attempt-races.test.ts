/**
 * Limits that a crowd cannot race: sign-in, password change and registration count an attempt
 * before the slow argon2 work, so 40 requests sent at once get no more tries than 40 sent in turn.
 * Every argon2 verification goes through a spy, so the tests count real password checks.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '../../src/accounts/passwords.js';
import { backends, redisUrl } from '../support/backends.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

vi.mock('../../src/accounts/passwords.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/accounts/passwords.js')>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const PASSWORD = 'correct horse battery staple';
const verifications = vi.mocked(verifyPassword);

const setups = [
  ...backends.map((backend) => ({ backend, redis: false })),
  ...(redisUrl ? backends.map((backend) => ({ backend, redis: true })) : []),
];

describe.each(setups)('raced limits on $backend (redis: $redis)', ({ backend, redis }) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let ip = 0;
  const client = async () => {
    const c = new TestClient(app, `10.71.${redis ? 1 : 0}.${++ip}`);
    await c.token(); // one CSRF token before a burst, as a browser tab has
    return c;
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend, { redis });
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());
  beforeEach(() => verifications.mockClear());

  it('checks at most 5 of 40 concurrent wrong passwords, then refuses the right one from that address', async () => {
    const email = uniqueEmail('race-login');
    await (await client()).register(email, PASSWORD);
    const attacker = await client();
    verifications.mockClear();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => attacker.login(email, `wrong guess ${i}`)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(verifications.mock.calls.length).toBeLessThanOrEqual(5);
    const right = await attacker.login(email, PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.json()).toMatchObject({ code: 'rate_limited' });
    expect(verifications.mock.calls.length).toBeLessThanOrEqual(5);
  });

  it('lets the owner sign in from another address while the attacking address is locked', async () => {
    const email = uniqueEmail('race-owner');
    await (await client()).register(email, PASSWORD);
    const attacker = await client();
    await Promise.all(Array.from({ length: 40 }, (_, i) => attacker.login(email, `wrong guess ${i}`)));
    expect((await attacker.login(email, PASSWORD)).statusCode).toBe(429);
    expect((await (await client()).login(email, PASSWORD)).statusCode).toBe(200);
  });

  it('locks the account from every address after 50 failures from many addresses in an hour', async () => {
    const email = uniqueEmail('race-global');
    await (await client()).register(email, PASSWORD);
    const attackers = await Promise.all(Array.from({ length: 12 }, () => client()));
    verifications.mockClear();
    await Promise.all(attackers.flatMap((a) => Array.from({ length: 6 }, (_, i) => a.login(email, `spread guess ${i}`))));
    expect(verifications.mock.calls.length).toBeLessThanOrEqual(50);
    const owner = await client();
    const answer = await owner.login(email, PASSWORD);
    expect(answer.statusCode).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets a person sign in with the right password from an address where others mistyped theirs', async () => {
    // API.md limits failures per account-and-address pair and per account: five people behind one
    // address (a venue's Wi-Fi, a carrier's NAT) who each mistype once must not lock out a sixth.
    const shared = `10.73.${redis ? 1 : 0}.${backend === 'sqlite' ? 1 : 2}`;
    const people = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const email = uniqueEmail('shared-ip');
        await (await client()).register(email, PASSWORD);
        const c = new TestClient(app, shared);
        await c.token();
        return { email, c };
      }),
    );
    for (const { email, c } of people.slice(0, 5)) expect((await c.login(email, 'a mistyped password')).statusCode).toBe(401);
    const last = people[5];
    expect((await last?.c.login(last.email, PASSWORD))?.statusCode).toBe(200);
  });

  it('counts wrong passwords from one IPv6 /64 as one address: at most 5 checks from 40 of its addresses', async () => {
    const email = uniqueEmail('race-login6');
    await (await client()).register(email, PASSWORD);
    const subnet = `2001:db8:6:${backend === 'sqlite' ? 1 : 2}${redis ? 1 : 0}`;
    const attackers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const c = new TestClient(app, `${subnet}::${(i + 1).toString(16)}`);
        await c.token();
        return c;
      }),
    );
    verifications.mockClear();
    const answers = await Promise.all(attackers.map((a, i) => a.login(email, `wrong guess ${i}`)));
    expect(answers.filter((a) => a.statusCode === 401).length).toBeLessThanOrEqual(5);
    expect(verifications.mock.calls.length).toBeLessThanOrEqual(5);
    expect((await new TestClient(app, `${subnet}::ffff`).login(email, PASSWORD)).statusCode).toBe(429);
  });

  it('checks at most 100 of 120 concurrent sign-ins sprayed over many accounts from one address', async () => {
    const sprayer = await client();
    verifications.mockClear();
    const answers = await Promise.all(Array.from({ length: 120 }, () => sprayer.login(uniqueEmail('race-spray'), PASSWORD)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(100);
    expect(codes.filter((c) => c === 429)).toHaveLength(20);
    expect(verifications.mock.calls.length).toBe(100);
  });

  it('checks at most 5 of 40 concurrent wrong current passwords on a password change', async () => {
    const email = uniqueEmail('race-pw');
    const owner = await client();
    await owner.register(email, PASSWORD);
    verifications.mockClear();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        owner.post('/api/auth/password', { currentPassword: `wrong current ${i}`, newPassword: 'a brand new passphrase' }),
      ),
    );
    expect(answers.every((a) => a.statusCode === 400 || a.statusCode === 429)).toBe(true);
    expect(verifications.mock.calls.length).toBeLessThanOrEqual(5);
    const right = await owner.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(right.statusCode).toBe(429);
    expect((await (await client()).login(email, PASSWORD)).statusCode).toBe(200);
  });

  it('creates at most 10 accounts from 40 concurrent registrations from one address', async () => {
    const c = await client();
    const prefix = `race-reg-${backend}-${redis ? 'r' : 'm'}`;
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        c.post('/api/auth/register', { email: uniqueEmail(prefix), password: PASSWORD, name: 'R' }),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((code) => code === 201)).toHaveLength(10);
    expect(codes.filter((code) => code === 429)).toHaveLength(30);
    const rows = await env.database.db
      .selectFrom('users')
      .select('id')
      .where('email_normalized', 'like', `${prefix}-%`)
      .execute();
    expect(rows).toHaveLength(10);
  });

  it('counts registrations from one IPv6 /64 as one address, as the request budget does', async () => {
    // A client owns its whole /64 (global-rate-limit.ts clientKey): 20 addresses of it are one client.
    const subnet = `2001:db8:${backend === 'sqlite' ? 1 : 2}:${redis ? 1 : 0}`;
    const prefix = `race-reg6-${backend}-${redis ? 'r' : 'm'}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const c = new TestClient(app, `${subnet}::${(i + 1).toString(16)}`);
        await c.token();
        return c.post('/api/auth/register', { email: uniqueEmail(prefix), password: PASSWORD, name: 'R' });
      }),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(10);
    const rows = await env.database.db
      .selectFrom('users')
      .select('id')
      .where('email_normalized', 'like', `${prefix}-%`)
      .execute();
    expect(rows).toHaveLength(10);
  });
});
