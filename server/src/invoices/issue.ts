/**
 * Issuing invoices and credit notes, always inside the caller's transaction: the invoice in the one
 * that marks a reservation paid, the credit note in the one that makes it `refunded`. Amounts come
 * from the reservation's stored lines (what the hold priced, reservations/pricing.ts), never from
 * today's ticket prices; everything printed is copied into the row, so the document never changes.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { priceLines, type PricedLine, type TaxRateSummary } from '../reservations/pricing.js';
import { parseBilling } from './billing.js';
import type { Buyer, InvoiceRow, Seller } from './documents.js';
import { claimSeq, invoiceNumber, seriesPrefix, yearIn } from './series.js';

/** Where the year of issue is decided: DEFAULT_TIME_ZONE (config). */
export interface InvoiceSettings {
  invoiceTimeZone: string;
}

type Parties = Awaited<ReturnType<typeof parties>>;

async function parties(trx: Transaction<Database>, reservationId: string) {
  const r = await trx
    .selectFrom('reservations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .innerJoin('organizers as o', 'o.id', 'e.organizer_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'r.id',
      'r.total_cents',
      'r.currency',
      'r.billing_json',
      'e.time_zone',
      'o.id as organizer_id',
      'o.name as organizer_name',
      'o.legal_name',
      'o.address',
      'o.vat_id',
      'o.invoice_prefix',
      'o.slug',
      'u.name as user_name',
      'u.email',
      'u.locale',
    ])
    .where('r.id', '=', reservationId)
    .executeTakeFirstOrThrow();
  const seller: Seller = {
    name: r.legal_name.trim() === '' ? r.organizer_name : r.legal_name,
    address: r.address,
    vatId: r.vat_id,
    timeZone: r.time_zone,
  };
  const billing = parseBilling(r.billing_json);
  const buyer: Buyer = billing === null ? { name: r.user_name, email: r.email } : { ...billing, email: r.email };
  return { r, seller, buyer };
}

async function insertDocument(
  trx: Transaction<Database>,
  settings: InvoiceSettings,
  parts: Parties,
  doc: { kind: InvoiceRow['kind']; refersTo: string | null; lines: PricedLine[]; taxes: TaxRateSummary[] },
): Promise<InvoiceRow> {
  const issuedAt = nowIso();
  const year = yearIn(new Date(issuedAt), settings.invoiceTimeZone);
  const seq = await claimSeq(trx, parts.r.organizer_id, year);
  const sum = (f: (t: TaxRateSummary) => number) => doc.taxes.reduce((n, t) => n + f(t), 0);
  const row: InvoiceRow = {
    id: randomUUID(),
    organizer_id: parts.r.organizer_id,
    reservation_id: parts.r.id,
    kind: doc.kind,
    year,
    seq,
    number: invoiceNumber(seriesPrefix(parts.r), year, seq),
    refers_to: doc.refersTo,
    currency: parts.r.currency,
    net_cents: sum((t) => t.netCents),
    tax_cents: sum((t) => t.taxCents),
    total_cents: sum((t) => t.grossCents),
    seller_json: JSON.stringify(parts.seller),
    buyer_json: JSON.stringify(parts.buyer),
    lines_json: JSON.stringify(doc.lines),
    taxes_json: JSON.stringify(doc.taxes),
    locale: parts.r.locale,
    issued_at: issuedAt,
  };
  await trx.insertInto('invoices').values(row).execute();
  return row;
}

/** What an invoice will say, read before the payment takes its locks (issueDraft numbers it). */
export interface InvoiceDraft {
  parts: Parties;
  lines: PricedLine[];
  taxes: TaxRateSummary[];
}

/** The invoice a reservation's payment will issue; undefined for a free order (total 0). */
export async function draftInvoice(trx: Transaction<Database>, reservationId: string): Promise<InvoiceDraft | undefined> {
  const parts = await parties(trx, reservationId);
  if (parts.r.total_cents <= 0) return undefined;
  const items = await trx
    .selectFrom('reservation_items as i')
    .innerJoin('ticket_types as t', 't.id', 'i.ticket_type_id')
    .select(['i.ticket_type_id', 't.name', 'i.quantity', 'i.unit_price_cents', 'i.discount_cents', 'i.tax_rate'])
    .where('i.reservation_id', '=', reservationId)
    .orderBy('t.sort_order')
    .orderBy('t.id')
    .execute();
  const priced = priceLines(
    items.map((i) => ({
      ticketTypeId: i.ticket_type_id,
      name: i.name,
      quantity: i.quantity,
      unitPriceCents: i.unit_price_cents,
      discountCents: i.discount_cents,
      taxRate: i.tax_rate,
    })),
  );
  return { parts, lines: priced.lines, taxes: priced.taxes };
}

/**
 * Numbers and stores a drafted invoice. Called after the payment's own writes, so that the counter
 * row is its transaction's last lock (series.ts), and with the reads already done, so that the
 * locks the payment holds (its ticket types' counters) are held two statements longer, not five.
 */
export function issueDraft(trx: Transaction<Database>, settings: InvoiceSettings, draft: InvoiceDraft): Promise<InvoiceRow> {
  return insertDocument(trx, settings, draft.parts, { kind: 'invoice', refersTo: null, lines: draft.lines, taxes: draft.taxes });
}

/** draftInvoice and issueDraft at once, where nothing is locked in between worth sparing. */
export async function issueInvoiceIn(
  trx: Transaction<Database>,
  settings: InvoiceSettings,
  reservationId: string,
): Promise<InvoiceRow | undefined> {
  const draft = await draftInvoice(trx, reservationId);
  return draft === undefined ? undefined : issueDraft(trx, settings, draft);
}

const negate = <T extends object>(value: T, keys: (keyof T)[]): T =>
  Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys.includes(k as keyof T) ? -(v as number) : v])) as T;

/**
 * The credit note that gives back a reservation's invoice, when its money is returned: the
 * invoice's own lines and tax summary negated, with the next number of the series. None when the
 * reservation has no invoice (free, or paid before invoices existed) or already has a credit note.
 */
export async function issueCreditNoteIn(
  trx: Transaction<Database>,
  settings: InvoiceSettings,
  reservationId: string,
): Promise<InvoiceRow | undefined> {
  const invoice = await trx
    .selectFrom('invoices')
    .selectAll()
    .where('reservation_id', '=', reservationId)
    .where('kind', '=', 'invoice')
    .executeTakeFirst();
  if (invoice === undefined) return undefined;
  const credited = await trx
    .selectFrom('invoices')
    .select('id')
    .where('reservation_id', '=', reservationId)
    .where('kind', '=', 'credit_note')
    .executeTakeFirst();
  if (credited !== undefined) return undefined;
  const parts = await parties(trx, reservationId);
  const lines = (JSON.parse(invoice.lines_json) as PricedLine[]).map((l) =>
    negate(l, ['unitPriceCents', 'discountCents', 'subtotalCents', 'totalCents', 'taxCents', 'netCents']),
  );
  const taxes = (JSON.parse(invoice.taxes_json) as TaxRateSummary[]).map((t) =>
    negate(t, ['netCents', 'taxCents', 'grossCents']),
  );
  // The buyer and seller as the invoice named them: a credit note corrects that document.
  return insertDocument(
    trx,
    settings,
    { ...parts, seller: JSON.parse(invoice.seller_json) as Seller, buyer: JSON.parse(invoice.buyer_json) as Buyer },
    { kind: 'credit_note', refersTo: invoice.id, lines, taxes },
  );
}
