/**
 * The attendee list as CSV and as XLSX, one row a ticket, written while the rows are read (keyset
 * pages) so an event of any size never sits in memory whole.
 *
 * CSV: UTF-8 with a BOM (so spreadsheet programs pick the right encoding), RFC 4180 quoting, and
 * every cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR) prefixed
 * with an apostrophe (OWASP's CSV injection advice). XLSX cells are always written as strings.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { seatText, type TicketRow } from './ticket-rows.js';

const HEADER = ['Reservation code', 'QR', 'Attendee', 'Buyer email', 'Ticket type', 'Seat', 'Status', 'Checked in at'];

function cells(t: TicketRow, qr: string | null): string[] {
  return [
    t.reservationCode,
    qr ?? '',
    t.attendeeName ?? t.buyerName,
    t.buyerEmail,
    t.typeName,
    t.seat === null ? '' : seatText(t),
    t.reservationStatus,
    t.checkedInAt ?? '',
  ];
}

export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function csvCell(cell: string): string {
  const safe = neutraliseFormula(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (values: string[]) => `${values.map(csvCell).join(',')}\r\n`;

export function attendeesCsv(rows: AsyncIterable<TicketRow>, qrFor: (t: TicketRow) => string | null): Readable {
  async function* lines() {
    yield `\uFEFF${csvLine(HEADER)}`;
    let batch = '';
    for await (const t of rows) {
      batch += csvLine(cells(t, qrFor(t)));
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
  onError: (err: unknown) => void,
): PassThrough {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'iaTichet';
  // Sheet names may not hold []:*?/\ and are at most 31 characters.
  const sheet = workbook.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Attendees', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = HEADER.map((header, i) => ({ header, key: String(i), width: [12, 40, 28, 30, 18, 28, 12, 26][i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const write = async () => {
    for await (const t of rows) {
      // Plain strings: exceljs writes them as text cells, never as formulas.
      sheet.addRow(cells(t, qrFor(t))).commit();
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
