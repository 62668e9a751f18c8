/**
 * Runs the expiry sweep and the 5-minute warnings every few seconds on every instance (and some
 * housekeeping about once a minute). It only
 * triggers work; all state is in the database, so a restart or a crash loses nothing.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { DatabaseSessionStore } from '../accounts/sessions.js';
import type { Announcer } from '../platform/services.js';
import { expireDue, warnExpiring } from './expiry.js';

export interface Sweeper {
  runOnce(): Promise<{ expired: number; warned: number }>;
  stop(): Promise<void>;
}

/** Further work run on every tick after the sweep (the email queue); a failure is logged and retried next tick. */
export type SweepJob = { name: string; run: () => Promise<unknown> };

export function startSweeper(
  db: Kysely<Database>,
  log: Logger,
  intervalMs = 5000,
  jobs: SweepJob[] = [],
  announce?: Pick<Announcer, 'availabilityChanged'>,
): Sweeper {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let ticks = 0;
  const runOnce = async () => {
    const expired = await expireDue(db, { limit: 500, onExpired: (eventId) => announce?.availabilityChanged(eventId) });
    const warned = await warnExpiring(db);
    // About once a minute: forget idempotency keys after a day, and sessions past their limits.
    if (ticks++ % 12 === 0) {
      const dayAgo = new Date(Date.now() - 24 * 3600_000).toISOString();
      await db.deleteFrom('idempotency_keys').where('created_at', '<', dayAgo).execute();
      await db.deleteFrom('hold_keys').where('created_at', '<', dayAgo).execute();
      await new DatabaseSessionStore(db).deleteExpired();
    }
    if (expired > 0) log.info({ expired }, 'expired unpaid reservations');
    for (const job of jobs)
      await job.run().catch((err: unknown) => log.warn({ err, job: job.name }, 'sweep job failed; will retry'));
    return { expired, warned };
  };
  const tick = () => {
    if (stopped) return;
    running = runOnce().catch((err: unknown) => log.warn({ err }, 'reservation sweep failed; will retry'));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
