/**
 * When the doors open: an optional instant before the event's start, shown on the event page, the
 * ticket PDF and the confirmation email in the event's zone. Null for every existing event (no
 * such data was kept), and the database refuses doors after the start.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);
  await db.schema.alterTable('events').addColumn('doors_at', t.timestamp).execute();
  // SQLite cannot add a constraint to an existing table; the domain check (catalog/events.ts) holds
  // there, and PostgreSQL enforces it as well.
  if (dialect === 'postgres')
    await sql`alter table events add constraint events_doors_before_start check (doors_at is null or doors_at <= starts_at)`.execute(
      db,
    );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`alter table events drop constraint events_doors_before_start`.execute(db);
  await db.schema.alterTable('events').dropColumn('doors_at').execute();
}
