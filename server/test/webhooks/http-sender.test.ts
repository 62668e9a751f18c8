/**
 * The sender's verdict once a receiver has answered: API.md says "answered 2xx = delivered". A
 * receiver that sends its 2xx status and then is slow to finish (or drops) the body has already
 * taken the delivery; calling that a failure retries a delivery the receiver accepted.
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemResolver } from '../../src/webhooks/address-guard.js';
import { WebhookSender } from '../../src/webhooks/http-sender.js';

describe('the webhook sender after a 2xx status', () => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/slow-body') {
        // Status and the first bytes now, the rest never: the receiver has the delivery.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('accepted');
      } else if (req.url === '/dropped-body') {
        res.writeHead(202, { 'content-length': '100' });
        res.write('queued');
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (req.url === '/slow-500') {
        res.writeHead(500);
        res.write('broken');
      }
    });
  });
  let base = '';
  const sender = new WebhookSender({ allowPrivate: true, resolve: systemResolver, responseTimeoutMs: 300 });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    sender.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts a 2xx whose body never ends as delivered, not as a timeout to retry', async () => {
    const answer = await sender.post(`${base}/slow-body`, '{}', {});
    expect(answer).toMatchObject({ ok: true, statusCode: 200, excerpt: 'accepted', error: null });
  });

  it('counts a 2xx whose connection drops mid-body as delivered', async () => {
    const answer = await sender.post(`${base}/dropped-body`, '{}', {});
    expect(answer).toMatchObject({ ok: true, statusCode: 202, error: null });
  });

  it('still fails a 500 whose body never ends, keeping its status', async () => {
    const answer = await sender.post(`${base}/slow-500`, '{}', {});
    expect(answer).toMatchObject({ ok: false, statusCode: 500 });
  });
});
