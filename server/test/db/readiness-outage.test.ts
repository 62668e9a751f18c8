/**
 * /readyz follows PostgreSQL's reachability without a restart. The app reaches PostgreSQL through
 * a TCP proxy that the test cuts and restores, which is what an unreachable database looks like.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../support/backends.js';
import { CuttableProxy, eventually } from '../support/tcp-proxy.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.runIf(postgresUrl)('readiness while PostgreSQL is unreachable', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let proxy: CuttableProxy;

  beforeAll(async () => {
    proxy = CuttableProxy.for(postgresUrl ?? '', 5432);
    await proxy.open();
    env = await createTestEnvironment('postgres', { databaseUrl: proxy.rewrite(postgresUrl ?? '') });
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

    await proxy.open();
    expect(await eventually(async () => (await app.inject('/readyz')).statusCode === 200, 20)).toBe(true);
  });
});
