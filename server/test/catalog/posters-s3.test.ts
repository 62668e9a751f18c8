/**
 * Posters in an S3-compatible bucket (s3rver in this process): a poster uploaded through one
 * instance is served by another, with the same URL and caching as from DATA_DIR; a store that is
 * missing its bucket or is down answers 503 problem+json, changes nothing, and is never cached.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { startFakeS3, type FakeS3 } from '../support/fake-s3.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

function multipart(bytes: Buffer) {
  const boundary = '----iatichet-s3-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function expectProblem(res: LightMyRequestResponse, status: number, detail: RegExp): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status, code: 'service_unavailable', detail: expect.stringMatching(detail) as string });
  expect(res.headers['cache-control'] ?? '').not.toContain('immutable');
}

describe.each(backends)('posters in S3 on %s', (backend) => {
  let s3: FakeS3;
  let env: TestEnvironment;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let admin: TestClient;
  let event: EventBody;
  let png: Buffer;

  const upload = async (app: FastifyInstance) => {
    const body = multipart(png);
    return app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/poster`,
      headers: { 'content-type': body.contentType, 'x-csrf-token': await admin.token(), cookie: admin.cookieHeader() },
      remoteAddress: admin.ip,
      payload: body.payload,
    });
  };
  const posterKey = async () =>
    (await env.database.db.selectFrom('events').select('poster_key').where('id', '=', event.id).executeTakeFirstOrThrow())
      .poster_key;

  beforeAll(async () => {
    s3 = await startFakeS3();
    env = await createTestEnvironment(backend, { env: s3.env });
    a = await env.startApp({}, { backgroundJobs: false });
    b = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, a);
    event = await createEvent(admin, eventInput((await createVenue(admin)).id));
    png = await sharp({ create: { width: 1400, height: 800, channels: 3, background: '#2e86c1' } })
      .png()
      .toBuffer();
  });
  afterAll(async () => {
    await env.close();
    await s3.close();
  });

  it('serves a poster uploaded through instance A from instance B, cached for a year', async () => {
    const res = await upload(a);
    expect(res.statusCode, res.body).toBe(200);
    const posterUrl = res.json<EventBody>().posterUrl ?? '';
    expect(posterUrl).toMatch(/^\/posters\/[0-9a-f]{24}-1200\.webp$/);

    const served = await b.inject(posterUrl);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 1200 });
    const small = await b.inject(posterUrl.replace('-1200', '-480'));
    expect((await sharp(small.rawPayload).metadata()).width).toBe(480);

    // Nothing went to the instances' DATA_DIR: the bucket is the only copy.
    expect(existsSync(path.join(env.config.dataDir, 'posters'))).toBe(false);
    // A browser that has the poster revalidates without a body.
    const again = await b.inject({ url: posterUrl, headers: { 'if-none-match': served.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('answers 404 problem+json for a poster that is not in the bucket, and for a name that is not a poster', async () => {
    for (const url of [
      '/posters/0123456789abcdef01234567-1200.webp',
      '/posters/0123456789abcdef01234567-999.webp',
      '/posters/x',
    ]) {
      const res = await b.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
      expect(res.headers['cache-control'] ?? '', url).not.toContain('immutable');
    }
  });

  it('answers 503 problem+json when the bucket is missing, and keeps the old poster', async () => {
    const before = await posterKey();
    expect(before).not.toBeNull();
    const noBucket = await env.startApp({ S3_BUCKET: 'no-such-bucket' }, { backgroundJobs: false });
    expectProblem(await upload(noBucket), 503, /bucket does not exist/);
    expect(await posterKey()).toBe(before);
    expectProblem(await noBucket.inject(`/posters/${before}-480.webp`), 503, /bucket does not exist/);
  });

  it('answers 503 problem+json when the store is down, for uploads and for poster requests', async () => {
    const before = await posterKey();
    const down = await env.startApp({ S3_ENDPOINT: 'http://127.0.0.1:9' }, { backgroundJobs: false });
    expectProblem(await upload(down), 503, /unavailable/);
    expect(await posterKey()).toBe(before);
    expectProblem(await down.inject(`/posters/${before}-1200.webp`), 503, /unavailable/);
    // The event pages themselves do not need the store.
    expect((await down.inject(`/api/events/${event.id}`)).statusCode).toBe(200);
  });
});
