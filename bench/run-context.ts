/**
 * What every scenario of one run shares: the options and sizes, the backends found, the ceilings
 * measured so far, and the way to get a fresh database and a server configured for the bench.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../server/src/config/config.js';
import { openDatabase, type DatabaseHandle } from '../server/src/db/database.js';
import { createPostgresDatabase, createSqliteFile, flushRedis, type Available, type Postgres } from './setup/backends.js';
import { ADMIN } from './setup/api-session.js';
import { repoRoot, startServer, type ServerKind, type ServerProcess } from './setup/processes.js';
import type { HttpRequest } from './load/http-connection.js';

/** The app's cheapest answer: opens a measured run's connections before its clock starts (drive.ts). */
export const APP_WARM_UP: HttpRequest = { method: 'GET', path: '/healthz' };

export interface Options {
  quick: boolean;
  /** Only these scenarios; undefined: all. */
  only: string[] | undefined;
  broken: boolean;
  sweep: boolean;
  docs: boolean;
  strict: boolean;
  cpuProfile: boolean;
}

export interface Sizes {
  loadSeconds: number;
  connections: number;
  catalogEvents: number;
  gaTickets: number;
  gaUsers: number;
  seatRows: number;
  seatsPerRow: number;
  seatUsers: number;
  sweepConnections: number[];
  /** The sweep sells a smaller event at each of its four points, to keep the full run near ten minutes. */
  sweepTickets: number;
  sweepUsers: number;
}

export const FULL: Sizes = {
  loadSeconds: 10,
  connections: 200,
  catalogEvents: 10_000,
  gaTickets: 5000,
  gaUsers: 10_000,
  seatRows: 40,
  seatsPerRow: 50,
  seatUsers: 4000,
  sweepConnections: [50, 100, 200, 400],
  sweepTickets: 2500,
  sweepUsers: 5000,
};

export const QUICK: Sizes = {
  loadSeconds: 2,
  connections: 50,
  catalogEvents: 1000,
  gaTickets: 500,
  gaUsers: 1000,
  seatRows: 10,
  seatsPerRow: 20,
  seatUsers: 400,
  sweepConnections: [50, 100],
  sweepTickets: 250,
  sweepUsers: 500,
};

export type DatabaseKind = 'sqlite' | 'postgres';

export class RunContext {
  readonly sizes: Sizes;
  readonly scratch: string;
  readonly ceiling: { bareRps?: number; pgbenchTps?: number; pgbenchClients?: number } = {};
  private dataDirs = 0;

  constructor(
    readonly options: Options,
    readonly postgres: Available<Postgres>,
    readonly redis: Available<string>,
    readonly runId: string,
  ) {
    this.sizes = options.quick ? QUICK : FULL;
    this.scratch = path.join(repoRoot, '.tmp', `bench-${runId}`);
    mkdirSync(this.scratch, { recursive: true });
  }

  /** Runs `use` with a fresh, empty database of that kind, removed afterwards. */
  async withDatabase<T>(kind: DatabaseKind, use: (url: string) => Promise<T>): Promise<T> {
    if (kind === 'sqlite') {
      const file = createSqliteFile(this.scratch, 'bench');
      try {
        return await use(file.url);
      } finally {
        file.remove();
      }
    }
    if (!this.postgres.ok) throw new Error(this.postgres.reason);
    const database = await createPostgresDatabase(this.postgres.value, this.runId);
    try {
      return await use(database.url);
    } finally {
      await database.drop();
    }
  }

  /** Runs `use` with the bench's Redis database emptied before and after. */
  async withRedis<T>(use: (url: string) => Promise<T>): Promise<T> {
    if (!this.redis.ok) throw new Error(this.redis.reason);
    const url = this.redis.value;
    await flushRedis(url);
    try {
      return await use(url);
    } finally {
      await flushRedis(url);
    }
  }

  /** Starts the built server (or the broken double) on this database, ready to take traffic. */
  startApp(
    databaseUrl: string,
    extra: { redisUrl?: string; kind?: ServerKind; env?: Record<string, string> } = {},
  ): Promise<ServerProcess> {
    const dataDir = path.join(this.scratch, `data-${++this.dataDirs}`);
    mkdirSync(dataDir, { recursive: true });
    return startServer(extra.kind ?? 'app', {
      env: {
        // Not production: cookies without Secure would not matter to this client, but the demo
        // seed and plain-HTTP defaults keep the setup identical to a developer's machine.
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        // Every virtual user comes from 127.0.0.1: the per-client limit must not be what is measured.
        RATE_LIMIT_PER_MINUTE: '1000000000',
        // Each virtual buyer sends its own address in X-Forwarded-For, believed from loopback only;
        // the per-account hold limits (HOLDS_PER_MINUTE, the per-event cap) stay at their defaults.
        TRUST_PROXY: '127.0.0.1',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // Shared by every instance of a scenario: the CSRF cookie one signs, another verifies.
        SESSION_SECRET: `bench-session-secret-${this.runId}-0123456789abcdef`,
        ...(extra.redisUrl === undefined ? {} : { REDIS_URL: extra.redisUrl }),
        ...extra.env,
      },
      ...(this.options.cpuProfile ? { cpuProfileDir: path.join(repoRoot, 'bench/results/profiles') } : {}),
    });
  }
}

/** The bench's own connection to a scenario's database, for data setup and the checks. */
export function openBenchDatabase(url: string): DatabaseHandle {
  return openDatabase(loadConfig({ DATABASE_URL: url }).database, { poolSize: 8 });
}
