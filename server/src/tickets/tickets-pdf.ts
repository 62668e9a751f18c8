/**
 * tickets.pdf: one page a ticket, in the ticket holder's language: the event's poster as a band
 * across the top (or the organizer's brand strip when it has none),
 * the event, its start and end in the venue's time with the zone's abbreviation, the venue and its
 * address, the QR code with the short code printed under it (typed at the door when the QR will
 * not scan), the holder's name by the one rule (tickets/holder.ts), the seat or type and its
 * price, the reservation code and a terms line. A4 for printing, or a narrow page that fills a
 * phone screen. Built on request and streamed; user text is drawn as text, nothing in it is
 * interpreted. Every text is placed with a height limit, so nothing spills onto a second page.
 */
import type { Locale } from '@iatichet/contracts';
import PDFDocument from 'pdfkit';
import { translate } from '../platform/i18n.js';
import { formatClockTime, formatEventTime, formatMoney } from '../platform/local-time.js';
import { useFonts } from './pdf-fonts.js';
import { drawQr } from './qr-drawing.js';
import type { QrFor } from './ticket-qr.js';
import { formatShortCode } from './short-code.js';
import { seatText, type EventFacts, type TicketRow } from './ticket-rows.js';

const SIZES = {
  a4: { width: 595.28, height: 841.89, margin: 56, qr: 250, title: 26, titleLines: 3, body: 12, value: 14, code: 22, band: 96 },
  phone: { width: 360, height: 640, margin: 22, qr: 200, title: 18, titleLines: 2, body: 10, value: 11, code: 18, band: 40 },
} as const;

export type TicketPageSize = keyof typeof SIZES;

export interface TicketPdfOptions {
  size?: TicketPageSize;
  /** The holder's language; else each ticket's buyer's. */
  locale?: Locale;
  /** Printed as the seller until organizers exist (ORGANIZER_NAME). */
  organizer?: string;
  /** The event's poster as JPEG or PNG bytes (catalog/posters.ts posterForPrint), or none. */
  poster?: Buffer | null;
}

const INK = '#1d1b20';
const MUTED = '#5f5a66';
const BRAND = '#4f1f73';

/** "Friday, 15 January 2027 at 19:00 EET – 22:00 EET": the end as a clock time when on the same local day. */
function timesText(event: EventFacts, locale: Locale): { doors: string | null; starts: string; ends: string } {
  const day = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: event.timeZone }).format(new Date(iso));
  const near = (iso: string) =>
    day(iso) === day(event.startsAt)
      ? formatClockTime(iso, event.timeZone, locale)
      : formatEventTime(iso, event.timeZone, locale);
  return {
    doors: event.doorsAt === null ? null : near(event.doorsAt),
    starts: formatEventTime(event.startsAt, event.timeZone, locale),
    ends: near(event.endsAt),
  };
}

/** A finished document (ended), readable as a stream. */
export function ticketsPdf(
  event: EventFacts,
  tickets: readonly TicketRow[],
  qrFor: QrFor,
  options: TicketPdfOptions = {},
): PDFKit.PDFDocument {
  const page = SIZES[options.size ?? 'a4'];
  const locale = options.locale ?? tickets[0]?.buyerLocale ?? 'en';
  const organizer = options.organizer ?? 'iaTichet';
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const doc = new PDFDocument({
    size: [page.width, page.height],
    margin: page.margin,
    autoFirstPage: false,
    info: { Title: t('ticket.documentTitle', { title: event.title }), Author: organizer },
  });
  const fonts = useFonts(doc, [
    event.title,
    event.venueName,
    event.venueCity,
    event.venueAddress,
    organizer,
    t('ticket.terms', { organizer }),
    ...tickets.flatMap((ticket) => [ticket.holder.name, ticket.typeName, seatText(ticket, locale)]),
  ]);
  const p = fonts.printable;
  const width = page.width - 2 * page.margin;
  const times = timesText(event, locale);

  /** A label over its value, in a column; answers the y below it. */
  const fact = (label: string, value: string, x: number, y: number, w: number) => {
    doc
      .font(fonts.regular)
      .fontSize(page.body - 3)
      .fillColor(MUTED)
      .text(label.toUpperCase(), x, y, { width: w, lineBreak: false, ellipsis: true });
    doc
      .font(fonts.bold)
      .fontSize(page.value)
      .fillColor(INK)
      .text(value, x, y + page.body, { width: w, height: page.value * 2.4, ellipsis: true });
    return Math.max(doc.y, y + page.body + page.value * 1.3) + 6;
  };

  tickets.forEach((ticket, index) => {
    doc.addPage();
    let y = page.margin - 8;
    if (options.poster) {
      // Cropped to a band, centred; the page below moves down by what the band adds over the strip.
      doc.save().rect(0, 0, page.width, page.band).clip();
      doc.image(options.poster, 0, 0, { cover: [page.width, page.band], align: 'center', valign: 'center' });
      doc.restore();
      doc.rect(0, page.band, page.width, 4).fill(BRAND);
      y += page.band - 6;
    } else doc.rect(0, 0, page.width, 10).fill(BRAND);
    doc
      .font(fonts.bold)
      .fontSize(10)
      .fillColor(BRAND)
      .text(p(organizer), page.margin, y, { width: width * 0.6, lineBreak: false, ellipsis: true });
    doc
      .font(fonts.regular)
      .fontSize(10)
      .fillColor(MUTED)
      .text(t('ticket.ofTotal', { index: index + 1, total: tickets.length }), page.margin, y, { width, align: 'right' });
    y += 20;
    doc
      .font(fonts.bold)
      .fontSize(page.title)
      .fillColor(INK)
      .text(p(event.title), page.margin, y, { width, height: page.title * 1.2 * page.titleLines, ellipsis: true });
    y = doc.y + 6;
    doc.font(fonts.regular).fontSize(page.body).fillColor(INK);
    if (times.doors !== null) {
      doc.text(`${t('ticket.doors')}: ${times.doors}`, page.margin, y, { width, lineBreak: false, ellipsis: true });
      y = doc.y + 2;
    }
    doc.text(`${t('ticket.starts')}: ${times.starts}`, page.margin, y, { width, lineBreak: false, ellipsis: true });
    doc.text(`${t('ticket.ends')}: ${times.ends}`, page.margin, doc.y + 2, { width, lineBreak: false, ellipsis: true });
    const place = [event.venueName, event.venueAddress, event.venueCity].filter((part) => part.trim() !== '').join(', ');
    doc.fillColor(MUTED).text(p(place), page.margin, doc.y + 2, { width, height: page.body * 2.6, ellipsis: true });
    y = doc.y + 10;

    const qrX = page.margin + (width - page.qr) / 2;
    drawQr(doc, qrFor(ticket), qrX, y, page.qr);
    y += page.qr + 4;
    doc
      .font(fonts.regular)
      .fontSize(page.body - 3)
      .fillColor(MUTED)
      .text(t('ticket.shortCode').toUpperCase(), page.margin, y, { width, align: 'center' });
    doc
      .font(fonts.mono)
      .fontSize(page.code)
      .fillColor(INK)
      .text(ticket.shortCode === null ? '' : formatShortCode(ticket.shortCode), page.margin, doc.y + 1, {
        width,
        align: 'center',
        characterSpacing: 2,
      });
    y = doc.y + 10;

    const column = (width - 12) / 2;
    const right = page.margin + column + 12;
    const holderLabel = ticket.holder.source === 'attendee' ? t('ticket.attendee') : t('ticket.bookedBy');
    const what = ticket.seat === null ? p(ticket.typeName) : p(`${seatText(ticket, locale)} (${ticket.typeName})`);
    // The name gets the full width: it is the line a door checks against an ID.
    const row1 = fact(holderLabel, p(ticket.holder.name), page.margin, y, width);
    const row2 = Math.max(
      fact(ticket.seat === null ? t('ticket.ticket') : t('ticket.seat'), what, page.margin, row1, column),
      fact(t('ticket.price'), formatMoney(ticket.priceCents, event.currency, locale), right, row1, column),
    );
    fact(t('ticket.reservation'), ticket.reservationCode, page.margin, row2, column);
    fact(t('ticket.organizer'), p(organizer), right, row2, column);
    doc
      .font(fonts.regular)
      .fontSize(page.body - 4)
      .fillColor(MUTED)
      .text(p(t('ticket.terms', { organizer })), page.margin, page.height - page.margin - (page.body - 4) * 3.6, {
        width,
        height: (page.body - 4) * 3.6,
        align: 'center',
        ellipsis: true,
      });
  });
  doc.end();
  return doc;
}
