/**
 * A local S3-compatible server for the upload-store tests: s3rver in this process, on a free port,
 * keeping its objects in a temp folder. No Docker, nothing downloaded. `S3rver`'s own fixed
 * credentials are S3RVER/S3RVER; its signature check is on, so a wrong key is refused as AWS would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  /** The S3_* variables that point the app at this server's bucket. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startFakeS3(bucket = 'iatichet-uploads'): Promise<FakeS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'iat-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
