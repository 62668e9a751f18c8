/**
 * Verified email and language on users, and the one-time tokens that verification and password
 * reset mail out (stored only as a SHA-256 hash, single use, with an expiry).
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .alterTable('users')
    .addColumn('email_verified', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`email_verified in (0, 1)`),
    )
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('locale', 'text', (c) =>
      c
        .notNull()
        .defaultTo('en')
        .check(sql`locale in ('en', 'ro')`),
    )
    .execute();
  // People who had accounts before verification existed have bought and been mailed tickets at
  // that address: they are not asked to prove it again. Accounts made from now on start unverified.
  await sql`update users set email_verified = 1`.execute(db);

  await db.schema
    .createTable('account_tokens')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('verify_email', 'password_reset')`))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .execute();
  await db.schema.createIndex('account_tokens_user_idx').on('account_tokens').columns(['user_id', 'purpose']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_tokens').execute();
  await db.schema.alterTable('users').dropColumn('locale').execute();
  await db.schema.alterTable('users').dropColumn('email_verified').execute();
}
