/**
 * attendees.pdf: a printable check-in list, one row a paid ticket with its QR code, so the door
 * can work from paper when phones fail. Written page by page from keyset-paged rows and
 * streamed; a slow reader pauses the writing (waitForReader) rather than filling memory.
 */
import PDFDocument from 'pdfkit';
import { useFonts } from './pdf-fonts.js';
import { waitForReader } from './pdf-stream.js';
import { drawQr } from './qr-drawing.js';
import type { QrFor } from './ticket-qr.js';
import { eventTimeText, seatText, type EventFacts, type TicketRow } from './ticket-rows.js';

const PAGE = { width: 595.28, height: 841.89, margin: 36 };
const ROW_HEIGHT = 108;
const QR_SIZE = 100;
const HEADER_HEIGHT = 64;
const INK = '#1d1b20';
const MUTED = '#5f5a66';

export function checkinListPdf(
  event: EventFacts,
  tickets: AsyncIterable<TicketRow>,
  qrFor: QrFor,
  onError: (err: unknown) => void,
): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    autoFirstPage: false,
    info: { Title: `Check-in list: ${event.title}`, Author: 'iaTichet' },
  });
  const fonts = useFonts(doc);
  const p = fonts.printable;
  const width = PAGE.width - 2 * PAGE.margin;
  const rowsPerPage = Math.floor((PAGE.height - 2 * PAGE.margin - HEADER_HEIGHT) / ROW_HEIGHT);
  let pageNumber = 0;

  const header = () => {
    pageNumber++;
    doc.addPage();
    doc
      .font(fonts.bold)
      .fontSize(15)
      .fillColor(INK)
      .text(p(event.title), PAGE.margin, PAGE.margin, { width: width - 70, lineBreak: false, ellipsis: true });
    doc
      .font(fonts.regular)
      .fontSize(9)
      .fillColor(MUTED)
      .text(`Page ${pageNumber}`, PAGE.margin, PAGE.margin + 3, { width, align: 'right' });
    doc.text(p(`${eventTimeText(event)} · ${event.venueName}, ${event.venueCity}`), PAGE.margin, PAGE.margin + 22, {
      width,
      lineBreak: false,
      ellipsis: true,
    });
    doc
      .moveTo(PAGE.margin, PAGE.margin + HEADER_HEIGHT - 10)
      .lineTo(PAGE.margin + width, PAGE.margin + HEADER_HEIGHT - 10)
      .lineWidth(0.5)
      .stroke(MUTED);
  };

  const row = (t: TicketRow, slot: number) => {
    const top = PAGE.margin + HEADER_HEIGHT + slot * ROW_HEIGHT;
    drawQr(doc, qrFor(t), PAGE.margin, top, QR_SIZE);
    const x = PAGE.margin + QR_SIZE + 14;
    const textWidth = width - QR_SIZE - 14 - 90;
    doc
      .font(fonts.bold)
      .fontSize(12)
      .fillColor(INK)
      .text(p(t.holder.name), x, top + 14, { width: textWidth, lineBreak: false, ellipsis: true });
    doc
      .font(fonts.regular)
      .fontSize(10)
      .fillColor(INK)
      .text(p(`${t.typeName} · ${seatText(t)}`), x, top + 34, {
        width: textWidth,
        lineBreak: false,
        ellipsis: true,
      });
    doc.fillColor(MUTED).text(p(`Reservation ${t.reservationCode} · ${t.buyerEmail}`), x, top + 52, {
      width: textWidth,
      lineBreak: false,
      ellipsis: true,
    });
    const boxX = PAGE.margin + width - 80;
    doc
      .rect(boxX, top + 14, 16, 16)
      .lineWidth(1)
      .stroke(INK);
    doc.font(fonts.regular).fontSize(8).fillColor(MUTED);
    doc.text(t.checkedInAt === null ? 'checked in' : `in at ${t.checkedInAt.slice(11, 16)} UTC`, boxX + 20, top + 18, {
      width: 60,
      lineBreak: false,
    });
  };

  const write = async () => {
    let slot = 0;
    let any = false;
    for await (const ticket of tickets) {
      if (!any || slot === rowsPerPage) {
        if (any) await waitForReader(doc);
        header();
        slot = 0;
        any = true;
      }
      row(ticket, slot++);
    }
    if (!any) {
      header();
      doc
        .font(fonts.regular)
        .fontSize(12)
        .fillColor(MUTED)
        .text('No paid tickets yet.', PAGE.margin, PAGE.margin + HEADER_HEIGHT);
    }
    doc.end();
  };
  write().catch((err: unknown) => {
    onError(err);
    doc.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return doc;
}
