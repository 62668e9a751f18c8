/** Venues: the places events happen, with an optional seat layout for reserved seating. */
import { randomUUID } from 'node:crypto';
import type { Layout, OrganizerRef, Page, Venue, VenueInput, VenueListQuery, VenuePatch } from '@iatichet/contracts';
import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { canonicalTimeZone } from '../config/time-zones.js';
import { nowIso } from '../db/dialect.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database, VenuesTable } from '../db/schema.js';
import { decodeAscending, laterThan, pageOf, type AscendingPosition, type CursorCodec } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { defaultOrganizerId } from '../organizers/default-organizer.js';
import { organizerRef } from '../organizers/organizers.js';
import { flattenLayout, layoutCapacity, validateLayout } from './layout.js';
import { refreshSearchIndex } from './search-index.js';

export function toVenue(row: Selectable<VenuesTable>, organizer: OrganizerRef): Venue {
  const layout = row.layout_json === null ? null : (JSON.parse(row.layout_json) as Layout);
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    city: row.city,
    capacity: row.capacity,
    layout,
    seatCount: layout === null ? 0 : flattenLayout(layout).length,
    timeZone: row.time_zone,
    organizerId: row.organizer_id,
    organizer,
  };
}

/** The venue as the API shows it, with its organizer's name. */
export async function venueWithOrganizer(db: Kysely<Database>, row: Selectable<VenuesTable>): Promise<Venue> {
  return toVenue(row, await organizerRef(db, row.organizer_id));
}

function checkedTimeZone(name: string): string {
  const zone = canonicalTimeZone(name);
  if (zone === null)
    throw errors.invalid('errors.detail.unknownTimeZone', [{ path: '/timeZone', key: 'errors.field.timeZone' }], { zone: name });
  return zone;
}

export async function findVenue(db: Kysely<Database>, id: string): Promise<Selectable<VenuesTable> | undefined> {
  return db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The schema's minLength counts spaces, and the name is stored trimmed: "   " would be no name. */
function checkName(name: string): void {
  if (name.trim() === '') throw errors.validation('Give the venue a name.', [{ path: '/name', message: 'must not be blank' }]);
}

export async function createVenue(
  db: Kysely<Database>,
  actorId: string | null,
  input: VenueInput,
  defaultTimeZone: string,
  organizerId?: string,
): Promise<Venue> {
  checkName(input.name);
  if (input.layout !== null) validateLayout(input.layout);
  const timeZone = checkedTimeZone(input.timeZone ?? defaultTimeZone);
  const now = nowIso();
  const row: Selectable<VenuesTable> = {
    id: randomUUID(),
    name: input.name.trim(),
    address: input.address.trim(),
    city: input.city.trim(),
    capacity: input.layout === null ? input.capacity : layoutCapacity(input.layout),
    layout_json: input.layout === null ? null : JSON.stringify(input.layout),
    time_zone: timeZone,
    organizer_id: '',
    created_at: now,
    updated_at: now,
  };
  return inTransaction(db, async (trx) => {
    row.organizer_id = organizerId ?? (await defaultOrganizerId(trx));
    await trx.insertInto('venues').values(row).execute();
    const venue = await venueWithOrganizer(trx, row);
    await recordAudit(trx, {
      actorId,
      action: 'venue.create',
      entityType: 'venue',
      entityId: row.id,
      organizerId: row.organizer_id,
      after: venue,
    });
    return venue;
  });
}

/**
 * Updates a venue. Its layout is copied into each event's seats when the event is created, so a
 * layout change never moves a seat someone already holds; name and city flow into event search.
 */
export async function updateVenue(db: Kysely<Database>, actorId: string | null, id: string, patch: VenuePatch): Promise<Venue> {
  if (patch.name !== undefined) checkName(patch.name);
  if (patch.layout) validateLayout(patch.layout);
  const timeZone = patch.timeZone === undefined ? undefined : checkedTimeZone(patch.timeZone);
  return db.transaction().execute(async (trx) => {
    const before = await findVenue(trx, id);
    if (before === undefined) throw errors.notFound('venue');
    const layout = patch.layout === undefined ? before.layout_json : patch.layout === null ? null : JSON.stringify(patch.layout);
    const after: Selectable<VenuesTable> = {
      ...before,
      name: patch.name?.trim() ?? before.name,
      address: patch.address?.trim() ?? before.address,
      city: patch.city?.trim() ?? before.city,
      layout_json: layout,
      time_zone: timeZone ?? before.time_zone,
      capacity: patch.layout ? layoutCapacity(patch.layout) : (patch.capacity ?? before.capacity),
      updated_at: nowIso(),
    };
    await trx.updateTable('venues').set(after).where('id', '=', id).execute();
    if (after.name !== before.name || after.city !== before.city || after.time_zone !== before.time_zone) {
      // The events' instants stay as they are; only the zone they are shown in follows the venue.
      await trx
        .updateTable('events')
        .set({ venue_name: after.name, venue_city: after.city, time_zone: after.time_zone })
        .where('venue_id', '=', id)
        .execute();
      if (after.name !== before.name || after.city !== before.city) await refreshSearchIndex(trx, { venueId: id });
    }
    const organizer = await organizerRef(trx, before.organizer_id);
    await recordAudit(trx, {
      actorId,
      action: 'venue.update',
      entityType: 'venue',
      entityId: id,
      organizerId: before.organizer_id,
      before: toVenue(before, organizer),
      after: toVenue(after, organizer),
    });
    return toVenue(after, organizer);
  });
}

export async function deleteVenue(db: Kysely<Database>, actorId: string | null, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findVenue(trx, id);
    if (before === undefined) throw errors.notFound('venue');
    const used = await trx.selectFrom('events').select('id').where('venue_id', '=', id).limit(1).executeTakeFirst();
    if (used !== undefined) throw errors.conflict('Events use this venue; delete or move them first.');
    await trx.deleteFrom('venues').where('id', '=', id).execute();
    await recordAudit(trx, {
      actorId,
      action: 'venue.delete',
      entityType: 'venue',
      entityId: id,
      organizerId: before.organizer_id,
      before: await venueWithOrganizer(trx, before),
    });
  });
}

/**
 * A page of the venues of the organizers in scope ('all' for a site admin), by name then id; the
 * cursor is the last venue's (name, id).
 */
export async function listVenues(
  db: Kysely<Database>,
  cursors: CursorCodec,
  query: VenueListQuery,
  organizers: 'all' | string[],
): Promise<Page<Venue>> {
  const limit = query.limit ?? 20;
  const after = decodeAscending(cursors, query.cursor);
  if (organizers !== 'all' && organizers.length === 0) return { items: [], nextCursor: null };
  const rows = await db
    .selectFrom('venues')
    .innerJoin('organizers as o', 'o.id', 'venues.organizer_id')
    .selectAll('venues')
    .select(['o.name as organizer_name', 'o.slug as organizer_slug'])
    .$if(organizers !== 'all', (q) => q.where('venues.organizer_id', 'in', organizers as string[]))
    .$if(after !== undefined, (q) => q.where(laterThan(after as AscendingPosition, 'venues.name', 'venues.id')))
    .orderBy('venues.name')
    .orderBy('venues.id')
    .limit(limit + 1)
    .execute();
  return pageOf(
    cursors,
    rows,
    limit,
    ({ organizer_name, organizer_slug, ...row }) =>
      toVenue(row, { id: row.organizer_id, name: organizer_name, slug: organizer_slug }),
    (row) => [row.name, row.id],
  );
}
