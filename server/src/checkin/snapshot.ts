/**
 * What a scanner keeps to judge tickets with no network (GET /api/events/:id/checkin-snapshot):
 * every public key that ever signed a ticket, and every ticket of the event that was ever paid,
 * with the state the door needs (and which of its codes admits: a transfer retires the old one). A ticket whose reservation is no longer paid (cancelled, refunded,
 * refund pending) or whose event is no longer published is `not_valid`, so a device offline
 * refuses it as the server would. Tickets never paid have no code, so they are left out.
 *
 * Sent as JSON bytes made once per request, gzipped when the client accepts it: 20,000 tickets are
 * a few MB of JSON and well under one gzipped.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { SnapshotTicket, SnapshotTicketStatus } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import { seatOf } from '../tickets/ticket-rows.js';

const gzipAsync = promisify(gzip);

export interface EncodedSnapshot {
  json: Buffer;
  gzip: () => Promise<Buffer>;
}

function statusOf(reservationStatus: string, eventStatus: string, checkedInAt: string | null): SnapshotTicketStatus {
  if (reservationStatus !== 'paid' || eventStatus !== 'published') return 'not_valid';
  return checkedInAt === null ? 'valid' : 'checked_in';
}

export async function checkinSnapshot(db: Kysely<Database>, eventId: string): Promise<EncodedSnapshot> {
  const event = await db.selectFrom('events').select(['id', 'status']).where('id', '=', eventId).executeTakeFirst();
  if (event === undefined) throw errors.notFound('event');
  const generatedAt = nowIso();
  const [keys, rows] = await Promise.all([
    db.selectFrom('ticket_signing_keys').select(['kid', 'public_key']).orderBy('created_at').execute(),
    db
      .selectFrom('tickets as t')
      .innerJoin('reservations as r', 'r.id', 't.reservation_id')
      // The event's status read again in the tickets' own statement: a cancellation committed
      // after the read above is seen with the reservations it changed, never half.
      .innerJoin('events as e', 'e.id', 't.event_id')
      .innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
      .leftJoin('event_seats as s', 's.id', 't.seat_id')
      .select([
        't.id',
        't.attendee_name',
        't.checked_in_at',
        't.qr_generation',
        'r.status',
        'e.status as event_status',
        'tt.name as type_name',
        's.section',
        's.row_label',
        's.number',
      ])
      .where('t.event_id', '=', eventId)
      .where('r.paid_at', 'is not', null)
      .orderBy('t.id')
      .execute(),
  ]);
  const tickets = rows.map((t): SnapshotTicket => ({
    ticketId: t.id,
    status: statusOf(t.status, t.event_status, t.checked_in_at),
    typeName: t.type_name,
    seat: seatOf(t),
    attendeeName: t.attendee_name,
    checkedInAt: t.checked_in_at === null ? null : new Date(t.checked_in_at).toISOString(),
    qrGeneration: t.qr_generation,
  }));
  const json = Buffer.from(
    JSON.stringify({
      eventId,
      generatedAt,
      publicKeys: keys.map((k) => ({ kid: k.kid, publicKey: k.public_key })),
      tickets,
    }),
  );
  return { json, gzip: () => gzipAsync(json) };
}
