/**
 * Tickets as their holder sees them: the ones an account received by transfer (GET /api/tickets),
 * and one ticket after its holder renamed it. The QR text is the stored one (a transfer stores the
 * new code in its transaction), shown only while the reservation is paid, as reservations show it.
 */
import type { ReceivedTicket, Ticket } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { holderOf } from './holder.js';
import { seatOf } from './ticket-rows.js';

/** Received tickets listed at most: a person holds a few; a list this long is abuse, not use. */
const LIST_MAX = 500;

function ticketQuery(db: Kysely<Database>) {
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
      't.reservation_id',
      't.ticket_type_id',
      't.attendee_name',
      't.short_code',
      't.qr',
      't.checked_in_at',
      't.holder_id',
      'r.status',
      'u.name as buyer_name',
      'hu.name as holder_name',
      'e.id as event_id',
      'e.title',
      'e.starts_at',
      'e.venue_id',
      'e.venue_name',
      'e.venue_city',
      'e.time_zone',
      'tt.name as type_name',
      's.section',
      's.row_label',
      's.number',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof ticketQuery>['execute']>>[number];

function toTicket(r: Row): Ticket {
  return {
    id: r.id,
    ticketTypeId: r.ticket_type_id,
    typeName: r.type_name,
    seat: seatOf(r),
    attendeeName: r.attendee_name,
    holder: holderOf(r.attendee_name, r.holder_name ?? r.buyer_name),
    shortCode: r.short_code,
    qr: r.status === 'paid' ? r.qr : null,
    checkedInAt: r.checked_in_at === null ? null : new Date(r.checked_in_at).toISOString(),
    transferred: false,
  };
}

/** The tickets given to this account, newest transfer first. */
export async function receivedTickets(db: Kysely<Database>, userId: string): Promise<ReceivedTicket[]> {
  const rows = await ticketQuery(db)
    .select((eb) =>
      eb
        .selectFrom('ticket_transfers as x')
        .select((x) => x.fn.max('x.created_at').as('at'))
        .whereRef('x.ticket_id', '=', 't.id')
        .as('received_at'),
    )
    .where('t.holder_id', '=', userId)
    .orderBy('received_at', 'desc')
    .orderBy('t.id')
    .limit(LIST_MAX)
    .execute();
  return rows.map((r) => ({
    ticket: toTicket(r),
    event: {
      id: r.event_id,
      title: r.title,
      startsAt: r.starts_at,
      venue: { id: r.venue_id, name: r.venue_name, city: r.venue_city },
      timeZone: r.time_zone,
    },
    reservationId: r.reservation_id,
    status: r.status,
    receivedAt: r.received_at === null ? '' : new Date(r.received_at).toISOString(),
  }));
}

/** One ticket as its holder sees it (the caller checked that they hold it). */
export async function heldTicketView(db: Kysely<Database>, ticketId: string): Promise<Ticket> {
  return toTicket(await ticketQuery(db).where('t.id', '=', ticketId).executeTakeFirstOrThrow());
}
