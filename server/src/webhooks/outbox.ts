/**
 * The webhook outbox: what a change writes, inside its own transaction, for each enabled hook of
 * its organizer that subscribes to the event type. Written with the change, a delivery is never
 * lost by a crash after the commit nor sent for a change that rolled back; the worker
 * (delivery-worker.ts) sends it later.
 *
 * Cost when nobody listens: one indexed read of the organizer's hooks per transaction (per group
 * of holds on the hold path, taken before the ticket type's counter lock, so outside the part
 * that holds serialize on). A per-instance cache of subscriptions could skip even that read, but
 * a stale cache answers "nobody listens" for a hook created moments ago on another instance and
 * that event is then lost for good; the read inside the transaction is exact, so we keep it.
 * The payload is built only when a hook listens.
 */
import { randomUUID } from 'node:crypto';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@iatichet/contracts';
import type { Kysely, Transaction } from 'kysely';
import { dialectOf, nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';

export { WEBHOOK_EVENT_TYPES, type WebhookEventType };

type Db = Kysely<Database> | Transaction<Database>;

/** Whose records changed: an organizer, or the event whose organizer it is. */
export type Owner = { organizerId: string } | { eventId: string };

/**
 * The enabled hooks of the owner that subscribe to `type`. On PostgreSQL the rows are read FOR KEY
 * SHARE, so a hook deleted meanwhile waits for this transaction instead of failing its insert of
 * a delivery on the foreign key (a hold must never fail because a hook went away).
 */
export async function hooksListening(trx: Db, owner: Owner, type: WebhookEventType): Promise<string[]> {
  const pg = dialectOf(trx) === 'postgres';
  const rows =
    'organizerId' in owner
      ? await trx
          .selectFrom('webhooks as w')
          .select(['w.id', 'w.events_json'])
          .where('w.organizer_id', '=', owner.organizerId)
          .where('w.enabled', '=', 1)
          .$if(pg, (q) => q.forKeyShare())
          .execute()
      : await trx
          .selectFrom('webhooks as w')
          .innerJoin('events as e', 'e.organizer_id', 'w.organizer_id')
          .select(['w.id', 'w.events_json'])
          .where('e.id', '=', owner.eventId)
          .where('w.enabled', '=', 1)
          .$if(pg, (q) => q.forKeyShare('w'))
          .execute();
  return rows.filter((r) => (JSON.parse(r.events_json) as string[]).includes(type)).map((r) => r.id);
}

/** The exact bytes every attempt of one delivery POSTs: `{ id, type, createdAt, data }`. */
export function deliveryBody(id: string, type: string, createdAt: string, data: unknown): string {
  return JSON.stringify({ id, type, createdAt, data });
}

/** The outbox row of a new delivery: pending, due now, its body fixed for every attempt. */
export function pendingDelivery(id: string, webhookId: string, type: string, createdAt: string, data: unknown) {
  return {
    id,
    webhook_id: webhookId,
    type,
    payload_json: deliveryBody(id, type, createdAt, data),
    status: 'pending' as const,
    attempts: 0,
    next_attempt_at: createdAt,
    claimed_until: null,
    last_status_code: null,
    last_response_excerpt: null,
    last_error: null,
    created_at: createdAt,
    last_attempt_at: null,
    delivered_at: null,
  };
}

/** Writes one pending delivery per (hook, item); `items` are the payloads' `data`. */
export async function queueDeliveries(
  trx: Db,
  hooks: readonly string[],
  type: WebhookEventType,
  items: readonly unknown[],
): Promise<number> {
  if (hooks.length === 0 || items.length === 0) return 0;
  const now = nowIso();
  const rows = hooks.flatMap((hookId) => items.map((data) => pendingDelivery(randomUUID(), hookId, type, now, data)));
  // Bounded chunks: SQLite allows at most 32,766 bound values per statement.
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('webhook_deliveries')
      .values(rows.slice(i, i + 500))
      .execute();
  return rows.length;
}

/**
 * Queues `type` for every listening hook of the owner, once per item that `build` answers (one
 * per reservation of a group of holds, say). `build` runs only when some hook listens. Answers
 * how many deliveries were queued.
 */
export async function emitWebhooks(
  trx: Db,
  owner: Owner,
  type: WebhookEventType,
  build: () => Promise<unknown[]> | unknown[],
): Promise<number> {
  const hooks = await hooksListening(trx, owner, type);
  if (hooks.length === 0) return 0;
  return queueDeliveries(trx, hooks, type, await build());
}
