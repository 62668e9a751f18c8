/**
 * Every signed-in request looks up its session and user. Under load, the lookups that arrive while
 * earlier ones are being answered are sent together as one query (id_hash IN ...): one round trip
 * and one plan for many requests instead of one each, which at a busy check-in door was the
 * largest database cost left per request. A lookup waits for no timer, only for the end of the
 * event loop's current turn, so the requests read in that turn go together (platform/batcher.ts).
 * A lookup never joins a query already sent, so it sees every sign-out and revocation committed
 * before it arrived.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { Batcher } from '../platform/batcher.js';

/** Queries in flight at once, and lookups per query. */
const QUERIES_IN_FLIGHT = 2;
const LOOKUPS_MAX = 100;

function selectSessionsWithUsers(db: Kysely<Database>, idHashes: string[]) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id_hash as session_id_hash',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at as session_last_seen_at',
      'sessions.expires_at as session_expires_at',
    ])
    .where('sessions.id_hash', 'in', idHashes)
    .execute();
}

export type SessionWithUserRow = Awaited<ReturnType<typeof selectSessionsWithUsers>>[number];

export class SessionLookups {
  private readonly batcher: Batcher<string, SessionWithUserRow | undefined>;

  constructor(db: Kysely<Database>) {
    this.batcher = new Batcher({
      run: async (idHashes) => {
        // One session looked up by several requests at once is asked for once.
        const rows = await selectSessionsWithUsers(db, [...new Set(idHashes)]);
        const found = new Map(rows.map((r) => [r.session_id_hash, r]));
        return idHashes.map((idHash) => found.get(idHash));
      },
      inFlightPerGroup: QUERIES_IN_FLIGHT,
      maxWeight: LOOKUPS_MAX,
    });
  }

  /** The session with this id hash joined with its user, or undefined when there is none. */
  find(idHash: string): Promise<SessionWithUserRow | undefined> {
    return this.batcher.submit(idHash);
  }
}
