/**
 * The waiting room (issue 20).
 *
 * - events gain the queue settings: queue_enabled (0/1, default off), queue_opens_at,
 *   queue_admit_per_minute (null: automatic, from what is left and held) and queue_pass_minutes.
 * - queue_states: one row per event whose room has had a visitor. It is the room's lock and clock:
 *   every join bumps next_seq on it (so joins and the draw take it in turn, and a join never slips
 *   between the draw's read and its write), the draw sets seed/drawn_at once (a guarded update:
 *   `where drawn_at is null`), and admission moves admitted_through forward by compare-and-set.
 *   `placed_through` is the last position handed out (drawn, then later arrivals).
 * - queue_entries: one place per (event, user) by a unique index; `seq` is the arrival order,
 *   `position` stays null for early joiners until the draw and is unique per event once set.
 * - queue_challenges: proof-of-work challenges already spent. The primary key makes "first use
 *   wins" atomic on every instance; rows past expires_at are deleted by the admission loop.
 * - queue_leases: who runs the admission loop; a holder that stops renewing loses it at expires_at
 *   (epoch ms, compared as numbers on both dialects).
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .alterTable('events')
    .addColumn('queue_enabled', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`queue_enabled in (0, 1)`),
    )
    .execute();
  await db.schema.alterTable('events').addColumn('queue_opens_at', t.timestamp).execute();
  await db.schema
    .alterTable('events')
    .addColumn('queue_admit_per_minute', 'integer', (c) => c.check(sql`queue_admit_per_minute between 1 and 100000`))
    .execute();
  await db.schema
    .alterTable('events')
    .addColumn('queue_pass_minutes', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(15)
        .check(sql`queue_pass_minutes between 1 and 240`),
    )
    .execute();

  await db.schema
    .createTable('queue_states')
    .addColumn('event_id', 'text', (c) => c.primaryKey().references('events.id').onDelete('cascade'))
    .addColumn('phase', 'text', (c) =>
      c
        .notNull()
        .defaultTo('gathering')
        .check(sql`phase in ('gathering', 'admitting', 'sold_out')`),
    )
    .addColumn('next_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seed', 'text')
    .addColumn('drawn_at', t.timestamp)
    .addColumn('drawn_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('placed_through', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('admitted_through', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`admitted_through >= 0`),
    )
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('queue_states_admitted_placed', sql`admitted_through <= placed_through`)
    .execute();

  await db.schema
    .createTable('queue_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.check(sql`position >= 1`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('waiting', 'admitted', 'sold_out')`))
    .addColumn('admitted_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint(
      'queue_entries_admitted_placed',
      sql`status <> 'admitted' or (position is not null and admitted_at is not null)`,
    )
    .execute();
  await db.schema.createIndex('queue_entries_user_idx').on('queue_entries').columns(['event_id', 'user_id']).unique().execute();
  await db.schema.createIndex('queue_entries_seq_idx').on('queue_entries').columns(['event_id', 'seq']).unique().execute();
  await db.schema
    .createIndex('queue_entries_position_idx')
    .on('queue_entries')
    .columns(['event_id', 'position'])
    .unique()
    .execute();

  await db.schema
    .createTable('queue_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('queue_challenges_expiry_idx').on('queue_challenges').column('expires_at').execute();

  await db.schema
    .createTable('queue_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('queue_leases').execute();
  await db.schema.dropTable('queue_challenges').execute();
  await db.schema.dropTable('queue_entries').execute();
  await db.schema.dropTable('queue_states').execute();
  for (const column of ['queue_pass_minutes', 'queue_admit_per_minute', 'queue_opens_at', 'queue_enabled'])
    await db.schema.alterTable('events').dropColumn(column).execute();
}
