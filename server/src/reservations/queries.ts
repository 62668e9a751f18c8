/** Reading reservations in the API's shape: the owner's list, one reservation, and the admin search. */
import type { AdminReservationQuery, Page, Reservation, ReservationListQuery } from '@iatichet/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, ReservationsTable } from '../db/schema.js';
import { decodeNewestFirst, likePattern, olderThan, type CursorCodec, type NewestFirstPosition } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { holderOf } from '../tickets/holder.js';
import { issueTicketQrs, type QrSigner } from '../tickets/ticket-qr.js';

type ReservationRow = Selectable<ReservationsTable>;

export async function toReservations(
  db: Kysely<Database>,
  signer: QrSigner,
  rows: ReservationRow[],
  withBuyer = false,
): Promise<Reservation[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const eventIds = [...new Set(rows.map((r) => r.event_id))];
  // Every read of a list passes here, so it reads what each ticket needs and no more: type names
  // come from the events' few types, and seats only for seated tickets, rather than two joins
  // repeated on 1,000 rows (each joined column cost about as much as the rest of the row).
  const [events, types, tickets, buyers] = await Promise.all([
    db
      .selectFrom('events')
      .select(['id', 'title', 'starts_at', 'venue_id', 'venue_name', 'venue_city', 'time_zone'])
      .where('id', 'in', eventIds)
      .execute(),
    db.selectFrom('ticket_types').select(['id', 'name']).where('event_id', 'in', eventIds).execute(),
    db
      .selectFrom('tickets')
      .select(['id', 'reservation_id', 'ticket_type_id', 'seat_id', 'attendee_name', 'checked_in_at', 'qr', 'short_code'])
      .where('reservation_id', 'in', ids)
      .orderBy('reservation_id')
      .orderBy('position')
      .execute(),
    // The buyers' names too: a ticket without an attendee name carries its buyer's (holder).
    db
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.user_id))])
      .execute(),
  ]);
  const paid = new Set(rows.filter((r) => r.status === 'paid').map((r) => r.id));
  const ticketsOf = new Map<string, typeof tickets>();
  for (const t of tickets) {
    const list = ticketsOf.get(t.reservation_id);
    if (list === undefined) ticketsOf.set(t.reservation_id, [t]);
    else list.push(t);
  }
  // Stored codes are copied: signing on a read made every list cost CPU per ticket. Only a paid
  // ticket without one (sold before codes were stored) is signed, once, and stored.
  const unsigned = tickets.filter((t) => t.qr === null && paid.has(t.reservation_id)).map((t) => t.id);
  const issued = unsigned.length > 0 ? await issueTicketQrs(db, signer, unsigned) : undefined;
  const typeName = new Map(types.map((t) => [t.id, t.name]));
  const seatIds = tickets.flatMap((t) => (t.seat_id === null ? [] : [t.seat_id]));
  const seats =
    seatIds.length === 0
      ? []
      : await db.selectFrom('event_seats').select(['id', 'section', 'row_label', 'number']).where('id', 'in', seatIds).execute();
  const seatById = new Map(seats.map((s) => [s.id, { section: s.section, row: s.row_label, number: s.number }]));
  const eventById = new Map(events.map((e) => [e.id, e]));
  const buyerById = new Map(buyers.map((b) => [b.id, b]));
  return rows.map((r) => {
    const e = eventById.get(r.event_id);
    const buyer = buyerById.get(r.user_id);
    return {
      id: r.id,
      code: r.code,
      status: r.status,
      event: {
        id: r.event_id,
        title: e?.title ?? '',
        startsAt: e?.starts_at ?? '',
        venue: { id: e?.venue_id ?? '', name: e?.venue_name ?? '', city: e?.venue_city ?? '' },
        timeZone: e?.time_zone ?? '',
      },
      expiresAt: r.expires_at,
      totalCents: r.total_cents,
      currency: r.currency,
      createdAt: r.created_at,
      paidAt: r.paid_at,
      paymentMethod: r.payment_method,
      ...(withBuyer && buyer ? { buyer, note: r.note } : {}),
      tickets: (ticketsOf.get(r.id) ?? []).map((t) => ({
        id: t.id,
        ticketTypeId: t.ticket_type_id,
        typeName: typeName.get(t.ticket_type_id) ?? '',
        seat: t.seat_id === null ? null : (seatById.get(t.seat_id) ?? null),
        attendeeName: t.attendee_name,
        holder: holderOf(t.attendee_name, buyer?.name ?? ''),
        shortCode: t.short_code,
        qr: paid.has(r.id) ? (t.qr ?? issued?.get(t.id) ?? null) : null,
        checkedInAt: t.checked_in_at,
      })),
    };
  });
}

/** The reservation if the caller may see it (owner, or an admin); otherwise 404, never 403. */
export async function loadVisibleReservation(
  db: Kysely<Database>,
  id: string,
  viewer: { id: string; role: string },
): Promise<ReservationRow> {
  const row = await db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined || (row.user_id !== viewer.id && viewer.role !== 'admin')) throw errors.notFound('reservation');
  return row;
}

async function page(
  db: Kysely<Database>,
  signer: QrSigner,
  cursors: CursorCodec,
  rows: ReservationRow[],
  limit: number,
  withBuyer: boolean,
): Promise<Page<Reservation>> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: await toReservations(db, signer, items, withBuyer),
    nextCursor: rows.length > limit && last ? cursors.encode([last.created_at, last.id]) : null,
  };
}

export async function listForUser(
  db: Kysely<Database>,
  signer: QrSigner,
  cursors: CursorCodec,
  userId: string,
  query: ReservationListQuery,
): Promise<Page<Reservation>> {
  const limit = query.limit ?? 20;
  const after = decodeNewestFirst(cursors, query.cursor);
  const rows = await db
    .selectFrom('reservations')
    .selectAll()
    .where('user_id', '=', userId)
    .$if(query.status !== undefined, (q) => q.where('status', '=', query.status ?? 'paid'))
    .$if(after !== undefined, (q) => q.where(olderThan(after as NewestFirstPosition)))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return page(db, signer, cursors, rows, limit, false);
}

export async function listForAdmin(
  db: Kysely<Database>,
  signer: QrSigner,
  cursors: CursorCodec,
  query: AdminReservationQuery,
): Promise<Page<Reservation>> {
  const limit = query.limit ?? 20;
  const after = decodeNewestFirst(cursors, query.cursor);
  const q = query.q?.trim();
  const rows = await db
    .selectFrom('reservations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .selectAll('r')
    .$if(query.eventId !== undefined, (b) => b.where('r.event_id', '=', query.eventId ?? ''))
    .$if(query.status !== undefined, (b) => b.where('r.status', '=', query.status ?? 'paid'))
    .$if(q !== undefined && q !== '', (b) =>
      b.where((eb) =>
        eb.or([
          eb('r.code', '=', (q ?? '').toUpperCase()),
          eb('u.email_normalized', 'like', sql<string>`${likePattern(q ?? '')} escape '\\'`),
          eb(sql`lower(u.name)`, 'like', sql<string>`${likePattern(q ?? '')} escape '\\'`),
          eb.exists(
            eb
              .selectFrom('tickets as t')
              .select('t.id')
              .whereRef('t.reservation_id', '=', 'r.id')
              .where(sql`lower(t.attendee_name)`, 'like', sql<string>`${likePattern(q ?? '')} escape '\\'`),
          ),
        ]),
      ),
    )
    .$if(after !== undefined, (b) => b.where(olderThan(after as NewestFirstPosition, 'r')))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute();
  return page(db, signer, cursors, rows, limit, true);
}
