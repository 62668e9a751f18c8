/**
 * Every signed-in request looks up its session and user. Under load, the lookups that arrive while
 * earlier ones are being answered are sent together as one query (id_hash IN ...): one round trip
 * and one plan for many requests instead of one each, which at a busy check-in door was the
 * largest database cost left per request. A lookup waits for no timer, only for the end of the
 * event loop's current turn, so the requests read in that turn go together. A lookup never joins a
 * query already sent, so it sees every sign-out and revocation committed before it arrived.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

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

interface Waiting {
  resolve: (row: SessionWithUserRow | undefined) => void;
  reject: (err: unknown) => void;
}

export class SessionLookups {
  /** Lookups not yet sent, by session id hash (one request's lookup or several of one session). */
  private waiting = new Map<string, Waiting[]>();
  private inFlight = 0;
  private gathering = false;

  constructor(private readonly db: Kysely<Database>) {}

  /** The session with this id hash joined with its user, or undefined when there is none. */
  find(idHash: string): Promise<SessionWithUserRow | undefined> {
    return new Promise((resolve, reject) => {
      const same = this.waiting.get(idHash);
      if (same !== undefined) same.push({ resolve, reject });
      else this.waiting.set(idHash, [{ resolve, reject }]);
      this.gather();
    });
  }

  /** Starts batches once this turn of the event loop is over, so the requests read in it go together. */
  private gather(): void {
    if (this.gathering) return;
    this.gathering = true;
    setImmediate(() => {
      this.gathering = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < QUERIES_IN_FLIGHT && this.waiting.size > 0) {
      const batch = new Map<string, Waiting[]>();
      for (const [idHash, waiters] of this.waiting) {
        if (batch.size >= LOOKUPS_MAX) break;
        batch.set(idHash, waiters);
      }
      for (const idHash of batch.keys()) this.waiting.delete(idHash);
      this.inFlight++;
      void this.load(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async load(batch: Map<string, Waiting[]>): Promise<void> {
    try {
      const rows = await selectSessionsWithUsers(this.db, [...batch.keys()]);
      const found = new Map(rows.map((r) => [r.session_id_hash, r]));
      for (const [idHash, waiters] of batch) for (const w of waiters) w.resolve(found.get(idHash));
    } catch (err) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
    }
  }
}
