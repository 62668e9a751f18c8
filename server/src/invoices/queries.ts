/** Reading issued invoices: a reservation's, one for its PDF, and the admin's list (newest first). */
import type { AdminInvoice, AdminInvoiceQuery, InvoiceSummary } from '@iatichet/contracts';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CursorCodec } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { readDocument, type Buyer, type InvoiceDocument } from './documents.js';
import type { InvoiceContext } from './invoice-pdf.js';

function summaries(db: Kysely<Database>) {
  return db
    .selectFrom('invoices as i')
    .leftJoin('invoices as ref', 'ref.id', 'i.refers_to')
    .select([
      'i.id',
      'i.number',
      'i.kind',
      'i.total_cents',
      'i.currency',
      'i.issued_at',
      'ref.number as refers_to_number',
      'i.reservation_id',
      'i.organizer_id',
      'i.net_cents',
      'i.tax_cents',
      'i.buyer_json',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number];

const toSummary = (r: SummaryRow): InvoiceSummary => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  totalCents: r.total_cents,
  currency: r.currency,
  issuedAt: r.issued_at,
  refersTo: r.refers_to_number,
});

/** The invoice and credit note of a reservation, in the order they were issued. */
export async function reservationInvoices(db: Kysely<Database>, reservationId: string): Promise<InvoiceSummary[]> {
  const rows = await summaries(db)
    .where('i.reservation_id', '=', reservationId)
    // In the order issued: numbers restart each year, so December's invoice has a higher seq
    // than January's credit note.
    .orderBy('i.issued_at')
    .orderBy('i.seq')
    .execute();
  return rows.map(toSummary);
}

/** One document of the reservation, with what its PDF prints beside the snapshot; 404 otherwise. */
export async function invoiceForPdf(
  db: Kysely<Database>,
  reservationId: string,
  invoiceId: string,
): Promise<{ document: InvoiceDocument; context: InvoiceContext }> {
  const row = await db
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', invoiceId)
    .where('reservation_id', '=', reservationId)
    .executeTakeFirst();
  if (row === undefined) throw errors.notFound('invoice');
  const [facts, ref] = await Promise.all([
    db
      .selectFrom('reservations as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .select(['r.code', 'e.title'])
      .where('r.id', '=', reservationId)
      .executeTakeFirstOrThrow(),
    row.refers_to === null
      ? undefined
      : db.selectFrom('invoices').select('number').where('id', '=', row.refers_to).executeTakeFirst(),
  ]);
  return {
    document: readDocument(row),
    context: { reservationCode: facts.code, eventTitle: facts.title, refersToNumber: ref?.number ?? null },
  };
}

export interface AdminInvoicePage {
  items: AdminInvoice[];
  nextCursor: string | null;
}

/**
 * Invoices and credit notes, newest first, within the organizers the caller manages ('all' for a
 * site admin); `limit` undefined reads every match (the CSV export, written as it is read).
 */
export function adminInvoiceRows(
  db: Kysely<Database>,
  query: Omit<AdminInvoiceQuery, 'limit' | 'cursor'>,
  organizers: 'all' | string[],
  after?: { issuedAt: string; id: string },
) {
  return summaries(db)
    .innerJoin('reservations as r', 'r.id', 'i.reservation_id')
    .select('r.code as reservation_code')
    .$if(organizers !== 'all', (q) => q.where('i.organizer_id', 'in', organizers === 'all' ? [] : organizers))
    .$if(query.organizerId !== undefined, (q) => q.where('i.organizer_id', '=', query.organizerId ?? ''))
    .$if(query.from !== undefined, (q) => q.where('i.issued_at', '>=', new Date(query.from ?? 0).toISOString()))
    .$if(query.to !== undefined, (q) => q.where('i.issued_at', '<', new Date(query.to ?? 0).toISOString()))
    .$if(after !== undefined, (q) =>
      q.where(sql<SqlBool>`(i.issued_at < ${after?.issuedAt} or (i.issued_at = ${after?.issuedAt} and i.id < ${after?.id}))`),
    )
    .orderBy('i.issued_at', 'desc')
    .orderBy('i.id', 'desc');
}

export type AdminInvoiceRow = SummaryRow & { reservation_code: string };

export function toAdminInvoice(r: AdminInvoiceRow): AdminInvoice {
  const buyer = JSON.parse(r.buyer_json) as Buyer;
  return {
    ...toSummary(r),
    reservationId: r.reservation_id,
    reservationCode: r.reservation_code,
    organizerId: r.organizer_id,
    buyerName: buyer.company ?? buyer.name,
    netCents: r.net_cents,
    taxCents: r.tax_cents,
  };
}

export async function listAdminInvoices(
  db: Kysely<Database>,
  cursors: CursorCodec,
  query: AdminInvoiceQuery,
  organizers: 'all' | string[],
): Promise<AdminInvoicePage> {
  if (organizers !== 'all' && organizers.length === 0) return { items: [], nextCursor: null };
  const limit = query.limit ?? 20;
  let after: { issuedAt: string; id: string } | undefined;
  if (query.cursor !== undefined) {
    const [issuedAt, id] = cursors.decode(query.cursor, 2);
    if (typeof issuedAt !== 'string' || typeof id !== 'string')
      throw errors.validation('The cursor is not valid.', [{ path: '/cursor', message: 'invalid cursor' }]);
    after = { issuedAt, id };
  }
  const rows = await adminInvoiceRows(db, query, organizers, after)
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toAdminInvoice),
    nextCursor: rows.length > limit && last !== undefined ? cursors.encode([last.issued_at, last.id]) : null,
  };
}
