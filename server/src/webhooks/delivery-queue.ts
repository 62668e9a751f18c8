/**
 * The delivery queue's database side: claiming due deliveries and recording what each attempt
 * came to. A claim moves a row's next_attempt_at a lease ahead (and sets claimed_until), in one
 * statement: on PostgreSQL the due rows are picked FOR UPDATE SKIP LOCKED, so instances claiming
 * at once take different rows and never wait on each other; on SQLite the single statement is the
 * guard (one writer at a time). An outcome is recorded only by the claim that made the attempt
 * (same attempts count, still pending), so an instance whose lease ran out cannot overwrite the
 * next one's answer.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf, nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';

export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  type: string;
  body: string;
  /** Attempts so far, this one included. */
  attempts: number;
  createdAt: string;
  url: string;
  secret: string;
  enabled: boolean;
}

interface ClaimedRow {
  id: string;
  webhook_id: string;
  type: string;
  payload_json: string;
  attempts: number;
  created_at: string;
}

/** What one claim may take: how many in all, how many of one hook, and which hooks not at all. */
export interface ClaimLimits {
  limit: number;
  /** At most this many of one hook's deliveries in one claim. */
  perHook?: number;
  /** Hooks this instance already has enough of in flight. */
  skipHooks?: readonly string[];
}

/**
 * Claims due deliveries for `leaseMs`, with what sending them needs. Of the `limit` oldest due
 * rows, at most `perHook` per hook are taken, so a hook with thousands waiting (or a slow one)
 * cannot fill a claim by itself; the rest stay due for the next claim.
 */
export async function claimDueDeliveries(db: Kysely<Database>, claim: ClaimLimits, leaseMs: number): Promise<ClaimedDelivery[]> {
  const now = nowIso();
  const { limit } = claim;
  const perHook = claim.perHook ?? limit;
  // '' is no hook's id: `not in ('')` keeps the statement one shape whether or not hooks are skipped.
  const skipped = sql.join(claim.skipHooks !== undefined && claim.skipHooks.length > 0 ? claim.skipHooks : ['']);
  const lease = new Date(Date.now() + leaseMs).toISOString();
  const ranked = (candidates: ReturnType<typeof sql>) => sql`
    select id from (
      select id, row_number() over (partition by webhook_id order by next_attempt_at) as nth from ${candidates} c
    ) ranked where nth <= ${perHook}`;
  let rows: ClaimedRow[];
  if (dialectOf(db) === 'postgres') {
    // The candidates are locked (SKIP LOCKED: instances claiming at once take different rows);
    // those past a hook's share are left as they were, and their locks end with the statement.
    rows = (
      await sql<ClaimedRow>`
        with candidates as materialized (
          select id, webhook_id, next_attempt_at from webhook_deliveries
          where status = 'pending' and next_attempt_at <= ${now} and webhook_id not in (${skipped})
          order by next_attempt_at
          limit ${limit}
          for update skip locked
        ), due as (${ranked(sql`candidates`)})
        update webhook_deliveries d
        set next_attempt_at = ${lease}, claimed_until = ${lease}, attempts = d.attempts + 1, last_attempt_at = ${now}
        from due where d.id = due.id
        returning d.id, d.webhook_id, d.type, d.payload_json, d.attempts, d.created_at`.execute(db)
    ).rows;
  } else {
    // One statement, and SQLite has one writer at a time: nothing else can claim meanwhile.
    rows = (
      await sql<ClaimedRow>`
        update webhook_deliveries
        set next_attempt_at = ${lease}, claimed_until = ${lease}, attempts = attempts + 1, last_attempt_at = ${now}
        where status = 'pending' and next_attempt_at <= ${now} and id in (${ranked(sql`(
          select id, webhook_id, next_attempt_at from webhook_deliveries
          where status = 'pending' and next_attempt_at <= ${now} and webhook_id not in (${skipped})
          order by next_attempt_at
          limit ${limit}
        )`)})
        returning id, webhook_id, type, payload_json, attempts, created_at`.execute(db)
    ).rows;
  }
  if (rows.length === 0) return [];
  const hookIds = [...new Set(rows.map((r) => r.webhook_id))];
  const hooks = new Map(
    (await db.selectFrom('webhooks').select(['id', 'url', 'secret', 'enabled']).where('id', 'in', hookIds).execute()).map((h) => [
      h.id,
      h,
    ]),
  );
  return rows.flatMap((r) => {
    const hook = hooks.get(r.webhook_id);
    // Deleted meanwhile: its deliveries went with it (on delete cascade).
    if (hook === undefined) return [];
    return [
      {
        id: r.id,
        webhookId: r.webhook_id,
        type: r.type,
        body: r.payload_json,
        attempts: r.attempts,
        createdAt: r.created_at,
        url: hook.url,
        secret: hook.secret,
        enabled: hook.enabled === 1,
      },
    ];
  });
}

export interface Outcome {
  id: string;
  /** The claim's attempts count: the guard that this claim still owns the row. */
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  /** Pending: when to try again. */
  nextAttemptAt: string;
  statusCode: number | null;
  excerpt: string | null;
  error: string | null;
  deliveredAt: string | null;
}

/** Records a batch of outcomes (PostgreSQL: one statement; SQLite: one transaction). */
export async function recordOutcomes(db: Kysely<Database>, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  if (dialectOf(db) === 'postgres') {
    const col = <T>(pick: (o: Outcome) => T) => outcomes.map(pick);
    await sql`
      update webhook_deliveries d
      set status = o.status, next_attempt_at = o.next_at::timestamptz, claimed_until = null,
        last_status_code = o.code, last_response_excerpt = o.excerpt, last_error = o.error,
        delivered_at = coalesce(o.delivered_at::timestamptz, d.delivered_at)
      from unnest(${col((o) => o.id)}::text[], ${col((o) => o.attempts)}::int[], ${col((o) => o.status)}::text[],
        ${col((o) => o.nextAttemptAt)}::text[], ${col((o) => o.statusCode)}::int[], ${col((o) => o.excerpt)}::text[],
        ${col((o) => o.error)}::text[], ${col((o) => o.deliveredAt)}::text[])
        as o(id, attempts, status, next_at, code, excerpt, error, delivered_at)
      where d.id = o.id and d.attempts = o.attempts and d.status = 'pending'`.execute(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    for (const o of outcomes) {
      await trx
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: o.status,
          next_attempt_at: o.nextAttemptAt,
          claimed_until: null,
          last_status_code: o.statusCode,
          last_response_excerpt: o.excerpt,
          last_error: o.error,
          delivered_at: o.deliveredAt ?? eb.ref('delivered_at'),
        }))
        .where('id', '=', o.id)
        .where('attempts', '=', o.attempts)
        .where('status', '=', 'pending')
        .execute();
    }
  });
}

/** Deliveries waiting to be sent, for the `iatichet_webhook_deliveries_pending` gauge. */
export async function countPendingDeliveries(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return row.n;
}
