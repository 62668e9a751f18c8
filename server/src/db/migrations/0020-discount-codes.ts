/**
 * Discount and access codes (issue 18).
 *
 * - discount_codes: one row per code of an event. `code` keeps the spelling the organizer gave;
 *   the unique index on (event_id, lower(code)) makes "SUMMER" and "summer" one code, so a
 *   case-insensitive lookup finds at most one row. `uses` counts the live (held) and paid
 *   reservations that used the code: raised by a guarded update in the hold's transaction,
 *   lowered when the reservation's tickets are released (reservations/code-uses.ts). The CHECKs
 *   back the guard: never below 0, never above max_uses (null = unlimited).
 *   ticket_type_ids_json: a JSON array of ticket type ids, empty = every type of the event.
 * - reservations.discount_code_id (0019) now has an index, for the code's uses and its deletion.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .createTable('discount_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('discount', 'access')`))
    .addColumn('percent_off', 'integer', (c) => c.check(sql`percent_off between 1 and 100`))
    .addColumn('amount_off_cents', 'integer', (c) => c.check(sql`amount_off_cents > 0`))
    .addColumn('ticket_type_ids_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('max_uses', 'integer', (c) => c.check(sql`max_uses > 0`))
    .addColumn('uses', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`uses >= 0`),
    )
    .addColumn('valid_from', t.timestamp)
    .addColumn('valid_until', t.timestamp)
    .addColumn('active', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`active in (0, 1)`),
    )
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('discount_codes_uses_within_max', sql`max_uses is null or uses <= max_uses`)
    .addCheckConstraint('discount_codes_one_discount', sql`percent_off is null or amount_off_cents is null`)
    .execute();
  await sql`create unique index discount_codes_event_code_idx on discount_codes (event_id, lower(code))`.execute(db);
  await db.schema.createIndex('reservations_discount_code_idx').on('reservations').column('discount_code_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('reservations_discount_code_idx').execute();
  await sql`update reservations set discount_code_id = null`.execute(db);
  await db.schema.dropTable('discount_codes').execute();
}
