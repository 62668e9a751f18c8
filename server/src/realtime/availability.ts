/**
 * Coalesced availability messages. An announcement only marks the event dirty; at most once per
 * interval per event (across all instances, through a short Redis lock) the current numbers are
 * read from the database after the change committed, the seats changed since the last message
 * (by their version) are compared with what it sent (kept in the shared cache), and one message
 * goes to the event's room. A flash sale of ten thousand holds is then a few messages a second,
 * each naming only the seats that changed, and a 20,000-seat map is never read whole to find them.
 */
import { randomUUID } from 'node:crypto';
import type { AvailabilityMessage, SeatStatus } from '@iatichet/contracts';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Cache } from '../cache/cache.js';
import type { Database } from '../db/schema.js';

// rt:seats-sent:<event> holds a SeatsSent (a new key: the whole maps older versions kept under rt:seats: are not read).
const SNAPSHOT_TTL_SECONDS = 3600;
/** Long enough for one flush to finish; shortened to the interval once it has. */
const LOCK_MS = 5000;
const RETRY_AFTER_ERROR_MS = 1000;

const SHORTEN_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

export type AvailabilitySink = (message: AvailabilityMessage) => void;

/**
 * How far before the last version sent a flush looks again for seats: a hold's transaction stamps
 * its seats' version when it writes them but may commit a little later, after a flush has read a
 * higher version (the same margin as GET .../seats?since=, catalog/seat-map.ts).
 */
const COMMIT_MARGIN_MS = 2000;

/**
 * What the last message told watchers about an event's seats: the highest seat version it read,
 * and the statuses of the seats changed within the margin before it. Small, unlike the whole map
 * it replaces: a flush reads only the seats changed since (the (event_id, version) index) and
 * sends those whose status differs from what was sent.
 */
export interface SeatsSent {
  version: number;
  recent: Record<string, SeatStatus>;
}

/** Reads the event's availability; `previous`: what the last message sent of its seats (undefined: send all seats). */
export async function readAvailability(
  db: Kysely<Database>,
  eventId: string,
  previous: SeatsSent | undefined,
): Promise<{ message: AvailabilityMessage; seatMap: SeatsSent | undefined }> {
  const types = await db
    .selectFrom('ticket_types')
    .select(['id', 'capacity', 'sold', 'held', 'waitlist_waiting'])
    .where('event_id', '=', eventId)
    // Hidden types are sold only with an access code: the public broadcast does not name them.
    .where('hidden', '=', 0)
    .orderBy('sort_order')
    .execute();
  // Free tickets of a type with people waiting belong to its waiting list (waitlist/): not on sale.
  const ticketTypes = types.map((t) => ({
    id: t.id,
    remaining: t.waitlist_waiting > 0 ? 0 : Math.max(0, t.capacity - t.sold - t.held),
  }));
  const from = previous === undefined ? undefined : previous.version - COMMIT_MARGIN_MS;
  const seatRows = await db
    .selectFrom('event_seats')
    .select(['id', 'status', 'version'])
    .where('event_id', '=', eventId)
    .$if(from !== undefined, (q) => q.where('version', '>=', from ?? 0))
    .execute();
  // PostgreSQL returns bigint as a string.
  const versions = seatRows.map((s) => Number(s.version));
  const seatsVersion = versions.reduce((max, v) => (v > max ? v : max), previous?.version ?? 0);
  const seats: AvailabilityMessage['seats'] = [];
  const recent: Record<string, SeatStatus> = {};
  seatRows.forEach((s, i) => {
    if (previous === undefined || previous.recent[s.id] !== s.status) seats.push({ id: s.id, status: s.status });
    if ((versions[i] ?? 0) >= seatsVersion - COMMIT_MARGIN_MS) recent[s.id] = s.status;
  });
  const seated = previous !== undefined || seatRows.length > 0;
  const remaining = ticketTypes.reduce((sum, t) => sum + t.remaining, 0);
  return {
    // The seat map's version read with these statuses: a client that missed messages asks
    // GET .../seats?since= it (seat-map.ts), as it does after reconnecting.
    message: { eventId, remaining, ticketTypes, seats, ...(seated ? { seatsVersion } : {}) },
    seatMap: seated ? { version: seatsVersion, recent } : undefined,
  };
}

export class AvailabilityBroadcaster {
  private readonly dirty = new Set<string>();
  /** Events whose next message names every seat, not only those changed since the last one. */
  private readonly whole = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastFlush = new Map<string, number>();
  /** Flushes in progress here; a change meanwhile waits for the next one, so snapshots stay in order. */
  private readonly flushing = new Set<string>();
  /** Events whose seat map this instance made sure is on record, until when. */
  private readonly primed = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly deps: { db: Kysely<Database>; cache: Cache; redis: Redis | undefined; namespace: string; log: Logger },
    private readonly sink: AvailabilitySink,
    private readonly intervalMs: number,
  ) {}

  /**
   * Makes sure a seat map is on record before the first change, so that the first message names
   * only the seats that changed rather than all of them. Once per event per snapshot lifetime.
   */
  prime(eventId: string): Promise<void> {
    const now = Date.now();
    if ((this.primed.get(eventId) ?? 0) > now) return Promise.resolve();
    this.primed.set(eventId, now + (SNAPSHOT_TTL_SECONDS * 1000) / 2);
    if (this.primed.size > 10_000) this.primed.clear();
    const snapshotKey = `rt:seats-sent:${eventId}`;
    return (async () => {
      if ((await this.deps.cache.get(snapshotKey)) !== undefined) return;
      const { seatMap } = await readAvailability(this.deps.db, eventId, undefined);
      if (seatMap !== undefined && (await this.deps.cache.get(snapshotKey)) === undefined)
        await this.deps.cache.set(snapshotKey, seatMap, SNAPSHOT_TTL_SECONDS);
    })().catch((err: unknown) => {
      this.primed.delete(eventId);
      this.deps.log.warn({ err, eventId }, 'seat map snapshot failed');
    });
  }

  /** `everySeat`: the next message names every seat (its watchers may have missed earlier ones). */
  changed(eventId: string, everySeat = false): void {
    if (this.closed) return;
    this.dirty.add(eventId);
    if (everySeat) this.whole.add(eventId);
    this.schedule(eventId, Math.max(0, (this.lastFlush.get(eventId) ?? 0) + this.intervalMs - Date.now()));
  }

  private schedule(eventId: string, delayMs: number): void {
    if (this.closed || this.timers.has(eventId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(eventId);
      void this.flush(eventId);
    }, delayMs);
    this.timers.set(eventId, timer);
  }

  private async flush(eventId: string): Promise<void> {
    if (!this.dirty.has(eventId) || this.flushing.has(eventId)) return;
    this.flushing.add(eventId);
    try {
      await this.flushOnce(eventId);
    } finally {
      this.flushing.delete(eventId);
    }
    if (this.dirty.has(eventId)) this.schedule(eventId, this.intervalMs);
  }

  private async flushOnce(eventId: string): Promise<void> {
    const { redis, namespace, cache, db, log } = this.deps;
    const lockKey = `${namespace}rt:flush:${eventId}`;
    const token = randomUUID();
    // Redis down: no other instance can hear this one anyway, so it flushes for its own watchers
    // without the lock (real time degrades to one instance instead of stopping).
    let locked = false;
    if (redis !== undefined && redis.status === 'ready') {
      const acquired = await redis.set(lockKey, token, 'PX', LOCK_MS, 'NX').catch(() => 'error');
      if (acquired !== 'OK' && acquired !== 'error') {
        // Another instance flushed (or is flushing) this event: ours goes out after its turn.
        const wait = await redis.pttl(lockKey).catch(() => this.intervalMs);
        this.schedule(eventId, Math.max(20, Math.min(wait, LOCK_MS)));
        return;
      }
      locked = acquired === 'OK';
    }
    // Cleared before reading: a change that commits during the read marks the event again.
    this.dirty.delete(eventId);
    const everySeat = this.whole.delete(eventId);
    this.lastFlush.set(eventId, Date.now());
    try {
      const snapshotKey = `rt:seats-sent:${eventId}`;
      // Without the shared record every seat is sent: more bytes, never a wrong seat.
      const previous = everySeat ? undefined : await cache.get<SeatsSent>(snapshotKey).catch(() => undefined);
      const { message, seatMap } = await readAvailability(db, eventId, previous);
      if (seatMap !== undefined && (previous === undefined || message.seats.length > 0 || seatMap.version !== previous.version))
        await cache.set(snapshotKey, seatMap, SNAPSHOT_TTL_SECONDS).catch(() => undefined);
      this.sink(message);
    } catch (err) {
      log.warn({ err, eventId }, 'availability update failed; retrying');
      this.dirty.add(eventId);
      if (everySeat) this.whole.add(eventId);
      this.schedule(eventId, RETRY_AFTER_ERROR_MS);
    } finally {
      if (redis !== undefined && locked)
        await redis.eval(SHORTEN_IF_OWNER, 1, lockKey, token, this.intervalMs).catch(() => undefined);
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
