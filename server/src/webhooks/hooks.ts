/**
 * An organizer's webhooks: create (the secret is answered once, here), list, change, delete,
 * their delivery log, and a manual redelivery that keeps the delivery's id. Every change is
 * audited in its own transaction; the secret is never written to the audit log. A hook of another
 * organizer is "not found", like any record outside the caller's organizer.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { nowIso } from '../db/dialect.js';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../db/schema.js';
import { AppError, errors } from '../platform/errors.js';
import { decodeNewestFirst, olderThan, type CursorCodec, type NewestFirstPosition } from '../platform/cursor.js';
import { UnsafeWebhookUrl, checkWebhookUrl, type Resolver } from './address-guard.js';
import type { WebhookEventType } from './outbox.js';
import { newWebhookSecret } from './signature.js';

/** Hooks one organizer may have: each event is written once per hook, in the change's transaction. */
export const MAX_HOOKS_PER_ORGANIZER = 20;

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastResponseExcerpt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface HookActor {
  id: string;
  ip: string | null;
}

export interface UrlPolicy {
  allowPrivate: boolean;
  resolve: Resolver;
}

function toWebhook(row: WebhooksTable): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events_json) as WebhookEventType[],
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDelivery(row: WebhookDeliveriesTable): WebhookDelivery {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastResponseExcerpt: row.last_response_excerpt,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

async function safeUrl(raw: string, policy: UrlPolicy): Promise<string> {
  try {
    return (await checkWebhookUrl(raw.trim(), policy.allowPrivate, policy.resolve)).href;
  } catch (err) {
    if (err instanceof UnsafeWebhookUrl) throw errors.validation(err.message, [{ path: '/url', message: err.message }]);
    throw err;
  }
}

const uniqueEvents = (events: readonly WebhookEventType[]) => [...new Set(events)];

async function findHook(db: Kysely<Database>, organizerId: string, hookId: string): Promise<WebhooksTable> {
  const row = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', hookId)
    .where('organizer_id', '=', organizerId)
    .executeTakeFirst();
  if (row === undefined) throw errors.notFound('webhook');
  return row;
}

export async function createWebhook(
  db: Kysely<Database>,
  policy: UrlPolicy,
  actor: HookActor,
  organizerId: string,
  input: { url: string; events: WebhookEventType[] },
): Promise<Webhook & { secret: string }> {
  const url = await safeUrl(input.url, policy);
  const now = nowIso();
  const row: WebhooksTable = {
    id: randomUUID(),
    organizer_id: organizerId,
    url,
    events_json: JSON.stringify(uniqueEvents(input.events)),
    secret: newWebhookSecret(),
    enabled: 1,
    created_by: actor.id,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    // The organizer's row is the lock that keeps two concurrent creations from passing the cap together.
    await trx.updateTable('organizers').set({ updated_at: now }).where('id', '=', organizerId).execute();
    const count = await trx
      .selectFrom('webhooks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organizer_id', '=', organizerId)
      .executeTakeFirstOrThrow();
    if (count.n >= MAX_HOOKS_PER_ORGANIZER)
      throw new AppError('limit_exceeded', `An organizer may have at most ${MAX_HOOKS_PER_ORGANIZER} webhooks.`);
    await trx.insertInto('webhooks').values(row).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'webhook.create',
      entityType: 'webhook',
      entityId: row.id,
      after: { organizerId, url, events: JSON.parse(row.events_json) as unknown },
      ip: actor.ip,
    });
  });
  return { ...toWebhook(row), secret: row.secret };
}

export async function listWebhooks(db: Kysely<Database>, organizerId: string): Promise<Webhook[]> {
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('organizer_id', '=', organizerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toWebhook);
}

export async function getWebhook(db: Kysely<Database>, organizerId: string, hookId: string): Promise<Webhook> {
  return toWebhook(await findHook(db, organizerId, hookId));
}

export async function updateWebhook(
  db: Kysely<Database>,
  policy: UrlPolicy,
  actor: HookActor,
  organizerId: string,
  hookId: string,
  patch: { url?: string; events?: WebhookEventType[]; enabled?: boolean },
): Promise<Webhook> {
  const url = patch.url === undefined ? undefined : await safeUrl(patch.url, policy);
  return db.transaction().execute(async (trx) => {
    const before = await findHook(trx, organizerId, hookId);
    const after: WebhooksTable = {
      ...before,
      url: url ?? before.url,
      events_json: patch.events === undefined ? before.events_json : JSON.stringify(uniqueEvents(patch.events)),
      enabled: patch.enabled === undefined ? before.enabled : patch.enabled ? 1 : 0,
      updated_at: nowIso(),
    };
    await trx
      .updateTable('webhooks')
      .set({ url: after.url, events_json: after.events_json, enabled: after.enabled, updated_at: after.updated_at })
      .where('id', '=', hookId)
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'webhook.update',
      entityType: 'webhook',
      entityId: hookId,
      before: toWebhook(before),
      after: { ...patch, ...(url === undefined ? {} : { url }) },
      ip: actor.ip,
    });
    return toWebhook(after);
  });
}

/** Deletes the hook and its delivery log (pending deliveries are never sent). */
export async function deleteWebhook(db: Kysely<Database>, actor: HookActor, organizerId: string, hookId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findHook(trx, organizerId, hookId);
    await trx.deleteFrom('webhooks').where('id', '=', hookId).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'webhook.delete',
      entityType: 'webhook',
      entityId: hookId,
      before: toWebhook(before),
      ip: actor.ip,
    });
  });
}

/** The hook's deliveries, newest first, `limit` a page (cursor: the last item's createdAt and id). */
export async function listDeliveries(
  db: Kysely<Database>,
  cursors: CursorCodec,
  organizerId: string,
  hookId: string,
  query: { limit?: number; cursor?: string; status?: WebhookDelivery['status'] },
): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
  await findHook(db, organizerId, hookId);
  const limit = query.limit ?? 20;
  const after = decodeNewestFirst(cursors, query.cursor);
  const rows = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', hookId)
    .$if(query.status !== undefined, (q) => q.where('status', '=', query.status ?? 'pending'))
    .$if(after !== undefined, (q) => q.where(olderThan(after as NewestFirstPosition)))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toDelivery),
    nextCursor: rows.length > limit && last !== undefined ? cursors.encode([last.created_at, last.id]) : null,
  };
}

/**
 * Sends a delivery again with the same id: it becomes pending and due now. One being sent at this
 * moment (its claim's lease runs) is a 409, so the receiver never gets two copies at once.
 */
export async function redeliver(
  db: Kysely<Database>,
  actor: HookActor,
  organizerId: string,
  hookId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  return db.transaction().execute(async (trx) => {
    await findHook(trx, organizerId, hookId);
    const now = nowIso();
    const before = await trx
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .where('webhook_id', '=', hookId)
      .executeTakeFirst();
    if (before === undefined) throw errors.notFound('delivery');
    const done = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: now })
      .where('id', '=', deliveryId)
      .where('attempts', '=', before.attempts)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .executeTakeFirst();
    if (done.numUpdatedRows !== 1n) throw errors.conflict('This delivery is being sent right now; look again in a moment.');
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'webhook.redeliver',
      entityType: 'webhook_delivery',
      entityId: deliveryId,
      before: { status: before.status, attempts: before.attempts },
      after: { status: 'pending' },
      ip: actor.ip,
    });
    return toDelivery({ ...before, status: 'pending', next_attempt_at: now });
  });
}
