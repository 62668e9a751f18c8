/**
 * Server-side sessions. The cookie carries a random 256-bit token; only its SHA-256 is stored, in
 * the database, with or without REDIS_URL: a Redis restarted empty or down signs nobody out, and
 * a revocation is one DELETE that every instance's next lookup sees. No Redis cache in front:
 * every signed-in request needs its user row from the database anyway (role, disabled), and the
 * session comes in the same batched query (session-lookups.ts), so a cache would add a round trip
 * and a way for a revoked session to outlive its revocation, and save none.
 * Idle timeout 7 days, absolute lifetime 30 days.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { SessionLookups } from './session-lookups.js';
import type { UserRow } from './users.js';

export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600 * 1000;
/** Last-seen is refreshed at most this often, so reads do not turn into a write per request. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export interface SessionRecord {
  idHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface SessionMeta {
  userAgent: string | null;
  ip: string | null;
}

export interface SessionStore {
  create(userId: string, meta: SessionMeta): Promise<{ token: string; record: SessionRecord }>;
  /** The live session for a token, or undefined (unknown, idle too long, or past its lifetime). */
  find(token: string): Promise<SessionRecord | undefined>;
  /** The live session for a token with its user, in one database query where sessions live there. */
  findWithUser(token: string, db: Kysely<Database>): Promise<{ record: SessionRecord; user: UserRow | undefined } | undefined>;
  /** Refreshes last-seen when it is older than the touch interval. */
  touch(record: SessionRecord): Promise<void>;
  revoke(token: string): Promise<void>;
  /** Revokes every session of a user, except the one whose token is given. */
  revokeUser(userId: string, exceptToken?: string): Promise<void>;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newRecord(userId: string): { token: string; record: SessionRecord } {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  return {
    token,
    record: {
      idHash: hashToken(token),
      userId,
      createdAt: new Date(now).toISOString(),
      lastSeenAt: new Date(now).toISOString(),
      expiresAt: new Date(now + SESSION_ABSOLUTE_MS).toISOString(),
    },
  };
}

function isLive(record: SessionRecord, now = Date.now()): boolean {
  return Date.parse(record.expiresAt) > now && Date.parse(record.lastSeenAt) + SESSION_IDLE_MS > now;
}

const needsTouch = (record: SessionRecord) => Date.now() - Date.parse(record.lastSeenAt) > TOUCH_INTERVAL_MS;

export class DatabaseSessionStore implements SessionStore {
  private readonly lookups: SessionLookups;

  constructor(private readonly db: Kysely<Database>) {
    this.lookups = new SessionLookups(db);
  }

  async create(userId: string, meta: SessionMeta) {
    const created = newRecord(userId);
    const r = created.record;
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: r.idHash,
        user_id: userId,
        created_at: r.createdAt,
        last_seen_at: r.lastSeenAt,
        expires_at: r.expiresAt,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
        ip: meta.ip,
      })
      .execute();
    return created;
  }

  async find(token: string): Promise<SessionRecord | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', hashToken(token)).executeTakeFirst();
    if (row === undefined) return undefined;
    const record = {
      idHash: row.id_hash,
      userId: row.user_id,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
    };
    if (isLive(record)) return record;
    await this.db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
    return undefined;
  }

  /**
   * One query for the session and its user (deleting a user deletes its sessions): every signed-in
   * request asks this, so concurrent requests share one query (session-lookups.ts).
   */
  async findWithUser(token: string): Promise<{ record: SessionRecord; user: UserRow } | undefined> {
    const row = await this.lookups.find(hashToken(token));
    if (row === undefined) return undefined;
    const { session_id_hash, session_created_at, session_last_seen_at, session_expires_at, ...user } = row;
    const record = {
      idHash: session_id_hash,
      userId: user.id,
      createdAt: session_created_at,
      lastSeenAt: session_last_seen_at,
      expiresAt: session_expires_at,
    };
    if (isLive(record)) return { record, user };
    await this.db.deleteFrom('sessions').where('id_hash', '=', session_id_hash).execute();
    return undefined;
  }

  async touch(record: SessionRecord): Promise<void> {
    if (!needsTouch(record)) return;
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date().toISOString() })
      .where('id_hash', '=', record.idHash)
      .execute();
  }

  async revoke(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute();
  }

  async revokeUser(userId: string, exceptToken?: string): Promise<void> {
    await this.db
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .$if(exceptToken !== undefined, (q) => q.where('id_hash', '!=', hashToken(exceptToken ?? '')))
      .execute();
  }

  /** Removes sessions past their lifetime or idle timeout; safe on every instance at once. */
  async deleteExpired(): Promise<void> {
    const now = Date.now();
    await this.db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', new Date(now).toISOString()),
          eb('last_seen_at', '<=', new Date(now - SESSION_IDLE_MS).toISOString()),
        ]),
      )
      .execute();
  }
}
