/**
 * Real time: notifications become an outbox. A row is written inside the transaction that caused
 * it; once committed, the real-time layer claims it (`pushed_at`) and pushes it to its user, so a
 * push never announces something that was rolled back and none is lost when an instance dies.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema.alterTable('notifications').addColumn('pushed_at', t.timestamp).execute();
  // Everything stored before real time existed counts as delivered: it is in the list already.
  await sql`update notifications set pushed_at = created_at`.execute(db);
  await db.schema
    .createIndex('notifications_unpushed_idx')
    .on('notifications')
    .column('created_at')
    .where(sql.ref('pushed_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('notifications_unread_idx')
    .on('notifications')
    .column('user_id')
    .where(sql.ref('read_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('notifications_unread_idx').execute();
  await db.schema.dropIndex('notifications_unpushed_idx').execute();
  await db.schema.alterTable('notifications').dropColumn('pushed_at').execute();
}
