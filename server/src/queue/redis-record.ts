/**
 * The Redis store's record (redis-store.ts): what a join, the draw and an admission write into the
 * database after their Redis step, and the stale copy a write finds when the two disagree.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import { isUniqueViolation } from '../accounts/users.js';
import type { Database } from '../db/schema.js';
import { Batcher } from '../platform/batcher.js';
import type { DatabaseQueueStore } from './db-store.js';
import type { QueueEntry, QueueState } from './store.js';

const CHUNK = 1000;

/** "seq|position|status|admittedAtMs" → entry. */
export function parseEntry(userId: string, text: string): QueueEntry {
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
export class StaleCopy extends Error {}

interface EntryToRecord {
  eventId: string;
  entry: QueueEntry;
  now: Date;
}

/** Inserts the entries' rows, none for an account the event has one for; answers the accounts inserted. */
async function insertEntries(db: Kysely<Database>, items: EntryToRecord[]): Promise<Set<string>> {
  const rows = await db
    .insertInto('queue_entries')
    .values(
      items.map(({ eventId, entry, now }) => ({
        id: randomUUID(),
        event_id: eventId,
        user_id: entry.userId,
        seq: entry.seq,
        position: entry.position,
        status: entry.status,
        admitted_at: entry.admittedAt?.toISOString() ?? null,
        created_at: now.toISOString(),
      })),
    )
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
    .returning('user_id')
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Inserts the entry row unless the account has one; a seq or position taken there: stale copy. */
export async function recordEntry(
  db: Kysely<Database>,
  database: DatabaseQueueStore,
  eventId: string,
  entry: QueueEntry,
  now: Date,
): Promise<boolean> {
  try {
    return (await insertEntries(db, [{ eventId, entry, now }])).has(entry.userId);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // ON CONFLICT covers (event, user) only: a repeat of this same join inserting at the same
    // moment trips the seq index instead. Its row, with this seq, is the place.
    const row = await database.placeOf(eventId, entry.userId);
    if (row?.seq === entry.seq) return false;
    throw new StaleCopy('a seq or position the database gave already');
  }
}

/**
 * The entry rows of many joins at once: the joins that arrive while an insert runs go together in
 * the next, one multi-row insert for all (an on-sale's crowd joins one event thousands of times a
 * second; one statement each was the largest cost of a join). A batch that fails (a seq or
 * position the database gave already, one row of many) is retried one join at a time through
 * recordEntry, which tells a repeat of the same join from a stale copy. Two joins of one account
 * never share a batch. Each join still answers only after its row is committed.
 */
export class EntryRecorder {
  private readonly batcher: Batcher<EntryToRecord, boolean>;

  constructor(db: Kysely<Database>, database: DatabaseQueueStore) {
    this.batcher = new Batcher({
      run: async (items) => {
        if (items.length === 1) {
          const [{ eventId, entry, now }] = items as [EntryToRecord];
          return [await recordEntry(db, database, eventId, entry, now)];
        }
        const inserted = await insertEntries(db, items);
        return items.map((i) => inserted.has(i.entry.userId));
      },
      groupOf: (i) => i.eventId,
      exclusiveKeyOf: (i) => i.entry.userId,
      inFlightPerGroup: 2,
      retryAlone: true,
    });
  }

  /** As recordEntry: true when this call inserted the row. */
  record(eventId: string, entry: QueueEntry, now: Date): Promise<boolean> {
    return this.batcher.submit({ eventId, entry, now });
  }
}

/** The room's state hash in Redis → state; undefined when the copy has no room. */
export function parseState(s: Record<string, string>): QueueState | undefined {
  if (s.phase === undefined) return undefined;
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

/** What Redis holds for a joined account and its room, read after the entry row was written. */
export interface SettleRead {
  /** The account's entry text; null when the copy no longer has it. */
  text: string | null;
  /** The room's state hash; undefined when it could not be read. */
  state: Record<string, string> | undefined;
}

/**
 * The settle reads of many joins of one event at once: one MULTI (HMGET of their entries, the
 * room's state) for the joins whose rows were written in one turn.
 */
export async function readSettled(redis: Redis, keys: string[], userIds: string[]): Promise<SettleRead[]> {
  const replies = (await redis
    .multi()
    .hmget(keys[1] ?? '', ...userIds)
    .hgetall(keys[0] ?? '')
    // exec() answers null only for a MULTI whose WATCHed keys changed; this one watches none.
    .exec()) as [[Error | null, (string | null)[]], [Error | null, Record<string, string>]];
  const [[entriesError, texts], [stateError, state]] = replies;
  if (entriesError !== null) throw entriesError;
  return userIds.map((_, i) => ({ text: texts[i] ?? null, state: stateError === null ? state : undefined }));
}

/**
 * A draw or an admission may have reached this entry in Redis while its row was being written,
 * after it wrote the database's side: `read` is Redis read again (readSettled), and the row is
 * brought up to it. The room's state comes in the same read (the join's answer tells how many
 * are ahead).
 */
export async function settleEntry(
  db: Kysely<Database>,
  eventId: string,
  written: QueueEntry,
  read: SettleRead,
): Promise<{ entry: QueueEntry; state: QueueState | undefined }> {
  const now = read.text === null ? written : parseEntry(written.userId, read.text);
  if (now.position !== written.position || now.status !== written.status) {
    await db
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
  return { entry: now, state: read.state === undefined ? undefined : parseState(read.state) };
}

/** The draw into the database: the guarded update (exactly once there too), then the positions. */
export async function recordDraw(
  redis: Redis,
  db: Kysely<Database>,
  keys: string[],
  eventId: string,
  seed: Buffer,
  drawn: number,
  now: Date,
): Promise<void> {
  const users = await redis.zrangebyscore(keys[3] ?? '', 1, drawn, 'WITHSCORES');
  const placed: { user: string; position: number }[] = [];
  for (let i = 0; i < users.length; i += 2) placed.push({ user: users[i] ?? '', position: Number(users[i + 1]) });
  await db.transaction().execute(async (trx) => {
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

/**
 * The admission into the database. Redis's script already chose who (once, in order); several
 * instances' records may arrive out of order, or one never (its process died after the
 * script), so each record also admits any lower position the database still has waiting, and
 * moves admitted_through only forward. A row flips from waiting to admitted once, under its row
 * lock: each entry is answered by exactly the one call that flipped it, and a copy behind the
 * database (which admitted some already, Redis away) re-admits nobody.
 */
export async function recordAdmission(
  db: Kysely<Database>,
  eventId: string,
  through: number,
  admitted: QueueEntry[],
  now: Date,
): Promise<QueueEntry[]> {
  return db.transaction().execute(async (trx) => {
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
