/** Tells ticket holders when an event they hold tickets for moves in time or place. */
import type { CatalogEvent } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { notifyEventHolders } from './notify.js';

export async function notifyIfRescheduled(db: Kysely<Database>, before: CatalogEvent, after: CatalogEvent): Promise<number> {
  if (after.status === 'draft') return 0;
  const changes: string[] = [];
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt)
    changes.push(`it now starts ${new Date(after.startsAt).toUTCString()}`);
  if (before.venue.id !== after.venue.id) changes.push(`it moved to ${after.venue.name}, ${after.venue.city}`);
  if (before.title !== after.title) changes.push(`it is now called "${after.title}"`);
  if (changes.length === 0) return 0;
  return notifyEventHolders(db, after.id, {
    type: 'event_changed',
    title: 'Event changed',
    body: `${before.title}: ${changes.join('; ')}.`,
  });
}
