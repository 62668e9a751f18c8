/**
 * Checking a ticket in at the door. A code is `ok` exactly once however many scanners send it at
 * the same moment: the state changes only through a conditional UPDATE (... WHERE checked_in_at
 * IS NULL, the reservation is paid and the event still published), which the database lets exactly
 * one writer win. Every scan is recorded in the same transaction as that UPDATE, with who, when,
 * which device and the result.
 *
 * Scans are written in batches. Alone, each scan costs a transaction: several round trips and a
 * commit flush to disk, and at a busy door the database spends more on that than on the check-in
 * itself. So scans that arrive while earlier batches are being written go together in the next:
 * one statement on PostgreSQL (write-scans-postgres.ts), one transaction on SQLite
 * (write-scans-sqlite.ts), each scan still its own conditional update with its own answer.
 * Two scans of one ticket never share a batch or run in two at once, so the later sees the first
 * committed; a batch that fails is retried one scan at a time, so one bad scan cannot fail others.
 */
import type { CheckinResponse } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { Batcher } from '../platform/batcher.js';
import { errors } from '../platform/errors.js';
import { normalizeShortCode } from '../tickets/short-code.js';
import type { TicketSigner, VerifiedCode } from '../tickets/ticket-signer.js';
import { verifiedScan, type Scan, type ScanOutcome, type VerifiedScan } from './scan-answers.js';
import { writeBatchPostgres } from './write-scans-postgres.js';
import { ticketByShortCode } from './typed-codes.js';
import { writeBatchSqlite } from './write-scans-sqlite.js';

/** Batches written at once: the commit flushes of a few overlap, and a few leave the pool to others. */
const BATCHES_IN_FLIGHT = 4;
const BATCH_MAX = 200;

/** Writes a batch of scans, each with its own answer; a batch either commits whole or throws. */
export function writeScans(db: Kysely<Database>, scans: VerifiedScan[]): Promise<ScanOutcome[]> {
  return dialectOf(db) === 'postgres' ? writeBatchPostgres(db, scans) : writeBatchSqlite(db, scans);
}

export type ScanBatcher = Batcher<VerifiedScan, ScanOutcome>;

/** The one scan batcher of an app instance (kept on its services). */
export function scanBatcher(db: Kysely<Database>): ScanBatcher {
  return new Batcher({
    run: (scans) => writeScans(db, scans),
    inFlightPerGroup: BATCHES_IN_FLIGHT,
    maxWeight: BATCH_MAX,
    exclusiveKeyOf: (scan) => scan.ticketId,
    retryAlone: true,
  });
}

/**
 * Checks a ticket in by its QR text, or by its short code (typed-codes.ts): both name the same
 * ticket and go through the same batch, so either is `ok` once and the other then answers
 * `already_checked_in`. `typedCode` guards a short code against guessing (it counts the try; the
 * caller gives it back once the answer names the ticket); it is not asked for QR text.
 */
export async function checkIn(
  batcher: ScanBatcher,
  signer: TicketSigner,
  scan: Scan,
  typedCode?: { db: Kysely<Database>; guard: () => Promise<void> },
): Promise<CheckinResponse> {
  const shortCode = normalizeShortCode(scan.code);
  let verified: VerifiedCode | null;
  if (shortCode !== null && typedCode !== undefined) {
    await typedCode.guard();
    verified = await ticketByShortCode(typedCode.db, shortCode);
  } else verified = await signer.verify(scan.code);
  const outcome = await batcher.submit(
    verifiedScan(verified, { eventId: scan.eventId, staffId: scan.staffId, device: scan.device }),
  );
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
