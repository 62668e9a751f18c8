/**
 * Venues (with an optional seat layout), events, their ticket types and, for reserved seating,
 * one row per seat per event. Keyword search: FTS5 on SQLite, a weighted tsvector with a GIN
 * index on PostgreSQL. The sold/held counters carry their invariant as a CHECK constraint.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);

  await db.schema
    .createTable('venues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addColumn('layout_json', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('restrict'))
    .addColumn('venue_name', 'text', (c) => c.notNull())
    .addColumn('venue_city', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('sales_start_at', t.timestamp)
    .addColumn('sales_end_at', t.timestamp)
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'published', 'cancelled')`),
    )
    .addColumn('seating', 'text', (c) => c.notNull().check(sql`seating in ('general', 'reserved')`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('poster_key', 'text')
    .addColumn('max_tickets_per_order', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(10)
        .check(sql`max_tickets_per_order between 1 and 100`),
    )
    .addColumn('price_from_cents', 'integer')
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(0))
    // Search text with diacritics folded ("Iași" is found by "iasi"), written by the app.
    .addColumn('search_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search_place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('events_time_order', sql`ends_at >= starts_at`)
    .execute();
  await db.schema.createIndex('events_status_start_idx').on('events').columns(['status', 'starts_at', 'id']).execute();
  await db.schema.createIndex('events_status_price_idx').on('events').columns(['status', 'price_from_cents', 'id']).execute();
  await db.schema.createIndex('events_venue_idx').on('events').column('venue_id').execute();
  await db.schema.createIndex('events_category_idx').on('events').columns(['category', 'starts_at']).execute();

  await db.schema
    .createTable('ticket_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull().check(sql`price_cents >= 0`))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addColumn('seat_category', 'text')
    .addColumn('sold', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    // Never oversell: the database itself refuses a counter update past capacity.
    .addCheckConstraint('ticket_types_counters', sql`sold >= 0 and held >= 0 and sold + held <= capacity`)
    .execute();
  await db.schema.createIndex('ticket_types_event_idx').on('ticket_types').columns(['event_id', 'sort_order']).execute();

  await db.schema
    .createTable('event_seats')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('ticket_type_id', 'text', (c) => c.notNull().references('ticket_types.id').onDelete('cascade'))
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('row_label', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('free')
        .check(sql`status in ('free', 'held', 'sold')`),
    )
    // One column, one reservation: a seat cannot belong to two live reservations.
    .addColumn('reservation_id', 'text')
    .addCheckConstraint('event_seats_holder', sql`(status = 'free') = (reservation_id is null)`)
    .addUniqueConstraint('event_seats_place', ['event_id', 'section', 'row_label', 'number'])
    .execute();
  await db.schema.createIndex('event_seats_event_idx').on('event_seats').columns(['event_id', 'position']).execute();
  await db.schema.createIndex('event_seats_reservation_idx').on('event_seats').column('reservation_id').execute();

  if (dialect === 'postgres') {
    await sql`alter table events add column search_vector tsvector generated always as (
      setweight(to_tsvector('simple', search_title), 'A') ||
      setweight(to_tsvector('simple', search_place), 'B') ||
      setweight(to_tsvector('simple', search_body), 'C')
    ) stored`.execute(db);
    await sql`create index events_search_idx on events using gin (search_vector)`.execute(db);
  } else {
    await sql`create virtual table events_fts using fts5(
      event_id unindexed, title, venue, description, tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`drop table if exists events_fts`.execute(db);
  await db.schema.dropTable('event_seats').execute();
  await db.schema.dropTable('ticket_types').execute();
  await db.schema.dropTable('events').execute();
  await db.schema.dropTable('venues').execute();
}
