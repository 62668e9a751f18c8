/** Poster uploads: recognised by content, size-limited, re-encoded without metadata, served immutable. */
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { reserveAndPay } from '../tickets/ticket-fixtures.js';

function multipart(fileName: string, contentType: string, bytes: Buffer) {
  const boundary = '----iatichet-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('event posters', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let event: EventBody;

  const upload = async (fileName: string, contentType: string, bytes: Buffer) => {
    const body = multipart(fileName, contentType, bytes);
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
    env = await createTestEnvironment('sqlite');
    app = await env.startApp();
    admin = await adminClient(env, app);
    event = await createEvent(admin, eventInput((await createVenue(admin)).id));
  });
  afterAll(() => env.close());

  it('accepts a PNG named .jpg as the PNG it is, strips metadata, and serves it with a long cache', async () => {
    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#c0392b' } })
      .withMetadata({ exif: { IFD0: { Copyright: 'secret-location-data' } } })
      .png()
      .toBuffer();
    const res = await upload('poster.jpg', 'image/jpeg', png);
    expect(res.statusCode, res.body).toBe(200);
    const posterUrl = res.json<EventBody>().posterUrl ?? '';
    expect(posterUrl).toMatch(/^\/posters\/[0-9a-f]{24}-1200\.webp$/);
    const served = await app.inject(posterUrl);
    expect(served.statusCode).toBe(200);
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1200 });
    expect(meta.exif).toBeUndefined();
    expect(served.rawPayload.includes(Buffer.from('secret-location-data'))).toBe(false);
    expect((await app.inject(posterUrl.replace('-1200', '-480'))).statusCode).toBe(200);
  });

  it('refuses a text file named .png with 415 and keeps the old poster', async () => {
    const before = await posterKey();
    const res = await upload('poster.png', 'image/png', Buffer.from('this is not an image at all'));
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unsupported_media_type' });
    expect(await posterKey()).toBe(before);
  });

  it('refuses a 20 MB upload with 413 payload_too_large', async () => {
    const before = await posterKey();
    const huge = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(20 * 1024 * 1024, 1),
    ]);
    const res = await upload('big.png', 'image/png', huge);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large' });
    expect(await posterKey()).toBe(before);
  });

  it('refuses a damaged image with 400 and a non-multipart body with 415', async () => {
    const truncated = (
      await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } })
        .jpeg()
        .toBuffer()
    ).subarray(0, 40);
    expect((await upload('x.jpg', 'image/jpeg', truncated)).statusCode).toBe(400);
    expect((await admin.post(`/api/events/${event.id}/poster`, { file: 'nope' })).statusCode).toBe(415);
  });

  describe('a malformed multipart body is a 400 problem+json and changes nothing', () => {
    const boundary = 'malformed-boundary';
    const part = (headers: string, bytes: string) => `--${boundary}\r\n${headers}\r\n\r\n${bytes}\r\n`;
    const fileHeaders = 'Content-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png';
    it.each([
      ['no boundary in the content type', 'multipart/form-data', part(fileHeaders, 'x')],
      ['an empty boundary', 'multipart/form-data; boundary=', part(fileHeaders, 'x')],
      ['a body cut off inside the file', `multipart/form-data; boundary=${boundary}`, part(fileHeaders, 'x').slice(0, -8)],
      ['no closing boundary', `multipart/form-data; boundary=${boundary}`, part(fileHeaders, 'abc')],
      ['part headers that never end', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\n${fileHeaders}`],
      [
        'a part without Content-Disposition',
        `multipart/form-data; boundary=${boundary}`,
        `${part('Content-Type: image/png', 'x')}--${boundary}--\r\n`,
      ],
      ['garbage after the content type', `multipart/form-data; boundary=${boundary}`, 'this is not multipart at all'],
      ['an empty body', `multipart/form-data; boundary=${boundary}`, ''],
    ])('%s', async (_label, contentType, payload) => {
      const before = await posterKey();
      const res = await app.inject({
        method: 'POST',
        url: `/api/events/${event.id}/poster`,
        headers: { 'content-type': contentType, 'x-csrf-token': await admin.token(), cookie: admin.cookieHeader() },
        remoteAddress: admin.ip,
        payload,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(await posterKey()).toBe(before);
    });
  });

  it('parses multipart bodies only on the upload route', async () => {
    const body = multipart('x.png', 'image/png', Buffer.from('not read'));
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      headers: { 'content-type': body.contentType, 'x-csrf-token': await admin.token(), cookie: admin.cookieHeader() },
      remoteAddress: admin.ip,
      payload: body.payload,
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('does not serve files outside the poster folder', async () => {
    for (const url of ['/posters/../session-secret', '/posters/..%2fsession-secret', '/posters/%2e%2e/session-secret']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('prints the poster on the ticket PDF instead of the bare brand strip, once the event has one', async () => {
    // Images are XObjects in a PDF; the QR code and the strip are drawn as paths, so no image means no poster.
    const hasImage = (pdf: Buffer) => pdf.toString('latin1').includes('/Subtype /Image');
    const other = await createEvent(admin, eventInput((await createVenue(admin)).id));
    const [buyer] = await buyers(app, 1);
    if (buyer === undefined) throw new Error('no buyer');
    const paid = await reserveAndPay(buyer, other.id, other.ticketTypes[0]?.id ?? '', 1);
    const pdf = async () => (await buyer.get(`/api/reservations/${paid.id}/tickets.pdf`)).rawPayload;
    expect(hasImage(await pdf())).toBe(false);
    const previous = event;
    event = other;
    try {
      const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#c0392b' } })
        .png()
        .toBuffer();
      expect((await upload('poster.png', 'image/png', png)).statusCode).toBe(200);
    } finally {
      event = previous;
    }
    const withPoster = await pdf();
    expect(hasImage(withPoster)).toBe(true);
    for (const size of ['a4', 'phone'])
      expect(
        (await buyer.get(`/api/reservations/${paid.id}/tickets.pdf?size=${size}`)).rawPayload
          .toString('latin1')
          .match(/\/Type \/Page\b/g),
      ).toHaveLength(1);
  });
});
