/**
 * What a scanner keeps on the device, in IndexedDB: the latest check-in snapshot of each event
 * (with the event's title, for a page opened with no network) and every scan made offline, kept
 * until the server has answered it and afterwards as the device's own record of that answer.
 * In src/lib, not the check-in feature, because signing in or out (src/lib/auth) forgets it.
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

/**
 * The server refused this account the event's ticket list (no longer its staff, the event gone):
 * the stored list goes, so the device cannot go on admitting from it offline, nor show its names.
 */
export async function forgetSnapshot(eventId: string): Promise<void> {
  await (await db()).delete('snapshots', eventId);
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

/**
 * When the person signed in changes (sign-in, registration, sign-out): the ticket lists (every
 * ticket of an event, with its attendee's name) and the record of answered scans go, so a shared
 * phone shows the next person nothing of the last one's door. Scans the server has not answered
 * yet stay: they are admissions it must still learn of, sent by the next scanner of that event.
 */
export async function forgetDoorData(): Promise<void> {
  // Tests without a browser, and browsers that refuse storage: nothing was kept.
  if (typeof indexedDB === 'undefined') return;
  const tx = (await db()).transaction(['snapshots', 'scans'], 'readwrite');
  await tx.objectStore('snapshots').clear();
  const scans = tx.objectStore('scans');
  for (let cursor = await scans.openCursor(); cursor !== null; cursor = await cursor.continue()) {
    if (cursor.value.pending === 0) await cursor.delete();
  }
  await tx.done;
}
