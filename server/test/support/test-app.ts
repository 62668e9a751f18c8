/**
 * Builds real app instances for tests: SQLite in a temp folder, or PostgreSQL in a schema of its
 * own (dropped afterwards), optionally with Redis under a namespace of its own. Several instances
 * can share one database and one Redis namespace, as separate server processes would.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildApp, type BuildOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { postgresUrl, redisUrl, type BackendName } from './backends.js';

export interface TestEnvironment {
  backend: BackendName;
  config: Config;
  database: DatabaseHandle;
  redisNamespace: string;
  /** Starts another app instance on the same database (and Redis namespace, when used). */
  startApp(extraEnv?: Record<string, string>, extra?: Partial<BuildOptions>): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export interface TestEnvironmentOptions {
  redis?: boolean;
  env?: Record<string, string>;
  /** PostgreSQL only: connect the app through this URL instead (e.g. a proxy that can be cut). */
  databaseUrl?: string;
}

export async function createTestEnvironment(
  backend: BackendName,
  options: TestEnvironmentOptions = {},
): Promise<TestEnvironment> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iat-test-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const redisNamespace = `iat-test:${schema}:`;
  if (options.redis && !redisUrl) throw new Error('this test needs TEST_REDIS_URL');

  let databaseUrl: string;
  if (backend === 'postgres') {
    if (!postgresUrl) throw new Error('this test needs TEST_DATABASE_URL');
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    databaseUrl = options.databaseUrl ?? postgresUrl;
  } else {
    databaseUrl = `sqlite:${path.join(dataDir, 'test.db')}`;
  }

  const baseEnv: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    // Tests of other things make many holds per account and address; hoarding.test.ts sets its own.
    HOLDS_PER_MINUTE: '100000',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    ...(options.redis && redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...options.env,
  };
  const config = loadConfig(baseEnv);
  const database = openDatabase(config.database, { schema: backend === 'postgres' ? schema : undefined, poolSize: 10 });
  await migrateToLatest(database.db);

  const apps: FastifyInstance[] = [];
  const startApp = async (extraEnv: Record<string, string> = {}, extra: Partial<BuildOptions> = {}) => {
    const appConfig = loadConfig({ ...baseEnv, ...extraEnv });
    // Each instance gets its own pool, as a separate process would; SQLite instances share the file.
    const appDatabase = openDatabase(appConfig.database, { schema: backend === 'postgres' ? schema : undefined, poolSize: 10 });
    // A test may hand in its own view of the database (test/support/db-faults.ts); it closes it itself.
    const app = await buildApp({ ...extra, config: appConfig, database: extra.database ?? appDatabase, redisNamespace });
    app.addHook('onClose', () => appDatabase.close());
    await app.ready();
    apps.push(app);
    return app;
  };

  return {
    backend,
    config,
    database,
    redisNamespace,
    startApp,
    async close() {
      await Promise.all(apps.map((a) => a.close()));
      await database.close();
      if (backend === 'postgres' && postgresUrl) {
        const admin = new pg.Client({ connectionString: postgresUrl });
        await admin.connect();
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      }
      if (options.redis && redisUrl) {
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`${redisNamespace}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
