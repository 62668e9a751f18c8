/** The names of a table's indexes, as the database lists them (for migration tests). */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../src/db/dialect.js';
import type { Database } from '../../src/db/schema.js';

export async function indexNames(db: Kysely<Database>, table: string): Promise<string[]> {
  const { rows } =
    dialectOf(db) === 'postgres'
      ? await sql<{
          name: string;
        }>`select indexname as name from pg_indexes where tablename = ${table} and schemaname = current_schema()`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = ${table}`.execute(db);
  return rows.map((r) => r.name).sort();
}
