/**
 * Giving one ticket to someone else's account (POST /api/reservations/:id/tickets/:ticketId/transfer).
 *
 * In one transaction the ticket gets its new holder, the next QR generation (a new signed code:
 * ticket-signer.ts) and a new short code; the transfer is logged with the short code it retires,
 * audited, and both sides are notified and mailed in their languages. The old QR code and short
 * code then answer `not_valid` at the door: check-in admits only the current generation, and a
 * retired short code is found in ticket_transfers with the generation it belonged to.
 *
 * Exactly one of two concurrent transfers of a ticket wins: the UPDATE is conditional on the
 * generation read (and on no check-in), so the second finds the row changed and answers 409
 * `transfer_not_allowed`. The same guard makes a transfer and a scan of the old code exclusive.
 * The money stays with the reservation: a refund of it cancels the ticket wherever it went
 * (notifyCancelledHolders).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Locale, TicketTransferResult } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { issueToken } from '../accounts/account-tokens.js';
import { hashPassword } from '../accounts/passwords.js';
import { findUserByEmail, insertUser, isUniqueViolation, normalizeEmail, type UserRow } from '../accounts/users.js';
import { recordAudit } from '../audit/audit-log.js';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { enqueueEmail } from '../email/outbox.js';
import { notify } from '../notifications/notify.js';
import { AppError, errors } from '../platform/errors.js';
import { translate } from '../platform/i18n.js';
import { hasStarted, heldTicket, type HeldTicket } from './held-tickets.js';
import { isShortCodeCollision, newShortCode } from './short-code.js';
import type { QrSigner } from './ticket-qr.js';

export interface TransferContext {
  db: Kysely<Database>;
  signer: QrSigner;
  publicUrl: string;
  /** The language of an account made for the recipient: the sender's request's. */
  locale: Locale;
  /** The per-recipient budget of account emails (accounts/account-mail.ts): a new account's link. */
  withinBudget: (email: string) => Promise<boolean>;
}

export interface TransferActor {
  id: string;
  email: string;
  name: string;
  ip: string;
}

const notAllowed = (detail: string) => new AppError('transfer_not_allowed', detail);

function assertTransferable(t: HeldTicket): void {
  if (t.status !== 'paid') throw notAllowed(`Only a paid ticket can be transferred; this reservation is ${t.status}.`);
  if (t.event_status !== 'published') throw notAllowed('The event is no longer on; its tickets cannot be transferred.');
  if (t.checked_in_at !== null) throw notAllowed('This ticket has been used at the entrance.');
  if (hasStarted(t)) throw notAllowed('The event has started; tickets can no longer be transferred.');
}

/** Mails both sides of a transfer, each in their language; queued in the transfer's transaction. */
async function mailBothSides(
  trx: Kysely<Database>,
  ctx: TransferContext,
  t: HeldTicket,
  from: { email: string; name: string; locale: Locale },
  to: UserRow,
  created: boolean,
): Promise<void> {
  const tr = (key: string, params: Record<string, unknown> = {}) => translate(to.locale, key, params);
  const words = { title: t.title, from: from.name, email: to.email, code: t.code };
  const mayLink = created && (await ctx.withinBudget(to.email));
  const body = mayLink
    ? tr('transfer.email.received.bodyNew', {
        ...words,
        link: `${ctx.publicUrl}/reset-password?token=${await issueToken(trx, to.id, 'password_reset')}`,
        forgot: `${ctx.publicUrl}/forgot-password`,
      })
    : tr('transfer.email.received.body', { ...words, link: `${ctx.publicUrl}/reservations` });
  await enqueueEmail(trx, {
    kind: 'ticket_received',
    to: to.email,
    subject: tr('transfer.email.received.subject', words),
    body: `${tr('email.greeting')}\n\n${body}\n\n${tr('email.signature')}`,
    reservationId: null,
    attachTickets: false,
  });
  const fr = (key: string, params: Record<string, unknown> = {}) => translate(from.locale, key, params);
  await enqueueEmail(trx, {
    kind: 'ticket_transferred',
    to: from.email,
    subject: fr('transfer.email.sent.subject', words),
    body: `${fr('email.greetingNamed', { name: from.name })}\n\n${fr('transfer.email.sent.body', words)}\n\n${fr('email.signature')}`,
    reservationId: null,
    attachTickets: false,
  });
}

async function transferOnce(
  ctx: TransferContext,
  actor: TransferActor,
  reservationId: string,
  ticketId: string,
  email: string,
  unusablePassword: string,
): Promise<TicketTransferResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const t = await heldTicket(trx, reservationId, ticketId, actor.id);
    assertTransferable(t);
    const existing = await findUserByEmail(trx, email);
    if (existing?.disabled === 1) throw notAllowed('That account cannot receive tickets.');
    const recipient =
      existing ??
      (await insertUser(trx, { email, name: email.split('@')[0] ?? email, passwordHash: unusablePassword, locale: ctx.locale }));
    const generation = t.qr_generation + 1;
    const shortCode = newShortCode();
    const at = nowIso();
    // Back to the buyer is a transfer too (new codes), after which the reservation shows it again.
    const holderId = recipient.id === t.user_id ? null : recipient.id;
    const moved = await trx
      .updateTable('tickets')
      .set({
        holder_id: holderId,
        qr_generation: generation,
        short_code: shortCode,
        qr: ctx.signer.sign(t.id, generation),
        // The name was the giver's choice; the new holder names their guest (or is named by their account).
        attendee_name: null,
      })
      .where('id', '=', t.id)
      .where('qr_generation', '=', t.qr_generation)
      .where('checked_in_at', 'is', null)
      .executeTakeFirst();
    if (moved.numUpdatedRows === 0n) throw notAllowed('The ticket was transferred or used meanwhile.');
    await trx
      .insertInto('ticket_transfers')
      .values({
        id: randomUUID(),
        ticket_id: t.id,
        from_user_id: actor.id,
        to_user_id: recipient.id,
        to_email: recipient.email_normalized,
        old_short_code: t.short_code,
        old_generation: t.qr_generation,
        created_at: at,
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'transfer.create',
      entityType: 'ticket',
      entityId: t.id,
      organizerId: t.organizer_id,
      before: { holderId: t.holder_id, generation: t.qr_generation },
      after: { holderId, generation, toEmail: recipient.email_normalized, accountCreated: existing === undefined },
      ip: actor.ip,
    });
    const params = { title: t.title, email: recipient.email, from: actor.name, code: t.code };
    await notify(trx, {
      userId: actor.id,
      actorId: actor.id,
      type: 'ticket_transferred',
      reservationId: t.holder_id === null ? t.reservation_id : null,
      message: { key: 'transfer.notification.sent', params },
    });
    await notify(trx, {
      userId: recipient.id,
      type: 'ticket_received',
      reservationId: holderId === null ? t.reservation_id : null,
      message: { key: 'transfer.notification.received', params },
    });
    const sender = await trx.selectFrom('users').select('locale').where('id', '=', actor.id).executeTakeFirstOrThrow();
    await mailBothSides(trx, ctx, t, { ...actor, locale: sender.locale }, recipient, existing === undefined);
    return {
      ticketId: t.id,
      reservationId: t.reservation_id,
      email: recipient.email_normalized,
      accountCreated: existing === undefined,
      transferredAt: at,
    };
  });
}

export async function transferTicket(
  ctx: TransferContext,
  actor: TransferActor,
  reservationId: string,
  ticketId: string,
  rawEmail: string,
): Promise<TicketTransferResult> {
  const email = normalizeEmail(rawEmail);
  if (email === normalizeEmail(actor.email))
    throw errors.validation('You already hold this ticket; give an address other than your own.', [
      { path: '/email', message: 'is your own address' },
    ]);
  // Hashed before the transaction: slow on purpose, it must not hold a lock.
  const unusablePassword = await hashPassword(randomBytes(32).toString('base64url'));
  for (let attempt = 0; ; attempt++) {
    try {
      return await transferOnce(ctx, actor, reservationId, ticketId, email, unusablePassword);
    } catch (err) {
      // The same new address given at once by two transfers (one account is made, the other tries
      // again and finds it), or a short code drawn twice: both worth one more try, no more.
      if (attempt < 2 && (isShortCodeCollision(err) || isUniqueViolation(err))) continue;
      throw err;
    }
  }
}

/**
 * A reservation leaving `paid` (cancelled, refunded) takes every ticket given out of it along:
 * each holder is told, in their language, in the transaction that closed it.
 */
export async function notifyCancelledHolders(trx: Kysely<Database>, reservationId: string): Promise<void> {
  const held = await trx
    .selectFrom('tickets as t')
    .innerJoin('users as u', 'u.id', 't.holder_id')
    .innerJoin('reservations as r', 'r.id', 't.reservation_id')
    .innerJoin('events as e', 'e.id', 't.event_id')
    .select(['t.holder_id', 'u.email', 'u.locale', 'r.code', 'e.title'])
    .where('t.reservation_id', '=', reservationId)
    .where('t.holder_id', 'is not', null)
    .execute();
  for (const h of held) {
    if (h.holder_id === null) continue;
    const params = { title: h.title, code: h.code };
    await notify(trx, {
      userId: h.holder_id,
      type: 'ticket_cancelled',
      message: { key: 'transfer.notification.cancelled', params },
    });
    const tr = (key: string) => translate(h.locale, key, params);
    await enqueueEmail(trx, {
      kind: 'ticket_cancelled',
      to: h.email,
      subject: tr('transfer.email.cancelled.subject'),
      body: `${tr('email.greeting')}\n\n${tr('transfer.email.cancelled.body')}\n\n${tr('email.signature')}`,
      reservationId: null,
      attachTickets: false,
    });
  }
}
