/**
 * The tickets PDF attached to a confirmation email, built at sending time (so it is never stored,
 * and shows the attendee names as they are when it leaves). The email queue (email/) sits below
 * the domains, so it receives this builder from app.ts rather than importing tickets.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { qrFor } from './ticket-qr.js';
import { eventFacts, reservationTickets } from './ticket-rows.js';
import type { TicketSigner } from './ticket-signer.js';
import { ticketsPdf } from './tickets-pdf.js';

export async function toBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function ticketAttachments(
  db: Kysely<Database>,
  signer: TicketSigner,
  organizer = 'iaTichet',
  /** The poster for print (catalog/posters.ts, passed in: tickets sit below the catalog). */
  posterFor: (posterKey: string) => Promise<Buffer | null> = () => Promise.resolve(null),
) {
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
    const poster = event.posterKey === null ? null : await posterFor(event.posterKey);
    // Only what the buyer still holds: a ticket given away before the email left is its recipient's.
    const tickets = (await reservationTickets(db, r.id)).filter((t) => t.holderId === null);
    if (tickets.length === 0) return [];
    const pdf = ticketsPdf(event, tickets, qrFor(signer), { organizer, poster });
    return [{ filename: `tickets-${r.code}.pdf`, content: await toBuffer(pdf), contentType: 'application/pdf' }];
  };
}
