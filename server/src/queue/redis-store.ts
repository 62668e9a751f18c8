/**
 * The waiting room on Redis (issue 20, "Scale"): the same promises as DatabaseQueueStore
 * (store.ts), with the contended steps in Redis. The database store puts every join through one
 * row lock per event (queue_states.next_seq); here a join is one Lua script (seq and place in one
 * step) and one plain insert, so 50,000 people joining in a minute do not queue on one row.
 *
 * The database stays the record: every call writes what it changed there before it answers (an
 * entry row per join, positions at the draw, statuses at admission), and it stays the arbiter of
 * what must happen once: the draw's guarded update and admission's compare-and-set on
 * queue_states run as in the database store. Redis is a working copy that may be thrown away:
 *
 * - a room missing from Redis (first use, Redis restarted empty) is loaded from the database;
 * - a constraint the copy breaks (a seq or position the database already gave, a user it already
 *   has, an admission the database does not follow) means the copy is stale: it is dropped and
 *   loaded again, and the call is answered from the database;
 * - while Redis cannot be reached, each call goes to the database store (after its counters are
 *   brought up to what Redis handed out), so joining and admission go on; rooms this instance
 *   touched meanwhile are dropped from Redis when it answers again.
 *
 * Leases and spent challenges: the lease stays in the database (one arbiter, renewed once a
 * second: no contention); a challenge is spent with SET NX in Redis, in the database while Redis
 * is away (a challenge spent in a lost Redis could be spent once more before it expires: it still
 * buys no second place, one place per account holds in the database).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import { isUniqueViolation } from '../accounts/users.js';
import type { Database } from '../db/schema.js';
import { DatabaseQueueStore } from './db-store.js';
import { catchUpCounters, loadRoom } from './redis-copy.js';
import { ADMIT, DRAW, JOIN, SOLD_OUT } from './redis-scripts.js';
import { drawOrder } from './shuffle.js';
import type { QueueEntry, QueueState, QueueStore } from './store.js';

type Script = (keys: string[], args: (string | number)[]) => Promise<unknown[]>;
const CHUNK = 1000;

/** "seq|position|status|admittedAtMs" → entry. */
function parseEntry(userId: string, text: string): QueueEntry {
  const [seq, position, status, admittedAt] = text.split('|');
  return {
    userId,
    seq: Number(seq),
    position: position === '' || position === undefined ? null : Number(position),
    status: status as QueueEntry['status'],
    admittedAt: admittedAt === '' || admittedAt === undefined ? null : new Date(Number(admittedAt)),
  };
}

/** The working copy disagrees with the database: drop it, answer from the database. */
class StaleCopy extends Error {}

export class RedisQueueStore implements QueueStore {
  private readonly database: DatabaseQueueStore;
  private readonly scripts: Record<'join' | 'draw' | 'admit' | 'soldOut', Script>;
  /** Rooms this instance changed in the database alone while Redis was away. */
  private readonly changedWithoutRedis = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly db: Kysely<Database>,
    private readonly namespace = 'iat:',
  ) {
    this.database = new DatabaseQueueStore(db);
    const script = (lua: string): Script => {
      const name = `queue${randomUUID().replace(/-/g, '')}`;
      redis.defineCommand(name, { numberOfKeys: 4, lua });
      const command = (redis as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown[]>>)[name];
      if (command === undefined) throw new Error('ioredis did not define the script');
      return (keys, args) => command.call(redis, ...keys, ...args);
    };
    this.scripts = { join: script(JOIN), draw: script(DRAW), admit: script(ADMIT), soldOut: script(SOLD_OUT) };
  }

  /** A function, not a property read: the status changes under an await. */
  private ready(): boolean {
    return this.redis.status === 'ready';
  }

  private keys(eventId: string): string[] {
    const base = `${this.namespace}queue:${eventId}:`;
    return [`${base}state`, `${base}users`, `${base}early`, `${base}line`];
  }

  /**
   * Runs `step` on the Redis copy: loads the room when it is missing, drops and reloads it when it
   * proves stale (`fromDatabase` answers that call), and falls back to the database while Redis
   * is unreachable.
   */
  private async withCopy<T>(eventId: string, step: () => Promise<T | 'missing'>, fromDatabase: () => Promise<T>): Promise<T> {
    if (this.redis.status !== 'ready') return this.withoutRedis(eventId, fromDatabase);
    try {
      if (this.changedWithoutRedis.delete(eventId)) await this.drop(eventId);
      for (let attempt = 0; attempt < 3; attempt++) {
        const answer = await step();
        if (answer !== 'missing') return answer;
        if (!(await loadRoom(this.redis, this.db, this.keys(eventId), eventId))) return await fromDatabase();
      }
      return await fromDatabase();
    } catch (err) {
      if (err instanceof StaleCopy) {
        await this.drop(eventId).catch(() => undefined);
        await catchUpCounters(this.db, eventId);
        return fromDatabase();
      }
      if (!this.ready()) return this.withoutRedis(eventId, fromDatabase);
      throw err;
    }
  }

  private async withoutRedis<T>(eventId: string, fromDatabase: () => Promise<T>): Promise<T> {
    this.changedWithoutRedis.add(eventId);
    await catchUpCounters(this.db, eventId);
    return fromDatabase();
  }

  private async drop(eventId: string): Promise<void> {
    await this.redis.del(...this.keys(eventId));
  }

  async join(eventId: string, userId: string, now: Date): Promise<{ entry: QueueEntry; created: boolean }> {
    return this.withCopy(
      eventId,
      async () => {
        const answer = (await this.scripts.join(this.keys(eventId), [userId])) as string[];
        if (answer[0] === 'missing') return 'missing' as const;
        const entry = parseEntry(userId, answer[1] ?? '');
        // Written before the answer, also for a join seen before (its process may have died
        // between Redis and the database): the row is the durable place.
        const inserted = await this.record(eventId, entry, now);
        if (!inserted && answer[0] === 'new') {
          // A repeat of this join may have written the row first; another seq there: stale copy.
          const row = await this.database.placeOf(eventId, userId);
          if (row?.seq !== entry.seq) throw new StaleCopy('the database placed this account already');
        }
        const latest = await this.settle(eventId, entry);
        return { entry: latest, created: answer[0] === 'new' };
      },
      () => this.database.join(eventId, userId, now),
    );
  }

  /** Inserts the entry row unless the account has one; a seq or position taken there: stale copy. */
  private async record(eventId: string, entry: QueueEntry, now: Date): Promise<boolean> {
    try {
      const result = await this.db
        .insertInto('queue_entries')
        .values({
          id: randomUUID(),
          event_id: eventId,
          user_id: entry.userId,
          seq: entry.seq,
          position: entry.position,
          status: entry.status,
          admitted_at: entry.admittedAt?.toISOString() ?? null,
          created_at: now.toISOString(),
        })
        .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // ON CONFLICT covers (event, user) only: a repeat of this same join inserting at the same
      // moment trips the seq index instead. Its row, with this seq, is the place.
      const row = await this.database.placeOf(eventId, entry.userId);
      if (row?.seq === entry.seq) return false;
      throw new StaleCopy('a seq or position the database gave already');
    }
  }

  /**
   * A draw or an admission may have reached this entry in Redis while its row was being written,
   * after it wrote the database's side: read Redis again and bring the row up to it.
   */
  private async settle(eventId: string, written: QueueEntry): Promise<QueueEntry> {
    const text = await this.redis.hget(this.keys(eventId)[1] ?? '', written.userId);
    const now = text === null ? written : parseEntry(written.userId, text);
    if (now.position !== written.position || now.status !== written.status) {
      await this.db
        .updateTable('queue_entries')
        // Only forward: a row the admission record already flipped is never set back to waiting
        // by this read, which may be older than that flip.
        .set({
          position: now.position,
          ...(now.status === 'waiting' ? {} : { status: now.status, admitted_at: now.admittedAt?.toISOString() ?? null }),
        })
        .where('event_id', '=', eventId)
        .where('user_id', '=', now.userId)
        .where('status', '=', 'waiting')
        .execute();
    }
    return now;
  }

  async placeOf(eventId: string, userId: string): Promise<QueueEntry | undefined> {
    if (this.redis.status !== 'ready') return this.database.placeOf(eventId, userId);
    try {
      const [stateKey, usersKey] = this.keys(eventId) as [string, string];
      const [[, exists], [, text]] = (await this.redis.multi().exists(stateKey).hget(usersKey, userId).exec()) as [
        [unknown, number],
        [unknown, string | null],
      ];
      if (exists === 1 && text !== null) return parseEntry(userId, text);
    } catch {
      // Redis went away under the call: the database answers.
    }
    // Not in the copy: never joined, or joined through the database (then the copy is stale).
    return this.database.placeOf(eventId, userId);
  }

  async placesOf(eventId: string, userIds: readonly string[]): Promise<QueueEntry[]> {
    if (userIds.length === 0) return [];
    if (this.ready()) {
      try {
        const [stateKey, usersKey] = this.keys(eventId) as [string, string];
        if ((await this.redis.exists(stateKey)) === 1) {
          const texts = await this.redis.hmget(usersKey, ...userIds);
          return texts.flatMap((text, i) => (text === null ? [] : [parseEntry(userIds[i] ?? '', text)]));
        }
      } catch {
        // the database answers
      }
    }
    return this.database.placesOf(eventId, userIds);
  }

  async draw(eventId: string, seed: Buffer, now: Date): Promise<boolean> {
    return this.withCopy(
      eventId,
      async () => {
        for (;;) {
          const n = await this.redis.zcard(this.keys(eventId)[2] ?? '');
          const order = drawOrder(seed, n).join(',');
          const [drew] = (await this.scripts.draw(this.keys(eventId), [seed.toString('hex'), now.getTime(), n, order])) as [
            number | 'missing',
          ];
          if (drew === 'missing') return 'missing' as const;
          if (drew === 0) return false;
          if (drew === 1) {
            await this.recordDraw(eventId, seed, n, now);
            return true;
          }
          // -1: someone joined between the count and the script; count again.
        }
      },
      () => this.database.draw(eventId, seed, now),
    );
  }

  /** The draw into the database: the guarded update (exactly once there too), then the positions. */
  private async recordDraw(eventId: string, seed: Buffer, drawn: number, now: Date): Promise<void> {
    const users = await this.redis.zrangebyscore(this.keys(eventId)[3] ?? '', 1, drawn, 'WITHSCORES');
    const placed: { user: string; position: number }[] = [];
    for (let i = 0; i < users.length; i += 2) placed.push({ user: users[i] ?? '', position: Number(users[i + 1]) });
    await this.db.transaction().execute(async (trx) => {
      const won = await trx
        .updateTable('queue_states')
        .set({
          seed: seed.toString('hex'),
          drawn_at: now.toISOString(),
          phase: 'admitting',
          drawn_count: drawn,
          placed_through: drawn,
          updated_at: now.toISOString(),
        })
        .where('event_id', '=', eventId)
        .where('drawn_at', 'is', null)
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) === 0) throw new StaleCopy('the database was drawn already');
      for (let i = 0; i < placed.length; i += CHUNK) {
        const values = sql.join(placed.slice(i, i + CHUNK).map((p) => sql`(${p.user}, ${p.position})`));
        // A CTE names the columns on both dialects (SQLite has no `(values ...) as v(u, p)`).
        await sql`with v(u, p) as (values ${values}) update queue_entries set position = cast(v.p as integer)
          from v where queue_entries.event_id = ${eventId} and queue_entries.user_id = v.u`.execute(trx);
      }
    });
  }

  async admitNext(eventId: string, count: number, now: Date): Promise<QueueEntry[]> {
    if (count <= 0) return [];
    return this.withCopy(
      eventId,
      async () => {
        const answer = (await this.scripts.admit(this.keys(eventId), [count, now.getTime()])) as (string | number)[];
        if (answer[0] === 'missing') return 'missing' as const;
        const [from, through] = [Number(answer[0]), Number(answer[1])];
        if (through <= from) return [];
        const admitted: QueueEntry[] = [];
        for (let i = 2; i < answer.length; i += 2) {
          admitted.push({
            userId: String(answer[i]),
            seq: 0,
            position: Number(answer[i + 1]),
            status: 'admitted',
            admittedAt: now,
          });
        }
        return this.recordAdmission(eventId, through, admitted, now);
      },
      () => this.database.admitNext(eventId, count, now),
    );
  }

  /**
   * The admission into the database. Redis's script already chose who (once, in order); several
   * instances' records may arrive out of order, or one never (its process died after the
   * script), so each record also admits any lower position the database still has waiting, and
   * moves admitted_through only forward. A row flips from waiting to admitted once, under its row
   * lock: each entry is answered by exactly the one call that flipped it, and a copy behind the
   * database (which admitted some already, Redis away) re-admits nobody.
   */
  private async recordAdmission(eventId: string, through: number, admitted: QueueEntry[], now: Date): Promise<QueueEntry[]> {
    return this.db.transaction().execute(async (trx) => {
      // The state row first: records of one room take their turn on it (and never deadlock).
      const before = await trx
        .updateTable('queue_states')
        .set({ updated_at: now.toISOString() })
        .where('event_id', '=', eventId)
        .returning(['admitted_through', 'placed_through'])
        .executeTakeFirstOrThrow();
      const flipped: { user_id: string; seq: number; position: number }[] = [];
      for (let i = 0; i < admitted.length; i += CHUNK) {
        const values = sql.join(admitted.slice(i, i + CHUNK).map((e) => sql`(${e.userId}, ${e.position})`));
        const { rows } = await sql<{ user_id: string; seq: number; position: number }>`with v(u, p) as (values ${values})
          update queue_entries set status = 'admitted', admitted_at = ${now.toISOString()}, position = cast(v.p as integer)
          from v where queue_entries.event_id = ${eventId} and queue_entries.user_id = v.u and queue_entries.status = 'waiting'
          returning queue_entries.user_id, queue_entries.seq, queue_entries.position`.execute(trx);
        flipped.push(...rows);
      }
      const gap = await trx
        .updateTable('queue_entries')
        .set({ status: 'admitted', admitted_at: now.toISOString() })
        .where('event_id', '=', eventId)
        .where('status', '=', 'waiting')
        .where('position', '>', before.admitted_through)
        .where('position', '<=', through)
        .returning(['user_id', 'seq', 'position'])
        .execute();
      flipped.push(...gap.map((g) => ({ user_id: g.user_id, seq: g.seq, position: g.position ?? 0 })));
      const placed = Math.max(before.placed_through, through);
      await trx
        .updateTable('queue_states')
        .set({ admitted_through: Math.max(before.admitted_through, through), placed_through: placed })
        .where('event_id', '=', eventId)
        .execute();
      return flipped
        .map((f) => ({
          userId: f.user_id,
          seq: f.seq,
          position: f.position,
          status: 'admitted' as const,
          admittedAt: now,
        }))
        .sort((a, b) => a.position - b.position);
    });
  }

  async markSoldOut(eventId: string, now: Date): Promise<number> {
    return this.withCopy(
      eventId,
      async () => {
        const [told] = (await this.scripts.soldOut(this.keys(eventId), [])) as [number | 'missing'];
        if (told === 'missing') return 'missing' as const;
        await this.database.markSoldOut(eventId, now);
        return told;
      },
      () => this.database.markSoldOut(eventId, now),
    );
  }

  async state(eventId: string): Promise<QueueState | undefined> {
    if (this.redis.status === 'ready') {
      try {
        const s = await this.redis.hgetall(this.keys(eventId)[0] ?? '');
        if (s.phase !== undefined) {
          return {
            phase: s.phase as QueueState['phase'],
            seed: s.seed === '' || s.seed === undefined ? null : s.seed,
            drawnAt: s.drawnAt === '' || s.drawnAt === undefined ? null : new Date(Number(s.drawnAt)),
            drawnCount: Number(s.drawn ?? 0),
            placedThrough: Number(s.placed ?? 0),
            admittedThrough: Number(s.admitted ?? 0),
            waiting: Number(s.waiting ?? 0),
            admitted: Number(s.admittedCount ?? 0),
          };
        }
      } catch {
        // the database answers
      }
    }
    return this.database.state(eventId);
  }

  admittedSince(eventId: string, since: Date): Promise<string[]> {
    return this.database.admittedSince(eventId, since);
  }

  async spendChallenge(challengeId: string, expiresAt: Date): Promise<boolean> {
    if (this.redis.status === 'ready') {
      try {
        const ttl = Math.max(1, expiresAt.getTime() - Date.now());
        return (await this.redis.set(`${this.namespace}queue:challenge:${challengeId}`, '1', 'PX', ttl, 'NX')) === 'OK';
      } catch {
        // the database spends it
      }
    }
    return this.database.spendChallenge(challengeId, expiresAt);
  }

  acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.database.acquireLease(name, holder, ttlMs, now);
  }

  releaseLease(name: string, holder: string): Promise<void> {
    return this.database.releaseLease(name, holder);
  }

  sweep(now: Date): Promise<void> {
    return this.database.sweep(now);
  }
}
