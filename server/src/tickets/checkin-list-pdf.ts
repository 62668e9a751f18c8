/**
 * attendees.pdf: a printable check-in list, one row a paid ticket with its QR code, so the door
 * can work from paper when phones fail. Written page by page from keyset-paged rows and
 * streamed; a slow reader pauses the writing (waitForReader) rather than filling memory. In the
 * reader's language, and every time (the start, each check-in) at the event's clock with its zone.
 */
import type { Locale } from '@iatichet/contracts';
import PDFDocument from 'pdfkit';
import { translate } from '../platform/i18n.js';
import { formatClockTime } from '../platform/local-time.js';
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
  locale: Locale = 'en',
): PDFKit.PDFDocument {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    autoFirstPage: false,
    info: { Title: t('ticket.checkinList.title', { title: event.title }), Author: 'iaTichet' },
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
      .text(p(t('ticket.checkinList.page', { page: pageNumber })), PAGE.margin, PAGE.margin + 3, { width, align: 'right' });
    doc.text(p(`${eventTimeText(event, locale)} · ${event.venueName}, ${event.venueCity}`), PAGE.margin, PAGE.margin + 22, {
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

  const row = (ticket: TicketRow, slot: number) => {
    const top = PAGE.margin + HEADER_HEIGHT + slot * ROW_HEIGHT;
    drawQr(doc, qrFor(ticket), PAGE.margin, top, QR_SIZE);
    const x = PAGE.margin + QR_SIZE + 14;
    const textWidth = width - QR_SIZE - 14 - 90;
    doc
      .font(fonts.bold)
      .fontSize(12)
      .fillColor(INK)
      .text(p(ticket.holder.name), x, top + 14, { width: textWidth, lineBreak: false, ellipsis: true });
    doc
      .font(fonts.regular)
      .fontSize(10)
      .fillColor(INK)
      .text(p(`${ticket.typeName} · ${seatText(ticket, locale)}`), x, top + 34, {
        width: textWidth,
        lineBreak: false,
        ellipsis: true,
      });
    doc
      .fillColor(MUTED)
      .text(p(t('ticket.checkinList.reservation', { code: ticket.reservationCode, email: ticket.buyerEmail })), x, top + 52, {
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
    const checkedIn =
      ticket.checkedInAt === null
        ? t('ticket.checkinList.checkedIn')
        : t('ticket.checkinList.checkedInAt', { time: formatClockTime(ticket.checkedInAt, event.timeZone, locale) });
    doc.text(p(checkedIn), boxX + 20, top + 18, {
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
        .text(p(t('ticket.checkinList.empty')), PAGE.margin, PAGE.margin + HEADER_HEIGHT);
    }
    doc.end();
  };
  write().catch((err: unknown) => {
    onError(err);
    doc.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return doc;
}
