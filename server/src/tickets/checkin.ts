/**
 * Checking a ticket in at the door. A code is `ok` exactly once however many scanners send it at
 * the same moment: the state changes only through one conditional UPDATE (... WHERE checked_in_at
 * IS NULL and the reservation is paid), which the database lets exactly one writer win. Every scan
 * is recorded in the same transaction, with who, when, which device and the result.
 */
import { randomUUID } from 'node:crypto';
import type { CheckinResponse, CheckinResult, CheckinTicket } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import type { TicketSigner } from './ticket-signer.js';

export interface Scan {
  code: string;
  eventId: string;
  staffId: string;
  device: string | null;
}

async function ticketDetails(db: Kysely<Database>, ticketId: string) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('reservations as r', 'r.id', 't.reservation_id')
    .innerJoin('events as e', 'e.id', 't.event_id')
    .innerJoin('ticket_types as tt', 'tt.id', 't.ticket_type_id')
    .leftJoin('event_seats as s', 's.id', 't.seat_id')
    .select([
      't.id',
      't.event_id',
      't.attendee_name',
      't.checked_in_at',
      'r.code',
      'r.status',
      'e.title',
      'tt.name as type_name',
      's.section',
      's.row_label',
      's.number',
    ])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
}

type Details = NonNullable<Awaited<ReturnType<typeof ticketDetails>>>;

function toTicket(d: Details): CheckinTicket {
  return {
    id: d.id,
    eventId: d.event_id,
    eventTitle: d.title,
    reservationCode: d.code,
    typeName: d.type_name,
    seat:
      d.section !== null && d.row_label !== null && d.number !== null
        ? { section: d.section, row: d.row_label, number: d.number }
        : null,
    attendeeName: d.attendee_name,
  };
}

/** Why a ticket was not admitted now; the order matters: the wrong event is named before its state. */
function refusal(d: Details, eventId: string): Exclude<CheckinResult, 'ok' | 'invalid'> {
  if (d.event_id !== eventId) return 'wrong_event';
  if (d.status !== 'paid') return 'not_valid';
  return 'already_checked_in';
}

async function requireEvent(db: Kysely<Database>, eventId: string): Promise<void> {
  const event = await db.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst();
  if (event === undefined) throw errors.notFound('event');
}

export async function checkIn(db: Kysely<Database>, signer: TicketSigner, scan: Scan): Promise<CheckinResponse> {
  const ticketId = await signer.verify(scan.code);
  // What is printed on the ticket, read first; whether it is admitted is decided by the UPDATE alone.
  const details = ticketId === null ? undefined : await ticketDetails(db, ticketId);
  if (details?.event_id !== scan.eventId) await requireEvent(db, scan.eventId);

  return db.transaction().execute(async (trx) => {
    let result: CheckinResult = 'invalid';
    let checkedInAt: string | null = null;
    if (details !== undefined) {
      const now = nowIso();
      const admitted = await trx
        .updateTable('tickets')
        .set({ checked_in_at: now })
        .where('id', '=', details.id)
        .where('event_id', '=', scan.eventId)
        .where('checked_in_at', 'is', null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('reservations as r')
              .select('r.id')
              .whereRef('r.id', '=', 'tickets.reservation_id')
              .where('r.status', '=', 'paid'),
          ),
        )
        .executeTakeFirst();
      if (admitted.numUpdatedRows === 1n) {
        result = 'ok';
        checkedInAt = now;
      } else {
        // Refused, or another scanner won the race: the row as it is now says why.
        const current = await trx
          .selectFrom('tickets as t')
          .innerJoin('reservations as r', 'r.id', 't.reservation_id')
          .select(['t.checked_in_at', 'r.status'])
          .where('t.id', '=', details.id)
          .executeTakeFirstOrThrow();
        result = refusal({ ...details, ...current }, scan.eventId);
        checkedInAt = current.checked_in_at;
      }
    }
    await trx
      .insertInto('checkin_scans')
      .values({
        id: randomUUID(),
        event_id: scan.eventId,
        ticket_id: details?.id ?? null,
        scanned_by: scan.staffId,
        device: scan.device,
        result,
        created_at: nowIso(),
      })
      .execute();
    return { result, ticket: details === undefined ? null : toTicket(details), checkedInAt };
  });
}

/** Admissions of an event: paid tickets, and how many of them are in. */
export async function checkinStats(db: Kysely<Database>, eventId: string): Promise<{ total: number; checkedIn: number }> {
  const event = await db.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst();
  if (event === undefined) throw errors.notFound('event');
  const row = await db
    .selectFrom('tickets as t')
    .innerJoin('reservations as r', 'r.id', 't.reservation_id')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('t.checked_in_at').as('checked_in')])
    .where('t.event_id', '=', eventId)
    .where('r.status', '=', 'paid')
    .executeTakeFirstOrThrow();
  return { total: row.total, checkedIn: row.checked_in };
}
