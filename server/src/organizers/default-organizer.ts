/**
 * The default organizer: every installation has exactly one (migration 0014 makes it), which owns
 * what was made before organizers existed and what a site admin makes without naming one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';

/** The default organizer's id (one indexed row; read where a venue is made, which is rare). */
export async function defaultOrganizerId(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('organizers').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Names the default organizer from ORGANIZER_NAME while nobody has edited it (its name is still
 * the migration's 'iaTichet' and it was never updated), so a fresh install carries the configured
 * name and a later change of the variable never overwrites what an admin typed.
 */
export async function nameDefaultOrganizer(db: Kysely<Database>, name: string): Promise<void> {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed === 'iaTichet') return;
  await db
    .updateTable('organizers')
    .set({ name: trimmed, updated_at: nowIso() })
    .where('is_default', '=', 1)
    .where('name', '=', 'iaTichet')
    .whereRef('updated_at', '=', 'created_at')
    .execute();
}
