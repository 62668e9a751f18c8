/**
 * The codes list pages newest first (`created_at desc, id desc`) within one event, which may hold
 * up to 50,000 codes: an index in that order reads a page without sorting the event's codes.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('discount_codes_event_created_idx')
    .on('discount_codes')
    .columns(['event_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('discount_codes_event_created_idx').execute();
}
