/**
 * Limits on holding, so that one person cannot hoard an event (API.md "Limits on holding"):
 *
 * - per account and event, at most `maxTicketsPerOrder` tickets in live holds: checked inside the
 *   hold's transaction, under a per-buyer lock on PostgreSQL (SQLite runs one writer at a time), so
 *   a burst of parallel requests cannot each see room that only one of them has;
 * - per account, `HOLDS_PER_MINUTE` holds a minute, and per client address ten times that: counted
 *   before the hold is tried (count first, then act), in Redis when it answers so the limits hold
 *   across instances, else in this process's memory.
 */
import { sql, type Transaction } from 'kysely';
import { dialectOf, nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { AppError, errors } from '../platform/errors.js';
import { clientKey } from '../security/client-key.js';
import type { RateLimitStore } from '../security/rate-limit-store.js';
import { Collision, eventNotOnSale, lockEventOnSale } from './inventory.js';

export const holdLimit = (cap: number) =>
  new AppError('hold_limit', `You already hold the most tickets one person may hold for this event (${cap}).`);

/**
 * Tickets each of these buyers holds in live (unexpired, unpaid) holds of the event, and in free
 * orders of it (a total of 0 is paid at once, free-orders.ts: counted for good, or one account
 * could collect a free event's tickets order after order). On
 * PostgreSQL it first takes a transaction-scoped lock per buyer and event, in a fixed order, so
 * that two transactions holding for the same buyer run one after the other.
 *
 * With `eventOnSale`, first the event's row as inventory.lockEventOnSale takes it (the lock order
 * of inventory.ts: the event before the buyers), throwing event_not_on_sale unless it is
 * published; on PostgreSQL in the buyers' statement, a round trip fewer for every group of holds.
 */
export async function lockLiveHolds(
  trx: Transaction<Database>,
  eventId: string,
  userIds: string[],
  options: { eventOnSale?: boolean } = {},
): Promise<Map<string, number>> {
  const users = [...new Set(userIds)];
  if (dialectOf(trx) === 'postgres') {
    const keys = users.map((u) => `${u}:${eventId}`);
    // Volatile functions run after ORDER BY: the locks are taken in key order. The event's CTE is
    // read (and its row share-locked) before the subquery that takes them.
    const buyers = sql`select count(pg_advisory_xact_lock(k)) from (select distinct hashtextextended(x, 0) as k from unnest(${keys}::text[]) as x order by k) as s`;
    if (options.eventOnSale !== true) await buyers.execute(trx);
    else {
      const { rows } = await sql<{ status: string }>`with e as materialized (
          select status from events where id = ${eventId} for share
        ) select e.status, (${buyers}) as locked from e`.execute(trx);
      if (rows[0]?.status !== 'published') throw new Collision(eventNotOnSale());
    }
  } else if (options.eventOnSale === true) await lockEventOnSale(trx, eventId);
  const rows = await trx
    .selectFrom('reservations')
    .innerJoin('tickets', 'tickets.reservation_id', 'reservations.id')
    .select(['reservations.user_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('reservations.user_id', 'in', users)
    .where('reservations.event_id', '=', eventId)
    .where((eb) =>
      eb.or([
        eb.and([eb('reservations.status', '=', 'pending_payment'), eb('reservations.expires_at', '>', nowIso())]),
        eb.and([eb('reservations.status', '=', 'paid'), eb('reservations.total_cents', '=', 0)]),
      ]),
    )
    .groupBy('reservations.user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/** The per-minute hold budgets of accounts and client addresses. */
export class HoldRateLimits {
  constructor(
    private readonly store: RateLimitStore,
    private readonly perMinute: number,
  ) {}

  /** Counts this attempt, then throws 429 when the account or the address is over its budget. */
  async count(userId: string, address: string): Promise<void> {
    // One round trip for both. An IPv6 client holds a whole /64: one address, as the request budget counts it.
    const [account = { current: 0, ttl: 0 }, client = { current: 0, ttl: 0 }] = await this.store.incrAll(
      [`holds:user:${userId}`, `holds:ip:${clientKey(address)}`],
      60_000,
    );
    if (client.current > this.perMinute * 10) throw errors.rateLimited(Math.max(1, Math.ceil(client.ttl / 1000)));
    if (account.current > this.perMinute) {
      const wait = Math.max(1, Math.ceil(account.ttl / 1000));
      throw new AppError(
        'hold_limit',
        `You have made ${this.perMinute} reservations in the last minute; wait ${wait} s and try again.`,
        undefined,
        { retryAfterSeconds: wait },
        { 'retry-after': String(wait) },
      );
    }
  }
}
