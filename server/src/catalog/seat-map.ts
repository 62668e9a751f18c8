/**
 * An event's seat map: its seats with their status and a `version`, the changes since a version,
 * and the event's own copy of its layout (the drawing the seats were made from).
 *
 * A seat's version is the epoch milliseconds of the statement that last changed it (the hold
 * path sets it). A transaction may commit a smaller version after a reader already saw a larger
 * one, so `?since=` answers every seat changed from a margin before the caller's version: a seat
 * can come twice, never not at all, and clients apply statuses as they come (idempotent). The
 * caller's version is also rounded down to the second, so that everyone asking within the same
 * second shares one cached answer.
 */
import type { EventSeat, EventSeats, Layout } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';

/** How long before a reader's version a late commit may still land (a hold's transaction time, with room). */
export const SINCE_MARGIN_MS = 2000;

/**
 * The smallest version `?since=` answers above: the caller's, rounded down to the second, less the
 * margin. Versions are epoch milliseconds; a `since` past the safe integers (1e30 is an integer to
 * the schema) is later than every seat and is kept within them, where PostgreSQL's bigint holds it.
 */
export function sinceThreshold(since: number): number {
  return Math.max(0, Math.floor(Math.min(since, Number.MAX_SAFE_INTEGER) / 1000) * 1000 - SINCE_MARGIN_MS);
}

async function visibleEvent(db: Kysely<Database>, id: string, includeUnpublished: boolean) {
  const event = await db
    .selectFrom('events')
    .select(['status', 'seating', 'layout_json'])
    .where('id', '=', id)
    .executeTakeFirst();
  // A draft is invisible to the public: 404, not 403, so ids cannot be probed.
  if (event === undefined || (!includeUnpublished && event.status === 'draft')) throw errors.notFound('event');
  return event;
}

/**
 * Every seat in map order (or, with `since`, those changed after its threshold) and the highest
 * version the answer covers: the `since` to ask next. One statement, so seats and version agree.
 * Positions and accessibility are sent only where a seat has them, keeping a 20,000-seat map small.
 */
export async function getSeats(
  db: Kysely<Database>,
  id: string,
  includeUnpublished: boolean,
  since?: number,
): Promise<EventSeats> {
  const event = await visibleEvent(db, id, includeUnpublished);
  if (event.seating !== 'reserved') return { seats: [], version: 0 };
  const threshold = since === undefined ? undefined : sinceThreshold(since);
  const rows = await db
    .selectFrom('event_seats')
    .select(['id', 'section', 'row_label', 'number', 'category', 'status', 'x', 'y', 'accessible', 'version'])
    .where('event_id', '=', id)
    .$if(threshold !== undefined, (q) => q.where('version', '>', threshold ?? 0))
    .orderBy('position')
    .execute();
  let version = threshold ?? 0;
  const seats = rows.map((s): EventSeat => {
    // PostgreSQL returns bigint as a string.
    const seatVersion = Number(s.version);
    if (seatVersion > version) version = seatVersion;
    const seat: EventSeat = {
      id: s.id,
      section: s.section,
      row: s.row_label,
      number: s.number,
      category: s.category,
      status: s.status,
    };
    if (s.x !== null && s.y !== null) {
      seat.x = s.x;
      seat.y = s.y;
    }
    if (s.accessible !== null) seat.accessible = s.accessible;
    return seat;
  });
  return { seats, version };
}

/** The event's own copy of its layout; 404 for general admission (no layout to draw). */
export async function getEventLayout(db: Kysely<Database>, id: string, includeUnpublished: boolean): Promise<Layout> {
  const event = await visibleEvent(db, id, includeUnpublished);
  if (event.seating !== 'reserved' || event.layout_json === null) throw errors.notFound('layout');
  return JSON.parse(event.layout_json) as Layout;
}
