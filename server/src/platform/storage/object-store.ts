/**
 * Where uploaded files (posters) live: a folder under DATA_DIR for one machine, an S3-compatible
 * bucket when several instances serve one site (a file uploaded through one instance must be
 * readable through all). The app still serves every file itself, so URLs are the same either way.
 */
import type { Readable } from 'node:stream';
import { AppError } from '../errors.js';

export interface StoredObject {
  body: Readable;
  contentType: string;
  /** Bytes, when the store knows it. */
  size: number | undefined;
}

export interface ObjectStore {
  /** 'local' or 's3': for logs and the readiness answer. */
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object, or undefined when there is none under this key. */
  get(key: string): Promise<StoredObject | undefined>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  close(): void;
}

/**
 * The store failed (unreachable, bucket missing, credentials refused): 503 problem+json with a
 * plain reason; the store's own error stays in `cause`, logged by the error handler, never sent.
 */
export class StoreUnavailableError extends AppError {
  constructor(detail: string, cause: unknown) {
    super('service_unavailable', detail);
    this.cause = cause;
  }
}

/** Keys are made by the app (`posters/<hash>-<width>.webp`), never taken from a request as they are. */
const KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_.-]*)*$/;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`not an object key: ${JSON.stringify(key)}`);
}
