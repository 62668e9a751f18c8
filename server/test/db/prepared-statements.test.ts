/**
 * Statements marked PREPARED run as named statements, prepared once per PostgreSQL connection
 * (DATABASE_PREPARED_STATEMENTS, on by default), and as plain statements when it is off (PgBouncer
 * before 1.21 in transaction mode). SQLite runs the marked text as it is.
 */
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { PREPARED } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { createServices, type Services } from '../../src/platform/services.js';
import { postgresUrl } from '../support/backends.js';

const marked = (n: number) => sql<{ n: number }>`${sql.raw(PREPARED)} select cast(${n} as integer) + 1 as n`;

/** The statements this connection has prepared, by text, after running the marked one three times on it. */
async function preparedOnOneConnection(db: Kysely<Database>): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    for (const n of [1, 2, 3]) expect((await marked(n).execute(conn)).rows[0]?.n).toBe(n + 1);
    // Kysely's own statements are not prepared: only marked ones are.
    const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn);
    return rows.map((r) => r.statement);
  });
}

describe.runIf(postgresUrl)('prepared statements on PostgreSQL', () => {
  const opened: Services[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });
  const open = (env: Record<string, string>) => {
    const services = createServices(
      loadConfig({ DATABASE_URL: postgresUrl ?? '', DATABASE_POOL_SIZE: '2', ...env }),
      pino({ level: 'silent' }),
    );
    opened.push(services);
    return services.database.db;
  };

  it('a marked statement is prepared once on its connection and answers each run with its own values', async () => {
    const statements = await preparedOnOneConnection(open({}));
    expect(statements.filter((s) => s.startsWith(PREPARED))).toHaveLength(1);
    expect(statements).toHaveLength(1);
  });

  it('DATABASE_PREPARED_STATEMENTS=false prepares nothing, and the same statements still answer', async () => {
    expect(await preparedOnOneConnection(open({ DATABASE_PREPARED_STATEMENTS: 'false' }))).toEqual([]);
  });
});

describe('prepared statements on SQLite', () => {
  it('the marked text runs as it is', async () => {
    const services = createServices(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), pino({ level: 'silent' }));
    try {
      expect((await marked(41).execute(services.database.db)).rows[0]?.n).toBe(42);
    } finally {
      await services.close();
    }
  });
});
