/** A fingerprint of every table's rows, to prove that a rejected request changed nothing. */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

export type Snapshot = Map<string, string>;

/** Columns that background delivery (real-time push, the email outbox) writes after a request is done. */
const BOOKKEEPING: Record<string, string[]> = {
  notifications: ['pushed_at'],
  email_outbox: ['status', 'attempts', 'next_attempt_at', 'locked_until', 'last_error', 'sent_at'],
};

const known = new WeakMap<Kysely<Database>, string[]>();

async function tablesOf(db: Kysely<Database>): Promise<string[]> {
  const cached = known.get(db);
  if (cached !== undefined) return cached;
  const names = await listTables(db);
  known.set(db, names);
  return names;
}

async function listTables(db: Kysely<Database>): Promise<string[]> {
  const all = await db.introspection.getTables();
  if (!all.some((t) => t.schema !== undefined)) return all.map((t) => t.name);
  // PostgreSQL lists every schema's tables (other test runs, benchmarks): keep this connection's own.
  const own = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
  return own.rows.map((r) => r.name);
}

export async function snapshotTables(db: Kysely<Database>): Promise<Snapshot> {
  const tableNames = (await tablesOf(db)).filter((name) => !name.startsWith('kysely_')).sort();
  const snapshot: Snapshot = new Map();
  for (const name of tableNames) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    const skip = new Set(BOOKKEEPING[name] ?? []);
    const lines = rows
      .map((r) => JSON.stringify(r, (key, v: unknown) => (skip.has(key) ? undefined : typeof v === 'bigint' ? String(v) : v)))
      .sort();
    snapshot.set(name, `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`);
  }
  return snapshot;
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return [...after].filter(([name, print]) => before.get(name) !== print).map(([name]) => name);
}
