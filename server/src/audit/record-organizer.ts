/**
 * Whose record this is: the organizer a venue, event, reservation or ticket belongs to. The audit
 * log files each entry under it, and the organizer gate (organizers/records.ts) judges access by it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type RecordKind = 'venue' | 'event' | 'reservation' | 'ticket';
export const RECORD_KINDS: readonly string[] = ['venue', 'event', 'reservation', 'ticket'] satisfies RecordKind[];

/** The organizer a record belongs to, or undefined when there is no such record. */
export async function organizerOfRecord(db: Kysely<Database>, kind: RecordKind, id: string): Promise<string | undefined> {
  if (kind === 'venue') {
    return (await db.selectFrom('venues').select('organizer_id').where('id', '=', id).executeTakeFirst())?.organizer_id;
  }
  if (kind === 'event') {
    return (await db.selectFrom('events').select('organizer_id').where('id', '=', id).executeTakeFirst())?.organizer_id;
  }
  const row =
    kind === 'reservation'
      ? await db
          .selectFrom('reservations as x')
          .innerJoin('events as e', 'e.id', 'x.event_id')
          .select('e.organizer_id')
          .where('x.id', '=', id)
          .executeTakeFirst()
      : await db
          .selectFrom('tickets as x')
          .innerJoin('events as e', 'e.id', 'x.event_id')
          .select('e.organizer_id')
          .where('x.id', '=', id)
          .executeTakeFirst();
  return row?.organizer_id;
}
