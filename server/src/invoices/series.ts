/**
 * Invoice numbers: one gap-free series per organizer and year of issue, `<prefix>-<year>-<n>` with
 * n zero-padded to 6 digits. The next n is claimed from the (organizer, year) counter row with one
 * atomic update inside the transaction that issues the document, so a rolled-back payment gives
 * its number back and concurrent payments on any number of instances never share one.
 *
 * Lock order: the counter row is the LAST lock a paying or refunding transaction takes, after the
 * event row, buyer locks, seats and ticket-type counters of reservations/inventory.ts. It is held
 * to the end of that transaction, which is what makes the series gap-free; nothing that holds it
 * waits for another lock, so it cannot deadlock.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** The calendar year of an instant in a zone (the year of issue is DEFAULT_TIME_ZONE's). */
export function yearIn(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(at));
}

/**
 * The series prefix: the organizer's invoicePrefix, or, when it is empty, its slug in upper case
 * without anything but letters, digits and dashes (the default organizer's slug gives "DEFAULT").
 */
export function seriesPrefix(organizer: { invoice_prefix: string; slug: string }): string {
  const own = organizer.invoice_prefix.trim();
  if (own !== '') return own;
  const fromSlug = organizer.slug.toUpperCase().replace(/[^A-Z0-9-]/g, '');
  return fromSlug === '' ? 'INV' : fromSlug;
}

export function invoiceNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

/** Claims the next n of the organizer's series for the year; the row is made on first use. */
export async function claimSeq(trx: Transaction<Database>, organizerId: string, year: number): Promise<number> {
  const claim = () =>
    trx
      .updateTable('invoice_counters')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
      .where('organizer_id', '=', organizerId)
      .where('year', '=', year)
      .returning('last_seq')
      .executeTakeFirst();
  // One statement in the common case: this runs while the payment holds its locks.
  const claimed = await claim();
  if (claimed !== undefined) return claimed.last_seq;
  // The year's first number. Race-safe: of two first payments one inserts, the other does nothing
  // (on PostgreSQL it waits for the first to commit), and both then go through the same update.
  await trx
    .insertInto('invoice_counters')
    .values({ organizer_id: organizerId, year, last_seq: 0 })
    .onConflict((oc) => oc.columns(['organizer_id', 'year']).doNothing())
    .execute();
  const first = await claim();
  if (first === undefined) throw new Error(`invoice counter of ${organizerId}/${year} vanished`);
  return first.last_seq;
}
