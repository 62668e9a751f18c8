import { Transaction, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `run` in a transaction of its own, or in the caller's when `db` already is one: a domain
 * write (create a venue, an event) can then be one step of a larger all-or-nothing change, such as
 * loading the demo catalogue once. Kysely refuses to begin a transaction inside a transaction.
 */
export function inTransaction<T>(db: Kysely<Database>, run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db instanceof Transaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}
