/** Writing a batch of scans on SQLite: one transaction, each scan its own conditional update. */
import { randomUUID } from 'node:crypto';
import type { CheckinResult } from '@iatichet/contracts';
import type { Kysely, Transaction } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { emitCheckins } from '../webhooks/payloads.js';
import { refusal, selectDetails, toTicket, type Details, type ScanOutcome, type VerifiedScan } from './scan-answers.js';

async function ticketDetails(trx: Transaction<Database>, ticketId: string): Promise<Details | undefined> {
  return selectDetails(trx).where('t.id', '=', ticketId).executeTakeFirst();
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
      .where('qr_generation', '=', scan.generation)
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
      await emitCheckins(trx, scan.eventId, [details.id], scan.device);
    } else {
      result = refusal(details, scan);
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
      sync_scan_id: scan.syncScanId ?? null,
    })
    .execute();
  return { result, ticket: details === undefined ? null : toTicket(details), checkedInAt };
}

export function writeBatchSqlite(db: Kysely<Database>, scans: VerifiedScan[]): Promise<ScanOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const outcomes: ScanOutcome[] = [];
    for (const scan of scans) outcomes.push(await writeScan(trx, scan));
    return outcomes;
  });
}
