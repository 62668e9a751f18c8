/**
 * Uploads in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, ...), so every instance reads what
 * any one wrote. Failures of the store become StoreUnavailableError (503 problem+json) with a
 * reason an operator can act on; a missing object is simply "not there".
 */
import type { Readable } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { UploadStoreConfig } from '../../config/config.js';
import { assertKey, StoreUnavailableError, type ObjectStore, type StoredObject } from './object-store.js';

type S3Config = Extract<UploadStoreConfig, { kind: 's3' }>;
type Sdk = typeof import('@aws-sdk/client-s3');

const AUTH_FAILURES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'CredentialsProviderError']);

function unavailable(err: unknown): StoreUnavailableError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'NoSuchBucket')
    return new StoreUnavailableError('The upload store is not set up: its bucket does not exist.', err);
  if (AUTH_FAILURES.has(name)) return new StoreUnavailableError('The upload store refused the app’s credentials.', err);
  return new StoreUnavailableError('The upload store is unavailable; try again shortly.', err);
}

function clientOptions(config: S3Config): S3ClientConfig {
  return {
    region: config.region,
    ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.credentials !== undefined ? { credentials: config.credentials } : {}),
    // A store that is down answers an upload or a poster request with 503 in seconds, not minutes.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 2000, requestTimeout: 15_000 },
    // Checksums only where S3 requires them: several S3-compatible stores reject the newer
    // default (a CRC32 header on every request) that AWS itself accepts.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3';
  private readonly bucket: string;
  // The SDK (a large import) is loaded only when S3 is configured, while the app starts.
  private readonly ready: Promise<{ sdk: Sdk; client: S3Client }>;
  private client: S3Client | undefined;
  private closed = false;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.ready = import('@aws-sdk/client-s3').then((sdk) => {
      const client = new sdk.S3Client(clientOptions(config));
      if (this.closed) client.destroy();
      this.client = client;
      return { sdk, client };
    });
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    assertKey(key);
    const { sdk, client } = await this.ready;
    try {
      await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }));
    } catch (err) {
      throw unavailable(err);
    }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    assertKey(key);
    const { sdk, client } = await this.ready;
    try {
      const answer = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (answer.Body === undefined) return undefined;
      return {
        body: answer.Body as Readable,
        contentType: answer.ContentType ?? 'application/octet-stream',
        size: answer.ContentLength,
      };
    } catch (err) {
      if (err instanceof sdk.NoSuchKey) return undefined;
      throw unavailable(err);
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    const { sdk, client } = await this.ready;
    try {
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      throw unavailable(err);
    }
  }

  close(): void {
    this.closed = true;
    this.client?.destroy();
  }
}
