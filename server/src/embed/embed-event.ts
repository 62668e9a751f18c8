/** The event an embed page shows, with the origins its organizer lets frame it. */
import type { CatalogEvent } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { getEvent } from '../catalog/event-queries.js';
import type { Database } from '../db/schema.js';
import { frameOrigins } from './frame-origins.js';

export interface EmbedEvent {
  event: CatalogEvent;
  origins: string[];
}

/** A published or cancelled event and its organizer's frame origins; undefined for a draft or an unknown id. */
export async function loadEmbedEvent(db: Kysely<Database>, id: string): Promise<EmbedEvent | undefined> {
  const row = await db
    .selectFrom('events')
    .innerJoin('organizers', 'organizers.id', 'events.organizer_id')
    .select(['events.status', 'organizers.embed_origins_json'])
    .where('events.id', '=', id)
    .executeTakeFirst();
  if (row === undefined || row.status === 'draft') return undefined;
  return { event: await getEvent(db, id, false), origins: frameOrigins(row.embed_origins_json) };
}
