/** The app's batching of holds: general admission by ticket type (hold-writes.ts), seats by event (hold-seat-groups.ts). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { Batcher } from '../platform/batcher.js';
import { isBackendUnavailable } from '../platform/errors.js';
import { holdGroup, type Draft, type GroupOutcome } from './hold-writes.js';
import { holdSeatGroup, type SeatOutcome } from './hold-seat-groups.js';

const GROUP_TICKETS_MAX = 500;

/**
 * Groups the holds of each general-admission ticket type (hold-writes.ts says why), and the seated
 * holds of each event (hold-seat-groups.ts), through the app's one batcher.
 */
export class HoldGroups {
  private readonly batcher: Batcher<{ ticketTypeId: string; draft: Draft }, GroupOutcome>;
  private readonly seated: Batcher<Draft, SeatOutcome>;

  constructor(db: Kysely<Database>) {
    this.seated = new Batcher({
      groupOf: (draft) => draft.event.id,
      // Two at once, as for general admission: the next group takes the event, its buyers' caps
      // and keys while the one before holds the event's seat lock (hold-seat-groups.ts), then waits
      // for it. The seat lock keeps two groups from picking best available at once.
      inFlightPerGroup: 2,
      weightOf: (draft) => draft.lines.length,
      maxWeight: GROUP_TICKETS_MAX,
      retryAlone: true,
      run: async (drafts) => {
        let outcomes: Map<string, SeatOutcome>;
        try {
          outcomes = await holdSeatGroup(db, drafts);
        } catch (err) {
          // As for general admission below: the group may have committed before the answer was lost.
          if (drafts.length > 1 && isBackendUnavailable(err)) return drafts.map(() => ({ outcome: 'unavailable' as const }));
          throw err;
        }
        return drafts.map((d) => outcomes.get(d.id) ?? { outcome: 'sold_out' as const });
      },
    });
    this.batcher = new Batcher({
      groupOf: (item) => item.ticketTypeId,
      // Two at once: the next group checks the event and its buyers' caps while the one before
      // holds the counter's row lock, then waits for it. Groups never wait on each other otherwise
      // (see the lock order in inventory.ts), so this cannot deadlock.
      inFlightPerGroup: 2,
      weightOf: (item) => item.draft.lines.length,
      maxWeight: GROUP_TICKETS_MAX,
      // A group that fails is retried one hold at a time, so one bad hold cannot fail the others.
      retryAlone: true,
      run: async (items, ticketTypeId) => {
        let outcomes: Map<string, GroupOutcome>;
        try {
          outcomes = await holdGroup(
            db,
            ticketTypeId,
            items.map((i) => i.draft),
          );
        } catch (err) {
          // The connection broke: the group may have committed before the answer was lost, and a
          // retry one at a time would then hold each buyer twice. Each answers 503 instead; a
          // retry with the same Idempotency-Key finds its hold if it was made.
          if (items.length > 1 && isBackendUnavailable(err)) return items.map(() => 'unavailable' as const);
          throw err;
        }
        return items.map((i) => outcomes.get(i.draft.id) ?? 'sold_out');
      },
    });
  }

  /** Resolves 'held' once the hold is committed, else why it was not granted. */
  hold(ticketTypeId: string, draft: Draft): Promise<GroupOutcome> {
    return this.batcher.submit({ ticketTypeId, draft });
  }

  /** A hold of seats only (chosen or best available): resolves once committed, else why not. */
  holdSeats(draft: Draft): Promise<SeatOutcome> {
    return this.seated.submit(draft);
  }
}
