/**
 * The admission loop: one instance at a time (a lease in the store, renewed every tick; another
 * instance takes over when the holder stops renewing) draws each room's order at salesStartAt,
 * admits the next positions at the room's rate or automatically, and tells everyone still waiting
 * when the event sells out. Each change is published once per event on the `queue` channel; every
 * instance turns it into its own sockets' updates (realtime/queue-push.ts), so a tick costs one
 * message however many people wait.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { PubSub } from '../cache/cache.js';
import { QUEUE_CHANNEL, type QueueTick } from './messages.js';
import { loadRoomEvent, type QueueRoom, type RoomEvent } from './room.js';
import { newSeed } from './shuffle.js';
import type { QueueState } from './store.js';

const LEASE = 'queue-admission';
/** At most this many admitted per event and tick: one tick's transaction stays short. */
const MAX_PER_TICK = 5000;

export interface AdmissionOptions {
  tickMs?: number;
  leaseMs?: number;
  log?: Pick<Logger, 'warn'>;
}

export class AdmissionLoop {
  readonly holder = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly tickMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly room: QueueRoom,
    private readonly pubsub: PubSub,
    private readonly options: AdmissionOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 5000;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running !== undefined) return; // a slow tick: never two at once on one instance
      this.running = this.tick()
        .then(() => undefined)
        .catch((err: unknown) => this.options.log?.warn({ err }, 'waiting-room tick failed'))
        .finally(() => (this.running = undefined));
    }, this.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.room.store.releaseLease(LEASE, this.holder).catch(() => undefined);
  }

  /** One round over every open room; false when another instance holds the lease. */
  async tick(): Promise<boolean> {
    const { store, db } = this.room;
    if (!(await store.acquireLease(LEASE, this.holder, this.leaseMs, this.room.now()))) return false;
    const rooms = await db
      .selectFrom('events')
      .leftJoin('queue_states', 'queue_states.event_id', 'events.id')
      .select('events.id')
      .where('events.queue_enabled', '=', 1)
      .where('events.status', '=', 'published')
      .where('events.sales_start_at', 'is not', null)
      .where((eb) => eb.or([eb('queue_states.phase', 'is', null), eb('queue_states.phase', '!=', 'sold_out')]))
      .execute();
    for (const { id } of rooms) {
      const event = await loadRoomEvent(db, id);
      if (event !== undefined) await this.tend(event);
    }
    await store.sweep(this.room.now());
    return true;
  }

  /** Draw, admit or close one room, and publish what moved. */
  async tend(event: RoomEvent): Promise<void> {
    const { store } = this.room;
    const now = this.room.now();
    if (event.salesStartAt === null || now < event.salesStartAt) return;
    let drawn = false;
    let state = await store.state(event.id);
    if (state?.drawnAt == null) {
      drawn = await store.draw(event.id, newSeed(), now);
      state = await store.state(event.id);
    }
    if (state === undefined) return;
    // A listed room whose state says sold_out: the store's working copy (Redis) told the sell-out
    // and the database never recorded it (its instance died between the two). Record and tell it.
    const tickets = state.phase === 'sold_out' ? undefined : await this.tickets(event.id);
    if (tickets === undefined || tickets.unsold <= 0) {
      await store.markSoldOut(event.id, now);
      await this.publish(event, 'sold_out', state.admittedThrough, drawn, await this.admittedLastMinute(event.id));
      return;
    }
    const count = await this.toAdmit(event, state, tickets.left, now);
    // The last minute's admissions (the estimate's rate) are read before this tick's: the tick is
    // published the moment its admissions are recorded, and each admitted place is stamped with
    // that moment, not with the start of the tick's reads.
    const before = event.admitPerMinute === null ? await this.admittedLastMinute(event.id) : 0;
    // Against the state the count came from: if another holder admitted since (this tick stalled
    // past its lease), the count is stale and nothing is admitted; the next tick reads afresh.
    const admitted = await store.admitNext(event.id, Math.min(count, MAX_PER_TICK), this.room.now(), state.admittedThrough);
    if (drawn || admitted.length > 0) {
      const through = admitted.at(-1)?.position ?? state.admittedThrough;
      await this.publish(event, 'admitting', through, drawn, before + admitted.length);
    }
  }

  private admittedLastMinute(eventId: string): Promise<number> {
    return this.room.store.admittedCountSince(eventId, new Date(this.room.now().getTime() - 60_000));
  }

  /**
   * How many to admit now. At a set rate: as many as the rate allows since the draw, less those
   * already admitted (so a new holder of the lease catches up, never exceeds it). Automatic: what
   * is left, less what admitted people with a live pass and no reservation yet may still take.
   */
  private async toAdmit(event: RoomEvent, state: QueueState, left: number, now: Date): Promise<number> {
    const waiting = state.placedThrough - state.admittedThrough;
    if (waiting <= 0) return 0;
    if (event.admitPerMinute !== null) {
      const elapsed = now.getTime() - (state.drawnAt ?? now).getTime();
      const allowed = Math.floor((event.admitPerMinute * elapsed) / 60_000) + 1;
      return Math.max(0, allowed - state.admittedThrough);
    }
    const live = await this.room.store.admittedSince(event.id, new Date(now.getTime() - event.passMinutes * 60_000));
    const unspent = live.length - (await this.withReservations(event.id, live));
    const mayStillTake = unspent * event.maxTicketsPerOrder;
    const room = Math.floor((left - mayStillTake) / event.maxTicketsPerOrder);
    // A few tickets left and nobody admitted able to take them: let the next one try.
    return room > 0 ? room : left > 0 && unspent === 0 ? 1 : 0;
  }

  private async tickets(eventId: string): Promise<{ left: number; unsold: number }> {
    const row = await this.room.db
      .selectFrom('ticket_types')
      .select([
        sql<string | number>`coalesce(sum(case when capacity - sold - held > 0 then capacity - sold - held else 0 end), 0)`.as(
          'left',
        ),
        sql<string | number>`coalesce(sum(capacity - sold), 0)`.as('unsold'),
      ])
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
    return { left: Number(row.left), unsold: Number(row.unsold) };
  }

  private async withReservations(eventId: string, userIds: string[]): Promise<number> {
    let count = 0;
    for (let i = 0; i < userIds.length; i += 1000) {
      const row = await this.room.db
        .selectFrom('reservations')
        .select(sql<string | number>`count(distinct user_id)`.as('n'))
        .where('event_id', '=', eventId)
        .where('user_id', 'in', userIds.slice(i, i + 1000))
        .executeTakeFirstOrThrow();
      count += Number(row.n);
    }
    return count;
  }

  private async publish(
    event: RoomEvent,
    phase: QueueTick['phase'],
    admittedThrough: number,
    drawn: boolean,
    admittedLastMinute: number,
  ): Promise<void> {
    const tick: QueueTick = {
      kind: 'tick',
      eventId: event.id,
      phase,
      admittedThrough,
      drawn,
      ratePerMinute: event.admitPerMinute ?? admittedLastMinute,
    };
    await this.pubsub.publish(QUEUE_CHANNEL, tick);
  }
}
