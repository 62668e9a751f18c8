/**
 * The attendee list as CSV and as XLSX, one row a ticket, written while the rows are read (keyset
 * pages) so an event of any size never sits in memory whole.
 *
 * CSV: UTF-8 with a BOM (so spreadsheet programs pick the right encoding), RFC 4180 quoting, and
 * every cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR, at the
 * start or after a ';') prefixed with an apostrophe (OWASP's CSV injection advice). XLSX cells are
 * always written as strings.
 */
import { PassThrough, Readable } from 'node:stream';
import type { Locale } from '@iatichet/contracts';
import ExcelJS from 'exceljs';
import { translate } from '../platform/i18n.js';
import { formatShortTime } from '../platform/local-time.js';
import { formatShortCode } from './short-code.js';
import { seatText, type TicketRow } from './ticket-rows.js';

/**
 * Columns, in the reading admin's language. The first eight keep their place and their machine
 * values (`status` as the API's word, `checkedInAt` as a UTC instant), since tools read exports;
 * the words for people follow them: the short code, whose name the attendee column shows, the
 * status in words and the check-in time at the venue.
 */
const COLUMNS = [
  'reservationCode',
  'qr',
  'attendee',
  'buyerEmail',
  'ticketType',
  'seat',
  'status',
  'checkedInAt',
  'shortCode',
  'holderSource',
  'statusLabel',
  'checkedInAtLocal',
] as const;
const WIDTHS = [12, 40, 28, 30, 18, 28, 14, 26, 14, 14, 20, 24];

export interface ExportReader {
  locale: Locale;
  timeZone: string;
  /** One column per question of the event, after the fixed ones; each row brings its `answerCells`. */
  questionLabels?: string[];
}

function header(reader: ExportReader): string[] {
  return [...COLUMNS.map((c) => translate(reader.locale, `export.header.${c}`)), ...(reader.questionLabels ?? [])];
}

function cells(t: TicketRow, qr: string | null, reader: ExportReader): string[] {
  return [
    t.reservationCode,
    qr ?? '',
    t.holder.name,
    t.buyerEmail,
    t.typeName,
    t.seat === null ? '' : seatText(t, reader.locale),
    t.reservationStatus,
    t.checkedInAt ?? '',
    t.shortCode === null ? '' : formatShortCode(t.shortCode),
    translate(reader.locale, `export.holderSource.${t.holder.source}`),
    translate(reader.locale, `status.${t.reservationStatus}`),
    t.checkedInAt === null ? '' : formatShortTime(t.checkedInAt, reader.timeZone, reader.locale),
    ...(t.answerCells ?? []),
  ];
}

/**
 * Where the list separator is ';' (Romanian, and most European, Excel), a CSV opened by double-click
 * is split at every ';' outside quotes, and our RFC 4180 quotes are not where that reader looks for
 * them: so a cell also starts after each ';', and is neutralised there too.
 */
export function neutraliseFormula(cell: string): string {
  return cell.replace(/(^|;)(?=[=+\-@\t\r])/g, "$1'");
}

export function csvCell(cell: string): string {
  const safe = neutraliseFormula(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (values: string[]) => `${values.map(csvCell).join(',')}\r\n`;

export function attendeesCsv(
  rows: AsyncIterable<TicketRow>,
  qrFor: (t: TicketRow) => string | null,
  reader: ExportReader,
): Readable {
  async function* lines() {
    yield `\uFEFF${csvLine(header(reader))}`;
    let batch = '';
    for await (const t of rows) {
      batch += csvLine(cells(t, qrFor(t), reader));
      if (batch.length > 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch !== '') yield batch;
  }
  return Readable.from(lines(), { objectMode: false });
}

export function attendeesXlsx(
  title: string,
  rows: AsyncIterable<TicketRow>,
  qrFor: (t: TicketRow) => string | null,
  reader: ExportReader,
  onError: (err: unknown) => void,
): PassThrough {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'iaTichet';
  // Sheet names may not hold []:*?/\ and are at most 31 characters.
  const sheet = workbook.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Attendees', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = header(reader).map((text, i) => ({ header: text, key: String(i), width: WIDTHS[i] ?? 24 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const write = async () => {
    for await (const t of rows) {
      // Plain strings: exceljs writes them as text cells, never as formulas.
      sheet.addRow(cells(t, qrFor(t), reader)).commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((err: unknown) => {
    onError(err);
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}
