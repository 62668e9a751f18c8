/**
 * Ticket types saved with "no minimum" before the request schemas listed null first were stored
 * as pay what you want from 0: the body validator coerces types, and it turned the event form's
 * `minPriceCents: null` into 0 (test/platform/nullable-inputs.test.ts). Every such type offered its
 * tickets for any amount, nothing included. A minimum of 0 set on purpose cannot be told apart
 * from one of those, so every minimum of 0 becomes a fixed price again: the failure that costs no
 * money (buyers pay the price shown, the organizer may set pay what you want from 0 again, which
 * is now stored as sent). Nothing to undo: going down leaves the fixed prices as they are.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const types = db as unknown as Kysely<{ ticket_types: { min_price_cents: number | null } }>;
  await types.updateTable('ticket_types').set({ min_price_cents: null }).where('min_price_cents', '=', 0).execute();
}

export async function down(): Promise<void> {
  // A data repair: the zeros it cleared were the defect's, not something to put back.
}
