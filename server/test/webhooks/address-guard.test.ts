/**
 * SSRF rules: without WEBHOOK_ALLOW_PRIVATE, a URL whose host is or resolves to a private,
 * loopback, link-local (169.254.169.254), unique-local, CGNAT, multicast or unspecified address,
 * or an IPv4-mapped form of one, is refused when the hook is saved, and again when it is
 * delivered (DNS rebinding: the host resolved to a public address at saving) - before any
 * connection is made. No redirect is followed, a silent receiver times out, a long answer is cut.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, systemResolver, type Resolver } from '../../src/webhooks/address-guard.js';
import { deliverDueWebhooks } from '../../src/webhooks/delivery-worker.js';
import { WebhookSender } from '../../src/webhooks/http-sender.js';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { defaultOrganizerId, insertDeliveries, insertHook } from './outbox-rows.js';

describe('which addresses a webhook may reach', () => {
  it('allows public unicast only, judging IPv4-mapped IPv6 as its IPv4', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPublicAddress(a), a).toBe(true);
    for (const a of [
      '127.0.0.1',
      '127.9.9.9',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      'fc00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      '::ffff:10.0.0.1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
      'not an address',
    ])
      expect(isPublicAddress(a), a).toBe(false);
  });
});

/** A DNS of our own: fixed answers per name, which the test can change (rebinding), else the system's. */
function fakeDns(): { resolve: Resolver; answers: Map<string, string> } {
  const answers = new Map<string, string>();
  const resolve: Resolver = async (host) => {
    const address = answers.get(host);
    if (address === undefined) return systemResolver(host);
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  return { resolve, answers };
}

describe.each(backends)('SSRF refusals on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let organizerId: string;
  let tcp: Server;
  let port: number;
  let connections = 0;
  const dns = fakeDns();

  beforeAll(async () => {
    tcp = createTcpServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    port = (tcp.address() as { port: number }).port;
    env = await createTestEnvironment(backend); // WEBHOOK_ALLOW_PRIVATE unset: false
    app = await env.startApp({}, { backgroundJobs: false, webhooks: { resolve: dns.resolve } });
    admin = await adminClient(env, app);
    organizerId = await defaultOrganizerId(env.database.db);
  });
  afterAll(async () => {
    await env.close();
    await new Promise((resolve) => tcp.close(resolve));
  });

  it('refuses at creation a URL that is or resolves to a private, loopback, link-local or metadata address', async () => {
    dns.answers.set('metadata.test', '169.254.169.254');
    dns.answers.set('loop.test', '127.0.0.1');
    dns.answers.set('mapped.test', '::ffff:127.0.0.1');
    dns.answers.set('ec2v6.test', 'fd00:ec2::254');
    dns.answers.set('public.test', '93.184.216.34');
    for (const url of [
      'https://127.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[::ffff:a9fe:a9fe]/hook',
      'https://[fd00:ec2::254]/hook',
      'https://10.0.0.1/hook',
      'https://100.64.0.1/hook',
      'https://0.0.0.0/hook',
      'https://localhost/hook',
      'https://loop.test/hook',
      'https://metadata.test/hook',
      'https://mapped.test/hook',
      'https://ec2v6.test/hook',
      'https://does-not-resolve.invalid/hook',
      'http://public.test/hook',
    ]) {
      const res = await admin.post(`/api/organizers/${organizerId}/webhooks`, { url, events: ['reservation.paid'] });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({ code: 'validation_failed', errors: [{ path: '/url' }] });
    }
    const ok = await admin.post(`/api/organizers/${organizerId}/webhooks`, {
      url: 'https://public.test/hook',
      events: ['reservation.paid'],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const refusedChange = await admin.patch(`/api/organizers/${organizerId}/webhooks/${ok.json<{ id: string }>().id}`, {
      url: 'https://metadata.test/hook',
    });
    expect(refusedChange.statusCode).toBe(400);
  });

  /** A hook and one pending delivery written straight to the tables, as if saved when its host was public. */
  const pendingDelivery = async (url: string): Promise<string> => {
    const [id] = await insertDeliveries(env.database.db, await insertHook(env.database.db, organizerId, url), 1);
    return id ?? '';
  };

  it('refuses at delivery a host that now resolves to 127.0.0.1 or 169.254.169.254, before connecting', async () => {
    const sender = new WebhookSender({ allowPrivate: false, resolve: dns.resolve });
    dns.answers.set('rebind.test', '93.184.216.34');
    const created = await admin.post(`/api/organizers/${organizerId}/webhooks`, {
      url: `https://rebind.test:${port}/hook`,
      events: ['reservation.paid'],
    });
    expect(created.statusCode).toBe(201);
    await env.database.db.deleteFrom('webhook_deliveries').execute();
    const ids = [
      await pendingDelivery(`https://rebind.test:${port}/a`),
      await pendingDelivery(`https://localhost:${port}/b`),
      await pendingDelivery(`https://127.0.0.1:${port}/c`),
      await pendingDelivery(`https://[::ffff:127.0.0.1]:${port}/d`),
      await pendingDelivery(`http://public.test:${port}/e`),
    ];
    dns.answers.set('rebind.test', '127.0.0.1'); // the DNS answer changes after the hook was saved
    const counts = await deliverDueWebhooks({ db: env.database.db, sender });
    expect(counts).toMatchObject({ claimed: 5, delivered: 0, retried: 5 });
    expect(connections).toBe(0);
    const rows = await env.database.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'status', 'attempts', 'last_error'])
      .where('id', 'in', ids)
      .execute();
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'pending', attempts: 1 });
      expect(r.last_error).toMatch(/private|reserved|https:/);
    }
    dns.answers.set('rebind.test', '169.254.169.254');
    await env.database.db.updateTable('webhook_deliveries').set({ next_attempt_at: new Date().toISOString() }).execute();
    expect(await deliverDueWebhooks({ db: env.database.db, sender })).toMatchObject({ claimed: 5, delivered: 0 });
    expect(connections).toBe(0);
    sender.close();

    // The control: the same rows with private targets allowed do connect (so 0 above means refused).
    const open = new WebhookSender({ allowPrivate: true, resolve: dns.resolve, responseTimeoutMs: 2000 });
    dns.answers.set('rebind.test', '127.0.0.1');
    await env.database.db.updateTable('webhook_deliveries').set({ next_attempt_at: new Date().toISOString() }).execute();
    await deliverDueWebhooks({ db: env.database.db, sender: open });
    expect(connections).toBeGreaterThan(0);
    open.close();
  });

  it('follows no redirect, gives up on a silent receiver, and keeps only an excerpt of a long answer', async () => {
    let redirected = 0;
    const http = createHttpServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/target' });
        res.end();
      } else if (req.url === '/target') {
        redirected++;
        res.end('reached');
      } else if (req.url === '/long') res.writeHead(500).end('x'.repeat(100_000));
      else if (req.url === '/nul') res.writeHead(500).end('a\0b');
      // '/silent': never answers
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    const sender = new WebhookSender({ allowPrivate: true, resolve: dns.resolve, responseTimeoutMs: 300 });
    const redirect = await sender.post(`${base}/redirect`, '{}', {});
    expect(redirect).toMatchObject({ ok: false, statusCode: 302, error: 'redirects are not followed' });
    expect(redirected).toBe(0);
    const silent = await sender.post(`${base}/silent`, '{}', {});
    expect(silent).toMatchObject({ ok: false, statusCode: null });
    expect(silent.error).toMatch(/no answer within 300 ms/);
    const long = await sender.post(`${base}/long`, '{}', {});
    expect(long).toMatchObject({ ok: false, statusCode: 500 });
    expect(long.excerpt).toHaveLength(300);
    // PostgreSQL text cannot store NUL: it is dropped from the excerpt, which must still be recorded.
    expect((await sender.post(`${base}/nul`, '{}', {})).excerpt).toBe('ab');
    sender.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });
});
