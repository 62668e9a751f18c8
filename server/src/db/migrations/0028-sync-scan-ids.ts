/**
 * checkin_scans gains `sync_scan_id`: for a scan that came through the offline sync, the device's
 * scan id. Two copies of one sync (a retry that reached another instance while the first was still
 * storing its answers) are judged twice; the second finds the ticket admitted and, stored first,
 * made `already_checked_in` the final answer of the very scan that let the ticket in. With the scan
 * id on the admitting record, either copy sees that its own scan admitted the ticket and answers
 * `ok` (offline-sync.ts). Nullable: online scans have none, and earlier scans stay as they were.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('checkin_scans').addColumn('sync_scan_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('checkin_scans').dropColumn('sync_scan_id').execute();
}
