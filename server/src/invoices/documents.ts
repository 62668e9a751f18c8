/** What an issued invoice or credit note says, as stored in its snapshot columns (0022). */
import type { Selectable } from 'kysely';
import type { Billing } from '@iatichet/contracts';
import type { InvoicesTable } from '../db/schema.js';
import type { PricedLine, TaxRateSummary } from '../reservations/pricing.js';

export type InvoiceRow = Selectable<InvoicesTable>;

export interface Seller {
  name: string;
  address: string;
  vatId: string;
  /** The event's zone: the issue date is printed in it. */
  timeZone: string;
}

/** The billing details the buyer gave, else their account's name; the email always. */
export interface Buyer extends Partial<Billing> {
  name: string;
  email: string;
}

export interface InvoiceDocument {
  row: InvoiceRow;
  seller: Seller;
  buyer: Buyer;
  /** A credit note's lines are its invoice's with every amount negated. */
  lines: PricedLine[];
  taxes: TaxRateSummary[];
}

export function readDocument(row: InvoiceRow): InvoiceDocument {
  return {
    row,
    seller: JSON.parse(row.seller_json) as Seller,
    buyer: JSON.parse(row.buyer_json) as Buyer,
    lines: JSON.parse(row.lines_json) as PricedLine[],
    taxes: JSON.parse(row.taxes_json) as TaxRateSummary[],
  };
}
