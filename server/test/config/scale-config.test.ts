/** The scale-out variables: DATABASE_POOL_SIZE and the S3 upload store (S3_*). */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

function failureOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('scale-out configuration', () => {
  it('defaults to 20 connections per instance and uploads under DATA_DIR', () => {
    const config = loadConfig({});
    expect(config.databasePoolSize).toBe(20);
    expect(config.uploads).toEqual({ kind: 'local' });
  });

  it('reads DATABASE_POOL_SIZE and refuses zero or a non-number', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '8' }).databasePoolSize).toBe(8);
    expect(failureOf({ DATABASE_POOL_SIZE: '0' }).variable).toBe('DATABASE_POOL_SIZE');
    expect(failureOf({ DATABASE_POOL_SIZE: 'lots' }).variable).toBe('DATABASE_POOL_SIZE');
  });

  it('reads an S3-compatible store with its defaults: us-east-1, virtual-host style, the SDK credential chain', () => {
    expect(loadConfig({ S3_BUCKET: 'posters.example' }).uploads).toEqual({
      kind: 's3',
      bucket: 'posters.example',
      endpoint: undefined,
      region: 'us-east-1',
      forcePathStyle: false,
      credentials: undefined,
    });
    expect(
      loadConfig({
        S3_BUCKET: 'uploads',
        S3_ENDPOINT: 'http://minio:9000',
        S3_REGION: 'eu-central-1',
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: 'key',
        S3_SECRET_ACCESS_KEY: 'secret',
      }).uploads,
    ).toEqual({
      kind: 's3',
      bucket: 'uploads',
      endpoint: 'http://minio:9000/',
      region: 'eu-central-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
    });
  });

  it('names the variable that is wrong or missing', () => {
    expect(failureOf({ S3_BUCKET: 'Not A Bucket' }).variable).toBe('S3_BUCKET');
    expect(failureOf({ S3_BUCKET: 'b-1', S3_ENDPOINT: 'ftp://store' }).variable).toBe('S3_ENDPOINT');
    expect(failureOf({ S3_BUCKET: 'b-1', S3_FORCE_PATH_STYLE: 'yes' }).variable).toBe('S3_FORCE_PATH_STYLE');
    expect(failureOf({ S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'key' }).variable).toBe('S3_SECRET_ACCESS_KEY');
    // Without the bucket the other S3 settings would do nothing while posters go to one disk.
    expect(failureOf({ S3_ENDPOINT: 'http://minio:9000' }).variable).toBe('S3_ENDPOINT');
  });
});
