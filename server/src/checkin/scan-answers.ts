/** What a scan answers: the ticket as printed, and the order in which a refusal is named. */
import type { CheckinResponse, CheckinResult, CheckinTicket } from '@iatichet/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { holderOf } from '../tickets/holder.js';
import type { VerifiedCode } from '../tickets/ticket-signer.js';
import { seatOf } from '../tickets/ticket-rows.js';

export interface Scan {
  code: string;
  eventId: string;
  staffId: string;
  device: string | null;
}

/**
 * A scan whose signature has been checked: `ticketId` is null for anything not genuine.
 * `generation` is which of the ticket's codes was shown: only the current one admits (a code from
 * before a transfer answers `not_valid`).
 */
export interface VerifiedScan {
  ticketId: string | null;
  generation: number;
  eventId: string;
  staffId: string;
  device: string | null;
  /** The device's scan id when the scan came through the offline sync: recorded with it. */
  syncScanId?: string | null;
}

/** A scan as the write path takes it: the code's ticket and generation, or no ticket for a code not genuine. */
export function verifiedScan(code: VerifiedCode | null, at: Omit<VerifiedScan, 'ticketId' | 'generation'>): VerifiedScan {
  return { ticketId: code?.ticketId ?? null, generation: code?.generation ?? 0, ...at };
}

/** What writing one scan came to; `no_event` when the event does not exist (nothing is written). */
export type ScanOutcome = CheckinResponse | 'no_event';

/** What is printed on the ticket, with the state that decides a refusal. */
export interface Details {
  id: string;
  event_id: string;
  attendee_name: string | null;
  buyer_name: string;
  short_code: string | null;
  qr_generation: number;
  checked_in_at: string | null;
  code: string;
  status: string;
  event_status: string;
  title: string;
  type_name: string;
  section: string | null;
  row_label: string | null;
  number: number | null;
}

/**
 * The tickets with what a scan's answer prints of each (`Details`), for the caller to narrow with
 * a where clause: the online scan, the offline sync and the typed-code lookup read the same thing.
 */
export function selectDetails(db: Kysely<Database>) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('reservations as r', 'r.id', 't.reservation_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('users as hu', 'hu.id', 't.holder_id')
    .innerJoin('events as e', 'e.id', 't.event_id')
    .innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
    .leftJoin('event_seats as s', 's.id', 't.seat_id')
    .select([
      't.id',
      't.event_id',
      't.attendee_name',
      // A ticket given away admits its recipient: their name stands in for the buyer's.
      sql<string>`coalesce(hu.name, u.name)`.as('buyer_name'),
      't.short_code',
      't.qr_generation',
      't.checked_in_at',
      'r.code',
      'r.status',
      'e.status as event_status',
      'e.title',
      'tt.name as type_name',
      's.section',
      's.row_label',
      's.number',
    ]);
}

export function toTicket(d: Details): CheckinTicket {
  return {
    id: d.id,
    eventId: d.event_id,
    eventTitle: d.title,
    reservationCode: d.code,
    typeName: d.type_name,
    seat: seatOf(d),
    attendeeName: d.attendee_name,
    holder: holderOf(d.attendee_name, d.buyer_name),
    shortCode: d.short_code,
  };
}

/** Why a ticket was not admitted now; the order matters: the wrong event is named before its state. */
export function refusal(
  d: Pick<Details, 'event_id' | 'status' | 'event_status' | 'qr_generation'>,
  scan: Pick<VerifiedScan, 'eventId' | 'generation'>,
): Exclude<CheckinResult, 'ok' | 'invalid'> {
  if (d.event_id !== scan.eventId) return 'wrong_event';
  // A code from before the ticket changed hands: its new holder's code is the only one that admits.
  if (d.qr_generation !== scan.generation) return 'not_valid';
  // A cancelled (or unpublished) event admits nobody, whatever a raced payment left paid.
  if (d.status !== 'paid' || d.event_status !== 'published') return 'not_valid';
  return 'already_checked_in';
}
