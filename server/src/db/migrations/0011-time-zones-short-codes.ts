/**
 * The event's own time, short codes at the door, and notifications as data (issue 15).
 *
 * - venues.time_zone: the IANA zone of the venue. Venues from before this migration get
 *   Europe/Bucharest, the documented default of DEFAULT_TIME_ZONE: nothing read that variable
 *   before, the product's venues are Romanian, and an admin can change a venue's zone. events
 *   carry a copy (time_zone), kept in step with the venue's like venue_name, so that every reader
 *   of an event (emails, PDFs, exports, calendars) has it without a join.
 * - tickets.short_code: ten Crockford base32 characters (tickets/short-code.ts), unique. Every
 *   existing ticket is given one here from crypto randomness; a collision with one already given
 *   is drawn again before the unique index is built.
 * - notifications.params_json: what a notification is about as data (times as ISO, amounts as
 *   cents), so that its words are rendered in the reader's language and zone rather than stored.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

const DEFAULT_ZONE = 'Europe/Bucharest';
const BATCH = 500;

/** The same codes as tickets/short-code.ts makes; copied so that this migration never changes. */
function newShortCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return Array.from(randomBytes(10), (b) => alphabet.charAt(b % 32)).join('');
}

async function backfillShortCodes(db: Kysely<unknown>): Promise<void> {
  const given = new Set<string>();
  for (;;) {
    const { rows } = await sql<{
      id: string;
    }>`select id from tickets where short_code is null order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    for (const { id } of rows) {
      let code = newShortCode();
      while (given.has(code)) code = newShortCode();
      given.add(code);
      await sql`update tickets set short_code = ${code} where id = ${id}`.execute(db);
    }
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('venues')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo(DEFAULT_ZONE))
    .execute();
  await db.schema
    .alterTable('events')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo(DEFAULT_ZONE))
    .execute();

  await db.schema.alterTable('tickets').addColumn('short_code', 'text').execute();
  await backfillShortCodes(db);
  await db.schema.createIndex('tickets_short_code_idx').unique().on('tickets').column('short_code').execute();

  await db.schema.alterTable('notifications').addColumn('params_json', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('params_json').execute();
  await db.schema.dropIndex('tickets_short_code_idx').execute();
  await db.schema.alterTable('tickets').dropColumn('short_code').execute();
  await db.schema.alterTable('events').dropColumn('time_zone').execute();
  await db.schema.alterTable('venues').dropColumn('time_zone').execute();
}
