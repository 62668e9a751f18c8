/**
 * The email queue's sweep job: one mailer per app instance, and the tickets PDF built at sending
 * time (so it is never stored, and shows the attendee names as they are when it leaves).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { eventFacts, reservationTickets } from '../tickets/ticket-rows.js';
import type { TicketSigner } from '../tickets/ticket-signer.js';
import { ticketsPdf } from '../tickets/tickets-pdf.js';
import { createMailer, type Mailer } from './mailer.js';
import { deliverDueEmails } from './outbox.js';

async function toBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function ticketAttachments(db: Kysely<Database>, signer: TicketSigner) {
  return async (reservationId: string) => {
    const r = await db
      .selectFrom('reservations')
      .select(['id', 'code', 'status', 'event_id'])
      .where('id', '=', reservationId)
      .executeTakeFirst();
    // Cancelled before the email left: the confirmation goes without tickets that no longer admit.
    if (r?.status !== 'paid') return [];
    const event = await eventFacts(db, r.event_id);
    if (event === undefined) return [];
    const pdf = ticketsPdf(event, await reservationTickets(db, r.id), (id) => signer.sign(id));
    return [{ filename: `tickets-${r.code}.pdf`, content: await toBuffer(pdf), contentType: 'application/pdf' }];
  };
}

/** A sweep job (see SweepJob) that also says what it sent, and owns its mail transport. */
export interface EmailJob {
  name: string;
  mailer: Mailer;
  run(): Promise<{ sent: number; failed: number }>;
}

export function emailDeliveryJob(
  db: Kysely<Database>,
  config: Pick<Config, 'smtpUrl' | 'dataDir' | 'publicUrl' | 'nodeEnv'>,
  signer: TicketSigner,
  print?: (line: string) => void,
): EmailJob {
  const mailer = createMailer(config, print);
  const attachments = ticketAttachments(db, signer);
  return { name: 'email', mailer, run: () => deliverDueEmails(db, mailer, attachments) };
}
