/** Session lookups shared by concurrent requests: each gets its own session, and a revocation is never missed. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseSessionStore } from '../../src/accounts/sessions.js';
import { nowIso } from '../../src/db/dialect.js';
import type { Database } from '../../src/db/schema.js';
import { backends } from '../support/backends.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('session lookups on %s', (backend) => {
  let env: TestEnvironment;
  let db: Kysely<Database>;
  let queries = 0;

  const newUser = async (name: string) => {
    const id = randomUUID();
    await env.database.db
      .insertInto('users')
      .values({
        id,
        email: `${id}@example.com`,
        email_normalized: `${id}@example.com`,
        name,
        password_hash: 'x',
        role: 'user',
        disabled: 0,
        created_at: nowIso(),
        updated_at: nowIso(),
      })
      .execute();
    return id;
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    // The same database, counting the queries sent through it.
    db = env.database.db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
  });
  afterAll(() => env.close());

  it('answers many concurrent lookups, each with its own user, in far fewer queries', async () => {
    const store = new DatabaseSessionStore(db);
    const users = await Promise.all(Array.from({ length: 60 }, (_, i) => newUser(`user ${i}`)));
    const sessions = await Promise.all(users.map((id) => store.create(id, { userAgent: null, ip: null })));
    queries = 0;
    const tokens = [...sessions.map((s) => s.token), sessions[0]?.token ?? '', 'no such token'];
    const found = await Promise.all(tokens.map((t) => store.findWithUser(t)));
    expect(found.slice(0, users.length).map((f) => f?.user.id)).toEqual(users);
    expect(found.slice(0, users.length).map((f) => f?.user.name)).toEqual(users.map((_, i) => `user ${i}`));
    expect(found[users.length]?.user.id).toBe(users[0]);
    expect(found[users.length + 1]).toBeUndefined();
    expect(queries).toBeLessThan(10);
  });

  it('never answers a lookup begun after a revocation with the revoked session', async () => {
    const store = new DatabaseSessionStore(db);
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => newUser(`other ${i}`)));
    const sessions = await Promise.all(users.map((id) => store.create(id, { userAgent: null, ip: null })));
    for (let round = 0; round < 5; round++) {
      const victim = (await store.create(users[0] ?? '', { userAgent: null, ip: null })).token;
      expect((await store.findWithUser(victim))?.user.id).toBe(users[0]);
      // Lookups in flight, the victim's among them, while the revocation commits.
      const busy = Promise.all([victim, ...sessions.map((s) => s.token)].map((t) => store.findWithUser(t)));
      await store.revoke(victim);
      expect(await store.findWithUser(victim)).toBeUndefined();
      await busy;
    }
    expect((await store.findWithUser(sessions[1]?.token ?? ''))?.user.id).toBe(users[1]);
  });
});
