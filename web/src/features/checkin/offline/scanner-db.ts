/**
 * What a scanner keeps on the device, in IndexedDB: the latest check-in snapshot of each event
 * (with the event's title, for a page opened with no network) and every scan made offline, kept
 * until the server has answered it and afterwards as the device's own record of that answer.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CheckinResult, CheckinSnapshot, CheckinSyncResult } from '@iatichet/contracts';

export interface StoredSnapshot extends CheckinSnapshot {
  eventTitle: string | null;
  /** When this device received it (the snapshot's own time is the server's). */
  storedAt: string;
}

export interface QueuedScan {
  scanId: string;
  eventId: string;
  code: string;
  scannedAt: string;
  /** The ticket the code names, when its signature was good. */
  ticketId: string | null;
  localResult: CheckinResult;
  /** 1 until the server has answered (IndexedDB cannot index booleans). */
  pending: 0 | 1;
  server: CheckinSyncResult | null;
}

interface ScannerDb extends DBSchema {
  snapshots: { key: string; value: StoredSnapshot };
  scans: { key: string; value: QueuedScan; indexes: { byEventPending: [string, number]; byEvent: string } };
}

let opened: Promise<IDBPDatabase<ScannerDb>> | undefined;

function db(): Promise<IDBPDatabase<ScannerDb>> {
  opened ??= openDB<ScannerDb>('iat-scanner', 1, {
    upgrade(database) {
      database.createObjectStore('snapshots', { keyPath: 'eventId' });
      const scans = database.createObjectStore('scans', { keyPath: 'scanId' });
      scans.createIndex('byEventPending', ['eventId', 'pending']);
      scans.createIndex('byEvent', 'eventId');
    },
  });
  return opened;
}

export async function loadSnapshot(eventId: string): Promise<StoredSnapshot | undefined> {
  return (await db()).get('snapshots', eventId);
}

export async function saveSnapshot(snapshot: StoredSnapshot): Promise<void> {
  await (await db()).put('snapshots', snapshot);
}

export async function queueScan(scan: QueuedScan): Promise<void> {
  await (await db()).put('scans', scan);
}

export async function scansOf(eventId: string): Promise<QueuedScan[]> {
  return (await db()).getAllFromIndex('scans', 'byEvent', eventId);
}

export async function pendingScans(eventId: string): Promise<QueuedScan[]> {
  return (await db()).getAllFromIndex('scans', 'byEventPending', [eventId, 1]);
}

/** Stores the server's answers; a scan it answered is no longer pending. */
export async function recordAnswers(answers: CheckinSyncResult[]): Promise<void> {
  const tx = (await db()).transaction('scans', 'readwrite');
  for (const answer of answers) {
    const scan = await tx.store.get(answer.scanId);
    if (scan !== undefined) await tx.store.put({ ...scan, pending: 0, server: answer });
  }
  await tx.done;
}
