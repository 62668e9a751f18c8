/**
 * After a Redis outage: while Redis was away, changes made through other instances never reached
 * this instance's watchers (the adapter had no way to carry them), and the coalesced messages that
 * follow name only what changes next. So when this instance's pub/sub connection is back, it
 * sends its own watchers a full snapshot of every event they watch, read from the database: every
 * page is current again without waiting for the next change. Each instance does this for its own
 * rooms only (local emit), so no watcher gets one snapshot per instance.
 */
import type { AvailabilityMessage } from '@iatichet/contracts';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { readAvailability } from './availability.js';

/** After the connection is ready again, a moment for its subscriptions to be renewed first. */
const SETTLE_MS = 200;
/** Snapshots read at once: an instance with watchers in many events should not flood its pool. */
const READS_AT_ONCE = 4;

export interface RecoveryTargets {
  /** Ids of the events this instance has watchers of now. */
  watchedEvents(): string[];
  /** Sends to this instance's watchers of the event only. */
  sendLocally(message: AvailabilityMessage): void;
}

/**
 * Calls `targets` with fresh snapshots each time `connection` becomes ready after having been
 * lost (not at its first start). Answers a function that stops listening.
 */
export function resendAvailabilityOnReconnect(
  connection: Redis,
  db: Kysely<Database>,
  targets: RecoveryTargets,
  log: Logger,
  settleMs = SETTLE_MS,
): () => void {
  let lost = false;
  let timer: NodeJS.Timeout | undefined;
  const onLost = () => {
    lost = true;
  };
  const onReady = () => {
    if (!lost) return;
    lost = false;
    clearTimeout(timer);
    timer = setTimeout(() => void resend(), settleMs);
  };
  const resend = async () => {
    const events = targets.watchedEvents();
    for (let i = 0; i < events.length; i += READS_AT_ONCE) {
      await Promise.all(
        events.slice(i, i + READS_AT_ONCE).map(async (eventId) => {
          try {
            // Every seat, not a difference: what these watchers last heard may be older than any snapshot on record.
            const { message } = await readAvailability(db, eventId, undefined);
            targets.sendLocally(message);
          } catch (err) {
            log.warn({ err, eventId }, 'availability resend after Redis recovery failed');
          }
        }),
      );
    }
    if (events.length > 0)
      log.info({ events: events.length }, 'Redis is back: availability sent again to this instance’s watchers');
  };
  connection.on('close', onLost);
  connection.on('ready', onReady);
  return () => {
    clearTimeout(timer);
    connection.off('close', onLost);
    connection.off('ready', onReady);
  };
}

/**
 * The other half of an outage: a message this instance published that never reached Redis (its
 * publishing connection was down, or broke under it) never reached the other instances' watchers,
 * and no recovery of theirs covers it when only this instance was cut off (their connections never
 * dropped) or when its publishing connection returns after their subscriptions did. So the events
 * of dropped messages are kept, and once the publishing connection is ready again each is sent
 * once more, fresh from the database and whole (`republish`), to every instance.
 */
export class DroppedAvailability {
  private readonly events = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly onReady = () => this.schedule();

  constructor(
    private readonly connection: Redis,
    private readonly republish: (eventId: string) => void,
    private readonly settleMs = SETTLE_MS,
  ) {
    connection.on('ready', this.onReady);
  }

  /** A message about this event was dropped. */
  dropped(eventId: string): void {
    this.events.add(eventId);
    // Dropped while the connection looked ready (it broke under the message): a 'ready' may not follow.
    if (this.connection.status === 'ready') this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.events.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Lost again meanwhile: its next 'ready' schedules them.
      if (this.connection.status !== 'ready') return;
      const events = [...this.events];
      this.events.clear();
      for (const eventId of events) this.republish(eventId);
    }, this.settleMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.connection.off('ready', this.onReady);
  }
}
