/**
 * Opens the database chosen by DATABASE_URL: embedded SQLite (WAL, foreign keys, busy timeout)
 * or a PostgreSQL pool. Everything above this file speaks Kysely and does not care which.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, sql, type DialectAdapter } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';
import { dialectOf, type DialectName } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { FairSqliteDialect } from './sqlite-driver.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Resolves when a trivial query succeeds within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL only: run every connection in this schema (tests use one schema per run). */
  schema?: string;
  poolSize?: number;
  /** PostgreSQL: prepare statements marked PREPARED once per connection (DATABASE_PREPARED_STATEMENTS); default true. */
  prepare?: boolean;
  onPoolError?: (err: Error) => void;
}

/**
 * A statement whose text begins with this comment is prepared once per PostgreSQL connection (a
 * named statement) instead of parsed and planned on every run. For the statements a hold runs
 * once each (the chosen seats' read, hold-lines.ts): planning the hold's first read cost
 * PostgreSQL about 0.5 ms per hold, several times what running it cost, until the first reads
 * of concurrent holds were batched (hold-read.ts). Only statements of a fixed text (a bounded
 * number of variants) are marked: each prepared statement stays in its connection's memory.
 * SQLite ignores the comment.
 */
export const PREPARED = '/* prepared */';

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

const UTC_TEXT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * A timestamptz as the ISO string `new Date(text).toISOString()` gives (milliseconds, `Z`). The
 * text of a session in UTC ("2026-12-07 13:15:41.123456+00") is rewritten without a Date: the
 * waiting room's joins read several times each (the session's), and parsing that form was 2 % of
 * the server's thread. Any other text (another zone, BC, infinity) goes through Date as before.
 */
export function isoOfTimestamptz(text: string): string {
  const utc = UTC_TEXT.exec(text);
  if (utc === null) return new Date(text).toISOString();
  const millis = (utc[3] ?? '').slice(0, 3).padEnd(3, '0');
  return `${utc[1] ?? ''}T${utc[2] ?? ''}.${millis}Z`;
}

// Times leave PostgreSQL as the same ISO strings SQLite stores; counts as plain numbers.
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMPTZ_OID) return isoOfTimestamptz;
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    const builtIn = pg.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown;
    return builtIn(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A client that a query has checked out but is not using can lose its connection too; pg then
 * emits 'error' with no listener, which would crash the process. Its queries still reject, so a
 * permanent listener loses nothing.
 */
class ResilientClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

const statementNames = new Map<string, string>();

/** One name per text (pg refuses one name for two texts); the map is bounded by the marked statements' variants. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `iat_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Runs statements that begin with PREPARED as named ones; everything else as Kysely sends it. */
class PreparingClient extends ResilientClient {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    // Kysely calls query(text, values); the rest of pg's overloads pass through untouched.
    (this as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (args.length === 2 && typeof text === 'string' && text.startsWith(PREPARED))
        return query({ name: statementName(text), text, values });
      return query(...args);
    };
  }
}

/** Any constant of our own: the key of the advisory lock that serializes migrations. */
const MIGRATION_LOCK_KEY = 7_316_530_401_892_771n;

/**
 * Kysely's migrator locks PostgreSQL with a session-level advisory lock taken and released in
 * statements of their own, outside its migration transaction. Behind a pooler in transaction mode
 * (PgBouncer) each of those statements may run on a different server connection: the unlock then
 * misses, the lock stays with a pooled connection, and the next instance's start waits an hour.
 * Here the lock is a transaction-level one instead: this opens the transaction and locks, Kysely's
 * own BEGIN inside it is only a warning to PostgreSQL, and its COMMIT or ROLLBACK ends both
 * transaction and lock, on the one server connection the pooler gives a transaction.
 */
class TransactionLockAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`begin`.execute(db);
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(db);
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    // Normally already ended by Kysely's COMMIT/ROLLBACK (then this is a harmless warning); ends
    // the transaction and frees the lock if the migrator failed before beginning its own.
    await sql`rollback`.execute(db);
  }
}

class PoolerSafeDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionLockAdapter();
  }
}

export function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): DatabaseHandle {
  if (config.kind === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(path.dirname(config.file), { recursive: true });
    const sqlite = new SQLite(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({ dialect: new FairSqliteDialect(sqlite) });
    return {
      db,
      dialect: 'sqlite',
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      close: () => db.destroy(),
    };
  }

  const pool = new pg.Pool({
    connectionString: config.url,
    // Behind PgBouncer before 1.21 in transaction mode, a statement prepared on one server
    // connection is unknown on the next: DATABASE_PREPARED_STATEMENTS=false there.
    Client: options.prepare === false ? ResilientClient : PreparingClient,
    max: options.poolSize ?? 20,
    // Fail fast while the database is unreachable: requests answer 503 instead of queueing.
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => options.onPoolError?.(err));
  const db = new Kysely<Database>({ dialect: new PoolerSafeDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    ping: async (timeoutMs = 2000) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('database ping timed out')), timeoutMs);
      });
      try {
        await Promise.race([sql`select 1`.execute(db), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => db.destroy(),
  };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // Kysely finds its own bookkeeping tables by name in any schema unless told which one: with
  // several schemas in one database (the tests run one per suite) it could see another schema's
  // lock table, skip creating its own, and fail. PostgreSQL: name the schema this connection uses.
  const schema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    // Branches are merged with the numbers they were given, so a database that already ran a later
    // one (0012, 0013) still gets an earlier one merged after it (0011); each stands on its own.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const release = dialectOf(db) === 'sqlite' ? await lockSqliteMigrations(db) : () => undefined;
  try {
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  } finally {
    release();
  }
}

/**
 * Kysely takes no lock for SQLite migrations (it counts on one connection), and runs them outside
 * a transaction, so several processes starting at once on one file each ran the pending ones
 * ("table venues already exists"). An exclusive transaction on a lock database beside the file
 * makes them take turns; SQLite drops the lock by itself if a process dies holding it. The wait
 * blocks the thread (better-sqlite3 is synchronous), which at start-up holds nothing else up.
 */
async function lockSqliteMigrations(db: Kysely<Database>): Promise<() => void> {
  const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file ?? '';
  if (file === '') return () => undefined; // in memory: one connection, nothing to share
  const lock = new SQLite(`${file}.migrate-lock`);
  lock.pragma('busy_timeout = 120000');
  lock.exec('begin exclusive');
  return () => {
    lock.exec('commit');
    lock.close();
  };
}
