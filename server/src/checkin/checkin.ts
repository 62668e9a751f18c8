/**
 * Checking a ticket in at the door. A code is `ok` exactly once however many scanners send it at
 * the same moment: the state changes only through a conditional UPDATE (... WHERE checked_in_at
 * IS NULL, the reservation is paid and the event still published), which the database lets exactly
 * one writer win. Every scan is recorded in the same transaction as that UPDATE, with who, when,
 * which device and the result.
 *
 * Scans arriving together are written together (checkin-batches.ts): one statement on PostgreSQL
 * for a whole batch, one transaction on SQLite, each scan still its own conditional update with its
 * own answer.
 */
import { randomUUID } from 'node:crypto';
import type { CheckinResponse, CheckinResult, CheckinTicket } from '@iatichet/contracts';
import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf, nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import { CheckinBatches } from './checkin-batches.js';
import type { TicketSigner } from '../tickets/ticket-signer.js';

export interface Scan {
  code: string;
  eventId: string;
  staffId: string;
  device: string | null;
}

/** A scan whose signature has been checked: `ticketId` is null for anything not genuine. */
export interface VerifiedScan {
  ticketId: string | null;
  eventId: string;
  staffId: string;
  device: string | null;
}

/** What writing one scan came to; `no_event` when the event does not exist (nothing is written). */
export type ScanOutcome = CheckinResponse | 'no_event';

/** What is printed on the ticket, with the state that decides a refusal. */
interface Details {
  id: string;
  event_id: string;
  attendee_name: string | null;
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
function refusal(
  d: Pick<Details, 'event_id' | 'status' | 'event_status'>,
  eventId: string,
): Exclude<CheckinResult, 'ok' | 'invalid'> {
  if (d.event_id !== eventId) return 'wrong_event';
  // A cancelled (or unpublished) event admits nobody, whatever a raced payment left paid.
  if (d.status !== 'paid' || d.event_status !== 'published') return 'not_valid';
  return 'already_checked_in';
}

interface BatchRow extends Details {
  ord: number;
  event_known: boolean;
  result: CheckinResult;
}

/**
 * PostgreSQL: a whole batch in one statement, so one round trip and one commit. The UPDATE admits
 * the tickets it can; the rest of the statement reads its snapshot from before that UPDATE, so the
 * answer says `ok` by whether the UPDATE returned the ticket, and otherwise names the refusal from
 * the row as it was. The scan records are written from those same answers. The SQL's CASE is the
 * same order as refusal().
 *
 * The scanned events are locked FOR SHARE before any ticket is admitted, and only a published one
 * is kept: a cancellation's UPDATE of the event waits for this statement to commit, and a
 * cancellation committed while this statement waited for the lock is seen (READ COMMITTED re-reads
 * a locked row that changed), so no ticket is admitted after a cancellation commits.
 */
async function writeBatchPostgres(db: Kysely<Database>, scans: VerifiedScan[]): Promise<ScanOutcome[]> {
  const now = nowIso();
  const { rows } = await sql<BatchRow>`
    with input as (
      select * from unnest(
        ${scans.map((_, i) => i)}::int[], ${scans.map((s) => s.ticketId)}::text[], ${scans.map((s) => s.eventId)}::text[],
        ${scans.map(() => randomUUID())}::text[], ${scans.map((s) => s.staffId)}::text[], ${scans.map((s) => s.device)}::text[]
      ) as i(ord, ticket_id, event_id, scan_id, staff_id, device)
    ),
    published as (
      select e.id from events e
      where e.id in (select distinct event_id from input) and e.status = 'published'
      order by e.id
      for share
    ),
    admitted as (
      update tickets t set checked_in_at = ${now}
      from input i
      where t.id = i.ticket_id and t.event_id = i.event_id and t.checked_in_at is null
        and t.event_id in (select id from published)
        and exists (select 1 from reservations r where r.id = t.reservation_id and r.status = 'paid')
      returning t.id
    ),
    answers as (
      select i.ord, i.scan_id, i.staff_id, i.device, i.event_id as scan_event_id,
        exists (select 1 from events e where e.id = i.event_id) as event_known,
        t.id, t.event_id, t.attendee_name, t.checked_in_at, r.code, r.status, ev.status as event_status, ev.title,
        tt.name as type_name,
        s.section, s.row_label, s.number,
        case
          when t.id is null then 'invalid'
          when a.id is not null then 'ok'
          when t.event_id <> i.event_id then 'wrong_event'
          when r.status <> 'paid' or t.event_id not in (select id from published) then 'not_valid'
          else 'already_checked_in'
        end as result
      from input i
      left join tickets t on t.id = i.ticket_id
      left join reservations r on r.id = t.reservation_id
      left join events ev on ev.id = t.event_id
      left join ticket_types tt on tt.id = t.ticket_type_id
      left join event_seats s on s.id = t.seat_id
      left join admitted a on a.id = t.id
    ),
    recorded as (
      insert into checkin_scans (id, event_id, ticket_id, scanned_by, device, result, created_at)
      select scan_id, scan_event_id, id, staff_id, device, result, ${now}::timestamptz from answers where event_known
    )
    select ord, event_known, result, id, event_id, attendee_name, checked_in_at, code, status, event_status, title, type_name,
      section, row_label, number
    from answers order by ord`.execute(db);

  // Another scanner's check-in that committed after this statement began: the UPDATE saw it (and
  // refused), the snapshot did not. Read when it happened, as a separate statement does see it.
  const missed = rows.filter((r) => r.result === 'already_checked_in' && r.checked_in_at === null).map((r) => r.id);
  const since =
    missed.length === 0
      ? new Map<string, string | null>()
      : new Map(
          (await db.selectFrom('tickets').select(['id', 'checked_in_at']).where('id', 'in', missed).execute()).map((t) => [
            t.id,
            t.checked_in_at,
          ]),
        );
  return rows.map((r): ScanOutcome => {
    if (!r.event_known) return 'no_event';
    if (r.result === 'invalid') return { result: 'invalid', ticket: null, checkedInAt: null };
    const checkedInAt = r.result === 'ok' ? now : (r.checked_in_at ?? since.get(r.id) ?? null);
    return { result: r.result, ticket: toTicket(r), checkedInAt };
  });
}

async function ticketDetails(trx: Transaction<Database>, ticketId: string): Promise<Details | undefined> {
  return trx
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
      'e.status as event_status',
      'e.title',
      'tt.name as type_name',
      's.section',
      's.row_label',
      's.number',
    ])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
}

/** One scan inside the batch's transaction (SQLite: one writer at a time, so no race within it). */
async function writeScan(trx: Transaction<Database>, scan: VerifiedScan): Promise<ScanOutcome> {
  const details = scan.ticketId === null ? undefined : await ticketDetails(trx, scan.ticketId);
  if (details?.event_id !== scan.eventId) {
    const event = await trx.selectFrom('events').select('id').where('id', '=', scan.eventId).executeTakeFirst();
    if (event === undefined) return 'no_event';
  }
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
        eb.and([
          eb.exists(
            eb
              .selectFrom('reservations as r')
              .select('r.id')
              .whereRef('r.id', '=', 'tickets.reservation_id')
              .where('r.status', '=', 'paid'),
          ),
          eb.exists(
            eb
              .selectFrom('events as e')
              .select('e.id')
              .whereRef('e.id', '=', 'tickets.event_id')
              .where('e.status', '=', 'published'),
          ),
        ]),
      )
      .executeTakeFirst();
    if (admitted.numUpdatedRows === 1n) {
      result = 'ok';
      checkedInAt = now;
    } else {
      result = refusal(details, scan.eventId);
      checkedInAt = details.checked_in_at;
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
}

/** Writes a batch of scans, each with its own answer; a batch either commits whole or throws. */
export async function writeScans(db: Kysely<Database>, scans: VerifiedScan[]): Promise<ScanOutcome[]> {
  if (dialectOf(db) === 'postgres') return writeBatchPostgres(db, scans);
  return db.transaction().execute(async (trx) => {
    const outcomes: ScanOutcome[] = [];
    for (const scan of scans) outcomes.push(await writeScan(trx, scan));
    return outcomes;
  });
}

const batchesByDatabase = new WeakMap<Kysely<Database>, CheckinBatches<VerifiedScan, ScanOutcome>>();

function batchesOf(db: Kysely<Database>): CheckinBatches<VerifiedScan, ScanOutcome> {
  let batches = batchesByDatabase.get(db);
  if (batches === undefined) {
    batches = new CheckinBatches(
      (scans) => writeScans(db, scans),
      (scan) => scan.ticketId,
    );
    batchesByDatabase.set(db, batches);
  }
  return batches;
}

export async function checkIn(db: Kysely<Database>, signer: TicketSigner, scan: Scan): Promise<CheckinResponse> {
  const ticketId = await signer.verify(scan.code);
  const outcome = await batchesOf(db).write({
    ticketId,
    eventId: scan.eventId,
    staffId: scan.staffId,
    device: scan.device,
  });
  if (outcome === 'no_event') throw errors.notFound('event');
  return outcome;
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
