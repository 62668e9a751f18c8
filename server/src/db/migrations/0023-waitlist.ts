/**
 * Waiting lists (issue 19, first half).
 *
 * - waitlist_entries: one row per person waiting for one ticket type. `status` moves waiting →
 *   offered (a pending reservation was made for it, `reservation_id`) → fulfilled | expired |
 *   cancelled; waiting → cancelled when they leave. The order is `seq`, numbered per type under
 *   the type's counter lock (joins take it in turn), so two joins in one millisecond still keep
 *   the order they were accepted in. A partial
 *   unique index allows one live entry (waiting or offered) per user and type, so two joins at
 *   once cannot both succeed.
 * - ticket_types.waitlist_waiting: how many entries of the type are `waiting`. Kept in the same
 *   transaction as every entry's status change, under the type's counter lock; while it is above
 *   0 the inventory's public claim refuses the type's free tickets (they belong to the list), so
 *   a type with no list pays nothing but one more predicate on the row it already updates.
 * - events.waitlist_enabled (default on) and waitlist_offer_minutes (null: WAITLIST_OFFER_MINUTES).
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .createTable('waitlist_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('ticket_type_id', 'text', (c) => c.notNull().references('ticket_types.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('waiting', 'offered', 'fulfilled', 'expired', 'cancelled')`),
    )
    .addColumn('reservation_id', 'text', (c) => c.references('reservations.id').onDelete('set null'))
    .addColumn('offered_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await sql`create unique index waitlist_entries_live_idx on waitlist_entries (user_id, ticket_type_id)
    where status in ('waiting', 'offered')`.execute(db);
  await db.schema
    .createIndex('waitlist_entries_order_idx')
    .on('waitlist_entries')
    .columns(['ticket_type_id', 'seq'])
    .unique()
    .execute();
  await sql`create index waitlist_entries_queue_idx on waitlist_entries (ticket_type_id, seq)
    where status = 'waiting'`.execute(db);
  await db.schema.createIndex('waitlist_entries_event_idx').on('waitlist_entries').columns(['event_id', 'created_at']).execute();
  // What the sweep settles: offers whose reservation has since been paid, expired or cancelled.
  await sql`create index waitlist_entries_offered_idx on waitlist_entries (reservation_id)
    where status = 'offered'`.execute(db);
  await db.schema
    .alterTable('ticket_types')
    .addColumn('waitlist_waiting', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`waitlist_waiting >= 0`),
    )
    .execute();
  await db.schema
    .alterTable('events')
    .addColumn('waitlist_enabled', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`waitlist_enabled in (0, 1)`),
    )
    .execute();
  await db.schema
    .alterTable('events')
    .addColumn('waitlist_offer_minutes', 'integer', (c) => c.check(sql`waitlist_offer_minutes between 1 and 10080`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').dropColumn('waitlist_offer_minutes').execute();
  await db.schema.alterTable('events').dropColumn('waitlist_enabled').execute();
  await db.schema.alterTable('ticket_types').dropColumn('waitlist_waiting').execute();
  await db.schema.dropTable('waitlist_entries').execute();
}
