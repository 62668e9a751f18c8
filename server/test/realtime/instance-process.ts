/**
 * One more app instance as a separate process, for the test that kills an instance outright
 * (SIGKILL: no shutdown hook runs, nothing is cleaned up). Reads where to connect from the
 * environment, listens on a free port and prints it.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/db/database.js';

const config = loadConfig(process.env);
const schema = process.env.TEST_PG_SCHEMA || undefined;
// A small pool unless the test says otherwise (the invoice series test sends a crowd through it).
const database = openDatabase(config.database, { schema, poolSize: Number(process.env.TEST_POOL_SIZE ?? 4) });
const app = await buildApp({
  config,
  database,
  redisNamespace: process.env.TEST_REDIS_NAMESPACE,
  backgroundJobs: false,
  realtime: { viewerTtlMs: Number(process.env.TEST_VIEWER_TTL_MS) },
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`LISTENING ${(app.server.address() as AddressInfo).port}\n`);
