/**
 * Seating at scale (issue 22).
 *
 * - event_seats gains the drawn layout's `x`, `y` (0–1000 plane, null for grid layouts),
 *   `accessible` ('wheelchair' | 'companion' | null), `row_rank` (best available: lower is
 *   better; null = layout order) and `version`: when the seat's status last changed, in
 *   milliseconds since the epoch, set by the statement that changes it. GET .../seats?since=
 *   reads the seats with a version after (a margin before) the caller's, through the
 *   (event_id, version) index, so no per-event counter row is locked on the hold path.
 * - events.layout_json: the event's own copy of its venue's layout, taken when the event is
 *   made (standing areas, drawing fields); editing the venue later never changes an event on
 *   sale. Existing reserved events are backfilled from their venue's current layout.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('event_seats').addColumn('x', 'real').execute();
  await db.schema.alterTable('event_seats').addColumn('y', 'real').execute();
  await db.schema
    .alterTable('event_seats')
    .addColumn('accessible', 'text', (c) => c.check(sql`accessible in ('wheelchair', 'companion')`))
    .execute();
  await db.schema.alterTable('event_seats').addColumn('row_rank', 'integer').execute();
  await db.schema
    .alterTable('event_seats')
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('event_seats_version_idx').on('event_seats').columns(['event_id', 'version']).execute();
  await db.schema.alterTable('events').addColumn('layout_json', 'text').execute();
  await sql`update events set layout_json = (select layout_json from venues where venues.id = events.venue_id)
    where seating = 'reserved'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').dropColumn('layout_json').execute();
  await db.schema.dropIndex('event_seats_version_idx').execute();
  for (const column of ['version', 'row_rank', 'accessible', 'y', 'x'])
    await db.schema.alterTable('event_seats').dropColumn(column).execute();
}
