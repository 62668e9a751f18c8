/**
 * Events and their ticket types: create, edit, publish, cancel, delete. General admission prices
 * ticket types with a capacity each; reserved seating copies the venue's layout into one seat row
 * per seat, priced by the ticket type of the seat's category (ticket-type-writes.ts plans and
 * writes the types and seats).
 */
import { randomUUID } from 'node:crypto';
import type { EventInput, EventPatch, Layout } from '@iatichet/contracts';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { dialectOf, nowIso } from '../db/dialect.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database, EventsTable } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import { checkQueueSettings, QUEUE_OFF, queueColumns, toQueueSettings } from './queue-settings.js';
import { refundPolicyColumns } from './refund-policy.js';
import { removeFromSearchIndex, refreshSearchIndex } from './search-index.js';
import { currentTicketTypeInputs, invalid, planTicketTypes, writeTicketTypes } from './ticket-type-writes.js';
import { findVenue } from './venues.js';
import { emitEventChange } from '../webhooks/payloads.js';

// layout_json (the event's own copy of the layout) is written at creation or when a draft changes
// venue or seating, and read by the seat map and by ticket type edits, never with the event.
type EventRow = Omit<Selectable<EventsTable>, 'layout_json'>;

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
  'doors_at',
  'status',
  'seating',
  'currency',
  'poster_key',
  'max_tickets_per_order',
  'price_from_cents',
  'capacity',
  'refund_policy',
  'refund_until',
  'waitlist_enabled',
  'waitlist_offer_minutes',
  'queue_enabled',
  'queue_opens_at',
  'queue_admit_per_minute',
  'queue_pass_minutes',
  'time_zone',
  'organizer_id',
  'search_title',
  'search_place',
  'search_body',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof EventsTable)[];

function checkTimes(
  input: Pick<EventInput, 'startsAt' | 'endsAt'> & {
    salesStartAt?: string | null;
    salesEndAt?: string | null;
    doorsAt?: string | null;
  },
): void {
  const starts = Date.parse(input.startsAt);
  const ends = Date.parse(input.endsAt);
  if (ends < starts) invalid('The event cannot end before it starts.', '/endsAt');
  const salesStart = input.salesStartAt ? Date.parse(input.salesStartAt) : undefined;
  const salesEnd = input.salesEndAt ? Date.parse(input.salesEndAt) : undefined;
  if (salesStart !== undefined && salesEnd !== undefined && salesEnd <= salesStart)
    invalid('Sales must end after they start.', '/salesEndAt');
  if (salesEnd !== undefined && salesEnd > ends) invalid('Sales cannot end after the event ends.', '/salesEndAt');
  if (input.doorsAt && Date.parse(input.doorsAt) > starts) invalid('The doors cannot open after the event starts.', '/doorsAt');
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

function parseLayout(layoutJson: string | null): Layout | null {
  return layoutJson === null ? null : (JSON.parse(layoutJson) as Layout);
}

/** The event's own copy of its layout: its seats were made from it, whatever the venue's is now. */
async function eventLayoutJson(trx: Transaction<Database>, id: string): Promise<string | null> {
  const row = await trx.selectFrom('events').select('layout_json').where('id', '=', id).executeTakeFirst();
  return row?.layout_json ?? null;
}

/** The schema's minLength counts spaces, and the title is stored trimmed: "   " would be no title. */
function checkTitle(title: string | undefined): void {
  if (title?.trim() === '') invalid('Give the event a title.', '/title');
}

export async function createEvent(db: Kysely<Database>, actorId: string | null, input: EventInput): Promise<string> {
  checkTitle(input.title);
  checkTimes(input);
  return inTransaction(db, async (trx) => {
    const venue = await findVenue(trx, input.venueId);
    if (venue === undefined) invalid('No such venue.', '/venueId');
    const layout = parseLayout(venue.layout_json);
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
      time_zone: venue.time_zone,
      organizer_id: venue.organizer_id,
      starts_at: new Date(input.startsAt).toISOString(),
      ends_at: new Date(input.endsAt).toISOString(),
      sales_start_at: input.salesStartAt ? new Date(input.salesStartAt).toISOString() : null,
      sales_end_at: input.salesEndAt ? new Date(input.salesEndAt).toISOString() : null,
      doors_at: input.doorsAt ? new Date(input.doorsAt).toISOString() : null,
      status: 'draft',
      seating: input.seating,
      currency: input.currency,
      poster_key: null,
      max_tickets_per_order: input.maxTicketsPerOrder ?? 10,
      price_from_cents: null,
      capacity: 0,
      ...refundPolicyColumns(input.refundPolicy ?? { default: true }),
      waitlist_enabled: input.waitlist?.enabled === false ? 0 : 1,
      waitlist_offer_minutes: input.waitlist?.offerMinutes ?? null,
      ...queueColumns(input.queue ?? QUEUE_OFF),
      search_title: '',
      search_place: '',
      search_body: '',
      created_at: now,
      updated_at: now,
    };
    checkQueueSettings(row, row.sales_start_at);
    await trx
      .insertInto('events')
      .values({ ...row, layout_json: input.seating === 'reserved' ? venue.layout_json : null })
      .execute();
    await writeTicketTypes(trx, row, planned, layout);
    await refreshSearchIndex(trx, { eventIds: [row.id] });
    await recordAudit(trx, {
      actorId,
      action: 'event.create',
      entityType: 'event',
      entityId: row.id,
      after: { ...input },
    });
    return row.id;
  });
}

export async function updateEvent(db: Kysely<Database>, actorId: string | null, id: string, patch: EventPatch): Promise<void> {
  checkTitle(patch.title);
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
      doorsAt: patch.doorsAt === undefined ? before.doors_at : patch.doorsAt,
    };
    checkTimes(merged);
    const venue = await findVenue(trx, patch.venueId ?? before.venue_id);
    if (venue === undefined) invalid('No such venue.', '/venueId');
    // An event never changes organizer: another organizer's venue is, to this event, no venue.
    if (venue.organizer_id !== before.organizer_id) throw errors.notFound('venue');
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
      time_zone: venue.time_zone,
      organizer_id: venue.organizer_id,
      starts_at: new Date(merged.startsAt).toISOString(),
      ends_at: new Date(merged.endsAt).toISOString(),
      sales_start_at: merged.salesStartAt ? new Date(merged.salesStartAt).toISOString() : null,
      sales_end_at: merged.salesEndAt ? new Date(merged.salesEndAt).toISOString() : null,
      doors_at: merged.doorsAt ? new Date(merged.doorsAt).toISOString() : null,
      seating,
      currency: patch.currency ?? before.currency,
      max_tickets_per_order: patch.maxTicketsPerOrder ?? before.max_tickets_per_order,
      ...(patch.refundPolicy === undefined ? {} : refundPolicyColumns(patch.refundPolicy)),
      // Turning the list off refuses new entries; those already in line are still served.
      ...(patch.waitlist === undefined
        ? {}
        : { waitlist_enabled: patch.waitlist.enabled ? 1 : 0, waitlist_offer_minutes: patch.waitlist.offerMinutes }),
      ...(patch.queue === undefined ? {} : queueColumns(patch.queue)),
      updated_at: nowIso(),
    };
    checkQueueSettings(after, after.sales_start_at);
    if (published && after.currency !== before.currency)
      throw errors.conflict('The currency cannot change once the event is published.');
    // A draft moving venue or seating takes a fresh copy of the venue's layout; otherwise the
    // event keeps the copy its seats were made from, even if the venue's layout changed since.
    const layoutJson = seatingChanged ? (seating === 'reserved' ? venue.layout_json : null) : await eventLayoutJson(trx, id);
    await trx
      .updateTable('events')
      .set(seatingChanged ? { ...after, layout_json: layoutJson } : after)
      .where('id', '=', id)
      .execute();
    if (patch.ticketTypes !== undefined || seatingChanged) {
      const inputs = patch.ticketTypes ?? (await currentTicketTypeInputs(trx, id));
      const layout = seating === 'reserved' ? parseLayout(layoutJson) : null;
      await writeTicketTypes(trx, after, planTicketTypes(seating, layout, inputs), layout);
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
    // A draft is the organizer's own business; buyers' systems hear of published events only.
    if (published) await emitEventChange(trx, id, 'event.changed');
  });
}

function snapshot(row: EventRow) {
  return {
    title: row.title,
    status: row.status,
    startsAt: row.starts_at,
    venueId: row.venue_id,
    seating: row.seating,
    queue: toQueueSettings(row),
  };
}

export async function setEventStatus(
  db: Kysely<Database>,
  actorId: string | null,
  id: string,
  status: 'published' | 'cancelled',
): Promise<void> {
  await inTransaction(db, async (trx) => {
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
    await emitEventChange(trx, id, status === 'published' ? 'event.published' : 'event.cancelled');
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
    await recordAudit(trx, {
      actorId,
      action: 'event.delete',
      entityType: 'event',
      entityId: id,
      organizerId: before.organizer_id,
      before: snapshot(before),
    });
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
