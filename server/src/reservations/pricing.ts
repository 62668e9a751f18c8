/**
 * Money of a reservation, line by line. Prices are tax-inclusive: a line's gross is what the buyer
 * pays for it, and its tax is the part of that gross the rate contains, rounded once per line
 * (half up, to the cent). Every total is a sum of lines, so the reservation, its receipt and its
 * invoice always add up to the cent: total = sum(line totals), tax = sum(line taxes), and the tax
 * summary per rate adds the lines of that rate. Nothing here reads the database; the hold prices
 * its lines with it inside its transaction, and invoices print what it answers for stored lines.
 */

/** Basis points: 1900 = 19 %. */
export const MAX_TAX_RATE = 10_000;

export interface LineInput {
  ticketTypeId: string;
  name: string;
  quantity: number;
  /** Per ticket, before discount. */
  unitPriceCents: number;
  /** For the whole line; never more than the line's subtotal. */
  discountCents: number;
  taxRate: number;
}

export interface PricedLine extends LineInput {
  /** quantity × unitPriceCents. */
  subtotalCents: number;
  /** What the buyer pays for the line: subtotal − discount. */
  totalCents: number;
  /** The tax contained in totalCents. */
  taxCents: number;
  /** totalCents − taxCents. */
  netCents: number;
}

export interface TaxRateSummary {
  taxRate: number;
  netCents: number;
  taxCents: number;
  grossCents: number;
}

export interface Priced {
  lines: PricedLine[];
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  taxes: TaxRateSummary[];
}

/** The tax a tax-inclusive gross contains at a rate in basis points, rounded half up to the cent. */
export function taxContained(grossCents: number, taxRate: number): number {
  if (taxRate <= 0 || grossCents <= 0) return 0;
  // gross × rate / (10000 + rate), in integers: exact for any amount a reservation can reach.
  const denominator = MAX_TAX_RATE + taxRate;
  return Math.floor((2 * grossCents * taxRate + denominator) / (2 * denominator));
}

export function priceLine(line: LineInput): PricedLine {
  const subtotalCents = line.quantity * line.unitPriceCents;
  const discountCents = Math.min(Math.max(0, line.discountCents), subtotalCents);
  const totalCents = subtotalCents - discountCents;
  const taxCents = taxContained(totalCents, line.taxRate);
  return { ...line, discountCents, subtotalCents, totalCents, taxCents, netCents: totalCents - taxCents };
}

/** Prices every line and sums them; the tax summary lists each rate once, in ascending order. */
export function priceLines(inputs: LineInput[]): Priced {
  const lines = inputs.map(priceLine);
  const byRate = new Map<number, TaxRateSummary>();
  for (const l of lines) {
    const s = byRate.get(l.taxRate) ?? { taxRate: l.taxRate, netCents: 0, taxCents: 0, grossCents: 0 };
    s.netCents += l.netCents;
    s.taxCents += l.taxCents;
    s.grossCents += l.totalCents;
    byRate.set(l.taxRate, s);
  }
  const sum = (f: (l: PricedLine) => number) => lines.reduce((n, l) => n + f(l), 0);
  return {
    lines,
    subtotalCents: sum((l) => l.subtotalCents),
    discountCents: sum((l) => l.discountCents),
    taxCents: sum((l) => l.taxCents),
    totalCents: sum((l) => l.totalCents),
    taxes: [...byRate.values()].sort((a, b) => a.taxRate - b.taxRate),
  };
}
