/**
 * An invoice or credit note as an A4 PDF, in the language it was issued in: seller and buyer, number
 * and date of issue, the reservation, one row a ticket type (quantity, unit price, discount, net,
 * tax rate, tax, gross), the tax summary per rate and the totals. Everything printed comes from the
 * document's snapshot (documents.ts); nothing is recomputed.
 */
import type { Locale } from '@iatichet/contracts';
import PDFDocument from 'pdfkit';
import { isLocale, translate } from '../platform/i18n.js';
import { formatMoney, formatShortTime } from '../platform/local-time.js';
import { useFonts } from '../tickets/pdf-fonts.js';
import type { InvoiceDocument } from './documents.js';

const PAGE = { width: 595.28, height: 841.89, margin: 42 };
const INK = '#1d1b20';
const MUTED = '#5f5a66';
/** Column widths of the lines table, in points; the first takes what is left. */
const COLUMNS = ['type', 'quantity', 'unitPrice', 'discount', 'net', 'taxRate', 'tax', 'gross'] as const;
const FIXED_WIDTHS = [0, 34, 62, 58, 62, 46, 56, 64];

export interface InvoiceContext {
  reservationCode: string;
  eventTitle: string;
  /** The number of the invoice a credit note cancels. */
  refersToNumber: string | null;
}

export function taxRateText(rate: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'ro' ? 'ro-RO' : 'en-GB', { style: 'percent', maximumFractionDigits: 2 }).format(
    rate / 10_000,
  );
}

export function invoicePdf({ row, seller, buyer, lines, taxes }: InvoiceDocument, context: InvoiceContext): PDFKit.PDFDocument {
  const locale: Locale = isLocale(row.locale) ? row.locale : 'en';
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, `invoice.${key}`, params);
  const money = (cents: number) => formatMoney(cents, row.currency, locale);
  const title = t(`title.${row.kind}`);
  const doc = new PDFDocument({ size: 'A4', margin: PAGE.margin, info: { Title: `${title} ${row.number}`, Author: 'iaTichet' } });
  const fonts = useFonts(doc);
  const p = fonts.printable;
  const left = PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;

  doc.font(fonts.bold).fontSize(20).fillColor(INK).text(`${title} ${row.number}`, left, PAGE.margin);
  doc.font(fonts.regular).fontSize(10).fillColor(MUTED);
  doc.text(`${t('issuedOn')}: ${formatShortTime(row.issued_at, seller.timeZone, locale)}`);
  if (context.refersToNumber !== null) doc.text(t('creditNoteFor', { number: context.refersToNumber }));
  doc.text(p(t('reservation', { code: context.reservationCode })));
  doc.text(p(t('event', { title: context.eventTitle })));

  // Seller on the left, buyer on the right.
  const top = doc.y + 16;
  const half = width / 2 - 10;
  const party = (heading: string, x: number, texts: string[]) => {
    doc.font(fonts.bold).fontSize(10).fillColor(MUTED).text(heading, x, top, { width: half });
    doc.font(fonts.regular).fontSize(10).fillColor(INK);
    for (const text of texts.filter((s) => s.trim() !== '')) doc.text(p(text), { width: half });
    return doc.y;
  };
  const sellerEnd = party(t('seller'), left, [
    seller.name,
    seller.address,
    seller.vatId === '' ? '' : t('vatId', { vatId: seller.vatId }),
  ]);
  const buyerEnd = party(t('buyer'), left + width / 2 + 10, [
    buyer.company ?? '',
    buyer.name,
    buyer.address ?? '',
    buyer.country ?? '',
    buyer.vatId === undefined ? '' : t('vatId', { vatId: buyer.vatId }),
    buyer.email,
  ]);

  // The lines.
  const widths = [...FIXED_WIDTHS];
  widths[0] = width - FIXED_WIDTHS.reduce((n, w) => n + w, 0);
  const tableRow = (cells: string[], y: number, font: string) => {
    doc.font(font).fontSize(8.5).fillColor(INK);
    let x = left;
    let bottom = y;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 40;
      doc.text(p(cell), x, y, { width: w - 4, align: i === 0 ? 'left' : 'right' });
      bottom = Math.max(bottom, doc.y);
      x += w;
    });
    return bottom + 4;
  };
  const rule = (y: number) =>
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .stroke(MUTED);
  let y = Math.max(sellerEnd, buyerEnd) + 24;
  y = tableRow(
    COLUMNS.map((c) => t(`columns.${c}`)),
    y,
    fonts.bold,
  );
  rule(y - 2);
  for (const l of lines) {
    y = tableRow(
      [
        l.name,
        String(l.quantity),
        money(l.unitPriceCents),
        money(l.discountCents),
        money(l.netCents),
        taxRateText(l.taxRate, locale),
        money(l.taxCents),
        money(l.totalCents),
      ],
      y + 2,
      fonts.regular,
    );
  }
  rule(y);

  // Tax summary per rate, then the totals.
  y += 14;
  doc.font(fonts.bold).fontSize(10).fillColor(INK).text(t('taxSummary'), left, y);
  y = doc.y + 4;
  for (const s of taxes) {
    doc.font(fonts.regular).fontSize(9).fillColor(INK);
    const cells = [taxRateText(s.taxRate, locale), money(s.netCents), money(s.taxCents), money(s.grossCents)];
    const labels = [t('columns.taxRate'), t('columns.net'), t('columns.tax'), t('columns.gross')];
    doc.text(cells.map((c, i) => `${labels[i] ?? ''}: ${c}`).join('    '), left, y, { width });
    y = doc.y + 2;
  }
  y += 10;
  const totals: [string, number][] = [
    [t('totalNet'), row.net_cents],
    [t('totalTax'), row.tax_cents],
    [t('total'), row.total_cents],
  ];
  for (const [label, cents] of totals) {
    doc
      .font(label === t('total') ? fonts.bold : fonts.regular)
      .fontSize(11)
      .fillColor(INK);
    doc.text(`${label}: ${money(cents)}`, left, y, { width, align: 'right' });
    y = doc.y + 2;
  }
  doc
    .font(fonts.regular)
    .fontSize(8.5)
    .fillColor(MUTED)
    .text(t('pricesIncludeTax', { currency: row.currency }), left, y + 12, { width });
  doc.end();
  return doc;
}
