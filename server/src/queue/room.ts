/**
 * The waiting room's rules for one caller: join (proof of work, one place per account), read
 * one's place with its pass, and check a pass on the hold path. The store keeps the places; this
 * module turns them into what API.md promises.
 */
import type { QueueChallenge, QueueJoinRequest, QueuePlace } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { PubSub } from '../cache/cache.js';
import type { Database } from '../db/schema.js';
import { Batcher } from '../platform/batcher.js';
import { AppError, errors } from '../platform/errors.js';
import { QUEUE_CHANNEL, type QueueJoined } from './messages.js';
import { checkSolution, issueChallenge } from './challenge.js';
import { issuePass, passIsValid } from './pass.js';
import { ChallengeSpent, type QueueEntry, type QueueState, type QueueStore } from './store.js';

export interface RoomEvent {
  id: string;
  status: string;
  enabled: boolean;
  opensAt: Date | null;
  salesStartAt: Date | null;
  admitPerMinute: number | null;
  passMinutes: number;
  maxTicketsPerOrder: number;
  waitlistEnabled: boolean;
}

const ROOM_COLUMNS = [
  'id',
  'status',
  'queue_enabled',
  'queue_opens_at',
  'sales_start_at',
  'queue_admit_per_minute',
  'queue_pass_minutes',
  'max_tickets_per_order',
  'waitlist_enabled',
] as const;

function selectRoomEvents(db: Kysely<Database>, eventIds: string[]) {
  return db.selectFrom('events').select(ROOM_COLUMNS).where('id', 'in', eventIds).execute();
}

function toRoomEvent(row: Awaited<ReturnType<typeof selectRoomEvents>>[number]): RoomEvent {
  return {
    id: row.id,
    status: row.status,
    enabled: row.queue_enabled === 1,
    opensAt: row.queue_opens_at === null ? null : new Date(row.queue_opens_at),
    salesStartAt: row.sales_start_at === null ? null : new Date(row.sales_start_at),
    admitPerMinute: row.queue_admit_per_minute,
    passMinutes: row.queue_pass_minutes,
    maxTicketsPerOrder: row.max_tickets_per_order,
    waitlistEnabled: row.waitlist_enabled === 1,
  };
}

export async function loadRoomEvent(db: Kysely<Database>, eventId: string): Promise<RoomEvent | undefined> {
  const [row] = await selectRoomEvents(db, [eventId]);
  return row === undefined ? undefined : toRoomEvent(row);
}

/**
 * The room reads of many joins at once (an on-sale's crowd joins one event): those that arrive
 * while a read runs go together in the next, one query for all (as session lookups do). A read
 * never joins a query already sent, so it sees every change committed before it arrived.
 */
class RoomEventLookups {
  private readonly batcher: Batcher<string, RoomEvent | undefined>;

  constructor(db: Kysely<Database>) {
    this.batcher = new Batcher({
      run: async (eventIds) => {
        const rows = await selectRoomEvents(db, [...new Set(eventIds)]);
        const found = new Map(rows.map((r) => [r.id, toRoomEvent(r)]));
        return eventIds.map((id) => found.get(id));
      },
      inFlightPerGroup: 2,
    });
  }

  find(eventId: string): Promise<RoomEvent | undefined> {
    return this.batcher.submit(eventId);
  }
}

/**
 * Announces new places on the `queue` channel: the joins of one event answered in one turn go in
 * one message (an on-sale's crowd joins thousands of times a second; one PUBLISH each was a fifth
 * of its Redis writes). A lost message only delays a socket's first update until the next tick.
 */
class JoinAnnouncer {
  private readonly batcher: Batcher<{ eventId: string; userId: string }, undefined>;

  constructor(pubsub: PubSub) {
    this.batcher = new Batcher({
      run: async (items, eventId) => {
        const joined: QueueJoined = { kind: 'joined', eventId, userIds: items.map((i) => i.userId) };
        await pubsub.publish(QUEUE_CHANNEL, joined).catch(() => 0); // live updates are a courtesy; the place is kept
        return items.map(() => undefined);
      },
      groupOf: (i) => i.eventId,
      inFlightPerGroup: 2,
      maxWeight: 1000,
    });
  }

  announce(eventId: string, userId: string): Promise<undefined> {
    return this.batcher.submit({ eventId, userId });
  }
}

export interface QueueRoomOptions {
  db: Kysely<Database>;
  store: QueueStore;
  /** Signs challenges and passes; every instance must share it. */
  secret: string;
  difficulty: number;
  /** Where a join is announced (the `queue` channel), so live updates follow the new place. */
  pubsub?: PubSub;
  now?: () => Date;
}

export class QueueRoom {
  readonly db: Kysely<Database>;
  readonly store: QueueStore;
  private readonly secret: string;
  private readonly difficulty: number;
  private readonly announcer: JoinAnnouncer | undefined;
  readonly now: () => Date;
  /** Admissions per minute last seen for each event (from the admission loop's ticks): the estimate's rate. */
  readonly observedRate = new Map<string, number>();
  private readonly rooms: RoomEventLookups;

  constructor(options: QueueRoomOptions) {
    this.db = options.db;
    this.rooms = new RoomEventLookups(options.db);
    this.store = options.store;
    this.secret = options.secret;
    this.difficulty = options.difficulty;
    this.announcer = options.pubsub === undefined ? undefined : new JoinAnnouncer(options.pubsub);
    this.now = options.now ?? (() => new Date());
  }

  challenge(): QueueChallenge {
    return issueChallenge(this.secret, this.difficulty, this.now());
  }

  private async openRoom(eventId: string): Promise<RoomEvent> {
    const event = await this.rooms.find(eventId);
    if (event?.status !== 'published') throw errors.notFound('event');
    if (!event.enabled) throw errors.notFound('resource');
    return event;
  }

  /** POST /events/:id/queue: the place, and whether it is new (201) or the one already held (200). */
  async join(eventId: string, userId: string, body: QueueJoinRequest): Promise<{ place: QueuePlace; created: boolean }> {
    const event = await this.openRoom(eventId);
    const now = this.now();
    // Before the solution: nobody spends work (or a challenge) on a room that is not open.
    if (event.opensAt !== null && now < event.opensAt) {
      throw new AppError('queue_not_open', 'The waiting room of this event is not open yet; join it once it opens.');
    }
    const checked = checkSolution(this.secret, this.difficulty, body.challenge, body.solution, now);
    if (checked === undefined) throw new AppError('challenge_failed', 'The solution is wrong, or the challenge expired.');
    const { entry, created, state } = await this.store
      .join(eventId, userId, now, { id: checked.id, expiresAt: checked.expiresAt })
      .catch((err: unknown) => {
        if (err instanceof ChallengeSpent) throw new AppError('challenge_failed', err.message);
        throw err;
      });
    if (created) await this.announcer?.announce(eventId, userId);
    return { place: this.toPlace(event, entry, state ?? (await this.store.state(eventId))), created };
  }

  /** GET /events/:id/queue: the caller's place (404 when they have none). */
  async placeOf(eventId: string, userId: string): Promise<QueuePlace> {
    const event = await this.openRoom(eventId);
    const entry = await this.store.placeOf(eventId, userId);
    if (entry === undefined) throw errors.notFound('resource');
    return this.toPlace(event, entry, await this.store.state(eventId));
  }

  toPlace(event: RoomEvent, entry: QueueEntry, state: QueueState | undefined): QueuePlace {
    const admittedThrough = state?.admittedThrough ?? 0;
    const ahead = entry.status === 'waiting' && entry.position !== null ? Math.max(0, entry.position - admittedThrough - 1) : 0;
    const place: QueuePlace = {
      status: entry.status,
      position: entry.position,
      ahead,
      estimatedWaitSeconds:
        entry.status === 'waiting' ? this.estimate(event, entry, ahead) : entry.status === 'admitted' ? 0 : null,
    };
    if (entry.status === 'admitted' && entry.admittedAt !== null) {
      const expires = new Date(entry.admittedAt.getTime() + event.passMinutes * 60_000);
      place.pass = issuePass(this.secret, event.id, entry.userId, expires);
      place.passExpiresAt = expires.toISOString();
    }
    return place;
  }

  /** Seconds until admission at the set rate (or the rate seen lately); null when nobody can tell yet. */
  estimate(event: Pick<RoomEvent, 'id' | 'admitPerMinute'>, entry: Pick<QueueEntry, 'position'>, ahead: number): number | null {
    if (entry.position === null) return null;
    const rate = event.admitPerMinute ?? this.observedRate.get(event.id) ?? 0;
    return rate > 0 ? Math.ceil(((ahead + 1) / rate) * 60) : null;
  }

  /**
   * The hold path's check (reservations call it through api.ts with the `queue_enabled` their
   * first read saw): while the event's room is on, a hold needs a valid pass for this account and
   * event. Passes are checked before the draw too: nobody holds before the room admits them.
   */
  requirePass(queueEnabled: boolean, eventId: string, userId: string, pass: string | undefined): void {
    if (!queueEnabled) return;
    if (pass !== undefined && passIsValid(this.secret, pass, eventId, userId, this.now())) return;
    throw new AppError('queue_required', 'Holding tickets for this event needs a pass from its waiting room.');
  }
}
