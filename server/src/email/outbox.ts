/**
 * The email queue. A message is a row written in the same transaction as the change it reports
 * (a payment, a cancellation), so it is never lost and never sent for a change that rolled back;
 * sending happens later, from the sweeper, so a slow or broken mail server can neither block nor
 * fail a payment. Each instance claims a message before sending it (a conditional update on
 * `locked_until`), and a failure is retried with growing pauses until MAX_ATTEMPTS.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import type { Mailer, OutgoingEmail } from './mailer.js';

export const MAX_ATTEMPTS = 8;
const RETRY_MINUTES = [1, 5, 15, 60, 180, 360, 720];
const CLAIM_MS = 2 * 60_000;
const BATCH = 20;

export interface QueuedEmail {
  kind: string;
  to: string;
  subject: string;
  body: string;
  reservationId: string | null;
  attachTickets: boolean;
}

export async function enqueueEmail(db: Kysely<Database>, email: QueuedEmail): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('email_outbox')
    .values({
      id: randomUUID(),
      kind: email.kind,
      to_address: email.to,
      subject: email.subject,
      body: email.body,
      reservation_id: email.reservationId,
      attach_tickets: email.attachTickets ? 1 : 0,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
}

export type AttachmentBuilder = (reservationId: string) => Promise<OutgoingEmail['attachments']>;

/** Sends what is due; answers how many were sent and how many failed this time. */
export async function deliverDueEmails(
  db: Kysely<Database>,
  mailer: Mailer,
  attachmentsFor: AttachmentBuilder,
): Promise<{ sent: number; failed: number }> {
  const now = nowIso();
  const due = await db
    .selectFrom('email_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(BATCH)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const row of due) {
    const claimed = await db
      .updateTable('email_outbox')
      .set({ locked_until: new Date(Date.now() + CLAIM_MS).toISOString(), attempts: row.attempts + 1 })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) continue; // another instance took it
    try {
      const attachments = row.attach_tickets === 1 && row.reservation_id !== null ? await attachmentsFor(row.reservation_id) : [];
      await mailer.send({ id: row.id, to: row.to_address, subject: row.subject, text: row.body, attachments });
      await db
        .updateTable('email_outbox')
        .set({ status: 'sent', sent_at: nowIso(), locked_until: null, last_error: null })
        .where('id', '=', row.id)
        .execute();
      sent++;
    } catch (err) {
      failed++;
      const attempts = row.attempts + 1;
      const pause = RETRY_MINUTES[Math.min(attempts - 1, RETRY_MINUTES.length - 1)] ?? 60;
      await db
        .updateTable('email_outbox')
        .set({
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          next_attempt_at: new Date(Date.now() + pause * 60_000).toISOString(),
          locked_until: null,
          last_error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
        })
        .where('id', '=', row.id)
        .execute();
    }
  }
  return { sent, failed };
}
