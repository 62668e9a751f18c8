/**
 * Between the Redis store's working copy of a room and the database, its record: loading a room
 * into Redis (first use, Redis back empty, a copy dropped as stale). The other way, the database
 * store's counters are brought up to what Redis handed out by DatabaseQueueStore.catchUpCounters.
 */
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Database } from '../db/schema.js';

const CHUNK = 1000;
const LOAD_LOCK_MS = 30_000;
const LOAD_WAIT_MS = 5000;

/**
 * Copies the room from the database into Redis (`keys`: state, users, early, line), one instance
 * at a time: the others wait for it, then find it. The state hash is written last, in the same
 * MULTI: a script finds either no room or a whole one.
 */
export async function loadRoom(redis: Redis, db: Kysely<Database>, keys: string[], eventId: string): Promise<boolean> {
  const [stateKey, usersKey, earlyKey, lineKey] = keys as [string, string, string, string];
  const lockKey = `${stateKey}:loading`;
  const deadline = Date.now() + LOAD_WAIT_MS;
  while ((await redis.set(lockKey, '1', 'PX', LOAD_LOCK_MS, 'NX')) !== 'OK') {
    if ((await redis.exists(stateKey)) === 1) return true;
    if (Date.now() > deadline) throw new Error('the waiting room is being loaded into Redis elsewhere');
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    if ((await redis.exists(stateKey)) === 1) return true;
    // The database's row comes first: the draw and admission record themselves on it.
    await db
      .insertInto('queue_states')
      .values({ event_id: eventId, updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    const row = await db.selectFrom('queue_states').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
    const entries = await db
      .selectFrom('queue_entries')
      .select(['user_id', 'seq', 'position', 'status', 'admitted_at'])
      .where('event_id', '=', eventId)
      .execute();
    const multi = redis.multi().del(usersKey, earlyKey, lineKey);
    let seq = row.next_seq;
    let placed = row.placed_through;
    let waiting = 0;
    let admitted = 0;
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      const fields: string[] = [];
      for (const e of chunk) {
        const at = e.admitted_at === null ? '' : String(Date.parse(e.admitted_at));
        fields.push(e.user_id, `${e.seq}|${e.position ?? ''}|${e.status}|${at}`);
        seq = Math.max(seq, e.seq);
        if (e.position !== null) placed = Math.max(placed, e.position);
        if (e.status === 'waiting') waiting++;
        if (e.status === 'admitted') admitted++;
      }
      multi.hset(usersKey, ...fields);
      const early = chunk.filter((e) => e.position === null && e.status === 'waiting').flatMap((e) => [e.seq, e.user_id]);
      const line = chunk.filter((e) => e.position !== null).flatMap((e) => [Number(e.position), e.user_id]);
      if (early.length > 0) multi.zadd(earlyKey, ...early);
      if (line.length > 0) multi.zadd(lineKey, ...line);
    }
    multi.hset(stateKey, {
      phase: row.phase,
      seq,
      placed,
      admitted: row.admitted_through,
      drawn: row.drawn_count,
      seed: row.seed ?? '',
      drawnAt: row.drawn_at === null ? '' : String(Date.parse(row.drawn_at)),
      waiting,
      admittedCount: admitted,
    });
    await multi.exec();
    return true;
  } finally {
    await redis.del(lockKey);
  }
}
