/**
 * Events and their ticket types: create, edit, publish, cancel, delete. General admission prices
 * ticket types with a capacity each; reserved seating copies the venue's layout into one seat row
 * per seat, priced by the ticket type of the seat's category.
 */
import { randomUUID } from 'node:crypto';
import type { EventInput, EventPatch, FieldError, Layout, TicketTypeInput } from '@iatichet/contracts';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { dialectOf, nowIso } from '../db/dialect.js';
import type { Database, EventsTable, TicketTypesTable } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import { flattenLayout, seatCategories } from './layout.js';
import { refundPolicyColumns } from './refund-policy.js';
import { removeFromSearchIndex, refreshSearchIndex } from './search-index.js';
import { findVenue } from './venues.js';

type EventRow = Selectable<EventsTable>;

/** Every column of events the app reads; PostgreSQL's generated search_vector stays in the database. */
export const EVENT_COLUMNS = [
  'id',
  'title',
  'description',
  'category',
  'venue_id',
  'venue_name',
  'venue_city',
  'starts_at',
  'ends_at',
  'sales_start_at',
  'sales_end_at',
  'status',
  'seating',
  'currency',
  'poster_key',
  'max_tickets_per_order',
  'price_from_cents',
  'capacity',
  'refund_policy',
  'refund_until',
  'search_title',
  'search_place',
  'search_body',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof EventsTable)[];
type TicketTypeRow = Selectable<TicketTypesTable>;

function invalid(message: string, path: string): never {
  throw errors.validation(message, [{ path, message }]);
}

function checkTimes(
  input: Pick<EventInput, 'startsAt' | 'endsAt'> & { salesStartAt?: string | null; salesEndAt?: string | null },
): void {
  const starts = Date.parse(input.startsAt);
  const ends = Date.parse(input.endsAt);
  if (ends < starts) invalid('The event cannot end before it starts.', '/endsAt');
  const salesStart = input.salesStartAt ? Date.parse(input.salesStartAt) : undefined;
  const salesEnd = input.salesEndAt ? Date.parse(input.salesEndAt) : undefined;
  if (salesStart !== undefined && salesEnd !== undefined && salesEnd <= salesStart)
    invalid('Sales must end after they start.', '/salesEndAt');
  if (salesEnd !== undefined && salesEnd > ends) invalid('Sales cannot end after the event ends.', '/salesEndAt');
}

interface PlannedTicketType extends TicketTypeInput {
  /** Set by the client only to edit an existing ticket type of this event. */
  id?: string;
  capacity: number;
  seatCategory: string | null;
}

/** Works out every ticket type's capacity: given for general admission, counted from the layout for reserved seating. */
function planTicketTypes(seating: EventInput['seating'], layout: Layout | null, inputs: TicketTypeInput[]): PlannedTicketType[] {
  const problems: FieldError[] = [];
  const names = new Set<string>();
  inputs.forEach((t, i) => {
    const key = t.name.trim().toLowerCase();
    if (names.has(key)) problems.push({ path: `/ticketTypes/${i}/name`, message: `Two ticket types are named "${t.name}".` });
    names.add(key);
  });
  let planned: PlannedTicketType[];
  if (seating === 'general') {
    planned = inputs.map((t, i) => {
      if (t.capacity === undefined)
        problems.push({ path: `/ticketTypes/${i}/capacity`, message: 'Give each ticket type a capacity.' });
      return { ...t, capacity: t.capacity ?? 0, seatCategory: null };
    });
  } else {
    if (layout === null) invalid('Reserved seating needs a venue with a seat layout.', '/venueId');
    const categories = seatCategories(layout);
    const priced = new Set<string>();
    planned = inputs.map((t, i) => {
      const category = t.seatCategory ?? '';
      if (!categories.has(category))
        problems.push({
          path: `/ticketTypes/${i}/seatCategory`,
          message: `The layout has no "${category}" seats (it has ${[...categories.keys()].join(', ')}).`,
        });
      if (priced.has(category))
        problems.push({ path: `/ticketTypes/${i}/seatCategory`, message: `"${category}" is priced twice.` });
      priced.add(category);
      return { ...t, capacity: categories.get(category) ?? 0, seatCategory: category };
    });
    const unpriced = [...categories.keys()].filter((c) => !priced.has(c));
    if (unpriced.length > 0)
      problems.push({ path: '/ticketTypes', message: `Price every seat category; missing: ${unpriced.join(', ')}.` });
  }
  if (problems.length > 0) throw errors.validation('The ticket types are not valid.', problems);
  return planned;
}

async function loadEventForUpdate(trx: Transaction<Database>, id: string): Promise<EventRow> {
  const row = await trx
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where('id', '=', id)
    .$if(dialectOf(trx) === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (row === undefined) throw errors.notFound('event');
  return row;
}

/** Writes ticket types (insert, update, delete) and, for reserved seating, the event's seats. */
async function writeTicketTypes(
  trx: Transaction<Database>,
  event: EventRow,
  plannedInput: PlannedTicketType[],
  layout: Layout | null,
): Promise<void> {
  const existing = await trx.selectFrom('ticket_types').selectAll().where('event_id', '=', event.id).execute();
  const byId = new Map(existing.map((t) => [t.id, t]));
  plannedInput.forEach((t, i) => {
    if (t.id !== undefined && !byId.has(t.id))
      invalid('This event has no ticket type with that id; leave the id out to add a new one.', `/ticketTypes/${i}/id`);
  });
  const planned = plannedInput.map((t) => ({ ...t, id: t.id ?? randomUUID(), isNew: t.id === undefined }));
  for (const gone of existing.filter((t) => !planned.some((p) => p.id === t.id))) {
    if (gone.sold + gone.held > 0) throw errors.conflict(`"${gone.name}" has tickets sold or held and cannot be removed.`);
    await trx.deleteFrom('event_seats').where('ticket_type_id', '=', gone.id).execute();
    await trx.deleteFrom('ticket_types').where('id', '=', gone.id).execute();
  }
  for (const [order, t] of planned.entries()) {
    const current = byId.get(t.id);
    if (t.isNew || current === undefined) {
      await trx
        .insertInto('ticket_types')
        .values({
          id: t.id,
          event_id: event.id,
          name: t.name.trim(),
          price_cents: t.priceCents,
          capacity: t.capacity,
          seat_category: t.seatCategory,
          sold: 0,
          held: 0,
          sort_order: order,
        })
        .execute();
    } else {
      if (t.capacity < current.sold + current.held) {
        throw errors.conflict(
          `"${current.name}" already has ${current.sold + current.held} tickets sold or held; its capacity cannot drop to ${t.capacity}.`,
        );
      }
      await trx
        .updateTable('ticket_types')
        .set({
          name: t.name.trim(),
          price_cents: t.priceCents,
          capacity: t.capacity,
          seat_category: t.seatCategory,
          sort_order: order,
        })
        .where('id', '=', t.id)
        .execute();
    }
  }
  if (event.seating === 'reserved' && layout !== null) {
    const seatCount = await trx
      .selectFrom('event_seats')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', event.id)
      .executeTakeFirstOrThrow();
    const typeByCategory = new Map(planned.map((t) => [t.seatCategory, t.id]));
    if (seatCount.n === 0) {
      const seats = flattenLayout(layout).map((s) => ({
        id: randomUUID(),
        event_id: event.id,
        ticket_type_id: typeByCategory.get(s.category) ?? '',
        section: s.section,
        row_label: s.row,
        number: s.number,
        category: s.category,
        position: s.position,
        status: 'free' as const,
        reservation_id: null,
      }));
      for (let i = 0; i < seats.length; i += 500)
        await trx
          .insertInto('event_seats')
          .values(seats.slice(i, i + 500))
          .execute();
    } else {
      for (const [category, typeId] of typeByCategory) {
        if (category !== null)
          await trx
            .updateTable('event_seats')
            .set({ ticket_type_id: typeId })
            .where('event_id', '=', event.id)
            .where('category', '=', category)
            .execute();
      }
    }
  }
  const totals = await trx
    .selectFrom('ticket_types')
    .select((eb) => [eb.fn.sum<number>('capacity').as('capacity'), eb.fn.min<number | null>('price_cents').as('price_from')])
    .where('event_id', '=', event.id)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('events')
    .set({ capacity: totals.capacity, price_from_cents: totals.price_from })
    .where('id', '=', event.id)
    .execute();
}

function venueLayout(venue: { layout_json: string | null }): Layout | null {
  return venue.layout_json === null ? null : (JSON.parse(venue.layout_json) as Layout);
}

export async function createEvent(db: Kysely<Database>, actorId: string | null, input: EventInput): Promise<string> {
  checkTimes(input);
  return db.transaction().execute(async (trx) => {
    const venue = await findVenue(trx, input.venueId);
    if (venue === undefined) invalid('No such venue.', '/venueId');
    const layout = venueLayout(venue);
    const planned = planTicketTypes(input.seating, layout, input.ticketTypes);
    const now = nowIso();
    const row: EventRow = {
      id: randomUUID(),
      title: input.title.trim(),
      description: input.description,
      category: input.category,
      venue_id: venue.id,
      venue_name: venue.name,
      venue_city: venue.city,
      starts_at: new Date(input.startsAt).toISOString(),
      ends_at: new Date(input.endsAt).toISOString(),
      sales_start_at: input.salesStartAt ? new Date(input.salesStartAt).toISOString() : null,
      sales_end_at: input.salesEndAt ? new Date(input.salesEndAt).toISOString() : null,
      status: 'draft',
      seating: input.seating,
      currency: input.currency,
      poster_key: null,
      max_tickets_per_order: input.maxTicketsPerOrder ?? 10,
      price_from_cents: null,
      capacity: 0,
      ...refundPolicyColumns(input.refundPolicy ?? { default: true }),
      search_title: '',
      search_place: '',
      search_body: '',
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('events').values(row).execute();
    await writeTicketTypes(trx, row, planned, layout);
    await refreshSearchIndex(trx, { eventIds: [row.id] });
    await recordAudit(trx, { actorId, action: 'event.create', entityType: 'event', entityId: row.id, after: { ...input } });
    return row.id;
  });
}

export async function updateEvent(db: Kysely<Database>, actorId: string | null, id: string, patch: EventPatch): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await loadEventForUpdate(trx, id);
    if (before.status === 'cancelled') throw errors.conflict('A cancelled event cannot be changed.');
    const published = before.status === 'published';
    if (published && patch.seating !== undefined && patch.seating !== before.seating)
      throw errors.conflict('Seating cannot change once the event is published.');
    if (published && patch.venueId !== undefined && patch.venueId !== before.venue_id && before.seating === 'reserved') {
      throw errors.conflict('A published reserved-seating event cannot move to another venue.');
    }
    const merged = {
      startsAt: patch.startsAt ?? before.starts_at,
      endsAt: patch.endsAt ?? before.ends_at,
      salesStartAt: patch.salesStartAt === undefined ? before.sales_start_at : patch.salesStartAt,
      salesEndAt: patch.salesEndAt === undefined ? before.sales_end_at : patch.salesEndAt,
    };
    checkTimes(merged);
    const venue = await findVenue(trx, patch.venueId ?? before.venue_id);
    if (venue === undefined) invalid('No such venue.', '/venueId');
    const seating = patch.seating ?? before.seating;
    const seatingChanged = seating !== before.seating || venue.id !== before.venue_id;
    if (seatingChanged) {
      // A draft moving venue or seating kind starts its seats afresh.
      await trx.deleteFrom('event_seats').where('event_id', '=', id).execute();
    }
    const after: EventRow = {
      ...before,
      title: patch.title?.trim() ?? before.title,
      description: patch.description ?? before.description,
      category: patch.category ?? before.category,
      venue_id: venue.id,
      venue_name: venue.name,
      venue_city: venue.city,
      starts_at: new Date(merged.startsAt).toISOString(),
      ends_at: new Date(merged.endsAt).toISOString(),
      sales_start_at: merged.salesStartAt ? new Date(merged.salesStartAt).toISOString() : null,
      sales_end_at: merged.salesEndAt ? new Date(merged.salesEndAt).toISOString() : null,
      seating,
      currency: patch.currency ?? before.currency,
      max_tickets_per_order: patch.maxTicketsPerOrder ?? before.max_tickets_per_order,
      ...(patch.refundPolicy === undefined ? {} : refundPolicyColumns(patch.refundPolicy)),
      updated_at: nowIso(),
    };
    if (published && after.currency !== before.currency)
      throw errors.conflict('The currency cannot change once the event is published.');
    await trx.updateTable('events').set(after).where('id', '=', id).execute();
    if (patch.ticketTypes !== undefined || seatingChanged) {
      const inputs = patch.ticketTypes ?? (await currentTicketTypeInputs(trx, id));
      await writeTicketTypes(trx, after, planTicketTypes(seating, venueLayout(venue), inputs), venueLayout(venue));
    }
    await refreshSearchIndex(trx, { eventIds: [id] });
    await recordAudit(trx, {
      actorId,
      action: 'event.update',
      entityType: 'event',
      entityId: id,
      before: snapshot(before),
      after: { ...patch },
    });
  });
}

async function currentTicketTypeInputs(trx: Transaction<Database>, eventId: string): Promise<TicketTypeInput[]> {
  const rows: TicketTypeRow[] = await trx
    .selectFrom('ticket_types')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('sort_order')
    .execute();
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    priceCents: t.price_cents,
    capacity: t.capacity,
    seatCategory: t.seat_category,
  }));
}

function snapshot(row: EventRow) {
  return { title: row.title, status: row.status, startsAt: row.starts_at, venueId: row.venue_id, seating: row.seating };
}

export async function setEventStatus(
  db: Kysely<Database>,
  actorId: string | null,
  id: string,
  status: 'published' | 'cancelled',
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await loadEventForUpdate(trx, id);
    if (before.status === status) return;
    if (before.status === 'cancelled') throw errors.conflict('The event is cancelled.');
    if (status === 'published' && before.capacity <= 0)
      throw errors.conflict('Add tickets before publishing: the event has no capacity.');
    await trx.updateTable('events').set({ status, updated_at: nowIso() }).where('id', '=', id).execute();
    await recordAudit(trx, {
      actorId,
      action: status === 'published' ? 'event.publish' : 'event.cancel',
      entityType: 'event',
      entityId: id,
      before: snapshot(before),
      after: { status },
    });
  });
}

export async function deleteEvent(db: Kysely<Database>, actorId: string | null, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await loadEventForUpdate(trx, id);
    const sold = await trx
      .selectFrom('ticket_types')
      .select('id')
      .where('event_id', '=', id)
      .where((eb) => eb('sold', '>', 0).or('held', '>', 0))
      .limit(1)
      .executeTakeFirst();
    if (before.status !== 'draft' || sold !== undefined)
      throw errors.conflict('Only a draft with no reservations can be deleted; cancel it instead.');
    await trx.deleteFrom('event_seats').where('event_id', '=', id).execute();
    await trx.deleteFrom('ticket_types').where('event_id', '=', id).execute();
    await trx.deleteFrom('events').where('id', '=', id).execute();
    await removeFromSearchIndex(trx, id);
    await recordAudit(trx, { actorId, action: 'event.delete', entityType: 'event', entityId: id, before: snapshot(before) });
  });
}

export async function setPoster(db: Kysely<Database>, actorId: string | null, id: string, posterKey: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await loadEventForUpdate(trx, id);
    await trx.updateTable('events').set({ poster_key: posterKey, updated_at: nowIso() }).where('id', '=', id).execute();
    await recordAudit(trx, {
      actorId,
      action: 'event.poster',
      entityType: 'event',
      entityId: id,
      before: { poster: before.poster_key },
      after: { poster: posterKey },
    });
  });
}
