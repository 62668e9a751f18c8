/** One log line per request at info level (issue 15): method, route, URL, status and time, not two lines. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe('request log', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('sqlite');
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: env.config.database.url,
      DATA_DIR: env.config.dataDir,
      LOG_LEVEL: 'info',
    });
    app = await buildApp({ config, database: env.database, logger: pino({ level: 'info' }, sink), backgroundJobs: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  it('writes exactly one line per request, with method, route, status and time', async () => {
    const answers = [
      await app.inject({ method: 'GET', url: '/api/events?limit=5' }),
      await app.inject({ method: 'GET', url: '/api/events/no-such-event' }),
      await app.inject({ method: 'GET', url: '/api/no-such-route' }),
    ];
    const ids = answers.map((a) => a.headers['x-request-id']);
    for (const [i, id] of ids.entries()) {
      const mine = lines.filter((l) => l.reqId === id);
      expect(mine, `request ${i}`).toHaveLength(1);
      expect(mine[0]).toMatchObject({ msg: 'request', method: 'GET', status: answers[i]?.statusCode, ms: expect.any(Number) });
    }
    expect(lines.find((l) => l.reqId === ids[1])).toMatchObject({
      route: '/api/events/:id',
      url: '/api/events/no-such-event',
      status: 404,
    });
  });
});
