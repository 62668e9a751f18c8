/**
 * Thousands of distinct signed-in buyers without thousands of argon2 registrations: users are
 * written straight into the database (one shared password hash) with their sessions, in the
 * sessions table the server reads (with or without Redis).
 * Each buyer then fetches its own CSRF token over HTTP, as the web app does before a POST.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../../server/src/accounts/passwords.js';
import { SESSION_ABSOLUTE_MS, hashToken } from '../../server/src/accounts/sessions.js';
import type { Database } from '../../server/src/db/schema.js';
import { cookiesOf } from '../load/http-connection.js';
import { drive } from '../load/drive.js';

export interface Buyer {
  userId: string;
  /**
   * The cookie and x-csrf-token headers every POST of this buyer carries, and the buyer's own
   * client address as a load balancer would forward it: a crowd, not one address, so the
   * per-address hold limit is not what is measured (the server trusts it from loopback only).
   */
  headers: { cookie: string; 'x-csrf-token': string; 'x-forwarded-for': string };
}

const BATCH = 500;
const CSRF_CONNECTIONS = 50;
const CSRF_MAX_MS = 120_000;

/** Inserts `count` users and a session for each; answers their ids and session tokens. */
export async function createSignedInUsers(db: Kysely<Database>, count: number): Promise<{ userId: string; token: string }[]> {
  const passwordHash = await hashPassword('a bench buyer password');
  const now = new Date();
  const created = now.toISOString();
  const expires = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
  const run = randomBytes(4).toString('hex');
  const users = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    email: `buyer-${run}-${i}@bench.example.com`,
    token: randomBytes(32).toString('base64url'),
  }));
  for (let i = 0; i < users.length; i += BATCH) {
    const batch = users.slice(i, i + BATCH);
    await db
      .insertInto('users')
      .values(
        batch.map((u) => ({
          id: u.id,
          email: u.email,
          email_normalized: u.email,
          name: `Buyer ${u.email.split('@')[0] ?? ''}`,
          password_hash: passwordHash,
          role: 'user' as const,
          disabled: 0,
          // Each buyer is a distinct verified account: unverified ones may not reserve.
          email_verified: 1,
          created_at: created,
          updated_at: created,
        })),
      )
      .execute();
    await db
      .insertInto('sessions')
      .values(
        batch.map((u) => ({
          id_hash: hashToken(u.token),
          user_id: u.id,
          created_at: created,
          last_seen_at: created,
          expires_at: expires,
          user_agent: 'iatichet-bench',
          ip: '127.0.0.1',
        })),
      )
      .execute();
  }
  return users.map((u) => ({ userId: u.id, token: u.token }));
}

/** Every user fetches GET /api/auth/csrf with its session cookie and keeps the cookie and token. */
export async function fetchCsrfTokens(ports: number[], users: { userId: string; token: string }[]): Promise<Buyer[]> {
  const buyers: (Buyer | undefined)[] = new Array<Buyer | undefined>(users.length);
  const result = await drive({
    ports,
    connections: Math.min(CSRF_CONNECTIONS, users.length),
    jobs: users.length,
    maxDurationMs: CSRF_MAX_MS,
    job: async ({ index, timed }) => {
      const user = users[index];
      if (user === undefined) return;
      const session = `iat_session=${user.token}`;
      const response = await timed('csrf', { method: 'GET', path: '/api/auth/csrf', headers: { cookie: session } });
      if (response?.status !== 200) return;
      const token = (JSON.parse(response.body.toString('utf8')) as { token: string }).token;
      const cookie = [session, ...cookiesOf(response)].join('; ');
      const address = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
      buyers[index] = { userId: user.userId, headers: { cookie, 'x-csrf-token': token, 'x-forwarded-for': address } };
    },
  });
  const ready = buyers.filter((b): b is Buyer => b !== undefined);
  if (ready.length !== users.length) {
    const stats = result.recorder.stats('csrf');
    throw new Error(
      `only ${ready.length} of ${users.length} buyers got a CSRF token (statuses ${JSON.stringify(stats.statuses)}; ${result.recorder.errors.join('; ')})`,
    );
  }
  return ready;
}
