/**
 * The invoice PDF attached to a payment's confirmation email, built at sending time from the
 * issued snapshot. The email queue sits below the domains, so app.ts hands it this builder.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { toBuffer } from '../tickets/ticket-attachments.js';
import { invoicePdf } from './invoice-pdf.js';
import { invoiceForPdf } from './queries.js';

export function invoiceAttachments(db: Kysely<Database>) {
  return async (reservationId: string) => {
    const invoice = await db
      .selectFrom('invoices')
      .select('id')
      .where('reservation_id', '=', reservationId)
      .where('kind', '=', 'invoice')
      .executeTakeFirst();
    // A free order has none; a refund's credit note is not a confirmation's attachment.
    if (invoice === undefined) return [];
    const { document, context } = await invoiceForPdf(db, reservationId, invoice.id);
    return [
      {
        filename: `${document.row.number}.pdf`,
        content: await toBuffer(invoicePdf(document, context)),
        contentType: 'application/pdf',
      },
    ];
  };
}
