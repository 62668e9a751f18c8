/**
 * The upload store's contract, the same for DATA_DIR and an S3-compatible bucket (s3rver in this
 * process): put, read back, delete. A store that fails says why in a 503-shaped error (bucket
 * missing, store down, credentials refused) instead of throwing the SDK's error to the caller.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createObjectStore } from '../../src/platform/storage/create-store.js';
import { StoreUnavailableError, type ObjectStore } from '../../src/platform/storage/object-store.js';
import { startFakeS3, type FakeS3 } from '../support/fake-s3.js';

let s3: FakeS3;
const dataDir = mkdtempSync(path.join(tmpdir(), 'iat-store-'));
const stores: ObjectStore[] = [];

function storeFor(env: Record<string, string>): ObjectStore {
  const store = createObjectStore(loadConfig({ DATA_DIR: dataDir, ...env }));
  stores.push(store);
  return store;
}

async function failureOf(attempt: Promise<unknown>): Promise<StoreUnavailableError> {
  const err: unknown = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreUnavailableError);
  return err as StoreUnavailableError;
}

beforeAll(async () => {
  s3 = await startFakeS3();
});
afterAll(async () => {
  for (const store of stores) store.close();
  await s3.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(['local', 's3'] as const)('the %s upload store', (kind) => {
  const store = () => storeFor(kind === 's3' ? s3.env : {});

  it('reads back what it stored, with its type and size, and forgets it when deleted', async () => {
    const uploads = store();
    expect(uploads.kind).toBe(kind);
    const key = `posters/${kind}-contract-1200.webp`;
    await uploads.put(key, Buffer.from('webp bytes'), 'image/webp');
    const object = await uploads.get(key);
    expect(object).toMatchObject({ contentType: 'image/webp', size: 10 });
    expect(object).toBeDefined();
    expect(await text(object?.body ?? Readable.from([]))).toBe('webp bytes');

    // Another instance with the same settings sees it too.
    const other = await store().get(key);
    expect(await text(other?.body ?? Readable.from([]))).toBe('webp bytes');

    await uploads.delete(key);
    expect(await uploads.get(key)).toBeUndefined();
    await uploads.delete(key); // deleting what is gone is not an error
  });

  it('answers undefined for a key it never stored, and refuses a key that climbs out', async () => {
    expect(await store().get('posters/never-stored-480.webp')).toBeUndefined();
    await expect(store().get('posters/../session-secret')).rejects.toThrow(/not an object key/);
    await expect(store().put('../escape', Buffer.from('x'), 'text/plain')).rejects.toThrow(/not an object key/);
  });
});

describe('an S3 store that fails', () => {
  it('says the bucket does not exist', async () => {
    const uploads = storeFor({ ...s3.env, S3_BUCKET: 'no-such-bucket' });
    const err = await failureOf(uploads.put('posters/x-480.webp', Buffer.from('x'), 'image/webp'));
    expect(err.status).toBe(503);
    expect(err.detail).toMatch(/bucket does not exist/);
    expect((await failureOf(uploads.get('posters/x-480.webp'))).detail).toMatch(/bucket does not exist/);
  });

  it('says the store is unavailable when nothing answers, within seconds', async () => {
    const uploads = storeFor({ ...s3.env, S3_ENDPOINT: 'http://127.0.0.1:9' });
    const started = Date.now();
    const err = await failureOf(uploads.get('posters/x-480.webp'));
    expect(err.toProblem()).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(err.detail).toMatch(/unavailable/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('says the credentials were refused', async () => {
    const uploads = storeFor({ ...s3.env, S3_SECRET_ACCESS_KEY: 'not-the-secret' });
    expect((await failureOf(uploads.put('posters/x-480.webp', Buffer.from('x'), 'image/webp'))).detail).toMatch(/credentials/);
  });
});
