/**
 * tickets.pdf: one page a ticket with the event, date, venue, seat or type, attendee, reservation
 * code and the QR code. A4 for printing, or a narrow page that fills a phone screen. Built on
 * request and streamed; user text is drawn as text, nothing in it is interpreted.
 */
import PDFDocument from 'pdfkit';
import { useFonts } from './pdf-fonts.js';
import { drawQr } from './qr-drawing.js';
import { eventTimeText, holderName, seatText, type EventFacts, type TicketRow } from './ticket-rows.js';

const SIZES = {
  a4: { width: 595.28, height: 841.89, margin: 56, qr: 250, title: 26 },
  phone: { width: 360, height: 640, margin: 22, qr: 236, title: 20 },
} as const;

export type TicketPageSize = keyof typeof SIZES;

const INK = '#1d1b20';
const MUTED = '#5f5a66';
const BRAND = '#4f1f73';

/** A finished document (ended), readable as a stream. */
export function ticketsPdf(
  event: EventFacts,
  tickets: readonly TicketRow[],
  qrFor: (ticketId: string) => string,
  size: TicketPageSize = 'a4',
): PDFKit.PDFDocument {
  const page = SIZES[size];
  const doc = new PDFDocument({
    size: [page.width, page.height],
    margin: page.margin,
    autoFirstPage: false,
    info: { Title: `Tickets: ${event.title}`, Author: 'iaTichet' },
  });
  const fonts = useFonts(doc, [
    event.title,
    event.venueName,
    event.venueCity,
    ...tickets.flatMap((t) => [holderName(t), t.typeName, seatText(t)]),
  ]);
  const p = fonts.printable;
  const width = page.width - 2 * page.margin;

  tickets.forEach((ticket, index) => {
    doc.addPage();
    doc.rect(0, 0, page.width, 8).fill(BRAND);
    let y = page.margin;
    doc.font(fonts.bold).fontSize(10).fillColor(BRAND).text('iaTichet', page.margin, y, { width, continued: false });
    doc
      .font(fonts.regular)
      .fontSize(10)
      .fillColor(MUTED)
      .text(`Ticket ${index + 1} of ${tickets.length}`, page.margin, y, { width, align: 'right' });
    y = doc.y + 14;
    doc
      .font(fonts.bold)
      .fontSize(page.title)
      .fillColor(INK)
      // At most three lines, so a very long title cannot push the code onto another page.
      .text(p(event.title), page.margin, y, { width, height: page.title * 3.6, ellipsis: true });
    y = doc.y + 8;
    doc.font(fonts.regular).fontSize(12).fillColor(INK).text(eventTimeText(event.startsAt), page.margin, y, { width });
    doc.fillColor(MUTED).text(p(`${event.venueName}, ${event.venueCity}`), { width });
    y = doc.y + 16;

    const qrX = page.margin + (width - page.qr) / 2;
    drawQr(doc, qrFor(ticket.id), qrX, y, page.qr);
    y += page.qr + 6;
    doc
      .font(fonts.mono)
      .fontSize(size === 'a4' ? 7 : 5.5)
      .fillColor(MUTED);
    doc.text(qrFor(ticket.id), page.margin, y, { width, align: 'center', lineBreak: true });
    y = doc.y + 16;

    const facts: [string, string][] = [
      ['Attendee', p(holderName(ticket))],
      [
        ticket.seat === null ? 'Ticket' : 'Seat',
        p(ticket.seat === null ? ticket.typeName : `${seatText(ticket)} (${ticket.typeName})`),
      ],
      ['Reservation', ticket.reservationCode],
    ];
    for (const [label, value] of facts) {
      doc
        .font(fonts.regular)
        .fontSize(9)
        .fillColor(MUTED)
        .text(label.toUpperCase(), page.margin, y, { width, characterSpacing: 1 });
      doc.font(fonts.bold).fontSize(14).fillColor(INK).text(value, { width });
      y = doc.y + 8;
    }
    doc
      .font(fonts.regular)
      .fontSize(8)
      .fillColor(MUTED)
      .text('Show this code at the entrance. Each ticket admits one person once.', page.margin, page.height - page.margin - 10, {
        width,
        align: 'center',
        lineBreak: false,
      });
  });
  doc.end();
  return doc;
}
