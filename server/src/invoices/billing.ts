/**
 * The buyer's billing details on a reservation: set by its owner while it is pending, printed on
 * the invoice its payment issues. Once paid, they are part of an issued invoice and stay as they are.
 */
import { normalizeBilling, type Billing } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';

export function parseBilling(json: string | null): Billing | null {
  return json === null ? null : (JSON.parse(json) as Billing);
}

/** Stores the (normalized) details; 400 with the fields at fault, 409 unless still pending. */
export async function saveBilling(db: Kysely<Database>, reservationId: string, input: Billing): Promise<Billing> {
  const { billing, problems } = normalizeBilling(input);
  if (problems.length > 0) throw errors.validation('The billing details are not valid.', problems);
  // Guarded by status (and by a payment in flight), so details never change under an issued invoice.
  const now = nowIso();
  const done = await db
    .updateTable('reservations')
    .set({ billing_json: JSON.stringify(billing), updated_at: now })
    .where('id', '=', reservationId)
    .where('status', '=', 'pending_payment')
    .where((eb) => eb.or([eb('paying_until', 'is', null), eb('paying_until', '<=', now)]))
    .executeTakeFirst();
  if (done.numUpdatedRows === 0n) throw errors.conflict('Billing details can be changed only before the reservation is paid.');
  return billing;
}
