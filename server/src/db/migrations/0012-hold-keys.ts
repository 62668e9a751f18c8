/**
 * Idempotency keys of holds, written in the hold's own transaction (reservations/hold-keys.ts): a
 * key names either the reservation its hold made or the refusal it was answered with, never
 * neither. One row per user and key: the primary key is what makes the database refuse a second
 * hold for one key however many identical requests race. The reference to the reservation is
 * checked at commit (deferred), because the key is claimed before the hold's rows are written:
 * claiming first is what lets a concurrent duplicate wait for the first and then see it.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .createTable('hold_keys')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('reservation_id', 'text', (c) =>
      c
        .references('reservations.id')
        .onDelete('cascade')
        .modifyEnd(sql`deferrable initially deferred`),
    )
    .addColumn('status_code', 'integer')
    .addColumn('response_json', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('hold_keys_pk', ['user_id', 'key'])
    .addCheckConstraint(
      'hold_keys_outcome_check',
      sql`(reservation_id is not null and status_code is null and response_json is null) or (reservation_id is null and status_code is not null and response_json is not null)`,
    )
    .execute();
  // The sweeper forgets keys after a day.
  await db.schema.createIndex('hold_keys_created_idx').on('hold_keys').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hold_keys').execute();
}
