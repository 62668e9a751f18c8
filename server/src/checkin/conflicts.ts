/** The duplicates of an event: tickets two devices admitted while offline, with both devices and times. */
import type { CheckinConflict } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import { ticketDetails } from './offline-sync.js';

const CONFLICTS_SHOWN = 500;

export async function checkinConflicts(db: Kysely<Database>, eventId: string): Promise<CheckinConflict[]> {
  const event = await db.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst();
  if (event === undefined) throw errors.notFound('event');
  const rows = await db
    .selectFrom('checkin_sync_scans')
    .select(['scan_id', 'ticket_id', 'device_id', 'scanned_at', 'received_at', 'first_device_id', 'first_scanned_at'])
    .where('event_id', '=', eventId)
    .where('conflict', '=', 1)
    .orderBy('received_at', 'desc')
    .orderBy('scan_id')
    .limit(CONFLICTS_SHOWN)
    .execute();
  const tickets = await ticketDetails(
    db,
    rows.map((r) => r.ticket_id).filter((id): id is string => id !== null),
  );
  return rows.flatMap((row): CheckinConflict[] => {
    const ticket = row.ticket_id === null ? undefined : tickets.get(row.ticket_id);
    if (ticket === undefined) return [];
    const iso = (value: string) => new Date(value).toISOString();
    return [
      {
        scanId: row.scan_id,
        ticket,
        admitted: { deviceId: row.first_device_id, scannedAt: iso(row.first_scanned_at ?? row.received_at) },
        duplicate: { deviceId: row.device_id, scannedAt: iso(row.scanned_at) },
        recordedAt: iso(row.received_at),
      },
    ];
  });
}
