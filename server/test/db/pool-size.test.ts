/** DATABASE_POOL_SIZE caps the PostgreSQL connections one instance opens, however many queries wait. */
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createServices, type Services } from '../../src/platform/services.js';
import { postgresUrl } from '../support/backends.js';

describe.runIf(postgresUrl)('DATABASE_POOL_SIZE on PostgreSQL', () => {
  const opened: Services[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });

  it.each([3, 6])('%i connections serve 12 concurrent queries', async (size) => {
    const services = createServices(
      loadConfig({ DATABASE_URL: postgresUrl ?? '', DATABASE_POOL_SIZE: String(size) }),
      pino({ level: 'silent' }),
    );
    opened.push(services);
    const pids = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.15)`.execute(services.database.db);
        return rows[0]?.pid;
      }),
    );
    expect(new Set(pids).size).toBe(size);
  });
});
