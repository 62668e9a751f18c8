/**
 * Idempotency-Key values for POST /api/reservations and /pay. One key stands for one intent: it is
 * kept while the same request is retried after no answer (a dropped connection, a 5xx, which the
 * server does not remember), so the retry can never hold or charge twice; it is renewed once the
 * server has given an answer it remembers, or when the request itself changes.
 */
import { isApiError } from './api-error';

/** A random version 4 UUID. `crypto.randomUUID` exists only on HTTPS and localhost; this works on any origin. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether the server forgot the attempt, so the same key may (and should) be sent again. */
function worthRetryingWithSameKey(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return error.status === 0 || error.status >= 500 || error.code === 'rate_limited';
}

export interface IdempotencyKeys {
  /** The key for this request body: the previous one while the body and the intent are the same. */
  keyFor: (body: unknown) => string;
  /** After the attempt: pass the error when it failed, nothing when it succeeded. */
  settle: (error?: unknown) => void;
}

export function createIdempotencyKeys(makeKey: () => string = newIdempotencyKey): IdempotencyKeys {
  let current: { key: string; body: string } | null = null;
  return {
    keyFor(body) {
      const json = JSON.stringify(body);
      if (current?.body !== json) current = { key: makeKey(), body: json };
      return current.key;
    },
    settle(error) {
      if (error === undefined || !worthRetryingWithSameKey(error)) current = null;
    },
  };
}
