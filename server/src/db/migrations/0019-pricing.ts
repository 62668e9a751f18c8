/**
 * Prices that can be discounted and that carry tax (issue 18): the columns every later part of the
 * box office (codes, pay what you want, invoices) reads and writes.
 *
 * - ticket_types.hidden: sold only with an access code that names the type (0 or 1).
 * - ticket_types.min_price_cents: pay what you want, the buyer chooses at least this; null = fixed.
 * - ticket_types.tax_rate: basis points (1900 = 19 %) of the tax the tax-inclusive price contains.
 * - reservations.subtotal_cents, discount_cents, tax_cents: before discount, the discount, and the
 *   tax contained in total_cents; discount_code_id: the code the hold used (codes come in a later
 *   migration, so SQLite has no foreign key here).
 * - reservation_items: one row per ticket type of every reservation, seated ones too, now with the
 *   line's discount and its tax rate as they were when the hold was made. Existing seated
 *   reservations get their rows from their tickets, at their type's price.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('ticket_types')
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('ticket_types').addColumn('min_price_cents', 'integer').execute();
  await db.schema
    .alterTable('ticket_types')
    .addColumn('tax_rate', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const column of ['subtotal_cents', 'discount_cents', 'tax_cents'])
    await db.schema
      .alterTable('reservations')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  await db.schema.alterTable('reservations').addColumn('discount_code_id', 'text').execute();
  await sql`update reservations set subtotal_cents = total_cents`.execute(db);
  for (const column of ['discount_cents', 'tax_rate'])
    await db.schema
      .alterTable('reservation_items')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  await sql`
    insert into reservation_items (reservation_id, ticket_type_id, quantity, unit_price_cents)
    select t.reservation_id, t.ticket_type_id, count(*), min(tt.price_cents)
    from tickets t join ticket_types tt on tt.id = t.ticket_type_id
    where not exists (
      select 1 from reservation_items ri
      where ri.reservation_id = t.reservation_id and ri.ticket_type_id = t.ticket_type_id
    )
    group by t.reservation_id, t.ticket_type_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['discount_cents', 'tax_rate'])
    await db.schema.alterTable('reservation_items').dropColumn(column).execute();
  for (const column of ['discount_code_id', 'tax_cents', 'discount_cents', 'subtotal_cents'])
    await db.schema.alterTable('reservations').dropColumn(column).execute();
  for (const column of ['tax_rate', 'min_price_cents', 'hidden'])
    await db.schema.alterTable('ticket_types').dropColumn(column).execute();
}
