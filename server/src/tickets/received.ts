/**
 * Tickets as their holder sees them: the ones an account received by transfer (GET /api/tickets),
 * and one ticket after its holder renamed it. The QR text is the stored one (a transfer stores the
 * new code in its transaction), shown only while the reservation is paid, as reservations show it.
 */
import type { ReceivedTicket, ReservationStatus, Ticket } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { heldTickets, ticketRow, type TicketRow } from './ticket-rows.js';

/** Received tickets listed at most: a person holds a few; a list this long is abuse, not use. */
const LIST_MAX = 500;

const iso = (at: string | null) => (at === null ? null : new Date(at).toISOString());

function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    ticketTypeId: row.ticketTypeId,
    typeName: row.typeName,
    seat: row.seat,
    attendeeName: row.attendeeName,
    holder: row.holder,
    shortCode: row.shortCode,
    qr: row.reservationStatus === 'paid' ? row.qr : null,
    checkedInAt: iso(row.checkedInAt),
    transferred: false,
  };
}

/** The tickets given to this account, newest transfer first. */
export async function receivedTickets(db: Kysely<Database>, userId: string): Promise<ReceivedTicket[]> {
  const rows = await heldTickets(db, userId, LIST_MAX);
  if (rows.length === 0) return [];
  const ticketIds = rows.map((r) => r.id);
  const [events, arrivals] = await Promise.all([
    db
      .selectFrom('events')
      .select(['id', 'title', 'starts_at', 'venue_id', 'venue_name', 'venue_city', 'time_zone'])
      .where('id', 'in', [...new Set(rows.map((r) => r.eventId))])
      .execute(),
    db
      .selectFrom('ticket_transfers')
      .select((eb) => ['ticket_id', eb.fn.max('created_at').as('at')])
      .where('ticket_id', 'in', ticketIds)
      .where('to_user_id', '=', userId)
      .groupBy('ticket_id')
      .execute(),
  ]);
  const eventById = new Map(events.map((e) => [e.id, e]));
  const arrivedAt = new Map(arrivals.map((a) => [a.ticket_id, iso(a.at) ?? '']));
  return rows
    .flatMap((row): ReceivedTicket[] => {
      const e = eventById.get(row.eventId);
      if (e === undefined) return [];
      return [
        {
          ticket: toTicket(row),
          event: {
            id: e.id,
            title: e.title,
            startsAt: e.starts_at,
            venue: { id: e.venue_id, name: e.venue_name, city: e.venue_city },
            timeZone: e.time_zone,
          },
          reservationId: row.reservationId,
          status: row.reservationStatus as ReservationStatus,
          receivedAt: arrivedAt.get(row.id) ?? '',
        },
      ];
    })
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.ticket.id.localeCompare(b.ticket.id));
}

/** One ticket as its holder sees it (the caller checked that they hold it). */
export async function heldTicketView(db: Kysely<Database>, ticketId: string): Promise<Ticket> {
  const row = await ticketRow(db, ticketId);
  if (row === undefined) throw new Error(`ticket ${ticketId} vanished after its holder changed it`);
  return toTicket(row);
}
