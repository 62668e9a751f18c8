/**
 * The admin's invoice register as CSV (UTF-8 with BOM, headers in the reader's language): one row
 * an invoice or credit note, read in pages of the same newest-first order the list uses. Text cells
 * that a spreadsheet would run as a formula (=, +, -, @) are neutralised (tickets/attendee-exports.ts);
 * the amounts are numbers this module writes itself, so a credit note's minus sign stays a number.
 */
import { Readable } from 'node:stream';
import type { AdminInvoice, AdminInvoiceQuery, Locale } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { translate } from '../platform/i18n.js';
import { csvCell } from '../tickets/attendee-exports.js';
import { adminInvoiceRows, toAdminInvoice, type AdminInvoiceRow } from './queries.js';

const COLUMNS = [
  'number',
  'kind',
  'refersTo',
  'issuedAt',
  'reservationCode',
  'buyer',
  'currency',
  'net',
  'tax',
  'total',
] as const;
const PAGE = 500;

/** Cents as a plain decimal number ("-45.00"), never a formula. */
export const amount = (cents: number) => (cents / 100).toFixed(2);

function cells(i: AdminInvoice, locale: Locale): string[] {
  return [
    csvCell(i.number),
    csvCell(translate(locale, `invoice.title.${i.kind}`)),
    csvCell(i.refersTo ?? ''),
    csvCell(i.issuedAt),
    csvCell(i.reservationCode),
    csvCell(i.buyerName),
    csvCell(i.currency),
    amount(i.netCents),
    amount(i.taxCents),
    amount(i.totalCents),
  ];
}

export function invoicesCsv(
  db: Kysely<Database>,
  query: Omit<AdminInvoiceQuery, 'limit' | 'cursor'>,
  organizers: 'all' | string[],
  locale: Locale,
): Readable {
  async function* lines() {
    yield `\uFEFF${COLUMNS.map((c) => csvCell(translate(locale, `invoice.csv.${c}`))).join(',')}\r\n`;
    if (organizers !== 'all' && organizers.length === 0) return;
    let after: { issuedAt: string; id: string } | undefined;
    for (;;) {
      const rows: AdminInvoiceRow[] = await adminInvoiceRows(db, query, organizers, after).limit(PAGE).execute();
      if (rows.length > 0) yield rows.map((r) => `${cells(toAdminInvoice(r), locale).join(',')}\r\n`).join('');
      const last = rows.at(-1);
      if (rows.length < PAGE || last === undefined) return;
      after = { issuedAt: last.issued_at, id: last.id };
    }
  }
  return Readable.from(lines(), { objectMode: false });
}
