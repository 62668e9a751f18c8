/**
 * An empty database of its own for a test that starts real server processes: a new PostgreSQL
 * database (not a schema: a pooler such as PgBouncer passes no search_path) or a new SQLite file.
 * `drop` removes it even while connections linger.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { postgresUrl, type BackendName } from './backends.js';

export interface FreshDatabase {
  /** DATABASE_URL for the app. */
  url: string;
  /** PostgreSQL only: the database's name. */
  name: string;
  /** A folder of its own, usable as DATA_DIR. */
  dataDir: string;
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createFreshDatabase(backend: BackendName, label: string): Promise<FreshDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `iat-${label}-`));
  if (backend === 'sqlite') {
    return {
      url: `sqlite:${path.join(dataDir, 'app.db')}`,
      name: 'app.db',
      dataDir,
      drop: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    };
  }
  if (!postgresUrl) throw new Error('this test needs TEST_DATABASE_URL');
  const name = `iat_${label.replace(/\W/g, '_')}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    dataDir,
    async drop() {
      await adminQuery(`drop database if exists ${name} with (force)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
