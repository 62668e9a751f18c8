/**
 * Judging a scan with no network, from the snapshot alone: the signature first (forged or altered
 * is `invalid`), then the ticket's state in the snapshot (`not_valid` for cancelled and refunded,
 * and for a code a transfer replaced: its generation is not the snapshot's `qrGeneration`,
 * `already_checked_in` for one in before the snapshot), then this device's own scans (a second scan
 * of a ticket this device let in is refused). A genuine code not in the snapshot is another
 * event's, or sold after the snapshot: refused as `wrong_event`, since the door cannot tell.
 */
import type { CheckinResult, SnapshotTicket } from '@iatichet/contracts';
import { verifyTicketCode, type KeyRing } from './qr-code';

export interface OfflineVerdict {
  result: CheckinResult;
  ticketId: string | null;
  ticket: SnapshotTicket | null;
  /** When the ticket came in before, for `already_checked_in`. */
  checkedInAt: string | null;
}

export interface OfflineBook {
  keys: KeyRing;
  tickets: Map<string, SnapshotTicket>;
  /** Tickets this device admitted, with when. */
  admittedHere: Map<string, string>;
}

export async function judgeOffline(code: string, book: OfflineBook): Promise<OfflineVerdict> {
  const verified = await verifyTicketCode(code, book.keys);
  if (verified === null) return { result: 'invalid', ticketId: null, ticket: null, checkedInAt: null };
  const { ticketId } = verified;
  const ticket = book.tickets.get(ticketId) ?? null;
  if (ticket === null) return { result: 'wrong_event', ticketId, ticket: null, checkedInAt: null };
  if (ticket.status === 'not_valid' || verified.generation !== (ticket.qrGeneration ?? 0))
    return { result: 'not_valid', ticketId, ticket, checkedInAt: null };
  const here = book.admittedHere.get(ticketId);
  if (here !== undefined) return { result: 'already_checked_in', ticketId, ticket, checkedInAt: here };
  if (ticket.status === 'checked_in') return { result: 'already_checked_in', ticketId, ticket, checkedInAt: ticket.checkedInAt };
  return { result: 'ok', ticketId, ticket, checkedInAt: null };
}
