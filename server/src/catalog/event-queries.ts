/**
 * Reading the catalog: the filtered, sorted, cursor-paged event list, one event with live
 * remaining per ticket type, and an event's seats. Keyset pagination keeps pages stable while
 * events are added.
 */
import { CATALOG_LIMITS, type CatalogEvent, type EventListQuery, type EventSeat, type Page } from '@iatichet/contracts';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Database, EventsTable } from '../db/schema.js';
import type { CursorCodec } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { EVENT_COLUMNS } from './events.js';
import { toQueueSettings } from './queue-settings.js';
import { toRefundPolicy } from './refund-policy.js';
import { searchCondition } from './search-index.js';
import { organizerRefs } from '../organizers/organizers.js';
import { discountPerTicket, unlocks, type CodeRow } from '../reservations/code-uses.js';

/** No price exceeds priceCentsMax: a larger bound means "any" and must not overflow PostgreSQL's integer. */
const priceBound = (cents: number) => Math.min(cents, CATALOG_LIMITS.priceCentsMax + 1);

// layout_json (the event's own copy of the layout) is read only by the seat map, never with the event.
type EventRow = Omit<Selectable<EventsTable>, 'layout_json'>;

export function posterUrl(key: string | null, width = 1200): string | null {
  return key === null ? null : `/posters/${key}-${width}.webp`;
}

/**
 * Who reads the ticket types: `showHidden` for the event's managers; otherwise hidden types are
 * left out (and out of the event's capacity and remaining) unless `code` is an access code that
 * unlocks them. With a code, every type also carries its `discountedPriceCents`.
 */
export interface TypesView {
  showHidden: boolean;
  code?: CodeRow;
}

/** Attaches ticket types with live `remaining` to event rows, in one query. */
export async function toCatalogEvents(
  db: Kysely<Database>,
  rows: (EventRow & { venue_address?: string })[],
  view: TypesView = { showHidden: false },
): Promise<CatalogEvent[]> {
  if (rows.length === 0) return [];
  const types = await db
    .selectFrom('ticket_types')
    .selectAll()
    .where(
      'event_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('event_id')
    .orderBy('sort_order')
    .execute();
  const organizers = await organizerRefs(
    db,
    rows.map((r) => r.organizer_id),
  );
  const byEvent = new Map<string, typeof types>();
  for (const t of types) byEvent.set(t.event_id, [...(byEvent.get(t.event_id) ?? []), t]);
  const { code } = view;
  const shown = (t: (typeof types)[number]) => view.showHidden || t.hidden === 0 || unlocks(code, t.id);
  return rows.map((r) => {
    const all = byEvent.get(r.id) ?? [];
    const ticketTypes = all.filter(shown).map((t) => ({
      id: t.id,
      name: t.name,
      priceCents: t.price_cents,
      capacity: t.capacity,
      // Free tickets of a type with people waiting belong to its waiting list (waitlist/): not on sale.
      remaining: t.waitlist_waiting > 0 ? 0 : Math.max(0, t.capacity - t.sold - t.held),
      seatCategory: t.seat_category,
      hidden: t.hidden === 1,
      minPriceCents: t.min_price_cents,
      taxRate: t.tax_rate,
      ...(code === undefined ? {} : { discountedPriceCents: t.price_cents - discountPerTicket(code, t.id, t.price_cents) }),
    }));
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      category: r.category,
      venue: { id: r.venue_id, name: r.venue_name, city: r.venue_city, address: r.venue_address ?? '' },
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      salesStartAt: r.sales_start_at,
      salesEndAt: r.sales_end_at,
      doorsAt: r.doors_at ?? null,
      status: r.status,
      seating: r.seating,
      currency: r.currency,
      posterUrl: posterUrl(r.poster_key),
      maxTicketsPerOrder: r.max_tickets_per_order,
      priceFromCents: r.price_from_cents,
      // A hidden type is not counted for a reader who cannot see it.
      capacity: ticketTypes.length === all.length ? r.capacity : ticketTypes.reduce((sum, t) => sum + t.capacity, 0),
      remaining: ticketTypes.reduce((sum, t) => sum + t.remaining, 0),
      ticketTypes,
      refundPolicy: toRefundPolicy(r),
      waitlist: { enabled: r.waitlist_enabled === 1, offerMinutes: r.waitlist_offer_minutes },
      queue: toQueueSettings(r),
      timeZone: r.time_zone,
      organizerId: r.organizer_id,
      organizer: organizers.get(r.organizer_id) ?? { id: r.organizer_id, name: '', slug: '' },
    };
  });
}

/** One event; `view` defaults to its managers' (hidden types shown) when drafts are included. */
export async function getEvent(
  db: Kysely<Database>,
  id: string,
  includeUnpublished: boolean,
  view: TypesView = { showHidden: includeUnpublished },
): Promise<CatalogEvent> {
  const row = await db
    .selectFrom('events')
    .innerJoin('venues', 'venues.id', 'events.venue_id')
    .select(EVENT_COLUMNS.map((c) => `events.${c}` as const))
    .select('venues.address as venue_address')
    .where('events.id', '=', id)
    .executeTakeFirst();
  // A draft is invisible to the public: 404, not 403, so ids cannot be probed.
  if (row === undefined || (!includeUnpublished && row.status === 'draft')) throw errors.notFound('event');
  const [event] = await toCatalogEvents(db, [row], view);
  if (event === undefined) throw errors.notFound('event');
  return event;
}

export async function getSeats(db: Kysely<Database>, id: string, includeUnpublished: boolean): Promise<EventSeat[]> {
  const event = await db.selectFrom('events').select(['status', 'seating']).where('id', '=', id).executeTakeFirst();
  if (event === undefined || (!includeUnpublished && event.status === 'draft')) throw errors.notFound('event');
  if (event.seating !== 'reserved') return [];
  const seats = await db
    .selectFrom('event_seats')
    .select(['id', 'section', 'row_label', 'number', 'category', 'status'])
    .where('event_id', '=', id)
    .orderBy('position')
    .execute();
  return seats.map((s) => ({
    id: s.id,
    section: s.section,
    row: s.row_label,
    number: s.number,
    category: s.category,
    status: s.status,
  }));
}

const priceKey = sql<number>`coalesce(events.price_from_cents, 0)`;

export async function listEvents(
  db: Kysely<Database>,
  cursors: CursorCodec,
  query: EventListQuery,
  /** 'public': published events only; 'all': a site admin's view; else the events of these organizers. */
  visible: 'public' | 'all' | string[],
): Promise<Page<CatalogEvent>> {
  const limit = query.limit ?? 20;
  const status = query.status ?? 'published';
  if (status !== 'published' && visible === 'public') throw errors.forbidden('Only admins can list unpublished events.');
  const organizers = typeof visible === 'string' ? undefined : visible;
  if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
    throw errors.invalid('errors.detail.priceRange', [{ path: '/minPrice', key: 'errors.field.priceRange' }]);
  }
  if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) > Date.parse(query.to)) {
    throw errors.invalid('errors.detail.dateRange', [{ path: '/from', key: 'errors.field.dateRange' }]);
  }
  const search = query.q === undefined ? undefined : searchCondition(db, query.q);
  const sort = query.sort ?? (search ? 'relevance' : 'startsAt');
  if (sort === 'relevance' && search === undefined) {
    throw errors.invalid('errors.detail.relevanceNeedsQuery', [{ path: '/sort', key: 'errors.field.relevanceNeedsQuery' }]);
  }
  // The keyset: a sort value then the id, both in the cursor together with the sort it belongs to.
  const descending = sort === '-startsAt' || sort === '-price' || sort === 'relevance';
  const sortExpr: RawBuilder<unknown> =
    sort === 'relevance' ? (search?.rank ?? sql`0`) : sort === 'price' || sort === '-price' ? priceKey : sql`events.starts_at`;
  let after: [unknown, string] | undefined;
  if (query.cursor !== undefined) {
    const [cursorSort, value, id] = cursors.decode(query.cursor, 3);
    if (cursorSort !== sort || typeof id !== 'string') {
      throw errors.invalid('errors.detail.cursorSort', [{ path: '/cursor', key: 'errors.field.cursor' }]);
    }
    after = [value, id];
  }

  // Filter, sort and cut the page on (id, sort value) alone, then read the full rows of that page
  // only: sorting a thousand candidates carried every column of each through the sort (7.7 ms of
  // PostgreSQL per search over 10,000 events; 3 ms this way).
  const searchJoin = search?.join;
  const hits = db
    .selectFrom('events')
    .$if(searchJoin !== undefined, (q) => q.innerJoin(searchJoin as NonNullable<typeof searchJoin>, 'fts.event_id', 'events.id'))
    .select(['events.id as hit_id', sortExpr.as('sort_value') as never])
    .where('events.status', '=', status)
    .$if(organizers !== undefined, (q) => q.where('events.organizer_id', 'in', organizers ?? []))
    .$if(search?.where !== undefined, (q) => q.where(search?.where ?? sql<boolean>`true`))
    .$if(query.from !== undefined, (q) => q.where('events.starts_at', '>=', new Date(query.from ?? 0).toISOString()))
    .$if(query.to !== undefined, (q) => q.where('events.starts_at', '<=', new Date(query.to ?? 0).toISOString()))
    .$if(query.minPrice !== undefined, (q) => q.where('events.price_from_cents', '>=', priceBound(query.minPrice ?? 0)))
    .$if(query.maxPrice !== undefined, (q) => q.where('events.price_from_cents', '<=', priceBound(query.maxPrice ?? 0)))
    .$if(query.currency !== undefined, (q) => q.where('events.currency', '=', query.currency ?? ''))
    .$if(query.category !== undefined, (q) => q.where('events.category', '=', query.category ?? ''))
    .$if(query.venueId !== undefined, (q) => q.where('events.venue_id', '=', query.venueId ?? ''))
    .$if(query.organizerId !== undefined, (q) => q.where('events.organizer_id', '=', query.organizerId ?? ''))
    .$if(query.available === true, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('ticket_types')
            .select('ticket_types.id')
            .whereRef('ticket_types.event_id', '=', 'events.id')
            .where('ticket_types.hidden', '=', 0)
            .where(sql<boolean>`ticket_types.capacity - ticket_types.sold - ticket_types.held > 0`)
            .where('ticket_types.waitlist_waiting', '=', 0),
        ),
      ),
    )
    .$if(after !== undefined, (q) =>
      q.where((eb) => {
        const [value, id] = after ?? [null, ''];
        const cmp = descending ? '<' : '>';
        return eb.or([
          eb(sortExpr as never, cmp, value as never),
          eb.and([eb(sortExpr as never, '=', value as never), eb('events.id', cmp, id)]),
        ]);
      }),
    )
    // By the output name: the rank is then computed once per candidate, not again for the sort.
    .orderBy(sql`sort_value`, descending ? 'desc' : 'asc')
    .orderBy('events.id', descending ? 'desc' : 'asc')
    .limit(limit + 1)
    .as('hits');
  const rows = await db
    .selectFrom(hits)
    .innerJoin('events', 'events.id', 'hits.hit_id')
    .innerJoin('venues', 'venues.id', 'events.venue_id')
    .select(EVENT_COLUMNS.map((c) => `events.${c}` as const))
    .select(['venues.address as venue_address', sql`hits.sort_value`.as('sort_value')])
    .orderBy(sql`hits.sort_value`, descending ? 'desc' : 'asc')
    .orderBy('events.id', descending ? 'desc' : 'asc')
    .execute();

  const page = rows.slice(0, limit) as (EventRow & { sort_value: unknown; venue_address: string })[];
  const last = page.at(-1);
  return {
    items: await toCatalogEvents(db, page, { showHidden: visible !== 'public' }),
    nextCursor: rows.length > limit && last !== undefined ? cursors.encode([sort, last.sort_value, last.id]) : null,
  };
}
