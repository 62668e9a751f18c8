/** Tells ticket holders when an event they hold tickets for moves in time or place. */
import type { CatalogEvent } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { notifyEventHolders } from './notify.js';

export async function notifyIfRescheduled(db: Kysely<Database>, before: CatalogEvent, after: CatalogEvent): Promise<number> {
  if (after.status === 'draft') return 0;
  const changes: string[] = [];
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) changes.push('time');
  if (before.venue.id !== after.venue.id) changes.push('venue');
  if (before.title !== after.title) changes.push('title');
  if (changes.length === 0) return 0;
  return notifyEventHolders(db, after.id, {
    type: 'event_changed',
    timeZone: after.timeZone,
    message: {
      key: 'notification.event_changed.body',
      params: {
        // The old title names the event the holder knows; the new one is a change in the list.
        title: before.title,
        newTitle: after.title,
        startsAt: after.startsAt,
        timeZone: after.timeZone,
        venue: after.venue.name,
        city: after.venue.city,
        changes: changes.join(','),
      },
    },
  });
}
