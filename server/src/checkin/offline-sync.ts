/**
 * Syncing the scans a device made offline (POST /api/checkin/sync). Each scan goes through the
 * same write path as the online scanner (the app's scan batcher: one conditional UPDATE per scan,
 * recorded in `checkin_scans`), so online and offline scans share one truth and a ticket is `ok`
 * exactly once over every device. Within one request the scans are judged in `scannedAt` order;
 * across requests, in the order they reach the server, and every answer is final.
 *
 * Each synced scan is then stored once by its scan id (checkin_sync_scans): a replay, or two copies
 * of one request racing, answers what is stored, not a second judgment. A scan its device admitted
 * offline that the server finds already admitted is stored as a conflict, with the admitting scan.
 *
 * The judgment and the stored answer are two transactions, so a scan can be judged twice: a retry
 * that reached another instance while the first copy was still storing, or a replay after the
 * process died in between. The admitting scan's record carries the device's scan id, so the second
 * judgment, finding the ticket admitted by this very scan, answers `ok` as the first did, whichever
 * copy stores its answer first.
 */
import type { CheckinResult, CheckinSyncRequest, CheckinSyncResult, CheckinTicket } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import type { ScanBatcher } from './checkin.js';
import { selectDetails, toTicket, verifiedScan, type Details } from './scan-answers.js';
import type { VerifyCode } from './verified-codes.js';

type SyncScan = CheckinSyncRequest['scans'][number];

export interface SyncInput extends CheckinSyncRequest {
  staffId: string;
}

interface Judged {
  scan: SyncScan;
  ticketId: string | null;
  result: CheckinResult;
  checkedInAt: string | null;
}

/** The ticket as the door sees it, for every id at once. */
export async function ticketDetails(db: Kysely<Database>, ids: string[]): Promise<Map<string, CheckinTicket>> {
  const found = new Map<string, CheckinTicket>();
  if (ids.length === 0) return found;
  const rows: Details[] = await selectDetails(db)
    .where('t.id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) found.set(row.id, toTicket(row));
  return found;
}

/** Scans in the order they were made; equal times keep the order the device sent them in. */
function inScanOrder(scans: SyncScan[]): SyncScan[] {
  return scans
    .map((scan, index) => ({ scan, index, at: Date.parse(scan.scannedAt) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((x) => x.scan);
}

async function judge(batcher: ScanBatcher, verify: VerifyCode, input: SyncInput, scans: SyncScan[]): Promise<Judged[]> {
  // The first alone: a key this instance has not loaded yet (a rotation elsewhere) is then looked up
  // once, not once for every scan of the batch that names it.
  const first = scans[0] === undefined ? [] : [await verify(scans[0].code)];
  const codes = [...first, ...(await Promise.all(scans.slice(1).map((scan) => verify(scan.code))))];
  // Submitted together in scan order: the batcher takes them oldest first and never lets two scans
  // of one ticket share a batch, so a later scan of a ticket sees the earlier one's effect.
  return Promise.all(
    scans.map(async (scan, i): Promise<Judged> => {
      // The generation goes with the ticket: a code retired by a transfer is refused as online.
      const at = { eventId: input.eventId, staffId: input.staffId, device: input.deviceId, syncScanId: scan.scanId };
      const outcome = await batcher.submit(verifiedScan(codes[i] ?? null, at));
      if (outcome === 'no_event') throw errors.notFound('event');
      return { scan, ticketId: outcome.ticket?.id ?? null, result: outcome.result, checkedInAt: outcome.checkedInAt };
    }),
  );
}

/** A check-in record that admitted a ticket (`ok`): online, or from a sync (with its scan id). */
interface Admission {
  ticketId: string;
  deviceId: string | null;
  scannedAt: string;
  syncScanId: string | null;
}

/** The records that admitted these tickets; by ticket id, which checkin_scans indexes. */
async function admissionsOf(db: Kysely<Database>, ticketIds: string[]): Promise<Admission[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db
    .selectFrom('checkin_scans')
    .select(['ticket_id', 'device', 'created_at', 'sync_scan_id'])
    .where('ticket_id', 'in', ticketIds)
    .where('result', '=', 'ok')
    .execute();
  return rows.flatMap((r) =>
    r.ticket_id === null
      ? []
      : [{ ticketId: r.ticket_id, deviceId: r.device, scannedAt: r.created_at, syncScanId: r.sync_scan_id }],
  );
}

/** Who admitted each ticket: an offline scan that was synced, else the check-in record that said `ok`. */
async function admittingScans(
  db: Kysely<Database>,
  ticketIds: string[],
  admissions: Admission[],
): Promise<Map<string, { deviceId: string | null; scannedAt: string }>> {
  const found = new Map<string, { deviceId: string | null; scannedAt: string }>();
  if (ticketIds.length === 0) return found;
  const synced = await db
    .selectFrom('checkin_sync_scans')
    .select(['ticket_id', 'device_id', 'scanned_at'])
    .where('ticket_id', 'in', ticketIds)
    .where('result', '=', 'ok')
    .execute();
  for (const row of synced)
    if (row.ticket_id !== null) found.set(row.ticket_id, { deviceId: row.device_id, scannedAt: row.scanned_at });
  const wanted = new Set(ticketIds);
  for (const a of admissions)
    if (wanted.has(a.ticketId) && !found.has(a.ticketId)) found.set(a.ticketId, { deviceId: a.deviceId, scannedAt: a.scannedAt });
  return found;
}

const INSERT_CHUNK = 500;

export async function syncOfflineScans(
  db: Kysely<Database>,
  batcher: ScanBatcher,
  verify: VerifyCode,
  input: SyncInput,
): Promise<CheckinSyncResult[]> {
  const event = await db.selectFrom('events').select('id').where('id', '=', input.eventId).executeTakeFirst();
  if (event === undefined) throw errors.notFound('event');

  const scanIds = [...new Set(input.scans.map((s) => s.scanId))];
  const stored = async () =>
    scanIds.length === 0 ? [] : await db.selectFrom('checkin_sync_scans').selectAll().where('scan_id', 'in', scanIds).execute();
  const before = await stored();
  // A scan id is the device's, for replays of its own scans: one stored for another event is not
  // this request's to replay (its answer names another event's ticket, perhaps another organizer's).
  const foreign = new Set(before.filter((row) => row.event_id !== input.eventId).map((row) => row.scan_id));
  if (foreign.size > 0)
    throw errors.validation(
      'A scan id was already used for another event; give every scan an id of its own (a random UUID).',
      input.scans.flatMap((scan, i) =>
        foreign.has(scan.scanId) ? [{ path: `/scans/${i}/scanId`, message: 'already used for another event' }] : [],
      ),
    );
  const known = new Set(before.map((row) => row.scan_id));
  const seen = new Set<string>();
  const fresh = inScanOrder(input.scans).filter((scan) => {
    if (known.has(scan.scanId) || seen.has(scan.scanId)) return false;
    seen.add(scan.scanId);
    return true;
  });

  const judgedNow = await judge(batcher, verify, input, fresh);
  const admissions = await admissionsOf(db, [
    ...new Set(judgedNow.flatMap((j) => (j.result === 'already_checked_in' && j.ticketId !== null ? [j.ticketId] : []))),
  ]);
  // A scan judged again whose own earlier judgment admitted the ticket answers `ok`, as that did.
  const ownAdmissions = new Set(
    admissions.filter((a) => a.deviceId === input.deviceId && a.syncScanId !== null).map((a) => `${a.syncScanId} ${a.ticketId}`),
  );
  const judged = judgedNow.map((j): Judged =>
    ownAdmissions.has(`${j.scan.scanId} ${j.ticketId ?? ''}`) ? { ...j, result: 'ok' } : j,
  );
  const firstInRequest = new Map<string, { deviceId: string; scannedAt: string }>();
  for (const j of judged)
    if (j.result === 'ok' && j.ticketId !== null)
      firstInRequest.set(j.ticketId, { deviceId: input.deviceId, scannedAt: j.scan.scannedAt });
  const admittedBefore = await admittingScans(
    db,
    judged
      .filter((j) => j.result === 'already_checked_in' && j.ticketId !== null && !firstInRequest.has(j.ticketId))
      .map((j) => j.ticketId ?? ''),
    admissions,
  );

  const receivedAt = nowIso();
  const rows = judged.map((j) => {
    const first =
      j.result === 'ok'
        ? { deviceId: input.deviceId, scannedAt: j.scan.scannedAt }
        : j.result === 'already_checked_in' && j.ticketId !== null
          ? (firstInRequest.get(j.ticketId) ??
            admittedBefore.get(j.ticketId) ?? { deviceId: null, scannedAt: j.checkedInAt ?? receivedAt })
          : null;
    const admittedOffline = (j.scan.localResult ?? 'ok') === 'ok';
    return {
      scan_id: j.scan.scanId,
      event_id: input.eventId,
      device_id: input.deviceId,
      ticket_id: j.ticketId,
      scanned_by: input.staffId,
      scanned_at: new Date(j.scan.scannedAt).toISOString(),
      received_at: receivedAt,
      result: j.result,
      conflict: j.result === 'already_checked_in' && admittedOffline ? 1 : 0,
      first_device_id: first?.deviceId ?? null,
      first_scanned_at: first === null ? null : new Date(first.scannedAt).toISOString(),
    };
  });
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    // A copy of this request that raced ahead stored its answers first: theirs stand.
    await db
      .insertInto('checkin_sync_scans')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.column('scan_id').doNothing())
      .execute();
  }

  const answers = new Map((await stored()).map((row) => [row.scan_id, row]));
  const tickets = await ticketDetails(
    db,
    [...answers.values()].map((row) => row.ticket_id).filter((id): id is string => id !== null),
  );
  return input.scans.map((scan): CheckinSyncResult => {
    const row = answers.get(scan.scanId);
    if (row === undefined) throw new Error(`scan ${scan.scanId} was neither stored nor found`);
    // Stored for another event meanwhile (the same id sent there at the same moment): not ours to show.
    if (row.event_id !== input.eventId)
      return { scanId: scan.scanId, result: 'invalid', ticket: null, firstScan: null, conflict: false };
    return {
      scanId: scan.scanId,
      result: row.result,
      ticket: row.ticket_id === null ? null : (tickets.get(row.ticket_id) ?? null),
      firstScan:
        row.first_scanned_at === null
          ? null
          : { deviceId: row.first_device_id, scannedAt: new Date(row.first_scanned_at).toISOString() },
      conflict: row.conflict === 1,
    };
  });
}
