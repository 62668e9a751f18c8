/**
 * Reading tickets with everything printed on them or exported: event, venue, type, seat, names,
 * reservation code and status. Event-wide reads go in keyset pages, so an export of any size
 * holds one page of rows at a time.
 */
import type { Holder, Locale } from '@iatichet/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { translate } from '../platform/i18n.js';
import { formatEventTime } from '../platform/local-time.js';
import { holderOf } from './holder.js';

export interface TicketRow {
  id: string;
  eventId: string;
  ticketTypeId: string;
  position: number;
  reservationId: string;
  reservationCode: string;
  reservationStatus: string;
  buyerName: string;
  buyerEmail: string;
  /** The buyer's language: the ticket holder's PDF is printed in it. */
  buyerLocale: Locale;
  attendeeName: string | null;
  /** The name the ticket admits, by the one rule (tickets/holder.ts). */
  holder: Holder;
  shortCode: string | null;
  /** Which of the ticket's signed codes admits (tickets/ticket-signer.ts); 0 until a transfer. */
  qrGeneration: number;
  /** The account a transfer gave the ticket to; null while the buyer holds it. */
  holderId: string | null;
  /** The stored QR text of the current generation (null until first signed: ticket-qr.ts). */
  qr: string | null;
  typeName: string;
  /**
   * What the ticket was sold for: the line's unit price less its discount per ticket (a code takes
   * the same off each ticket of a line, reservations/code-uses.ts, so the division is exact).
   */
  priceCents: number;
  seat: { section: string; row: string; number: number } | null;
  checkedInAt: string | null;
  /** In exports: the answers to the event's questions, one cell per question (questions/answer-columns.ts). */
  answerCells?: string[];
}

export interface EventFacts {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** When the doors open, if the organiser said (0018). */
  doorsAt: string | null;
  /** The poster's key in the upload store, if the event has one. */
  posterKey: string | null;
  timeZone: string;
  currency: string;
  venueName: string;
  venueCity: string;
  venueAddress: string;
}

function ticketQuery(db: Kysely<Database>) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('reservations as r', 'r.id', 't.reservation_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('users as hu', 'hu.id', 't.holder_id')
    .innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
    .leftJoin('event_seats as s', 's.id', 't.seat_id')
    .leftJoin('reservation_items as ri', (join) =>
      join.onRef('ri.reservation_id', '=', 't.reservation_id').onRef('ri.ticket_type_id', '=', 't.ticket_type_id'),
    )
    .select([
      't.id',
      't.event_id',
      't.ticket_type_id',
      't.qr',
      't.position',
      't.reservation_id',
      't.attendee_name',
      't.short_code',
      't.qr_generation',
      't.holder_id',
      'hu.name as holder_account_name',
      't.checked_in_at',
      'r.code',
      'r.status',
      'u.name as buyer_name',
      'u.email as buyer_email',
      'u.locale as buyer_locale',
      'tt.name as type_name',
      sql<number>`coalesce(ri.unit_price_cents - ri.discount_cents / ri.quantity, tt.price_cents)`.as('price_cents'),
      's.section',
      's.row_label',
      's.number',
    ]);
}

type Raw = Awaited<ReturnType<ReturnType<typeof ticketQuery>['execute']>>[number];

/** A ticket's seat from its joined event_seats columns; null for general admission. */
export function seatOf(s: { section: string | null; row_label: string | null; number: number | null }) {
  return s.section !== null && s.row_label !== null && s.number !== null
    ? { section: s.section, row: s.row_label, number: s.number }
    : null;
}

function toRow(t: Raw): TicketRow {
  return {
    id: t.id,
    eventId: t.event_id,
    ticketTypeId: t.ticket_type_id,
    qr: t.qr,
    position: t.position,
    reservationId: t.reservation_id,
    reservationCode: t.code,
    reservationStatus: t.status,
    buyerName: t.buyer_name,
    buyerEmail: t.buyer_email,
    buyerLocale: t.buyer_locale,
    attendeeName: t.attendee_name,
    // A ticket given away is held in its recipient's name until they name an attendee.
    holder: holderOf(t.attendee_name, t.holder_account_name ?? t.buyer_name),
    shortCode: t.short_code,
    qrGeneration: t.qr_generation,
    holderId: t.holder_id,
    typeName: t.type_name,
    priceCents: t.price_cents,
    seat: seatOf(t),
    checkedInAt: t.checked_in_at,
  };
}

export async function eventFacts(db: Kysely<Database>, eventId: string): Promise<EventFacts | undefined> {
  const e = await db
    .selectFrom('events')
    .innerJoin('venues', 'venues.id', 'events.venue_id')
    .select([
      'events.id',
      'events.title',
      'events.starts_at',
      'events.ends_at',
      'events.doors_at',
      'events.poster_key',
      'events.time_zone',
      'events.currency',
      'events.venue_name',
      'events.venue_city',
      'venues.address',
    ])
    .where('events.id', '=', eventId)
    .executeTakeFirst();
  return (
    e && {
      id: e.id,
      title: e.title,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      doorsAt: e.doors_at,
      posterKey: e.poster_key,
      timeZone: e.time_zone,
      currency: e.currency,
      venueName: e.venue_name,
      venueCity: e.venue_city,
      venueAddress: e.address,
    }
  );
}

export async function reservationTickets(db: Kysely<Database>, reservationId: string): Promise<TicketRow[]> {
  const rows = await ticketQuery(db).where('t.reservation_id', '=', reservationId).orderBy('t.position').execute();
  return rows.map(toRow);
}

/** Tickets that transfers gave to this account (any state: the caller decides what a closed one shows). */
export async function heldTickets(db: Kysely<Database>, holderId: string, limit: number): Promise<TicketRow[]> {
  const rows = await ticketQuery(db).where('t.holder_id', '=', holderId).orderBy('t.id').limit(limit).execute();
  return rows.map(toRow);
}

export async function ticketRow(db: Kysely<Database>, ticketId: string): Promise<TicketRow | undefined> {
  const row = await ticketQuery(db).where('t.id', '=', ticketId).executeTakeFirst();
  return row && toRow(row);
}

/**
 * Every ticket of an event that is or was sold or held (not the expired holds), in a stable order:
 * by reservation code, then position. `paidOnly` keeps the ones that admit someone.
 */
export async function* eventTickets(
  db: Kysely<Database>,
  eventId: string,
  options: { paidOnly: boolean; pageSize?: number },
): AsyncGenerator<TicketRow> {
  const pageSize = options.pageSize ?? 500;
  let after: { code: string; position: number } | undefined;
  for (;;) {
    const rows = await ticketQuery(db)
      .where('t.event_id', '=', eventId)
      .$if(options.paidOnly, (q) => q.where('r.status', '=', 'paid'))
      .$if(!options.paidOnly, (q) => q.where('r.status', '!=', 'expired'))
      .$if(after !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('r.code', '>', after?.code ?? ''),
            eb.and([eb('r.code', '=', after?.code ?? ''), eb('t.position', '>', after?.position ?? 0)]),
          ]),
        ),
      )
      .orderBy('r.code')
      .orderBy('t.position')
      .limit(pageSize)
      .execute();
    for (const row of rows) yield toRow(row);
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = { code: last.code, position: last.position };
  }
}

export function seatText(t: Pick<TicketRow, 'seat'>, locale: Locale = 'en'): string {
  return t.seat === null
    ? translate(locale, 'ticket.generalAdmission')
    : translate(locale, 'ticket.seatText', { section: t.seat.section, row: t.seat.row, number: t.seat.number });
}

/** The event's start as every printout shows it: in its venue's zone, with the zone's abbreviation. */
export function eventTimeText(event: Pick<EventFacts, 'startsAt' | 'timeZone'>, locale: Locale = 'en'): string {
  return formatEventTime(event.startsAt, event.timeZone, locale);
}
