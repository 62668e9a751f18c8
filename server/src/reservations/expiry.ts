/**
 * The payment window. An unpaid reservation past `expiresAt` becomes `expired` and its tickets go
 * back on sale. Every step is a conditional update, so the sweeper can run on every instance at
 * once and the hold path can reclaim a stale hold it collides with; no timer holds any state.
 */
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { notify } from '../notifications/notify.js';
import { releaseTickets } from './inventory.js';
import { emitReservations } from '../webhooks/payloads.js';

const WARN_BEFORE_MS = 5 * 60 * 1000;

/** Expires one reservation if it is still pending, past its time and not being paid right now. */
export async function expireReservation(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const result = await trx
      .updateTable('reservations')
      .set({ status: 'expired', closed_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending_payment')
      .where('expires_at', '<=', now)
      .where((eb) => eb.or([eb('paying_until', 'is', null), eb('paying_until', '<=', now)]))
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await releaseTickets(trx, id, 'pending_payment');
    const r = await trx
      .selectFrom('reservations')
      .select(['user_id', 'code', 'event_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await notify(trx, {
      userId: r.user_id,
      type: 'hold_expired',
      message: { key: 'notification.hold_expired.body', params: { code: r.code } },
      reservationId: id,
    });
    await emitReservations(trx, r.event_id, 'reservation.expired', [id]);
    return true;
  });
}

/** Expires every due reservation (of one event, when given); answers how many it released. */
export async function expireDue(
  db: Kysely<Database>,
  options: { eventId?: string; limit?: number; onExpired?: (eventId: string) => void } = {},
): Promise<number> {
  const now = nowIso();
  const due = await db
    .selectFrom('reservations')
    .select(['id', 'event_id'])
    .where('status', '=', 'pending_payment')
    .where('expires_at', '<=', now)
    .$if(options.eventId !== undefined, (q) => q.where('event_id', '=', options.eventId ?? ''))
    .orderBy('expires_at')
    .limit(options.limit ?? 200)
    .execute();
  let released = 0;
  for (const { id, event_id } of due) {
    if (!(await expireReservation(db, id))) continue;
    released++;
    options.onExpired?.(event_id); // after the commit, for the real-time layer
  }
  return released;
}

/** Records the "expires in 5 minutes" notification once per reservation. */
export async function warnExpiring(db: Kysely<Database>): Promise<number> {
  const now = Date.now();
  const soon = await db
    .selectFrom('reservations')
    .select(['id', 'user_id', 'code', 'expires_at'])
    .where('status', '=', 'pending_payment')
    .where('expiry_warned', '=', 0)
    .where('expires_at', '>', new Date(now).toISOString())
    .where('expires_at', '<=', new Date(now + WARN_BEFORE_MS).toISOString())
    .limit(200)
    .execute();
  let warned = 0;
  for (const r of soon) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('reservations')
        .set({ expiry_warned: 1 })
        .where('id', '=', r.id)
        .where('expiry_warned', '=', 0)
        .executeTakeFirst();
      if (claimed.numUpdatedRows === 0n) return;
      await notify(trx, {
        userId: r.user_id,
        type: 'hold_expiring',
        message: { key: 'notification.hold_expiring.body', params: { code: r.code, until: r.expires_at } },
        reservationId: r.id,
      });
      warned++;
    });
  }
  return warned;
}
