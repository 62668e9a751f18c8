/**
 * Refunds owed. A refund is first written as a queue row, in the transaction that closes the
 * reservation (`refund_pending`, tickets released), and only then asked of the provider, outside
 * any transaction. Whoever calls the provider claims the row first with a conditional update on
 * `attempts` and `locked_until`, so two instances never refund the same reservation at once, and
 * every call carries the row's one idempotency key, so a retry after a lost answer is not a second
 * refund at the provider either. A failure waits with growing pauses and is retried until it
 * succeeds: money owed is never given up on, and admins see it meanwhile.
 */
import type { Kysely } from 'kysely';
import { Gauge, type Counter, type Registry } from 'prom-client';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { notify } from '../notifications/notify.js';
import type { PaymentProvider, RefundResult } from '../payments/provider.js';
import { recordAttempt, reload, type ReservationRow } from './payment-records.js';
import { emitReservations } from '../webhooks/payloads.js';
import { issueCreditNoteIn, type InvoiceSettings } from '../invoices/issue.js';

/** Why a reservation was cancelled: the buyer's notice says so, in the buyer's language. */
export type CancelReason = 'byBuyer' | 'byOrganiser' | 'eventCancelled';

/** The catalogue keys, written out so that the catalogue check sees each one. */
export const CANCELLED: Record<CancelReason, string> = {
  byBuyer: 'notification.reservation_cancelled.byBuyer',
  byOrganiser: 'notification.reservation_cancelled.byOrganiser',
  eventCancelled: 'notification.reservation_cancelled.eventCancelled',
};
export const REFUNDED: Record<CancelReason, string> = {
  byBuyer: 'notification.refund_issued.byBuyer',
  byOrganiser: 'notification.refund_issued.byOrganiser',
  eventCancelled: 'notification.refund_issued.eventCancelled',
};

/** invoiceTimeZone: the year of issue of the credit note a completed refund issues. */
export interface RefundContext extends InvoiceSettings {
  db: Kysely<Database>;
  provider: PaymentProvider;
  /** iatichet_refund_attempts_total; absent where nothing is measured. */
  attempts?: Counter<'outcome'>;
}

const RETRY_MINUTES = [1, 5, 15, 60, 180, 360];
const CLAIM_MS = 2 * 60_000;
/** The caller that queued a refund tries it at once; the sweep only after this pause. */
const FIRST_SWEEP_MS = 60_000;
const BATCH = 20;

/** Queues the refund of a paid reservation's provider charge; false when it was not paid through a provider. */
export async function queueRefund(trx: Kysely<Database>, r: ReservationRow): Promise<boolean> {
  // The charge not given back yet: a reservation may also carry late charges already refunded.
  // The one that paid it comes first; a charge owed back only when there is no other.
  const charge = await trx
    .selectFrom('payments as c')
    .select(['c.provider', 'c.provider_ref'])
    .where('c.reservation_id', '=', r.id)
    .where('c.kind', '=', 'charge')
    .where('c.status', '=', 'succeeded')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('payments as g')
            .select('g.id')
            .whereRef('g.provider', '=', 'c.provider')
            .whereRef('g.refund_of', '=', 'c.provider_ref')
            .where('g.kind', '=', 'refund')
            .where('g.status', '=', 'succeeded'),
        ),
      ),
    )
    .orderBy('c.refund_owed')
    .orderBy('c.created_at', 'desc')
    .executeTakeFirst();
  // A charge with a provider reference went through a card provider: owed through it, even when
  // that is no longer the configured one (callProvider then fails it, retried and shown to admins,
  // until it is again). Only cash, transfer and free orders (no reference) are given back by hand.
  if (charge === undefined || charge.provider_ref === null) return false;
  const now = nowIso();
  await trx
    .insertInto('refund_queue')
    .values({
      reservation_id: r.id,
      provider: charge.provider,
      charge_ref: charge.provider_ref,
      amount_cents: r.total_cents,
      currency: r.currency,
      idempotency_key: `refund:${r.id}`,
      attempts: 0,
      next_attempt_at: new Date(Date.now() + FIRST_SWEEP_MS).toISOString(),
      locked_until: null,
      last_error: null,
      created_at: now,
      done_at: null,
    })
    .execute();
  return true;
}

async function callProvider(provider: PaymentProvider, row: Database['refund_queue']): Promise<RefundResult> {
  if (row.provider !== provider.name)
    return { status: 'unavailable', reason: `The charge was made with ${row.provider}, which is no longer configured.` };
  try {
    return await provider.refund({
      providerRef: row.charge_ref,
      amountCents: row.amount_cents,
      currency: row.currency,
      idempotencyKey: row.idempotency_key,
    });
  } catch (err) {
    return { status: 'unavailable', reason: err instanceof Error ? err.message : 'provider error' };
  }
}

/**
 * Claims the reservation's open refund and asks the provider once. Answers what happened:
 * 'refunded', 'failed' (retried later), or 'skipped' (done already, or another instance has it).
 */
export async function attemptRefund(
  ctx: RefundContext,
  reservationId: string,
  /** Why it was cancelled, for the buyer's notice; the sweep's retries do not know. */
  reason?: CancelReason,
): Promise<'refunded' | 'failed' | 'skipped'> {
  const { db } = ctx;
  const row = await db
    .selectFrom('refund_queue')
    .selectAll()
    .where('reservation_id', '=', reservationId)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) return 'skipped';
  const now = nowIso();
  const attempt = row.attempts + 1;
  const claimed = await db
    .updateTable('refund_queue')
    .set({ attempts: attempt, locked_until: new Date(Date.now() + CLAIM_MS).toISOString() })
    .where('reservation_id', '=', reservationId)
    .where('done_at', 'is', null)
    .where('attempts', '=', row.attempts)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  if (claimed.numUpdatedRows !== 1n) return 'skipped';

  const result = await callProvider(ctx.provider, row);
  const r = await reload(db, reservationId);
  const ours = (trx: Kysely<Database>) =>
    trx.updateTable('refund_queue').where('reservation_id', '=', reservationId).where('attempts', '=', attempt);
  if (result.status === 'succeeded') {
    await db.transaction().execute(async (trx) => {
      const at = nowIso();
      const mine = await ours(trx).set({ done_at: at, locked_until: null, last_error: null }).executeTakeFirst();
      // Our claim ran out and another instance took the row over: it records the outcome, not us.
      if (mine.numUpdatedRows !== 1n) return;
      const refunded = await trx
        .updateTable('reservations')
        .set({ status: 'refunded', updated_at: at })
        .where('id', '=', r.id)
        .where('status', '=', 'refund_pending')
        .executeTakeFirst();
      // The money is back now: the credit note, once, in the transaction that says so.
      if (refunded.numUpdatedRows === 1n) await issueCreditNoteIn(trx, ctx, r.id);
      await recordAttempt(trx, r, ctx.provider.name, 'refund', 'succeeded', {
        providerRef: result.providerRef,
        refundOf: row.charge_ref,
      });
      await notify(trx, {
        userId: r.user_id,
        type: 'refund_issued',
        message: {
          key: reason === undefined ? 'notification.refund_issued.body' : REFUNDED[reason],
          params: { code: r.code, amountCents: r.total_cents, currency: r.currency },
        },
        reservationId: r.id,
      });
      await emitReservations(trx, r.event_id, 'reservation.refunded', [r.id]);
    });
    ctx.attempts?.inc({ outcome: 'succeeded' });
    return 'refunded';
  }
  const pause = RETRY_MINUTES[Math.min(attempt - 1, RETRY_MINUTES.length - 1)] ?? 60;
  await db.transaction().execute(async (trx) => {
    await ours(trx)
      .set({
        next_attempt_at: new Date(Date.now() + pause * 60_000).toISOString(),
        locked_until: null,
        last_error: result.reason.slice(0, 500),
      })
      .execute();
    await recordAttempt(trx, r, ctx.provider.name, 'refund', 'failed', { error: result.reason });
    // Told once, at the first failure: the reservation is over and the money is coming.
    if (attempt === 1)
      await notify(trx, {
        userId: r.user_id,
        type: 'reservation_cancelled',
        message: {
          key: 'notification.reservation_cancelled.refundPending',
          params: { code: r.code, amountCents: r.total_cents, currency: r.currency },
        },
        reservationId: r.id,
      });
  });
  ctx.attempts?.inc({ outcome: 'failed' });
  return 'failed';
}

/** The sweep: every refund whose pause is over, each claimed before it is tried. */
export async function retryDueRefunds(ctx: RefundContext): Promise<{ refunded: number; failed: number }> {
  const now = nowIso();
  const due = await ctx.db
    .selectFrom('refund_queue')
    .select('reservation_id')
    .where('done_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(BATCH)
    .execute();
  const counts = { refunded: 0, failed: 0 };
  for (const { reservation_id } of due) {
    const outcome = await attemptRefund(ctx, reservation_id);
    if (outcome !== 'skipped') counts[outcome]++;
  }
  return counts;
}

/** How many refunds are owed now: the `iatichet_refunds_pending` gauge. */
export async function countPendingRefunds(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('reservations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'refund_pending')
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The sweep job (see SweepJob): runs on every instance; the claims keep them from colliding. */
export function refundRetryJob(ctx: RefundContext): { name: string; run: () => Promise<unknown> } {
  return { name: 'refunds', run: () => retryDueRefunds(ctx) };
}

/** `iatichet_refunds_pending`: read from the database when /metrics is scraped, so every instance agrees. */
export function registerRefundGauge(registry: Registry, db: Kysely<Database>): void {
  new Gauge({
    name: 'iatichet_refunds_pending',
    help: 'Reservations whose refund the provider has not accepted yet (refund_pending)',
    registers: [registry],
    async collect() {
      this.set(await countPendingRefunds(db));
    },
  });
}
