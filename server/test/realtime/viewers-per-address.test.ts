/**
 * One client address cannot fill the server with sockets or inflate the viewer count: 500
 * anonymous sockets from one address read 501 viewers. Connections are capped per address (20 on
 * each instance), anonymous viewers count once per address, and with Redis that holds across
 * instances as viewer counts already do. The address is the client's as HTTP sees it: the TCP
 * peer, or X-Forwarded-For from a trusted proxy.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends, redisUrl } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { Watcher, listen } from './socket-watcher.js';

/** The cap this suite expects (realtime/connection-limit.ts). */
const CONNECTIONS_PER_ADDRESS = 20;
const realtime = { viewerTtlMs: 1500, coalesceMs: 50, sessionRecheckMs: 60_000 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

/** A connection, or the error that refused it; a connection neither made nor refused in 5 s is an error too. */
async function attempt(url: string, headers: Record<string, string> = {}): Promise<Watcher | Error> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error('timed out')), 5000)));
  const connected = Watcher.connect(url, undefined, headers).catch((err: unknown) =>
    err instanceof Error ? err : new Error(String(err)),
  );
  return Promise.race([connected, timeout]).finally(() => clearTimeout(timer));
}

describe('socket connections and anonymous viewers per client address', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let proxied: FastifyInstance;
  let url: string;
  let proxiedUrl: string;
  let event: EventBody;
  let buyer: TestClient;
  let sockets: Watcher[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('sqlite');
    app = await env.startApp({}, { backgroundJobs: false, realtime });
    proxied = await env.startApp({ TRUST_PROXY: '127.0.0.1' }, { backgroundJobs: false, realtime });
    url = await listen(app);
    proxiedUrl = await listen(proxied);
    event = await gaEvent(env, app, 10);
    [buyer] = (await buyers(app, 1)) as [TestClient];
  });
  afterEach(async () => {
    for (const s of sockets) s.close();
    sockets = [];
    await settle();
  });
  afterAll(() => env.close());

  const keep = (w: Watcher | Error) => {
    if (w instanceof Watcher) sockets.push(w);
    return w;
  };

  it(`caps one address at ${CONNECTIONS_PER_ADDRESS} connections, and a closed one frees its slot`, async () => {
    const first = await Promise.all(Array.from({ length: CONNECTIONS_PER_ADDRESS }, () => attempt(url).then(keep)));
    expect(first.filter((w) => w instanceof Error)).toEqual([]);
    const over = keep(await attempt(url));
    expect(over).toBeInstanceOf(Error);
    sockets.shift()?.close();
    await settle();
    expect(keep(await attempt(url))).toBeInstanceOf(Watcher);
  });

  it('holds the cap when 60 connections from one address arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 60 }, () => attempt(url).then(keep)));
    await settle();
    const open = sockets.filter((w) => w.socket.connected).length;
    expect(open).toBeLessThanOrEqual(CONNECTIONS_PER_ADDRESS);
    expect(results.filter((w) => w instanceof Watcher).length).toBeGreaterThan(0);
  });

  it('counts ten anonymous sockets from one address as one viewer, and a signed-in person beside them as one more', async () => {
    const anonymous = (await Promise.all(Array.from({ length: 10 }, () => attempt(url).then(keep)))) as Watcher[];
    for (const w of anonymous) expect(await w.watch(event.id)).toEqual({ ok: true });
    await settle();
    await anonymous[0]?.waitForViewers(event.id, 1);
    const person = keep(await Watcher.connect(url, buyer.cookieHeader())) as Watcher;
    expect(await person.watch(event.id)).toEqual({ ok: true });
    await person.waitForViewers(event.id, 2);
    await settle();
    expect(anonymous.map((w) => w.viewerCount(event.id))).toEqual(Array(10).fill(2));
  });

  it('behind a trusted proxy, tells clients apart by X-Forwarded-For, and caps each of them', async () => {
    const from = (address: string) => attempt(proxiedUrl, { 'x-forwarded-for': address }).then(keep);
    const a = (await Promise.all([from('203.0.113.1'), from('203.0.113.1')])) as Watcher[];
    const b = (await from('203.0.113.2')) as Watcher;
    for (const w of [...a, b]) expect(await w.watch(event.id)).toEqual({ ok: true });
    await b.waitForViewers(event.id, 2);
    const many: (Watcher | Error)[] = [];
    for (let i = 0; i <= CONNECTIONS_PER_ADDRESS; i++) many.push(await from('203.0.113.3'));
    expect(many.filter((w) => w instanceof Error)).toHaveLength(1);
    expect(many.at(-1)).toBeInstanceOf(Error);
  });
});

describe.skipIf(!redisUrl).each(backends)('anonymous viewers per address across two instances on %s', (backend) => {
  let env: TestEnvironment;
  let urls: string[];
  let event: EventBody;
  const sockets: Watcher[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment(backend, { redis: true });
    const a = await env.startApp({}, { backgroundJobs: false, realtime });
    const b = await env.startApp({}, { backgroundJobs: false, realtime });
    urls = [await listen(a), await listen(b)];
    event = await gaEvent(env, a, 10);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await env.close();
  });

  it('counts one address once, whichever instances its sockets reach', async () => {
    for (const target of [...urls, ...urls, ...urls]) {
      const w = await Watcher.connect(target);
      sockets.push(w);
      expect(await w.watch(event.id)).toEqual({ ok: true });
    }
    await settle();
    for (const w of sockets) await w.waitForViewers(event.id, 1);
  });
});
