/**
 * The email queue. A message is a row written in the same transaction as the change it reports
 * (a payment, a cancellation), so it is never lost and never sent for a change that rolled back;
 * sending happens later, from the sweeper, so a slow or broken mail server can neither block nor
 * fail a payment. Each instance claims a message before sending it (a conditional update on
 * `locked_until`, renewed while the send runs), and a failure is retried with growing pauses until
 * MAX_ATTEMPTS.
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
    const attempt = row.attempts + 1;
    const claimed = await db
      .updateTable('email_outbox')
      .set({ locked_until: new Date(Date.now() + CLAIM_MS).toISOString(), attempts: attempt })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) continue; // another instance took it
    // Ours while this attempt holds it: every write below is guarded by the attempt it claimed, so
    // a sender that lost its claim (frozen past it) records nothing over the sender that took over.
    const ours = () =>
      db.updateTable('email_outbox').where('id', '=', row.id).where('status', '=', 'pending').where('attempts', '=', attempt);
    // A send may take longer than the claim (a slow mail server: nodemailer waits minutes on a
    // silent socket). The claim is renewed while it runs, so no other instance sends it meanwhile;
    // should this process die, the claim runs out and another instance sends it.
    let renewing = Promise.resolve();
    const renewal = setInterval(() => {
      renewing = renewing
        .then(() =>
          ours()
            .set({ locked_until: new Date(Date.now() + CLAIM_MS).toISOString() })
            .execute(),
        )
        .then(
          () => undefined,
          () => undefined,
        );
    }, CLAIM_MS / 4);
    const settle = async () => {
      clearInterval(renewal);
      await renewing;
    };
    try {
      const attachments = row.attach_tickets === 1 && row.reservation_id !== null ? await attachmentsFor(row.reservation_id) : [];
      await mailer.send({ id: row.id, to: row.to_address, subject: row.subject, text: row.body, attachments });
      await settle();
      await ours().set({ status: 'sent', sent_at: nowIso(), locked_until: null, last_error: null }).execute();
      sent++;
    } catch (err) {
      await settle();
      failed++;
      const pause = RETRY_MINUTES[Math.min(attempt - 1, RETRY_MINUTES.length - 1)] ?? 60;
      await ours()
        .set({
          status: attempt >= MAX_ATTEMPTS ? 'failed' : 'pending',
          next_attempt_at: new Date(Date.now() + pause * 60_000).toISOString(),
          locked_until: null,
          last_error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
        })
        .execute();
    }
  }
  return { sent, failed };
}
