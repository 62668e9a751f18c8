/**
 * Reservations: the orders, their lines, the codes they used, the buyers' answers, and the
 * Idempotency-Keys that answer a repeated request again instead of running it twice.
 */
import type { ReservationStatus } from '@iatichet/contracts';
import type { ColumnType } from 'kysely';

export interface ReservationsTable {
  id: string;
  code: string;
  user_id: string;
  event_id: string;
  status: ReservationStatus;
  total_cents: number;
  currency: string;
  expires_at: string;
  /** While set and in the future, a payment is in flight: no second charge, no expiry. */
  paying_until: string | null;
  expiry_warned: number;
  payment_method: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  paid_at: string | null;
  closed_at: string | null;
  /** Before discount; total_cents = subtotal_cents - discount_cents (0019). */
  subtotal_cents: ColumnType<number, number | undefined, number>;
  discount_cents: ColumnType<number, number | undefined, number>;
  /** The tax contained in total_cents, summed from the lines' rounded taxes (reservations/pricing.ts). */
  tax_cents: ColumnType<number, number | undefined, number>;
  discount_code_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The buyer's billing details for the invoice as JSON (0022, invoices/billing.ts); null = none given. */
  billing_json: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A discount or access code of an event (0020, reservations/code-uses.ts). */
export interface DiscountCodesTable {
  id: string;
  event_id: string;
  /** As the organizer spelled it; matched by lower(code). */
  code: string;
  kind: 'discount' | 'access';
  percent_off: number | null;
  amount_off_cents: number | null;
  /** JSON array of ticket type ids; [] = every type of the event. */
  ticket_type_ids_json: string;
  max_uses: number | null;
  /** Live and paid reservations that used the code. */
  uses: ColumnType<number, number | undefined, number>;
  valid_from: string | null;
  valid_until: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

/** One row per ticket type of a reservation, priced as the hold priced it (reservations/pricing.ts). */
export interface ReservationItemsTable {
  reservation_id: string;
  ticket_type_id: string;
  quantity: number;
  /** Per ticket, before discount (for pay what you want, the buyer's chosen price). */
  unit_price_cents: number;
  /** For the whole line. */
  discount_cents: ColumnType<number, number | undefined, number>;
  tax_rate: ColumnType<number, number | undefined, number>;
}

/** One answer: per order (ticket_id null) or per ticket; `value` as text (0021). */
export interface ReservationAnswersTable {
  reservation_id: string;
  question_id: string;
  ticket_id: string | null;
  value: string;
}

export interface IdempotencyKeysTable {
  user_id: string;
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_json: string | null;
  created_at: string;
}

/** The Idempotency-Key of a hold: the reservation it made, or the refusal it was answered with. */
export interface HoldKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  reservation_id: string | null;
  status_code: number | null;
  response_json: string | null;
  created_at: string;
}
