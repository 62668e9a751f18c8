/** Reading reservations in the API's shape: the owner's list, one reservation, and the admin search. */
import type { AdminReservationQuery, Reservation, ReservationListQuery } from '@iatichet/contracts';
import type { FastifyReply } from 'fastify';
import { sql, type Kysely, type Selectable } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database, ReservationsTable } from '../db/schema.js';
import { decodeNewestFirst, likePattern, olderThan, type CursorCodec, type NewestFirstPosition } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { issueTicketQrs, type QrSigner } from '../tickets/ticket-qr.js';
import { codeTexts, storedItemsColumn, storedLines, type StoredItem } from './reservation-lines.js';
import { parseBilling } from '../invoices/billing.js';

type ReservationRow = Selectable<ReservationsTable>;

/** A reservation as the API answers it, but with its tickets still the JSON text the database wrote. */
type Envelope = Omit<Reservation, 'tickets'>;

/**
 * Each reservation's tickets as the API's JSON array, written by the database in one grouped
 * query. A list of 100 reservations holds 1,000 tickets: building, serializing and measuring a
 * JavaScript object per ticket cost most of a list's CPU, so the rows never become objects here;
 * the list answer splices these arrays in as they are (`renderPage`), and a single reservation
 * parses its own few. A QR code is shown only for a paid reservation, judged by the status the
 * caller read (`paid`), so a ticket list never disagrees with its envelope.
 */
async function ticketArrays(
  db: Kysely<Database>,
  signer: QrSigner | undefined,
  ids: string[],
  paid: string[],
): Promise<Map<string, { tickets: string; items: string }>> {
  const read = async () => {
    const showQr = paid.length === 0 ? sql<boolean>`1 = 0` : sql<boolean>`t.reservation_id in (${sql.join(paid)})`;
    // A ticket given away (tickets/transfers.ts) is shown as transferred: its codes are its new
    // holder's, and the reservation's readers no longer get them.
    const kept = sql<boolean>`t.holder_id is null`;
    const shortCode = sql`case when ${kept} then t.short_code end`;
    // tickets/holder.ts's rule (the attendee name, else the buyer's), in SQL so the list stays JSON text.
    const holderName = sql`coalesce(nullif(t.attendee_name, ''), u.name)`;
    const holderSource = sql`case when coalesce(t.attendee_name, '') = '' then 'buyer' else 'attendee' end`;
    const seat = (object: string) =>
      sql`case when s.id is null then null else ${sql.raw(object)}('section', s.section, 'row', s.row_label, 'number', s.number) end`;
    const checkedInAt = sql`to_char(t.checked_in_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    // PostgreSQL's json_build_object and json_agg write " : " and ", " between fields; row_to_json
    // writes none, so its text is the size SQLite's is (7% less to read, copy and send per list).
    const postgres = dialectOf(db) === 'postgres';
    const tickets = postgres
      ? sql`'[' || string_agg(row_to_json(j)::text, ',' order by t.position) || ']'`
      : sql`json_group_array(json_object(
          'id', t.id, 'ticketTypeId', t.ticket_type_id, 'typeName', coalesce(tt.name, ''),
          'seat', ${seat('json_object')}, 'attendeeName', t.attendee_name,
          'holder', json_object('name', ${holderName}, 'source', ${holderSource}),
          'shortCode', ${shortCode},
          'qr', case when ${showQr} and ${kept} then t.qr end,
          'checkedInAt', t.checked_in_at,
          'transferred', json(case when ${kept} then 'false' else 'true' end)
        ) order by t.position)`;
    const fields = postgres
      ? sql`cross join lateral (select t.id as "id", t.ticket_type_id as "ticketTypeId", coalesce(tt.name, '') as "typeName",
          ${seat('json_build_object')} as "seat", t.attendee_name as "attendeeName",
          (select row_to_json(h) from (select ${holderName} as "name", ${holderSource} as "source") h) as "holder",
          ${shortCode} as "shortCode", case when ${showQr} and ${kept} then t.qr end as "qr", ${checkedInAt} as "checkedInAt",
          not ${kept} as "transferred") j`
      : sql``;
    const unsigned = postgres ? sql`bool_or(${showQr} and t.qr is null)` : sql`max(${showQr} and t.qr is null)`;
    // From the reservations to their tickets: the buyer's row is found once per reservation, not
    // once per ticket (on SQLite a list's query cost 12-20% less so).
    // Each reservation's priced lines come in the same statement (reservation-lines.ts).
    const { rows } = await sql<{ id: string; tickets: string; items: string; unsigned: boolean | number }>`
      select r.id as id, ${tickets} as tickets, ${storedItemsColumn(postgres)} as items, ${unsigned} as unsigned
      from reservations r
      join users u on u.id = r.user_id
      join tickets t on t.reservation_id = r.id
      left join ticket_types tt on tt.id = t.ticket_type_id
      left join event_seats s on s.id = t.seat_id
      ${fields}
      where r.id in (${sql.join(ids)})
      group by r.id`.execute(db);
    return rows;
  };
  let rows = await read();
  if (signer !== undefined && rows.some((r) => Boolean(r.unsigned))) {
    // Stored codes are copied: signing on a read made every list cost CPU per ticket. Only a paid
    // ticket without one (sold before codes were stored) is signed, once, and stored.
    const unsigned = await db
      .selectFrom('tickets')
      .select('id')
      .where('reservation_id', 'in', paid)
      .where('qr', 'is', null)
      .execute();
    await issueTicketQrs(
      db,
      signer,
      unsigned.map((t) => t.id),
    );
    rows = await read();
  }
  return new Map(rows.map((r) => [r.id, { tickets: r.tickets, items: r.items }]));
}

/** The reservations without their tickets, and each one's tickets as JSON text. */
async function envelopes(
  db: Kysely<Database>,
  signer: QrSigner | undefined,
  rows: ReservationRow[],
  withBuyer: boolean,
): Promise<{ envelope: Envelope; tickets: string }[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const eventIds = [...new Set(rows.map((r) => r.event_id))];
  const paid = rows.filter((r) => r.status === 'paid').map((r) => r.id);
  const [events, tickets, buyers, codes] = await Promise.all([
    db
      .selectFrom('events')
      .select(['id', 'title', 'starts_at', 'venue_id', 'venue_name', 'venue_city', 'time_zone'])
      .where('id', 'in', eventIds)
      .execute(),
    ticketArrays(db, signer, ids, paid),
    withBuyer
      ? db
          .selectFrom('users')
          .select(['id', 'email', 'name'])
          .where('id', 'in', [...new Set(rows.map((r) => r.user_id))])
          .execute()
      : Promise.resolve([]),
    codeTexts(db, rows),
  ]);
  const eventById = new Map(events.map((e) => [e.id, e]));
  const buyerById = new Map(buyers.map((b) => [b.id, b]));
  return rows.map((r) => {
    const e = eventById.get(r.event_id);
    const buyer = buyerById.get(r.user_id);
    const read = tickets.get(r.id);
    return {
      envelope: {
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
        subtotalCents: r.subtotal_cents,
        discountCents: r.discount_cents,
        taxCents: r.tax_cents,
        discountCode: r.discount_code_id === null ? null : (codes.get(r.discount_code_id) ?? null),
        ...storedLines(read === undefined ? [] : (JSON.parse(read.items) as StoredItem[])),
        currency: r.currency,
        createdAt: r.created_at,
        paidAt: r.paid_at,
        paymentMethod: r.payment_method,
        billing: parseBilling(r.billing_json),
        ...(withBuyer && buyer ? { buyer, note: r.note } : {}),
      },
      tickets: read?.tickets ?? '[]',
    };
  });
}

export async function toReservations(
  db: Kysely<Database>,
  signer: QrSigner | undefined,
  rows: ReservationRow[],
  withBuyer = false,
): Promise<Reservation[]> {
  return (await envelopes(db, signer, rows, withBuyer)).map(({ envelope, tickets }) => ({
    ...envelope,
    tickets: JSON.parse(tickets) as Reservation['tickets'],
  }));
}

/**
 * A page of reservations as the JSON bytes of the API's answer: each envelope serialized, its
 * tickets spliced in as the database wrote them. Tested to equal `toReservations` field by field.
 */
export interface RenderedPage {
  json: Buffer;
}

/** Sends a rendered page as it is: its bytes are the answer that the route's schema describes. */
export function sendRendered(reply: FastifyReply, page: RenderedPage): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(page.json);
}

function renderPage(items: { envelope: Envelope; tickets: string }[], nextCursor: string | null): RenderedPage {
  const parts = items.map(({ envelope, tickets }) => `${JSON.stringify(envelope).slice(0, -1)},"tickets":${tickets}}`);
  return { json: Buffer.from(`{"items":[${parts.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`) };
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
): Promise<RenderedPage> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return renderPage(
    await envelopes(db, signer, items, withBuyer),
    rows.length > limit && last ? cursors.encode([last.created_at, last.id]) : null,
  );
}

export async function listForUser(
  db: Kysely<Database>,
  signer: QrSigner,
  cursors: CursorCodec,
  userId: string,
  query: ReservationListQuery,
): Promise<RenderedPage> {
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
  /** 'all' for a site admin; else only the reservations of these organizers' events. */
  organizers: 'all' | string[] = 'all',
): Promise<RenderedPage> {
  if (organizers !== 'all' && organizers.length === 0) return renderPage([], null);
  const limit = query.limit ?? 20;
  const after = decodeNewestFirst(cursors, query.cursor);
  const q = query.q?.trim();
  const answer = query.answer?.trim() ?? '';
  const rows = await db
    .selectFrom('reservations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .selectAll('r')
    .$if(organizers !== 'all', (b) =>
      b.where('r.event_id', 'in', (eb) =>
        eb
          .selectFrom('events')
          .select('events.id')
          .where('events.organizer_id', 'in', organizers as string[]),
      ),
    )
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
    // An answer to the question (any, or containing the text, case-insensitive), or to any question.
    .$if(query.questionId !== undefined || answer !== '', (b) =>
      b.where((eb) =>
        eb.exists(
          eb
            .selectFrom('reservation_answers as a')
            .select('a.reservation_id')
            .whereRef('a.reservation_id', '=', 'r.id')
            .$if(query.questionId !== undefined, (a) => a.where('a.question_id', '=', query.questionId ?? ''))
            .$if(answer !== '', (a) => a.where(sql`lower(a.value)`, 'like', sql<string>`${likePattern(answer)} escape '\\'`)),
        ),
      ),
    )
    .$if(after !== undefined, (b) => b.where(olderThan(after as NewestFirstPosition, 'r')))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute();
  return page(db, signer, cursors, rows, limit, true);
}
