/**
 * Signed tickets and what follows from them: the public keys that ever signed a QR code (so a
 * rotated key still verifies), every check-in scan, and the email outbox the sweeper delivers.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));

  await db.schema
    .createTable('ticket_signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checkin_scans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id').onDelete('cascade'))
    .addColumn('scanned_by', 'text', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('device', 'text')
    .addColumn('result', 'text', (c) =>
      c.notNull().check(sql`result in ('ok', 'already_checked_in', 'invalid', 'wrong_event', 'not_valid')`),
    )
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkin_scans_event_idx').on('checkin_scans').columns(['event_id', 'created_at']).execute();
  await db.schema.createIndex('checkin_scans_ticket_idx').on('checkin_scans').column('ticket_id').execute();

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('reservation_id', 'text', (c) => c.references('reservations.id').onDelete('cascade'))
    .addColumn('attach_tickets', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
    .addColumn('locked_until', t.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .execute();
  await db.schema.createIndex('email_outbox_due_idx').on('email_outbox').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['email_outbox', 'checkin_scans', 'ticket_signing_keys']) await db.schema.dropTable(table).execute();
}
