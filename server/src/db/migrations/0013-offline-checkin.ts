/**
 * Offline check-in: every scan a device queued while offline and synced later, once per scan id.
 * The primary key on `scan_id` makes a replayed sync answer what the first one did, whatever races;
 * `conflict` marks a scan its device admitted offline that the server found already admitted, with
 * the admitting scan's device and time, so the duplicate is shown and never merged away.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .createTable('checkin_sync_scans')
    .addColumn('scan_id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id').onDelete('cascade'))
    .addColumn('scanned_by', 'text', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('scanned_at', t.timestamp, (c) => c.notNull())
    .addColumn('received_at', t.timestamp, (c) => c.notNull())
    .addColumn('result', 'text', (c) =>
      c.notNull().check(sql`result in ('ok', 'already_checked_in', 'invalid', 'wrong_event', 'not_valid')`),
    )
    .addColumn('conflict', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`conflict in (0, 1)`),
    )
    .addColumn('first_device_id', 'text')
    .addColumn('first_scanned_at', t.timestamp)
    .execute();
  // One offline admission per ticket: the database refuses a second `ok` whatever races above it.
  await db.schema
    .createIndex('checkin_sync_scans_ok_idx')
    .unique()
    .on('checkin_sync_scans')
    .column('ticket_id')
    .where(sql.ref('result'), '=', 'ok')
    .execute();
  await db.schema
    .createIndex('checkin_sync_scans_conflict_idx')
    .on('checkin_sync_scans')
    .columns(['event_id', 'conflict', 'received_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('checkin_sync_scans').execute();
}
