/**
 * Released tickets → offers, in order, exactly once.
 *
 * Where it runs: in a follow-up transaction, not in the release's own. Releases happen in many
 * places (expiry, buyer and admin cancels, refunds, a raised capacity), all in reservations/ and
 * catalog/, which sit beside this folder and may not import it. The follow-up cannot be lost,
 * because nothing needs remembering: while a type has entries waiting (waitlist_waiting > 0) the
 * inventory's public claims refuse its free tickets, so "free tickets and entries waiting" is
 * itself the durable to-do. It is acted on right after the release commits (an announcement of
 * the event's availability wakes the scheduler below) and, should that instance die first, by
 * the sweep that every instance runs every few seconds.
 *
 * Exactly once: an offer is made under the type's counter lock (inventory.ts lockForList, after
 * the event row as in every hold), and the entry moves waiting → offered by a guarded update in
 * the same transaction as the hold and the count. Two instances, or the sweeper and a cancel,
 * running at once take that lock in turn; the second sees the entries already offered and the
 * tickets already held. The claim's guard still refuses to oversell.
 *
 * Entries are served in join order; one asking for more than is free is skipped, keeping its
 * place for when enough come back. An offer counts against the buyer's per-event cap on live
 * holds like any hold (hold-limits.ts, under the same per-buyer locks, taken between the event
 * row and the counter as the lock order says); an entry whose buyer holds too much already is
 * skipped the same way until they let go. One run serves at most BATCH entries; the scheduler
 * runs again while a run made offers.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { draftOf } from '../reservations/hold.js';
import type { HoldEventRow } from '../reservations/hold-read.js';
import { writeOffer } from '../reservations/hold-writes.js';
import { lockLiveHolds } from '../reservations/hold-limits.js';
import { Collision, lockEventOnSale, lockForList } from '../reservations/inventory.js';
import { settleOffers } from './entries.js';
import { tellOffer } from './offer-messages.js';

export interface OfferSettings {
  /** WAITLIST_OFFER_MINUTES: how long an offer holds, unless the event says otherwise. */
  offerMinutes: number;
  publicUrl: string;
}

/** Offers one type's free tickets to its waiting entries; answers how many offers were made. */
export async function offerFreed(db: Kysely<Database>, ticketTypeId: string, settings: OfferSettings): Promise<number> {
  const type = await db
    .selectFrom('ticket_types as t')
    .innerJoin('events as e', 'e.id', 't.event_id')
    .select([
      't.name as type_name',
      't.price_cents',
      't.tax_rate',
      sql<number>`t.capacity - t.sold - t.held`.as('free_seen'),
      'e.id',
      'e.seating',
      'e.currency',
      'e.title',
      'e.starts_at',
      'e.ends_at',
      'e.venue_id',
      'e.venue_name',
      'e.venue_city',
      'e.time_zone',
      'e.status',
      'e.sales_start_at',
      'e.sales_end_at',
      'e.max_tickets_per_order',
      'e.queue_enabled',
      'e.waitlist_offer_minutes',
    ])
    .where('t.id', '=', ticketTypeId)
    .executeTakeFirst();
  if (type === undefined || type.free_seen <= 0) return 0;
  const event: HoldEventRow = type;
  const minutes = type.waitlist_offer_minutes ?? settings.offerMinutes;
  return db.transaction().execute(async (trx) => {
    try {
      const { salesEndAt } = await lockEventOnSale(trx, event.id);
      if (Date.now() >= Date.parse(salesEndAt)) return 0; // the sale is over: nothing left to offer
    } catch (err) {
      if (err instanceof Collision) return 0; // cancelled or unpublished: its list waits in vain
      throw err;
    }
    // Lock order (inventory.ts): the event row above, the per-buyer locks of the first entries in
    // line that fit what was free when read (read before any lock: an entry that only fits what
    // came back meanwhile is served by the next run), then the type's counter, then its entries.
    const head = await firstWaiting(trx, ticketTypeId, type.free_seen);
    if (head.length === 0) return 0; // nobody in line asks for so few: the tickets wait for a bigger release
    const buyers = new Set(head.map((e) => e.user_id));
    const live = await lockLiveHolds(trx, event.id, [...buyers]);
    const counter = await lockForList(trx, ticketTypeId);
    await settleOffers(trx, ticketTypeId);
    if (counter === undefined || counter.free <= 0 || counter.waiting === 0) return 0;
    let free = counter.free;
    let offers = 0;
    for (const entry of await firstWaiting(trx, ticketTypeId, free)) {
      if (!buyers.has(entry.user_id)) break; // not locked above: the next run serves it, in order
      if (entry.quantity > free) continue; // skipped, not blocking: it keeps its place for a bigger release
      const holding = live.get(entry.user_id) ?? 0;
      if (holding + entry.quantity > event.max_tickets_per_order) continue; // over the cap: skipped the same way
      live.set(entry.user_id, holding + entry.quantity);
      const draft = draftOf(
        {
          userId: entry.user_id,
          request: { eventId: event.id, items: [{ ticketTypeId, quantity: entry.quantity }] },
          holdMinutes: minutes,
        },
        event,
        event.max_tickets_per_order,
        Array.from({ length: entry.quantity }, () => ({
          ticketTypeId,
          typeName: type.type_name,
          priceCents: type.price_cents,
          taxRate: type.tax_rate,
          seat: null,
        })),
        [{ ticketTypeId, quantity: entry.quantity, priceCents: type.price_cents, discountCents: 0, taxRate: type.tax_rate }],
      );
      // Under the counter lock the claim cannot fail; if it ever does, nothing is half-written.
      if (!(await writeOffer(trx, draft, ticketTypeId))) throw new Error('waiting-list claim failed under its lock');
      const moved = await trx
        .updateTable('waitlist_entries')
        .set({ status: 'offered', reservation_id: draft.id, offered_at: draft.createdAt, updated_at: draft.createdAt })
        .where('id', '=', entry.id)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      if (moved.numUpdatedRows === 0n) throw new Error('waiting-list entry changed under its lock');
      await tellOffer(
        trx,
        { id: entry.id, userId: entry.user_id, ticketTypeId, quantity: entry.quantity },
        draft,
        settings.publicUrl,
      );
      free -= entry.quantity;
      offers++;
      if (free === 0) break;
    }
    return offers;
  });
}

const BATCH = 50;

/** The first entries waiting for the type, in join order, that ask for at most `free` tickets. */
function firstWaiting(trx: Kysely<Database>, ticketTypeId: string, free: number) {
  return trx
    .selectFrom('waitlist_entries')
    .select(['id', 'user_id', 'quantity'])
    .where('ticket_type_id', '=', ticketTypeId)
    .where('status', '=', 'waiting')
    .where('quantity', '<=', free)
    .orderBy('seq')
    .limit(BATCH)
    .execute();
}

/**
 * The types that have both entries waiting and free tickets: the list's to-do (see the header).
 * Read from the waiting entries' partial index, so an idle site scans nothing.
 */
export async function typesToOffer(db: Kysely<Database>, eventId?: string): Promise<{ id: string; event_id: string }[]> {
  return db
    .selectFrom('ticket_types as t')
    .select(['t.id', 't.event_id'])
    .where('t.id', 'in', (eb) =>
      eb.selectFrom('waitlist_entries as w').select('w.ticket_type_id').where('w.status', '=', 'waiting'),
    )
    .where('t.waitlist_waiting', '>', 0)
    .where(sql<boolean>`t.capacity - t.sold - t.held > 0`)
    .$if(eventId !== undefined, (q) => q.where('t.event_id', '=', eventId ?? ''))
    .orderBy('t.id')
    .limit(200)
    .execute();
}
