/** Migration 0007 on a populated database: the people who had accounts before it are verified. */
import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { backends } from '../support/backends.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('migration 0007-account-verification on %s', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());

  it('marks existing users verified, in English, and new ones unverified by default', async () => {
    const migrator = new Migrator({ db: env.database.db, provider: migrationProvider });
    const down = await migrator.migrateTo('0006-reservation-expiry-index');
    expect(down.error).toBeUndefined();
    const id = randomUUID();
    const now = new Date().toISOString();
    // Written as the schema before 0007 had it: no verification or language columns.
    await sql`insert into users (id, email, email_normalized, name, password_hash, role, disabled, created_at, updated_at)
      values (${id}, 'old@example.com', 'old@example.com', 'Old Buyer', 'x', 'user', 0, ${now}, ${now})`.execute(env.database.db);
    const up = await migrator.migrateTo('0007-account-verification');
    expect(up.error).toBeUndefined();
    const old = await env.database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(old).toMatchObject({ email_verified: 1, locale: 'en' });
    const fresh = randomUUID();
    await sql`insert into users (id, email, email_normalized, name, password_hash, role, disabled, created_at, updated_at)
      values (${fresh}, 'new@example.com', 'new@example.com', 'New', 'x', 'user', 0, ${now}, ${now})`.execute(env.database.db);
    const created = await env.database.db.selectFrom('users').selectAll().where('id', '=', fresh).executeTakeFirstOrThrow();
    expect(created).toMatchObject({ email_verified: 0, locale: 'en' });
    await expect(
      env.database.db
        .updateTable('users')
        .set({ locale: 'fr' as 'en' })
        .where('id', '=', fresh)
        .execute(),
    ).rejects.toThrow();
  });
});
