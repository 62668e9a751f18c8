/**
 * Tickets that change hands (issue 19): a buyer gives one ticket to someone else's account.
 *
 * - tickets.holder_id: whose account holds the ticket now; null = the buyer (every ticket sold so
 *   far), so nothing existing changes meaning and the reservation's reads stay as they were.
 * - tickets.qr_generation: signed into the QR code from the first transfer on (tickets/ticket-signer.ts,
 *   "IT2"); check-in admits a code only when its generation is the ticket's current one, so a code
 *   printed before a transfer answers `not_valid`, online and on an offline device (the snapshot
 *   carries the generation). 0 = the original "IT1" code, so every code already printed still works.
 * - ticket_transfers: one row per transfer, with the short code the ticket had before, so that a
 *   typed old short code is recognised and refused as `not_valid` rather than answered as unknown.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  // No foreign key: SQLite cannot drop a column that has one (down), and accounts are disabled,
  // never deleted, so the id always names a user.
  await db.schema.alterTable('tickets').addColumn('holder_id', 'text').execute();
  await db.schema
    .alterTable('tickets')
    .addColumn('qr_generation', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // "Tickets I received": a partial index, since almost every ticket is still its buyer's.
  await db.schema
    .createIndex('tickets_holder_idx')
    .on('tickets')
    .column('holder_id')
    .where('holder_id', 'is not', null)
    .execute();
  await db.schema
    .createTable('ticket_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('from_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('to_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('to_email', 'text', (c) => c.notNull())
    .addColumn('old_short_code', 'text')
    .addColumn('old_generation', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_transfers_ticket_idx')
    .on('ticket_transfers')
    .columns(['ticket_id', 'created_at'])
    .execute();
  // A short code is never issued twice (tickets.short_code is unique and a retired one stays here),
  // so this lookup names at most one ticket.
  await db.schema.createIndex('ticket_transfers_old_short_code_idx').on('ticket_transfers').column('old_short_code').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Without generations a transferred ticket's stored "IT2" code would name one nobody admits:
  // cleared, it is signed again as its "IT1" code on its next read (tickets/ticket-qr.ts).
  await sql`update tickets set qr = null where qr_generation > 0`.execute(db);
  await db.schema.dropTable('ticket_transfers').execute();
  await db.schema.dropIndex('tickets_holder_idx').execute();
  await db.schema.alterTable('tickets').dropColumn('qr_generation').execute();
  await db.schema.alterTable('tickets').dropColumn('holder_id').execute();
}
