/**
 * Reading tickets with everything printed on them or exported: event, venue, type, seat, names,
 * reservation code and status. Event-wide reads go in keyset pages, so an export of any size
 * holds one page of rows at a time.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface TicketRow {
  id: string;
  position: number;
  reservationId: string;
  reservationCode: string;
  reservationStatus: string;
  buyerName: string;
  buyerEmail: string;
  attendeeName: string | null;
  typeName: string;
  seat: { section: string; row: string; number: number } | null;
  checkedInAt: string | null;
}

export interface EventFacts {
  id: string;
  title: string;
  startsAt: string;
  venueName: string;
  venueCity: string;
}

function ticketQuery(db: Kysely<Database>) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('reservations as r', 'r.id', 't.reservation_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
    .leftJoin('event_seats as s', 's.id', 't.seat_id')
    .select([
      't.id',
      't.position',
      't.reservation_id',
      't.attendee_name',
      't.checked_in_at',
      'r.code',
      'r.status',
      'u.name as buyer_name',
      'u.email as buyer_email',
      'tt.name as type_name',
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
    position: t.position,
    reservationId: t.reservation_id,
    reservationCode: t.code,
    reservationStatus: t.status,
    buyerName: t.buyer_name,
    buyerEmail: t.buyer_email,
    attendeeName: t.attendee_name,
    typeName: t.type_name,
    seat: seatOf(t),
    checkedInAt: t.checked_in_at,
  };
}

export async function eventFacts(db: Kysely<Database>, eventId: string): Promise<EventFacts | undefined> {
  const e = await db
    .selectFrom('events')
    .select(['id', 'title', 'starts_at', 'venue_name', 'venue_city'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  return e && { id: e.id, title: e.title, startsAt: e.starts_at, venueName: e.venue_name, venueCity: e.venue_city };
}

export async function reservationTickets(db: Kysely<Database>, reservationId: string): Promise<TicketRow[]> {
  const rows = await ticketQuery(db).where('t.reservation_id', '=', reservationId).orderBy('t.position').execute();
  return rows.map(toRow);
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

/** Shown on a ticket when no attendee name was given. */
export function holderName(t: TicketRow): string {
  return t.attendeeName ?? t.buyerName;
}

export function seatText(t: Pick<TicketRow, 'seat'>): string {
  return t.seat === null ? 'General admission' : `${t.seat.section}, row ${t.seat.row}, seat ${t.seat.number}`;
}

/** Event times as the whole platform shows them: in UTC, spelled out. */
export function eventTimeText(iso: string): string {
  const formatted = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(iso));
  return `${formatted} UTC`;
}
