import path from 'node:path';
import type { Config } from '../../config/config.js';
import { LocalObjectStore } from './local-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-store.js';

/** The upload store the configuration names: S3 when S3_BUCKET is set, else DATA_DIR. */
export function createObjectStore(config: Pick<Config, 'uploads' | 'dataDir'>): ObjectStore {
  return config.uploads.kind === 's3' ? new S3ObjectStore(config.uploads) : new LocalObjectStore(path.resolve(config.dataDir));
}
