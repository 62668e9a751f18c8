/**
 * Database faults on demand: a Kysely instance over the same connections whose matching queries
 * fail (as a deadlock or a dropped connection would), or pause until the test lets them go on.
 */
import {
  sql,
  PostgresQueryCompiler,
  SqliteQueryCompiler,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type Transaction,
  type UnknownRow,
} from 'kysely';
import { dialectOf } from '../../src/db/dialect.js';
import type { Database } from '../../src/db/schema.js';

type Matcher = (sql: string) => boolean;

function compilerFor(db: Kysely<Database>) {
  return dialectOf(db) === 'postgres' ? new PostgresQueryCompiler() : new SqliteQueryCompiler();
}

/** Every query whose SQL matches throws an error carrying `code` before it reaches the database. */
export function failingQueries(
  db: Kysely<Database>,
  matches: Matcher,
  fault: { code: string; message: string },
  times = Infinity,
): Kysely<Database> {
  const compiler = compilerFor(db);
  let left = times;
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      if (left > 0 && matches(compiler.compileQuery(node, queryId).sql)) {
        left--;
        throw Object.assign(new Error(fault.message), { code: fault.code });
      }
      return node;
    },
    transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return Promise.resolve(result);
    },
  };
  return db.withPlugin(plugin);
}

/**
 * A view of `db` whose first transaction waits, before it begins, until `release()` is called: a
 * deterministic way to let something else commit between a request's reads and its writes. (A
 * pause inside a query would keep SQLite's only connection busy and stall everything else.)
 */
export function pausingBeforeTransaction(db: Kysely<Database>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const paused = new Promise<void>((resolve) => (reached = resolve));
  let armed = true;
  const view = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction' && armed) {
        armed = false;
        const real = target.transaction();
        return () => ({
          execute: async <T>(fn: Parameters<typeof real.execute<T>>[0]) => {
            reached();
            await released;
            return real.execute(fn);
          },
        });
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: view, paused, release };
}

/**
 * A view of `db` whose next transaction, once armed, commits and then fails as if the connection
 * had dropped before the COMMIT's answer arrived: the work is in the database, the caller sees
 * "Connection terminated unexpectedly" (what pg reports), and cannot tell whether it committed.
 */
export function losingCommitAnswers(db: Kysely<Database>) {
  let armed = false;
  let lost = 0;
  const view = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction' && armed) {
        armed = false;
        const real = target.transaction();
        return () => ({
          execute: async <T>(fn: Parameters<typeof real.execute<T>>[0]) => {
            await real.execute(fn);
            lost++;
            throw Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
          },
        });
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    db: view,
    arm: () => (armed = true),
    /** How many commits have been answered with a lost connection. */
    lost: () => lost,
  };
}

/**
 * PostgreSQL: runs `write` in a transaction kept open until `request` waits for one of the locks
 * it took, then commits it. The request's transaction began before the write committed and goes
 * on after it: the interleaving that a lock (or its absence) decides.
 */
export async function whileLocked<T>(
  db: Kysely<Database>,
  write: (trx: Transaction<Database>) => Promise<void>,
  request: () => Promise<T>,
): Promise<T> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let written!: (pid: number) => void;
  const writer = new Promise<number>((resolve) => (written = resolve));
  const committed = db.transaction().execute(async (trx) => {
    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]?.pid ?? 0;
    await write(trx);
    written(pid);
    await released;
  });
  const pid = await writer;
  const answer = request();
  const blocked = sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`;
  for (let i = 0; i < 200 && ((await blocked.execute(db)).rows[0]?.n ?? 0) === 0; i++)
    await new Promise((r) => setTimeout(r, 25));
  release();
  await committed;
  return answer;
}
