/**
 * The building blocks every money path shares: the payment claim, the attempt record and the one
 * transaction that turns a pending reservation into a paid one.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, type Transaction } from 'kysely';
import { recordAudit, type AuditRecord } from '../audit/audit-log.js';
import { dialectOf, nowIso } from '../db/dialect.js';
import type { Database, ReservationsTable } from '../db/schema.js';
import { notify } from '../notifications/notify.js';
import { errors } from '../platform/errors.js';
import { Collision, lockEventOnSale, sellHeldTickets } from './inventory.js';
import { emitReservations } from '../webhooks/payloads.js';
import { draftInvoice, issueDraft, type InvoiceSettings } from '../invoices/issue.js';

export type ReservationRow = Selectable<ReservationsTable>;
export const PAYMENT_CLAIM_MS = 60_000;

export async function recordAttempt(
  db: Kysely<Database>,
  r: ReservationRow,
  provider: string,
  kind: 'charge' | 'refund',
  status: 'succeeded' | 'declined' | 'failed',
  extra: {
    providerRef?: string;
    error?: string;
    actorId?: string | null;
    refundOf?: string;
    amountCents?: number;
    refundOwed?: boolean;
  } = {},
): Promise<void> {
  await db
    .insertInto('payments')
    .values({
      id: randomUUID(),
      reservation_id: r.id,
      provider,
      kind,
      status,
      amount_cents: extra.amountCents ?? r.total_cents,
      currency: r.currency,
      provider_ref: extra.providerRef ?? null,
      error: extra.error ?? null,
      actor_id: extra.actorId ?? null,
      refund_of: extra.refundOf ?? null,
      refund_owed: extra.refundOwed === true ? 1 : 0,
      created_at: nowIso(),
    })
    .execute();
}

/**
 * Claims the reservation for one payment: the claim's end (its `paying_until`, which names this
 * claim), or null when it is not payable (not pending, expired, its event no longer published) or a
 * payment is already in flight.
 */
export async function claimForPayment(db: Kysely<Database>, id: string): Promise<string | null> {
  const now = nowIso();
  const until = new Date(Date.now() + PAYMENT_CLAIM_MS).toISOString();
  const result = await db
    .updateTable('reservations')
    .set({ paying_until: until })
    .where('id', '=', id)
    .where('status', '=', 'pending_payment')
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('paying_until', 'is', null), eb('paying_until', '<=', now)]))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('events')
          .select('events.id')
          .whereRef('events.id', '=', 'reservations.event_id')
          .where('events.status', '=', 'published'),
      ),
    )
    .executeTakeFirst();
  return result.numUpdatedRows === 1n ? until : null;
}

export async function reload(db: Kysely<Database>, id: string): Promise<ReservationRow> {
  return db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The reservation, locked until the transaction ends (SQLite has one writer at a time anyway). */
export function lockReservation(trx: Transaction<Database>, id: string): Promise<ReservationRow | undefined> {
  return trx
    .selectFrom('reservations')
    .selectAll()
    .where('id', '=', id)
    .$if(dialectOf(trx) === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function isEventPublished(db: Kysely<Database>, eventId: string): Promise<boolean> {
  const event = await db.selectFrom('events').select('status').where('id', '=', eventId).executeTakeFirst();
  return event?.status === 'published';
}

/**
 * Inside a transaction: a pending reservation becomes paid, its held tickets sold, the charge
 * recorded and its invoice issued (a number of the organizer's series is used only if this commits).
 */
export async function markPaidIn(
  trx: Transaction<Database>,
  r: ReservationRow,
  method: string,
  provider: string,
  extra: {
    providerRef?: string;
    actorId?: string | null;
    note?: string;
    /** Not while someone else's card payment claim is live (claimForPayment): an admin taking cash. */
    unlessCharging?: boolean;
  } & InvoiceSettings,
): Promise<void> {
  const now = nowIso();
  const done = await trx
    .updateTable('reservations')
    .set({
      status: 'paid',
      paid_at: now,
      updated_at: now,
      paying_until: null,
      payment_method: method,
      ...(extra.note ? { note: extra.note } : {}),
    })
    .where('id', '=', r.id)
    .where('status', '=', 'pending_payment')
    .$if(extra.unlessCharging === true, (q) =>
      q.where((eb) => eb.or([eb('paying_until', 'is', null), eb('paying_until', '<=', now)])),
    )
    .executeTakeFirst();
  // A Collision: a card charged meanwhile (its claim ran out, or an admin took the money first)
  // bought nothing, and its caller gives it back (payment-flow.ts).
  if (done.numUpdatedRows === 0n)
    throw new Collision(errors.conflict('The reservation is no longer pending, or a card payment for it is in progress.'));
  // Read once this reservation is ours (a billing change now waits, then finds it paid: 409) and
  // before its ticket types' counters are locked, which every payment of the type waits for.
  const invoice = await draftInvoice(trx, r.id);
  await sellHeldTickets(trx, r.id);
  await recordAttempt(trx, r, provider, 'charge', 'succeeded', extra);
  await notify(trx, {
    userId: r.user_id,
    type: 'payment_confirmed',
    message: { key: 'notification.payment_confirmed.body', params: { code: r.code } },
    reservationId: r.id,
    actorId: extra.actorId ?? null,
    ...(invoice === undefined ? {} : { receipt: { currency: r.currency, taxes: invoice.taxes } }),
  });
  await emitReservations(trx, r.event_id, 'reservation.paid', [r.id]);
  // Last: the series' counter row is the last lock taken (invoices/series.ts), held for as short
  // a time as possible, since every payment of the organizer waits for it.
  if (invoice !== undefined) await issueDraft(trx, extra, invoice);
}

/**
 * Marks a claimed (or, for admins, pending) reservation paid and sells its held tickets, after
 * re-checking in the same transaction that the event is still on sale: a Collision
 * (`event_not_on_sale`) when a cancellation got there first, (`conflict`) when the reservation
 * is no longer pending (or, with `unlessCharging`, a card payment holds it).
 */
export async function completePayment(
  db: Kysely<Database>,
  r: ReservationRow,
  method: string,
  provider: string,
  extra: {
    providerRef?: string;
    actorId?: string | null;
    note?: string;
    audit?: AuditRecord;
    unlessCharging?: boolean;
  } & InvoiceSettings,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockEventOnSale(trx, r.event_id);
    await markPaidIn(trx, r, method, provider, extra);
    if (extra.audit) await recordAudit(trx, extra.audit);
  });
}
