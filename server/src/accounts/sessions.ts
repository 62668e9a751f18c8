/**
 * Server-side sessions. The cookie carries a random 256-bit token; only its SHA-256 is stored, in
 * the database or, with REDIS_URL, in Redis. Idle timeout 7 days, absolute lifetime 30 days.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { assertConnected } from '../cache/redis.js';
import type { Database } from '../db/schema.js';
import { SessionLookups } from './session-lookups.js';
import { findUserById, type UserRow } from './users.js';

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

/** Sessions in Redis: each expires by itself at the earlier of idle timeout and lifetime. */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  private key(idHash: string) {
    return `${this.namespace}sess:${idHash}`;
  }
  private userKey(userId: string) {
    return `${this.namespace}user-sess:${userId}`;
  }
  private ttlMs(record: SessionRecord) {
    return Math.max(1, Math.min(Date.parse(record.lastSeenAt) + SESSION_IDLE_MS, Date.parse(record.expiresAt)) - Date.now());
  }

  async create(userId: string, _meta: SessionMeta) {
    const created = newRecord(userId);
    await this.redis
      .multi()
      .set(this.key(created.record.idHash), JSON.stringify(created.record), 'PX', this.ttlMs(created.record))
      .sadd(this.userKey(userId), created.record.idHash)
      .pexpire(this.userKey(userId), SESSION_ABSOLUTE_MS)
      .exec();
    return created;
  }

  async find(token: string): Promise<SessionRecord | undefined> {
    assertConnected(this.redis);
    const raw = await this.redis.get(this.key(hashToken(token)));
    if (raw === null) return undefined;
    const record = JSON.parse(raw) as SessionRecord;
    return isLive(record) ? record : undefined;
  }

  async findWithUser(token: string, db: Kysely<Database>) {
    const record = await this.find(token);
    return record === undefined ? undefined : { record, user: await findUserById(db, record.userId) };
  }

  async touch(record: SessionRecord): Promise<void> {
    if (!needsTouch(record)) return;
    const updated = { ...record, lastSeenAt: new Date().toISOString() };
    // XX: never resurrect a session revoked since it was read.
    await this.redis.set(this.key(record.idHash), JSON.stringify(updated), 'PX', this.ttlMs(updated), 'XX');
  }

  async revoke(token: string): Promise<void> {
    const idHash = hashToken(token);
    const raw = await this.redis.get(this.key(idHash));
    await this.redis.del(this.key(idHash));
    if (raw !== null) await this.redis.srem(this.userKey((JSON.parse(raw) as SessionRecord).userId), idHash);
  }

  async revokeUser(userId: string, exceptToken?: string): Promise<void> {
    const keep = exceptToken === undefined ? undefined : hashToken(exceptToken);
    const hashes = (await this.redis.smembers(this.userKey(userId))).filter((h) => h !== keep);
    if (hashes.length === 0) return;
    await this.redis
      .multi()
      .del(...hashes.map((h) => this.key(h)))
      .srem(this.userKey(userId), ...hashes)
      .exec();
  }
}
