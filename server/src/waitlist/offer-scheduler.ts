/**
 * When offers are looked for (offers.ts says why this is a follow-up that cannot be lost):
 *
 * - right after an event's availability moved on this instance (a cancel, an expiry, a refund, a
 *   raised capacity all announce it after their commit), for events known to have a list. Runs
 *   for one event at a time and coalesces the announcements that arrive meanwhile, so a burst of
 *   holds on a busy event costs at most one check in flight; an event with no list costs nothing;
 * - on every sweep (every few seconds on every instance), for all types with a list and free
 *   tickets, which also relearns which events have lists (joins on other instances included).
 *
 * Offers made are announced in turn, which pushes the buyer's notification live and tells the
 * event's watchers (positions in line moved).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import type { Announcer } from '../platform/services.js';
import { settleOffers } from './entries.js';
import { offerFreed, typesToOffer, type OfferSettings } from './offers.js';

export class OfferScheduler {
  /** Events with entries waiting, as of the last sweep or a join on this instance. */
  private readonly listed = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly settings: OfferSettings,
    private readonly announce: Pick<Announcer, 'availabilityChanged'>,
    private readonly log: Logger,
  ) {}

  /** An entry joined on this instance: its event's releases are now worth a look. */
  listedEvent(eventId: string): void {
    this.listed.add(eventId);
  }

  /** The event's availability moved: offer what its lists may take, unless it has none. */
  availabilityChanged(eventId: string): void {
    if (!this.listed.has(eventId)) return;
    if (this.running.has(eventId)) {
      this.again.add(eventId);
      return;
    }
    const run = this.offerEvent(eventId)
      .catch((err: unknown) => this.log.warn({ err, eventId }, 'waiting-list offers failed; the sweep retries'))
      .finally(() => {
        this.running.delete(eventId);
        if (this.again.delete(eventId)) this.availabilityChanged(eventId);
      });
    this.running.set(eventId, run);
  }

  statsChanged(): void {}

  /** Resolves once nothing is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private async offerEvent(eventId: string): Promise<void> {
    let offers = 0;
    for (const type of await typesToOffer(this.db, eventId)) offers += await this.offerAll(type.id);
    if (offers > 0) this.announce.availabilityChanged(eventId);
  }

  /** Runs offerFreed until a run makes no offer (one run serves a batch of entries). */
  private async offerAll(ticketTypeId: string): Promise<number> {
    for (let total = 0; ;) {
      const n = await offerFreed(this.db, ticketTypeId, this.settings);
      if (n === 0) return total;
      total += n;
    }
  }

  /** The sweep: settle closed offers, relearn which events have lists, offer everywhere. */
  async sweep(): Promise<number> {
    await settleOffers(this.db);
    const rows = await this.db
      .selectFrom('waitlist_entries')
      .select('event_id')
      .distinct()
      .where('status', '=', 'waiting')
      .execute();
    this.listed.clear();
    for (const r of rows) this.listed.add(r.event_id);
    const offered = new Set<string>();
    let offers = 0;
    for (const type of await typesToOffer(this.db)) {
      const n = await this.offerAll(type.id);
      if (n > 0) offered.add(type.event_id);
      offers += n;
    }
    for (const eventId of offered) this.announce.availabilityChanged(eventId);
    return offers;
  }
}
