/**
 * The scanner's state machine, online or not. Online, a scan goes to POST /api/checkin as before;
 * when the network is gone (the browser says so, or a request fails to reach the server), the scan
 * is judged on the device from the stored snapshot and queued in IndexedDB with its id and time.
 * Queued scans are sent to POST /api/checkin/sync when the network returns and every 15 seconds
 * while any wait; the snapshot is fetched again every minute while online; the duplicates found
 * for this event are fetched after each sync and every 10 seconds.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckinConflict, CheckinResponse, CheckinSyncResult, SnapshotTicket } from '@iatichet/contracts';
import { isApiError } from '@/lib/api-error';
import { checkIn } from '../api/check-in';
import { getCheckinConflicts, getCheckinSnapshot, syncScans } from '../api/offline-checkin';
import { scannerDeviceName } from '../utils/device-name';
import { judgeOffline, type OfflineBook } from './judge-offline';
import { importKeys } from './qr-code';
import {
  forgetSnapshot,
  loadSnapshot,
  pendingScans,
  queueScan,
  recordAnswers,
  saveSnapshot,
  scansOf,
  type QueuedScan,
} from '@/lib/offline/scanner-db';

const SNAPSHOT_EVERY_MS = 60_000;
const SYNC_EVERY_MS = 15_000;
const CONFLICTS_EVERY_MS = 10_000;
const SYNC_CHUNK = 500;

export interface DoorAnswer extends CheckinResponse {
  /** Judged on this device with no network; the server's word comes with the next sync. */
  offline: boolean;
  judgedMs: number;
}

export interface DoorState {
  online: boolean;
  deviceId: string;
  snapshot: { generatedAt: string; tickets: number } | null;
  pending: number;
  syncFailed: boolean;
  /** Duplicates of this event that involve this device (it admitted first, or second). */
  conflicts: CheckinConflict[];
}

/** The server's answers that mean this account may no longer have the event's ticket list. */
const LIST_REFUSED = [401, 403, 404];

/** A door cannot wait on a network that hangs (a venue Wi-Fi with no way out): past this, judge here. */
const ONLINE_SCAN_TIMEOUT_MS = 4_000;

/** The server was not reached: no connection, or no answer in time. */
const isNetworkFailure = (error: unknown) =>
  (isApiError(error) && error.status === 0) ||
  (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'));

function displayTicket(ticket: SnapshotTicket, eventId: string, eventTitle: string): CheckinResponse['ticket'] {
  return {
    id: ticket.ticketId,
    eventId,
    eventTitle,
    reservationCode: '',
    typeName: ticket.typeName,
    seat: ticket.seat,
    attendeeName: ticket.attendeeName,
  };
}

/** The tickets this device let in, from its own record (offline admissions and online `ok`s). */
function admittedBy(scans: QueuedScan[]): Map<string, string> {
  const admitted = new Map<string, string>();
  for (const scan of scans) {
    const ok = scan.localResult === 'ok' || scan.server?.result === 'ok';
    if (ok && scan.ticketId !== null && !admitted.has(scan.ticketId)) admitted.set(scan.ticketId, scan.scannedAt);
  }
  return admitted;
}

export function useDoorScanner(eventId: string, eventTitle: string | undefined) {
  const deviceId = useRef(scannerDeviceName()).current;
  const [state, setState] = useState<DoorState>({
    online: navigator.onLine,
    deviceId,
    snapshot: null,
    pending: 0,
    syncFailed: false,
    conflicts: [],
  });
  const book = useRef<OfflineBook | null>(null);
  const title = useRef<string | null>(null);
  const syncing = useRef(false);
  title.current = eventTitle ?? title.current;

  const update = useCallback((change: Partial<DoorState>) => setState((s) => ({ ...s, ...change })), []);
  const wentOffline = useCallback(() => update({ online: false }), [update]);

  const adoptBook = useCallback(
    async (tickets: SnapshotTicket[], keys: { kid: string; publicKey: string }[], generatedAt: string) => {
      const scans = await scansOf(eventId);
      book.current = {
        keys: await importKeys(keys),
        tickets: new Map(tickets.map((t) => [t.ticketId, t])),
        admittedHere: admittedBy(scans),
      };
      update({ snapshot: { generatedAt, tickets: tickets.length }, pending: scans.filter((s) => s.pending === 1).length });
    },
    [eventId, update],
  );

  const refreshSnapshot = useCallback(async () => {
    try {
      const snapshot = await getCheckinSnapshot(eventId);
      update({ online: true });
      await saveSnapshot({ ...snapshot, eventTitle: title.current, storedAt: new Date().toISOString() });
      await adoptBook(snapshot.tickets, snapshot.publicKeys, snapshot.generatedAt);
    } catch (error) {
      if (isNetworkFailure(error)) wentOffline();
      else if (isApiError(error) && LIST_REFUSED.includes(error.status)) {
        // Demoted or signed out elsewhere while this page stayed open: judge nothing more from the old list.
        book.current = null;
        update({ online: true, snapshot: null });
        await forgetSnapshot(eventId);
      }
    }
  }, [eventId, adoptBook, update, wentOffline]);

  const refreshConflicts = useCallback(async () => {
    try {
      const { items } = await getCheckinConflicts(eventId);
      update({
        online: true,
        conflicts: items.filter((c) => c.duplicate.deviceId === deviceId || c.admitted.deviceId === deviceId),
      });
    } catch (error) {
      if (isNetworkFailure(error)) wentOffline();
    }
  }, [deviceId, eventId, update, wentOffline]);

  const syncNow = useCallback(async () => {
    if (syncing.current) return;
    syncing.current = true;
    try {
      const waiting = await pendingScans(eventId);
      for (let i = 0; i < waiting.length; i += SYNC_CHUNK) {
        const chunk = waiting.slice(i, i + SYNC_CHUNK);
        const { results } = await syncScans({
          eventId,
          deviceId,
          scans: chunk.map((s) => ({ scanId: s.scanId, code: s.code, scannedAt: s.scannedAt, localResult: s.localResult })),
        });
        await recordAnswers(results);
      }
      // Online only when a request went through; with nothing to send nothing was asked.
      update({
        pending: (await pendingScans(eventId)).length,
        syncFailed: false,
        ...(waiting.length > 0 ? { online: true } : {}),
      });
      if (waiting.length > 0) await refreshConflicts();
    } catch (error) {
      if (isNetworkFailure(error)) wentOffline();
      else update({ syncFailed: true });
    } finally {
      syncing.current = false;
    }
  }, [deviceId, eventId, refreshConflicts, update, wentOffline]);

  const judgeHere = useCallback(
    async (code: string, started: number): Promise<DoorAnswer | null> => {
      const current = book.current;
      if (current === null) return null;
      const verdict = await judgeOffline(code, current);
      const scannedAt = new Date().toISOString();
      if (verdict.result === 'ok' && verdict.ticketId !== null) current.admittedHere.set(verdict.ticketId, scannedAt);
      const judgedMs = performance.now() - started;
      await queueScan({
        scanId: crypto.randomUUID(),
        eventId,
        code,
        scannedAt,
        ticketId: verdict.ticketId,
        localResult: verdict.result,
        pending: 1,
        server: null,
      });
      update({ pending: (await pendingScans(eventId)).length });
      return {
        result: verdict.result,
        ticket: verdict.ticket === null ? null : displayTicket(verdict.ticket, eventId, title.current ?? ''),
        checkedInAt: verdict.checkedInAt,
        offline: true,
        judgedMs,
      };
    },
    [eventId, update],
  );

  /** One scan: the server's answer when it can be reached, else this device's. Null: offline with no snapshot. */
  const scan = useCallback(
    async (code: string): Promise<DoorAnswer | null> => {
      const started = performance.now();
      if (navigator.onLine) {
        try {
          const answer = await checkIn({ code, eventId, device: deviceId }, AbortSignal.timeout(ONLINE_SCAN_TIMEOUT_MS));
          const ticketId = answer.ticket?.id ?? null;
          if (answer.result === 'ok' && ticketId !== null) book.current?.admittedHere.set(ticketId, new Date().toISOString());
          const server: CheckinSyncResult = { scanId: crypto.randomUUID(), ...answer, firstScan: null, conflict: false };
          await queueScan({
            scanId: server.scanId,
            eventId,
            code,
            scannedAt: new Date().toISOString(),
            ticketId,
            localResult: answer.result,
            pending: 0,
            server,
          });
          update({ online: true });
          return { ...answer, offline: false, judgedMs: performance.now() - started };
        } catch (error) {
          if (!isNetworkFailure(error)) throw error;
          wentOffline();
        }
      }
      return judgeHere(code, performance.now());
    },
    [deviceId, eventId, judgeHere, update, wentOffline],
  );

  // The stored snapshot first (a page opened offline), then the network's.
  useEffect(() => {
    // Set by the cleanup; read after the await, when the effect may already be gone.
    const run = { cancelled: false };
    void (async () => {
      const stored = await loadSnapshot(eventId);
      if (run.cancelled) return;
      if (stored !== undefined) {
        title.current ??= stored.eventTitle;
        await adoptBook(stored.tickets, stored.publicKeys, stored.generatedAt);
      } else {
        update({ pending: (await pendingScans(eventId)).length });
      }
      if (navigator.onLine) {
        await refreshSnapshot();
        await syncNow();
        await refreshConflicts();
      }
    })();
    return () => {
      run.cancelled = true;
    };
  }, [eventId, refreshConflicts, refreshSnapshot, syncNow, update, adoptBook]);

  // Keep who is signed in where the service worker can answer it offline (it stores GET /api/auth/me).
  useEffect(() => {
    const warm = () => void fetch('/api/auth/me', { credentials: 'same-origin' }).catch(() => undefined);
    if (navigator.onLine) warm();
    // Absent where service workers are not allowed (a page not served over HTTPS or from localhost).
    if (!('serviceWorker' in navigator)) return undefined;
    const workers = navigator.serviceWorker;
    workers.addEventListener('controllerchange', warm);
    return () => workers.removeEventListener('controllerchange', warm);
  }, []);

  useEffect(() => {
    const online = () => {
      update({ online: true });
      void syncNow().then(refreshSnapshot).then(refreshConflicts);
    };
    const offline = () => update({ online: false });
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    const timers = [
      window.setInterval(() => navigator.onLine && void refreshSnapshot(), SNAPSHOT_EVERY_MS),
      window.setInterval(() => navigator.onLine && void syncNow(), SYNC_EVERY_MS),
      window.setInterval(() => navigator.onLine && void refreshConflicts(), CONFLICTS_EVERY_MS),
    ];
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      timers.forEach((t) => window.clearInterval(t));
    };
  }, [refreshConflicts, refreshSnapshot, syncNow, update]);

  // The title may arrive after the snapshot: keep it with the stored copy for the next offline start.
  useEffect(() => {
    if (eventTitle === undefined) return;
    void loadSnapshot(eventId).then((stored) =>
      stored !== undefined && stored.eventTitle !== eventTitle ? saveSnapshot({ ...stored, eventTitle }) : undefined,
    );
  }, [eventId, eventTitle, state.snapshot?.generatedAt]);

  return { state, scan, syncNow, refreshSnapshot, storedTitle: title.current };
}
