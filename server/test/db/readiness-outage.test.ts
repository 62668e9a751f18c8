/**
 * /readyz follows PostgreSQL's reachability without a restart. The app reaches PostgreSQL through
 * a TCP proxy that the test cuts and restores, which is what an unreachable database looks like.
 */
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../support/backends.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

class CuttableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  constructor(private readonly target: { host: string; port: number }) {}

  async open(port = 0): Promise<number> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe.runIf(postgresUrl)('readiness while PostgreSQL is unreachable', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let proxy: CuttableProxy;
  let port: number;

  beforeAll(async () => {
    const target = new URL(postgresUrl ?? '');
    proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    port = await proxy.open();
    const viaProxy = new URL(postgresUrl ?? '');
    viaProxy.host = `127.0.0.1:${port}`;
    env = await createTestEnvironment('postgres', { databaseUrl: viaProxy.toString() });
    app = await env.startApp();
  });
  afterAll(async () => {
    await proxy.cut();
    await env.close();
  });

  it('answers 200, then 503 while the database is cut off, then 200 again', async () => {
    expect((await app.inject('/readyz')).statusCode).toBe(200);

    await proxy.cut();
    const down = await app.inject('/readyz');
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable', checks: { database: 'down' } });

    await proxy.open(port);
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await app.inject('/readyz')).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });
});
