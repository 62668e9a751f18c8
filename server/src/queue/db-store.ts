/**
 * The waiting room in the database (store.ts has the promises). The event's queue_states row is
 * the room's lock: a join bumps next_seq on it before inserting, the draw's guarded update takes
 * it too, so a join either lands before the draw (and is drawn) or after it (and is placed at the
 * end), never in between. Admission moves admitted_through by compare-and-set on that row, in the
 * same transaction as the entries it admits.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { isUniqueViolation } from '../accounts/users.js';
import type { Database, QueueEntriesTable } from '../db/schema.js';
import { drawOrder } from './shuffle.js';
import {
  ChallengeSpent,
  type JoinAnswer,
  type JoinChallenge,
  type QueueEntry,
  type QueueState,
  type QueueStore,
} from './store.js';

const toDate = (value: string | Date | null) => (value === null ? null : new Date(value));
const toEntry = (row: Selectable<QueueEntriesTable>): QueueEntry => ({
  userId: row.user_id,
  seq: row.seq,
  position: row.position === null ? null : row.position,
  status: row.status,
  admittedAt: toDate(row.admitted_at),
});
/** Rows per statement when positions are written: well under both dialects' parameter limits. */
const CHUNK = 1000;
/**
 * Tries of a join whose seq or position another writer took meanwhile. Each refusal is another
 * join's committed row (PostgreSQL's insert waits for the row's transaction to end), so the
 * counters raised past it make progress; only a crowd placed through a Redis copy at the same
 * moment can refuse it again, once per row that copy has in flight.
 */
const JOIN_ATTEMPTS = 50;

export class DatabaseQueueStore implements QueueStore {
  constructor(private readonly db: Kysely<Database>) {}

  async join(eventId: string, userId: string, now: Date, challenge?: JoinChallenge): Promise<JoinAnswer> {
    if (challenge !== undefined && !(await this.spendChallenge(challenge.id, challenge.expiresAt))) throw new ChallengeSpent();
    const existing = await this.placeOf(eventId, userId);
    if (existing !== undefined) return { entry: existing, created: false };
    for (let attempt = 1; ; attempt++) {
      try {
        return { entry: await this.insertEntry(eventId, userId, now), created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // The same account joining twice at once: the unique (event, user) index let one in.
        const entry = await this.placeOf(eventId, userId);
        if (entry !== undefined) return { entry, created: false };
        // Not this account's row: a Redis copy of the room, reloaded meanwhile, handed out this
        // seq or position too. Raise the counters past what the rows hold and take the next.
        if (attempt >= JOIN_ATTEMPTS) throw err;
        await this.catchUpCounters(eventId);
      }
    }
  }

  /**
   * This store bumps queue_states.next_seq per join and placed_through per late arrival; joins
   * through a Redis copy leave them behind. Raised to the highest seq and position the rows hold
   * (idempotent: only ever raised) before this store takes a room over, and when a join finds its
   * seq taken.
   */
  async catchUpCounters(eventId: string): Promise<void> {
    const highest = (column: 'seq' | 'position') =>
      sql<number>`(select coalesce(max(${sql.ref(column)}), 0) from queue_entries where event_id = ${eventId})`;
    await this.db
      .updateTable('queue_states')
      .set({ next_seq: highest('seq') })
      .where('event_id', '=', eventId)
      .where('next_seq', '<', highest('seq'))
      .execute();
    await this.db
      .updateTable('queue_states')
      .set({ placed_through: highest('position') })
      .where('event_id', '=', eventId)
      .where('drawn_at', 'is not', null)
      .where('placed_through', '<', highest('position'))
      .execute();
  }

  /** The account's entry, with the room's next seq (and the next position once drawn). */
  private insertEntry(eventId: string, userId: string, now: Date): Promise<QueueEntry> {
    return this.db.transaction().execute(async (trx) => {
      await this.ensureState(trx, eventId, now);
      const state = await trx
        .updateTable('queue_states')
        .set((eb) => ({
          next_seq: eb('next_seq', '+', 1),
          // After the draw (and before a sell-out) a newcomer takes the next position at the end.
          placed_through: sql<number>`case when drawn_at is not null and phase = 'admitting'
            then placed_through + 1 else placed_through end`,
          updated_at: now.toISOString(),
        }))
        .where('event_id', '=', eventId)
        .returning(['next_seq', 'placed_through', 'drawn_at', 'phase'])
        .executeTakeFirstOrThrow();
      const row = {
        id: randomUUID(),
        event_id: eventId,
        user_id: userId,
        seq: state.next_seq,
        position: state.drawn_at !== null && state.phase === 'admitting' ? state.placed_through : null,
        status: state.phase === 'sold_out' ? ('sold_out' as const) : ('waiting' as const),
        admitted_at: null,
        created_at: now.toISOString(),
      };
      await trx.insertInto('queue_entries').values(row).execute();
      return toEntry(row);
    });
  }

  async placeOf(eventId: string, userId: string): Promise<QueueEntry | undefined> {
    const row = await this.db
      .selectFrom('queue_entries')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row === undefined ? undefined : toEntry(row);
  }

  async placesOf(eventId: string, userIds: readonly string[]): Promise<QueueEntry[]> {
    const entries: QueueEntry[] = [];
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('queue_entries')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('user_id', 'in', userIds.slice(i, i + CHUNK))
        .execute();
      entries.push(...rows.map(toEntry));
    }
    return entries;
  }

  async draw(eventId: string, seed: Buffer, now: Date): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await this.ensureState(trx, eventId, now);
      // The guard: only the first caller finds drawn_at null; the others wait on the row, then miss.
      const won = await trx
        .updateTable('queue_states')
        .set({ seed: seed.toString('hex'), drawn_at: now.toISOString(), phase: 'admitting', updated_at: now.toISOString() })
        .where('event_id', '=', eventId)
        .where('drawn_at', 'is', null)
        .where('phase', '=', 'gathering')
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) === 0) return false;
      const entries = await trx
        .selectFrom('queue_entries')
        .select('id')
        .where('event_id', '=', eventId)
        .where('position', 'is', null)
        .where('status', '=', 'waiting')
        .orderBy('seq')
        .execute();
      const order = drawOrder(seed, entries.length);
      const placed = order.map((index, i) => ({ id: (entries[index] as { id: string }).id, position: i + 1 }));
      for (let i = 0; i < placed.length; i += CHUNK) await this.writePositions(trx, placed.slice(i, i + CHUNK));
      await trx
        .updateTable('queue_states')
        .set({ drawn_count: placed.length, placed_through: placed.length })
        .where('event_id', '=', eventId)
        .execute();
      return true;
    });
  }

  private async writePositions(trx: Transaction<Database>, rows: { id: string; position: number }[]): Promise<void> {
    const values = sql.join(rows.map((r) => sql`(${r.id}, ${r.position})`));
    // A CTE both dialects read alike (SQLite cannot name a VALUES list's columns in FROM).
    await sql`with v(id, p) as (values ${values})
      update queue_entries set position = (select cast(v.p as integer) from v where v.id = queue_entries.id)
      where id in (select id from v)`.execute(trx);
  }

  async admitNext(eventId: string, count: number, now: Date, after?: number): Promise<QueueEntry[]> {
    if (count <= 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const state = await trx
        .selectFrom('queue_states')
        .select(['admitted_through', 'placed_through', 'phase'])
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      if (state?.phase !== 'admitting') return [];
      const from = state.admitted_through;
      if (after !== undefined && from !== after) return []; // the caller's count is stale
      const through = Math.min(from + count, state.placed_through);
      if (through <= from) return [];
      // Compare-and-set: a concurrent admitter that read the same `from` finds it moved and admits nothing.
      const moved = await trx
        .updateTable('queue_states')
        .set({ admitted_through: through, updated_at: now.toISOString() })
        .where('event_id', '=', eventId)
        .where('admitted_through', '=', from)
        .where('phase', '=', 'admitting')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return [];
      const rows = await trx
        .updateTable('queue_entries')
        .set({ status: 'admitted', admitted_at: now.toISOString() })
        .where('event_id', '=', eventId)
        .where('position', '>', from)
        .where('position', '<=', through)
        .where('status', '=', 'waiting')
        .returningAll()
        .execute();
      return rows.map(toEntry).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    });
  }

  async markSoldOut(eventId: string, now: Date): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await this.ensureState(trx, eventId, now);
      await trx
        .updateTable('queue_states')
        .set({ phase: 'sold_out', updated_at: now.toISOString() })
        .where('event_id', '=', eventId)
        .execute();
      const told = await trx
        .updateTable('queue_entries')
        .set({ status: 'sold_out' })
        .where('event_id', '=', eventId)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      return Number(told.numUpdatedRows);
    });
  }

  async state(eventId: string): Promise<QueueState | undefined> {
    const row = await this.db.selectFrom('queue_states').selectAll().where('event_id', '=', eventId).executeTakeFirst();
    if (row === undefined) return undefined;
    const counts = await this.db
      .selectFrom('queue_entries')
      .select(['status', sql<string | number>`count(*)`.as('n')])
      .where('event_id', '=', eventId)
      .where('status', 'in', ['waiting', 'admitted'])
      .groupBy('status')
      .execute();
    const count = (status: string) => Number(counts.find((c) => c.status === status)?.n ?? 0);
    return {
      phase: row.phase,
      seed: row.seed,
      drawnAt: toDate(row.drawn_at),
      drawnCount: row.drawn_count,
      placedThrough: row.placed_through,
      admittedThrough: row.admitted_through,
      waiting: count('waiting'),
      admitted: count('admitted'),
    };
  }

  async admittedCountSince(eventId: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('queue_entries')
      .select(sql<string | number>`count(*)`.as('n'))
      .where('event_id', '=', eventId)
      .where('status', '=', 'admitted')
      .where('admitted_at', '>=', since.toISOString())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async admittedSince(eventId: string, since: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom('queue_entries')
      .select('user_id')
      .where('event_id', '=', eventId)
      .where('status', '=', 'admitted')
      .where('admitted_at', '>=', since.toISOString())
      .execute();
    return rows.map((r) => r.user_id);
  }

  async spendChallenge(challengeId: string, expiresAt: Date): Promise<boolean> {
    const inserted = await this.db
      .insertInto('queue_challenges')
      .values({ id: challengeId, expires_at: expiresAt.toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const nowMs = now.getTime();
    const row = await this.db
      .insertInto('queue_leases')
      .values({ name, holder, expires_at: nowMs + ttlMs })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_at: nowMs + ttlMs })
          // Renew our own lease, or take one its holder stopped renewing.
          .where((eb) => eb.or([eb('queue_leases.holder', '=', holder), eb('queue_leases.expires_at', '<', nowMs)])),
      )
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === holder;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('queue_leases').where('name', '=', name).where('holder', '=', holder).execute();
  }

  async sweep(now: Date): Promise<void> {
    await this.db.deleteFrom('queue_challenges').where('expires_at', '<', now.toISOString()).execute();
  }

  private async ensureState(trx: Transaction<Database>, eventId: string, now: Date): Promise<void> {
    await trx
      .insertInto('queue_states')
      .values({ event_id: eventId, updated_at: now.toISOString() })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  }
}
