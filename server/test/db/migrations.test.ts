/** One migration set runs on SQLite and PostgreSQL alike, and the invariants hold on both. */
import { randomUUID } from 'node:crypto';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { nowIso } from '../../src/db/dialect.js';
import { backends } from '../support/backends.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('migrations on %s', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());

  it('applies every migration, and a second run applies nothing', async () => {
    const migrations = await new Migrator({ db: env.database.db, provider: migrationProvider }).getMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.every((m) => m.executedAt !== undefined)).toBe(true);
    expect(await migrateToLatest(env.database.db)).toEqual([]);
  });

  it('stores and returns times as ISO strings on both dialects', async () => {
    const at = '2027-03-01T19:00:00.000Z';
    const id = randomUUID();
    await env.database.db
      .insertInto('users')
      .values({
        id,
        email: 'Time@Example.com',
        email_normalized: `time-${id}@example.com`,
        name: 'T',
        password_hash: 'x',
        role: 'user',
        disabled: 0,
        created_at: at,
        updated_at: nowIso(),
      })
      .execute();
    const row = await env.database.db
      .selectFrom('users')
      .select(['created_at', 'disabled'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.created_at).toBe(at);
    expect(row.disabled).toBe(0);
  });

  it('enforces unique emails, valid roles and foreign keys in the schema', async () => {
    const base = { name: 'U', password_hash: 'x', disabled: 0, created_at: nowIso(), updated_at: nowIso() };
    await env.database.db
      .insertInto('users')
      .values({ ...base, id: randomUUID(), email: 'dup@example.com', email_normalized: 'dup@example.com', role: 'user' })
      .execute();
    await expect(
      env.database.db
        .insertInto('users')
        .values({ ...base, id: randomUUID(), email: 'DUP@example.com', email_normalized: 'dup@example.com', role: 'user' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      env.database.db
        .insertInto('users')
        .values({
          ...base,
          id: randomUUID(),
          email: 'r@example.com',
          email_normalized: 'r@example.com',
          role: 'emperor' as 'user',
        })
        .execute(),
    ).rejects.toThrow();
    await expect(
      env.database.db
        .insertInto('sessions')
        .values({
          id_hash: randomUUID(),
          user_id: 'no-such-user',
          created_at: nowIso(),
          last_seen_at: nowIso(),
          expires_at: nowIso(),
          user_agent: null,
          ip: null,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('rolls every migration back down and up again', async () => {
    const migrator = new Migrator({ db: env.database.db, provider: migrationProvider });
    const count = (await migrator.getMigrations()).length;
    for (let i = 0; i < count; i++) {
      const { error } = await migrator.migrateDown();
      expect(error).toBeUndefined();
    }
    expect((await migrator.getMigrations()).every((m) => m.executedAt === undefined)).toBe(true);
    const applied = await migrateToLatest(env.database.db);
    expect(applied).toHaveLength(count);
  });
});
