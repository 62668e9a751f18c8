/**
 * The waiting room on Redis (issue 20, "Scale"): the same promises as DatabaseQueueStore
 * (store.ts), with the contended steps in Redis. The database store puts every join through one
 * row lock per event (queue_states.next_seq); here a join is one Lua script (seq and place in one
 * step) and one plain insert, so 50,000 people joining in a minute do not queue on one row.
 *
 * The database stays the record: every call writes what it changed there before it answers (an
 * entry row per join, positions at the draw, statuses at admission: redis-record.ts), and it stays
 * the arbiter of what must happen once: the draw's guarded update and admission's compare-and-set
 * on queue_states run as in the database store. Redis is a working copy that may be thrown away:
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
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Database } from '../db/schema.js';
import { DatabaseQueueStore } from './db-store.js';
import { loadRoom } from './redis-copy.js';
import { Batcher } from '../platform/batcher.js';
import {
  EntryRecorder,
  parseEntry,
  parseState,
  readSettled,
  recordAdmission,
  recordDraw,
  settleEntry,
  StaleCopy,
  type SettleRead,
} from './redis-record.js';
import { ADMIT, DRAW, JOIN, SOLD_OUT } from './redis-scripts.js';
import { drawOrder } from './shuffle.js';
import {
  ChallengeSpent,
  type JoinAnswer,
  type JoinChallenge,
  type QueueEntry,
  type QueueState,
  type QueueStore,
} from './store.js';

type Script = (keys: string[], args: (string | number)[]) => Promise<unknown[]>;

/** One join's step in the room's JOIN script; its answer: ['missing'], ['spent'], ['old', entry] or ['new', entry]. */
interface JoinStep {
  eventId: string;
  userId: string;
  challengeKey: string;
  /** Ms the challenge stays spendable; '' for a join without one. */
  ttl: number | '';
}

/** How many joins one script call or settle read takes (a script's keys grow with its joins). */
const JOINS_PER_CALL = 100;

export class RedisQueueStore implements QueueStore {
  private readonly database: DatabaseQueueStore;
  private readonly entries: EntryRecorder;
  private readonly scripts: Record<'join' | 'draw' | 'admit' | 'soldOut', Script>;
  /** Rooms this instance changed in the database alone while Redis was away. */
  private readonly changedWithoutRedis = new Set<string>();
  /**
   * The joins of one event that arrive together go to Redis together: one JOIN script for their
   * steps, then one read to settle them (an on-sale's crowd joins thousands of times a second,
   * and a command each was the largest share of a join's writes). Each join keeps its own answer
   * and its own recovery (a missing or stale copy) in join().
   */
  private readonly joinSteps: Batcher<JoinStep, string[]>;
  private readonly settleReads: Batcher<{ eventId: string; userId: string }, SettleRead>;

  constructor(
    private readonly redis: Redis,
    private readonly db: Kysely<Database>,
    private readonly namespace = 'iat:',
  ) {
    this.database = new DatabaseQueueStore(db);
    this.entries = new EntryRecorder(db, this.database);
    // Without numberOfKeys, ioredis takes the key count as the first argument (JOIN's varies).
    const script = (lua: string, numberOfKeys?: number): Script => {
      const name = `queue${randomUUID().replace(/-/g, '')}`;
      redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { numberOfKeys, lua });
      const command = (redis as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown[]>>)[name];
      if (command === undefined) throw new Error('ioredis did not define the script');
      return numberOfKeys === undefined
        ? (keys, args) => command.call(redis, keys.length, ...keys, ...args)
        : (keys, args) => command.call(redis, ...keys, ...args);
    };
    this.scripts = { join: script(JOIN), draw: script(DRAW, 4), admit: script(ADMIT, 4), soldOut: script(SOLD_OUT, 4) };
    this.joinSteps = new Batcher({
      run: async (steps, eventId) => {
        const keys = [...this.keys(eventId), ...steps.map((s) => s.challengeKey)];
        const answer = (await this.scripts.join(
          keys,
          steps.flatMap((s) => [s.userId, s.ttl]),
        )) as string[];
        if (answer[0] === 'missing') return steps.map(() => ['missing']);
        return steps.map((_, i) => [answer[2 * i] ?? '', answer[2 * i + 1] ?? '']);
      },
      groupOf: (s) => s.eventId,
      inFlightPerGroup: 2,
      maxWeight: JOINS_PER_CALL,
    });
    this.settleReads = new Batcher({
      run: (items, eventId) =>
        readSettled(
          this.redis,
          this.keys(eventId),
          items.map((i) => i.userId),
        ),
      groupOf: (i) => i.eventId,
      inFlightPerGroup: 2,
      maxWeight: JOINS_PER_CALL,
    });
  }

  /** A function, not a property read: the status changes under an await. */
  private ready(): boolean {
    return this.redis.status === 'ready';
  }

  private challengeKey(challengeId: string): string {
    return `${this.namespace}queue:challenge:${challengeId}`;
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
      // A spent challenge is an answer, not a failure of the copy.
      if (err instanceof ChallengeSpent) throw err;
      if (err instanceof StaleCopy) {
        await this.drop(eventId).catch(() => undefined);
        await this.database.catchUpCounters(eventId);
        return fromDatabase();
      }
      if (!this.ready()) return this.withoutRedis(eventId, fromDatabase);
      throw err;
    }
  }

  private async withoutRedis<T>(eventId: string, fromDatabase: () => Promise<T>): Promise<T> {
    this.changedWithoutRedis.add(eventId);
    await this.database.catchUpCounters(eventId);
    return fromDatabase();
  }

  private async drop(eventId: string): Promise<void> {
    await this.redis.del(...this.keys(eventId));
  }

  async join(eventId: string, userId: string, now: Date, challenge?: JoinChallenge): Promise<JoinAnswer> {
    return this.withCopy(
      eventId,
      async () => {
        const answer = await this.joinSteps.submit({
          eventId,
          userId,
          challengeKey: this.challengeKey(challenge?.id ?? ''),
          ttl: challenge === undefined ? '' : Math.max(1, challenge.expiresAt.getTime() - Date.now()),
        });
        if (answer[0] === 'missing') return 'missing' as const;
        if (answer[0] === 'spent') throw new ChallengeSpent();
        const entry = parseEntry(userId, answer[1] ?? '');
        // Written before the answer, also for a join seen before (its process may have died
        // between Redis and the database): the row is the durable place.
        const inserted = await this.entries.record(eventId, entry, now);
        if (!inserted && answer[0] === 'new') {
          // A repeat of this join may have written the row first; another seq there: stale copy.
          const row = await this.database.placeOf(eventId, userId);
          if (row?.seq !== entry.seq) throw new StaleCopy('the database placed this account already');
        }
        const latest = await settleEntry(this.db, eventId, entry, await this.settleReads.submit({ eventId, userId }));
        return { ...latest, created: answer[0] === 'new' };
      },
      () => this.database.join(eventId, userId, now, challenge),
    );
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
            await recordDraw(this.redis, this.db, this.keys(eventId), eventId, seed, n, now);
            return true;
          }
          // -1: someone joined between the count and the script; count again.
        }
      },
      () => this.database.draw(eventId, seed, now),
    );
  }

  async admitNext(eventId: string, count: number, now: Date, after?: number): Promise<QueueEntry[]> {
    if (count <= 0) return [];
    return this.withCopy(
      eventId,
      async () => {
        const answer = (await this.scripts.admit(this.keys(eventId), [count, now.getTime(), after ?? ''])) as (string | number)[];
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
        return recordAdmission(this.db, eventId, through, admitted, now);
      },
      () => this.database.admitNext(eventId, count, now, after),
    );
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
        const state = parseState(await this.redis.hgetall(this.keys(eventId)[0] ?? ''));
        if (state !== undefined) return state;
      } catch {
        // the database answers
      }
    }
    return this.database.state(eventId);
  }

  admittedCountSince(eventId: string, since: Date): Promise<number> {
    return this.database.admittedCountSince(eventId, since);
  }

  admittedSince(eventId: string, since: Date): Promise<string[]> {
    return this.database.admittedSince(eventId, since);
  }

  async spendChallenge(challengeId: string, expiresAt: Date): Promise<boolean> {
    if (this.redis.status === 'ready') {
      try {
        const ttl = Math.max(1, expiresAt.getTime() - Date.now());
        return (await this.redis.set(this.challengeKey(challengeId), '1', 'PX', ttl, 'NX')) === 'OK';
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
