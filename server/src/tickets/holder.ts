/**
 * Whose name a ticket carries, decided once for every answer, PDF, export and scan: the attendee
 * name given for the ticket, else the buyer's name, marked as the buyer's so that a page or a
 * printout can say "booked by" rather than pass it off as the attendee's. Reservation reads
 * write their tickets as JSON in SQL (reservations/queries.ts) and state the same rule there; the
 * hold tests check that a hold's answer (this function) equals the reservation read back.
 */
import type { Holder } from '@iatichet/contracts';

export function holderOf(attendeeName: string | null, buyerName: string): Holder {
  const attendee = attendeeName?.trim();
  return attendee ? { name: attendee, source: 'attendee' } : { name: buyerName, source: 'buyer' };
}
