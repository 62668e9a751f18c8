/**
 * Invoices and credit notes (issue 18).
 *
 * - reservations.billing_json: the buyer's billing details for the invoice ({ name, company, vatId,
 *   address, country }), set before paying; null = the account's name and email are printed.
 * - invoice_counters: one row per (organizer, year of issue). A payment's transaction claims the
 *   next number with one atomic `update ... set last_seq = last_seq + 1 returning`, so numbers are
 *   gap-free (a rolled-back payment gives its number back with the rest) and unique across
 *   instances; never max()+1.
 * - invoices: invoices and credit notes of one series per organizer and year. Everything printed
 *   is a snapshot taken when it was issued (seller, buyer, lines, tax summary, locale), so a later
 *   change of the organizer's legal details or of a ticket price never rewrites a legal document.
 *   The database holds the invariants: one number per (organizer, year, seq), a number once, one
 *   invoice and at most one credit note per reservation, and a credit note always refers to one.
 *   Rows are never deleted (restrict on every parent).
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema.alterTable('reservations').addColumn('billing_json', 'text').execute();

  await db.schema
    .createTable('invoice_counters')
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id').onDelete('restrict'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`last_seq >= 0`),
    )
    .addPrimaryKeyConstraint('invoice_counters_pk', ['organizer_id', 'year'])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id').onDelete('restrict'))
    .addColumn('reservation_id', 'text', (c) => c.notNull().references('reservations.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invoice', 'credit_note')`))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq > 0`))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('refers_to', 'text', (c) => c.references('invoices.id').onDelete('restrict'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('net_cents', 'integer', (c) => c.notNull())
    .addColumn('tax_cents', 'integer', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('seller_json', 'text', (c) => c.notNull())
    .addColumn('buyer_json', 'text', (c) => c.notNull())
    .addColumn('lines_json', 'text', (c) => c.notNull())
    .addColumn('taxes_json', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('issued_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('invoices_series_unique', ['organizer_id', 'year', 'seq'])
    .addUniqueConstraint('invoices_reservation_kind_unique', ['reservation_id', 'kind'])
    .addCheckConstraint('invoices_credit_note_refers', sql`(kind = 'invoice') = (refers_to is null)`)
    .execute();
  await db.schema.createIndex('invoices_issued_idx').on('invoices').columns(['issued_at', 'id']).execute();
  await db.schema
    .createIndex('invoices_organizer_issued_idx')
    .on('invoices')
    .columns(['organizer_id', 'issued_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invoices').execute();
  await db.schema.dropTable('invoice_counters').execute();
  await db.schema.alterTable('reservations').dropColumn('billing_json').execute();
}
