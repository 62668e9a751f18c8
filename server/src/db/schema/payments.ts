/** Money: payments and refunds at the provider, the refunds still owed, and invoices with their number series. */
import type { ColumnType } from 'kysely';

export interface PaymentsTable {
  id: string;
  reservation_id: string;
  provider: string;
  kind: 'charge' | 'refund';
  status: 'succeeded' | 'declined' | 'failed';
  amount_cents: number;
  currency: string;
  provider_ref: string | null;
  error: string | null;
  actor_id: string | null;
  created_at: string;
  /** For a refund: the provider reference of the charge it gives back. */
  refund_of: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 for a charge that bought nothing and is owed back (a late or unhonoured payment). */
  refund_owed: ColumnType<number, number | undefined, number>;
}

/** A refund owed: retried with backoff, claimed by one instance at a time, until the provider accepts it. */
export interface RefundQueueTable {
  reservation_id: string;
  provider: string;
  charge_ref: string;
  amount_cents: number;
  currency: string;
  idempotency_key: string;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
}

/** The last number issued in one organizer's invoice series for one year (0022). */
export interface InvoiceCountersTable {
  organizer_id: string;
  year: number;
  last_seq: number;
}

/** An invoice or credit note, as issued: everything printed is a snapshot (0022, invoices/issue.ts). */
export interface InvoicesTable {
  id: string;
  organizer_id: string;
  reservation_id: string;
  kind: 'invoice' | 'credit_note';
  year: number;
  seq: number;
  number: string;
  /** The invoice a credit note cancels; null for an invoice. */
  refers_to: string | null;
  currency: string;
  /** Negative for a credit note. */
  net_cents: number;
  tax_cents: number;
  total_cents: number;
  seller_json: string;
  buyer_json: string;
  lines_json: string;
  taxes_json: string;
  locale: string;
  issued_at: string;
}
