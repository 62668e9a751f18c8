/**
 * Free orders (issue 18): a hold whose total is 0 is paid at once, in the hold's own transaction,
 * through the same paid path as a payment (markPaidIn: tickets sold, the `free` attempt recorded,
 * the confirmation notification and email, the `reservation.paid` webhook). No provider is called,
 * and as it is one transaction there is no moment at which a free reservation exists unpaid.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Draft } from './hold-writes.js';
import { markPaidIn, type ReservationRow } from './payment-records.js';

export const FREE_METHOD = 'free';

/** The reservation row a draft is inserted as (hold-writes.ts), and as markPaidIn reads it. */
export function rowOf(d: Draft): ReservationRow {
  return {
    id: d.id,
    code: d.code,
    user_id: d.userId,
    event_id: d.event.id,
    status: 'pending_payment',
    total_cents: d.totalCents,
    subtotal_cents: d.subtotalCents,
    discount_cents: d.discountCents,
    tax_cents: d.taxCents,
    discount_code_id: d.discountCode?.id ?? null,
    currency: d.event.currency,
    expires_at: d.expiresAt,
    paying_until: null,
    expiry_warned: 0,
    payment_method: null,
    note: null,
    created_at: d.createdAt,
    updated_at: d.createdAt,
    paid_at: null,
    closed_at: null,
    billing_json: null,
  };
}

/** Pays the drafts of this transaction whose total is 0; call it after their tickets are claimed. */
export async function payFreeDrafts(trx: Transaction<Database>, drafts: Draft[]): Promise<void> {
  // A total of 0 issues no invoice (invoices/issue.ts issues one for an amount > 0 only), so the
  // series' time zone is never read here.
  const noInvoice = { invoiceTimeZone: 'UTC' };
  for (const d of drafts) if (d.totalCents === 0) await markPaidIn(trx, rowOf(d), FREE_METHOD, FREE_METHOD, noInvoice);
}
