/**
 * Pushes stored notifications to their user's room once their transaction has committed: polls
 * the outbox every half second (sooner when nudged) and claims what it sends, so each is pushed
 * by exactly one instance and reaches every tab of that user on any instance.
 */
import type { Notification } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Database } from '../db/schema.js';
import { toNotification } from '../notifications/notify.js';
import { claimUnpushed } from '../notifications/outbox.js';

const POLL_MS = 500;
const NUDGE_DELAY_MS = 30;

export class NotificationPusher {
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly send: (userId: string, notification: Notification) => void,
    private readonly log: Logger,
  ) {
    this.arm(POLL_MS);
  }

  /** Something was probably just stored: look soon rather than at the next poll. */
  nudge(): void {
    this.arm(NUDGE_DELAY_MS);
  }

  /** Brings the next look forward to `delayMs` from now; never puts it off (a stream of nudges
   * during a sale must not keep postponing it). */
  private arm(delayMs: number): void {
    if (this.closed) return;
    const dueAt = Date.now() + delayMs;
    if (this.timer !== undefined) {
      if (dueAt >= this.dueAt) return;
      clearTimeout(this.timer);
    }
    this.dueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running ??= this.pushDue().finally(() => {
        this.running = undefined;
        this.arm(POLL_MS);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async pushDue(): Promise<void> {
    try {
      for (;;) {
        const claimed = await claimUnpushed(this.db);
        for (const row of claimed) this.send(row.user_id, toNotification(row));
        if (claimed.length < 200) return;
      }
    } catch (err) {
      this.log.warn({ err }, 'notification push failed; will retry');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }
}
