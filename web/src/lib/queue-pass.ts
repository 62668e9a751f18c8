/**
 * The waiting room's pass (issue #20), kept per event in sessionStorage between the waiting-room
 * page that receives it (features/queue) and the reservation request that sends it as
 * `x-queue-pass` (features/reservations): two features that never import each other meet here.
 * sessionStorage, not localStorage: the pass belongs to this tab's person and dies with the tab,
 * and the server checks it is theirs anyway. An expired pass is forgotten rather than sent.
 */
import { QUEUE_PASS_HEADER } from '@iatichet/contracts';

interface StoredPass {
  pass: string;
  expiresAt: string | null;
}

const keyOf = (eventId: string) => `iatichet.queuePass.${eventId}`;

/** sessionStorage when the browser lets us use it (private modes and sandboxed frames may not). */
function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

export function saveQueuePass(eventId: string, pass: string, expiresAt: string | undefined, store = storage()): void {
  try {
    store?.setItem(keyOf(eventId), JSON.stringify({ pass, expiresAt: expiresAt ?? null } satisfies StoredPass));
  } catch {
    // Full or refused storage: the person simply is not recognised as admitted on this tab.
  }
}

export function forgetQueuePass(eventId: string, store = storage()): void {
  store?.removeItem(keyOf(eventId));
}

/** The event's pass while it is still valid, else undefined (and a stale one is removed). */
export function queuePassFor(eventId: string, now = Date.now(), store = storage()): string | undefined {
  const raw = store?.getItem(keyOf(eventId));
  if (raw === null || raw === undefined) return undefined;
  try {
    const stored = JSON.parse(raw) as StoredPass;
    if (typeof stored.pass !== 'string' || stored.pass === '') throw new Error('no pass');
    if (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= now) throw new Error('expired');
    return stored.pass;
  } catch {
    store?.removeItem(keyOf(eventId));
    return undefined;
  }
}

/** The header to add to a reservation request for `eventId`: empty when there is no valid pass. */
export function queuePassHeaders(eventId: string, now = Date.now(), store = storage()): Record<string, string> {
  const pass = queuePassFor(eventId, now, store);
  return pass === undefined ? {} : { [QUEUE_PASS_HEADER]: pass };
}
