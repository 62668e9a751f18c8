/**
 * The databases and Redis a run uses. PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 * the local default when it answers; each scenario gets a fresh database, dropped afterwards.
 * Redis: BENCH_REDIS_URL, else database 5 of the local Redis, emptied before and after use.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const DEFAULT_REDIS = 'redis://127.0.0.1:6379/5';
const PROBE_TIMEOUT_MS = 2000;

export type Available<T> = { ok: true; value: T } | { ok: false; reason: string };

async function postgresAnswers(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  try {
    await client.connect();
    const row = await client.query<{ version: string }>("select current_setting('server_version') as version");
    return row.rows[0]?.version;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface Postgres {
  /** The configured database, used only to create and drop the bench databases. */
  adminUrl: string;
  version: string;
}

export async function detectPostgres(env: NodeJS.ProcessEnv): Promise<Available<Postgres>> {
  const configured = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL;
  const url = configured ?? DEFAULT_POSTGRES;
  const version = await postgresAnswers(url);
  if (version !== undefined) return { ok: true, value: { adminUrl: url, version } };
  if (configured !== undefined) throw new Error(`PostgreSQL is configured (${redact(url)}) but does not answer`);
  return {
    ok: false,
    reason: `no PostgreSQL configured (BENCH_DATABASE_URL / TEST_DATABASE_URL) and none answers at ${redact(DEFAULT_POSTGRES)}`,
  };
}

export async function detectRedis(env: NodeJS.ProcessEnv): Promise<Available<string>> {
  const url = env.BENCH_REDIS_URL ?? DEFAULT_REDIS;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return { ok: true, value: url };
  } catch {
    if (env.BENCH_REDIS_URL !== undefined) throw new Error(`BENCH_REDIS_URL is set (${redact(url)}) but Redis does not answer`);
    return { ok: false, reason: `no Redis answers at ${DEFAULT_REDIS} (set BENCH_REDIS_URL)` };
  } finally {
    redis.disconnect();
  }
}

export async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let databases = 0;

/** A fresh PostgreSQL database for one scenario; `drop` removes it even while connections linger. */
export async function createPostgresDatabase(
  postgres: Postgres,
  runId: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `iat_bench_${runId}_${++databases}`;
  await adminQuery(postgres.adminUrl, `create database ${name}`);
  return {
    url: withDatabaseName(postgres.adminUrl, name),
    drop: () => adminQuery(postgres.adminUrl, `drop database if exists ${name} with (force)`),
  };
}

/** How many more connections PostgreSQL accepts now, keeping a few for everyone else. */
export async function postgresConnectionsLeft(postgres: Postgres, keep = 10): Promise<number> {
  const client = new pg.Client({ connectionString: postgres.adminUrl, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  await client.connect();
  try {
    const result = await client.query<{ max: number; used: number; reserved: number }>(
      `select current_setting('max_connections')::int as max,
              current_setting('superuser_reserved_connections')::int as reserved,
              (select count(*)::int from pg_stat_activity) as used`,
    );
    const row = result.rows[0];
    return row === undefined ? 0 : Math.max(1, row.max - row.reserved - row.used - keep);
  } finally {
    await client.end();
  }
}

/** A fresh SQLite file for one scenario, in the run's scratch folder. */
export function createSqliteFile(scratch: string, name: string): { url: string; remove: () => void } {
  mkdirSync(scratch, { recursive: true });
  const file = path.join(scratch, `${name}-${++databases}.db`);
  return {
    url: `sqlite:${file}`,
    remove: () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
}
