/** Outbox rows written straight to the tables, as a change's transaction would leave them. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { pendingDelivery } from '../../src/webhooks/outbox.js';

/** The default organizer's id (events made by the fixtures belong to it). */
export async function defaultOrganizerId(db: Kysely<Database>): Promise<string> {
  return (await db.selectFrom('organizers').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow()).id;
}

/** A hook of the organizer to `url`, saved without the checks of the API (as if its host had been public then). */
export async function insertHook(db: Kysely<Database>, organizerId: string, url: string): Promise<string> {
  const now = new Date().toISOString();
  const id = randomUUID();
  await db
    .insertInto('webhooks')
    .values({
      id,
      organizer_id: organizerId,
      url,
      events_json: '["event.changed"]',
      secret: 's',
      enabled: 1,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** `count` pending event.changed deliveries of the hook, due now; answers their ids. */
export async function insertDeliveries(db: Kysely<Database>, hookId: string, count: number): Promise<string[]> {
  const now = new Date().toISOString();
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 200)
    await db
      .insertInto('webhook_deliveries')
      .values(ids.slice(i, i + 200).map((id) => pendingDelivery(id, hookId, 'event.changed', now, {})))
      .execute();
  return ids;
}
