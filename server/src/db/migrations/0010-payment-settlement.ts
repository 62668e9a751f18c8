/**
 * A payment is settled once. `refund_of` names the charge (its provider reference) that a refund
 * gives back; `refund_owed` marks a charge that bought nothing (it arrived too late, or its event
 * was cancelled) and must be given back, as opposed to one that paid; two partial unique indexes make the database refuse a second record of the same
 * successful charge or a second successful refund of one charge, whatever races above them.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('refund_of', 'text').execute();
  await db.schema
    .alterTable('payments')
    .addColumn('refund_owed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('payments_charge_once_idx')
    .unique()
    .on('payments')
    .columns(['provider', 'provider_ref'])
    .where(sql.ref('kind'), '=', 'charge')
    .where(sql.ref('status'), '=', 'succeeded')
    .where(sql.ref('provider_ref'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('payments_refund_once_idx')
    .unique()
    .on('payments')
    .columns(['provider', 'refund_of'])
    .where(sql.ref('kind'), '=', 'refund')
    .where(sql.ref('status'), '=', 'succeeded')
    .where(sql.ref('refund_of'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('payments_refund_once_idx').execute();
  await db.schema.dropIndex('payments_charge_once_idx').execute();
  await db.schema.alterTable('payments').dropColumn('refund_owed').execute();
  await db.schema.alterTable('payments').dropColumn('refund_of').execute();
}
