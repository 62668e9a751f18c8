/**
 * The hold path looks for expired holds of one event whenever a ticket type looks sold out (a
 * stale hold must never make an event look sold out). With (event_id, status) alone that query
 * reads every pending hold of the event while a sale is on and statistics are stale: 0.6 ms for
 * 5,000 holds, on every sold-out answer. With expires_at in the index it is one short range, and
 * the wider index still serves every query the old one did.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('reservations_event_expiry_idx')
    .on('reservations')
    .columns(['event_id', 'status', 'expires_at'])
    .execute();
  await db.schema.dropIndex('reservations_event_idx').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('reservations_event_idx').on('reservations').columns(['event_id', 'status']).execute();
  await db.schema.dropIndex('reservations_event_expiry_idx').execute();
}
