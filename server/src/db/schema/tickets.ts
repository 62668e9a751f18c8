/** Tickets and the door: issued tickets, their transfers, the QR signing keys, and check-in scans. */
import type { CheckinResult } from '@iatichet/contracts';
import type { ColumnType } from 'kysely';

export interface TicketsTable {
  id: string;
  reservation_id: string;
  event_id: string;
  ticket_type_id: string;
  seat_id: string | null;
  attendee_name: string | null;
  position: number;
  checked_in_at: string | null;
  /** The signed QR text, stored once signed; null until then (0009-ticket-qr-stored). */
  qr: string | null;
  /** Ten Crockford base32 characters, unique (0011, tickets/short-code.ts); typed at the door. */
  short_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** Whose account holds the ticket after a transfer; null = the buyer (0024). */
  holder_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Signed into the QR from the first transfer on; only the current one is admitted (0024). */
  qr_generation: ColumnType<number, number | undefined, number>;
}

export interface TicketTransfersTable {
  id: string;
  ticket_id: string;
  from_user_id: string | null;
  to_user_id: string | null;
  to_email: string;
  /** The short code the ticket had before this transfer: typed at the door, it answers `not_valid`. */
  old_short_code: string | null;
  old_generation: number;
  created_at: string;
}

export interface TicketSigningKeysTable {
  /** Key id carried in every QR payload. */
  kid: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  public_key: string;
  created_at: string;
}

export interface CheckinScansTable {
  id: string;
  event_id: string;
  ticket_id: string | null;
  scanned_by: string;
  device: string | null;
  result: CheckinResult;
  created_at: string;
  /** The device's scan id, for a scan that came through the offline sync (0028-sync-scan-ids). */
  sync_scan_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A scan a device made offline and synced later (0013-offline-checkin). */
export interface CheckinSyncScansTable {
  scan_id: string;
  event_id: string;
  device_id: string;
  ticket_id: string | null;
  scanned_by: string;
  scanned_at: string;
  received_at: string;
  result: CheckinResult;
  conflict: number;
  first_device_id: string | null;
  first_scanned_at: string | null;
}
