/**
 * What an admin does to one reservation: edit it, cancel it (with or without a refund), or take
 * its payment by hand. Each writes its audit row inside the transaction that makes the change, so
 * there is never a change without its record, nor a record of a change that rolled back.
 */
import type { AdminReservationPatch, MarkPaidRequest } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { notify } from '../notifications/notify.js';
import { errors } from '../platform/errors.js';
import { cancelReservation } from './cancellation.js';
import { Collision } from './inventory.js';
import { completePayment, lockReservation, reload, type ReservationRow } from './payment-records.js';
import type { RefundContext } from './refund-queue.js';
import type { InvoiceSettings } from '../invoices/issue.js';

const MAX_EXTENSION_MS = 7 * 24 * 3600 * 1000;

export interface AdminActor {
  id: string;
  ip: string;
}

/** What the audit log keeps of a reservation before and after an admin's change. */
export const snapshot = (r: Pick<ReservationRow, 'status' | 'expires_at' | 'note' | 'payment_method'>) => ({
  status: r.status,
  expiresAt: r.expires_at,
  note: r.note,
  paymentMethod: r.payment_method,
});

export async function loadReservation(db: Kysely<Database>, id: string): Promise<ReservationRow> {
  const row = await db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw errors.notFound('reservation');
  return row;
}

function newExpiry(before: ReservationRow, expiresAt: string): string {
  const until = Date.parse(expiresAt);
  if (before.status !== 'pending_payment') throw errors.conflict('Only a pending hold can be extended.');
  if (until <= Date.now() || until > Date.now() + MAX_EXTENSION_MS)
    throw errors.validation('Extend the hold to a time in the next 7 days.', [
      { path: '/expiresAt', message: 'must be in the next 7 days' },
    ]);
  return new Date(until).toISOString();
}

/** Attendee names, a longer hold, a note; the buyer is told. */
export async function updateReservation(
  db: Kysely<Database>,
  actor: AdminActor,
  id: string,
  patch: AdminReservationPatch,
): Promise<ReservationRow> {
  await db.transaction().execute(async (trx) => {
    // Locked: the checks below hold until this commits. Unlocked, a hold that the sweeper (or a
    // cancel) closed after this read was "extended" anyway, its expiry rewritten and audited.
    const before = await lockReservation(trx, id);
    if (before === undefined) throw errors.notFound('reservation');
    const expires = patch.expiresAt === undefined ? {} : { expires_at: newExpiry(before, patch.expiresAt), expiry_warned: 0 };
    const note = patch.note === undefined ? {} : { note: patch.note };
    if (patch.expiresAt !== undefined || patch.note !== undefined)
      await trx
        .updateTable('reservations')
        .set({ ...expires, ...note, updated_at: nowIso() })
        .where('id', '=', before.id)
        .execute();
    const beforeNames: Record<string, string | null> = {};
    // Names belong to tickets that still admit someone: a closed reservation's are history.
    if ((patch.attendees?.length ?? 0) > 0 && !['pending_payment', 'paid'].includes(before.status))
      throw errors.conflict(`This reservation is ${before.status}; its attendee names can no longer change.`);
    for (const a of patch.attendees ?? []) {
      const ticket = await trx
        .selectFrom('tickets')
        .select(['id', 'attendee_name'])
        .where('id', '=', a.ticketId)
        .where('reservation_id', '=', before.id)
        .executeTakeFirst();
      if (ticket === undefined)
        throw errors.validation('A ticket does not belong to this reservation.', [
          { path: '/attendees', message: `unknown ticket ${a.ticketId}` },
        ]);
      beforeNames[a.ticketId] = ticket.attendee_name;
      await trx.updateTable('tickets').set({ attendee_name: a.name.trim() }).where('id', '=', a.ticketId).execute();
    }
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'reservation.update',
      entityType: 'reservation',
      entityId: before.id,
      before: { ...snapshot(before), attendees: beforeNames },
      after: { ...patch },
      ip: actor.ip,
    });
    await notify(trx, {
      userId: before.user_id,
      type: 'reservation_changed',
      message: { key: 'notification.reservation_changed.body', params: { code: before.code } },
      reservationId: before.id,
    });
  });
  return reload(db, id);
}

/** Cancel at any time, refunded or not; a refund the provider fails is left `refund_pending`. */
export async function cancelByAdmin(ctx: RefundContext, actor: AdminActor, id: string, refund: boolean): Promise<ReservationRow> {
  const before = await loadReservation(ctx.db, id);
  return cancelReservation(ctx, before, {
    refund,
    actorId: actor.id,
    reason: 'byOrganiser',
    audit: {
      actorId: actor.id,
      action: 'reservation.cancel',
      entityType: 'reservation',
      entityId: before.id,
      before: snapshot(before),
      after: { expiresAt: before.expires_at, note: before.note, paymentMethod: before.payment_method },
      ip: actor.ip,
    },
  });
}

/** Assisted payment: cash, bank transfer or other, recorded with who took it. */
export async function markPaidByAdmin(
  db: Kysely<Database>,
  actor: AdminActor,
  id: string,
  payment: MarkPaidRequest,
  settings: InvoiceSettings,
): Promise<ReservationRow> {
  const before = await loadReservation(db, id);
  if (before.status !== 'pending_payment')
    throw errors.conflict(`Only a pending reservation can be marked paid; this one is ${before.status}.`);
  if (before.paying_until !== null && Date.parse(before.paying_until) > Date.now())
    throw errors.conflict('A card payment for this reservation is in progress.');
  await completePayment(db, before, payment.method, 'manual', {
    ...settings,
    actorId: actor.id,
    note: payment.note,
    // The check above read the row before this transaction: a card claimed since then wins.
    unlessCharging: true,
    audit: {
      actorId: actor.id,
      action: 'reservation.mark_paid',
      entityType: 'reservation',
      entityId: before.id,
      before: snapshot(before),
      after: snapshot({ ...before, status: 'paid', note: payment.note ?? before.note, payment_method: payment.method }),
      ip: actor.ip,
    },
  }).catch((err: unknown) => {
    throw err instanceof Collision ? err.error : err; // the event was cancelled meanwhile
  });
  return reload(db, id);
}
