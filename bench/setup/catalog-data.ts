/**
 * A catalogue of N events for the search benchmark, written in bulk with the rows createEvent
 * would write (folded search columns from the server's own foldText, one ticket type each, and
 * SQLite's FTS rows), because 10,000 audited API calls would take longer than the benchmark.
 * Titles and descriptions draw on small word lists so that searches match realistic shares.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { foldText } from '../../server/src/catalog/search-index.js';
import { dialectOf } from '../../server/src/db/dialect.js';
import type { Database } from '../../server/src/db/schema.js';
import { defaultOrganizerId } from '../../server/src/organizers/default-organizer.js';

// prettier-ignore
const GENRES = [
  'jazz', 'rock', 'opera', 'ballet', 'symphony', 'blues', 'techno', 'folk', 'comedy', 'tango',
  'salsa', 'flamenco', 'indie', 'punk', 'metal', 'reggae', 'soul', 'funk', 'gospel', 'choir',
  'piano', 'violin', 'guitar', 'poetry', 'cinema', 'hiphop', 'electronic', 'acoustic', 'chamber', 'cabaret',
];
// prettier-ignore
const ADJECTIVES = [
  'midnight', 'summer', 'winter', 'spring', 'autumn', 'grand', 'little', 'golden', 'silver', 'electric',
  'velvet', 'wild', 'quiet', 'royal', 'urban', 'secret', 'festive', 'early', 'late', 'open',
];
// prettier-ignore
const NOUNS = [
  'night', 'evening', 'gala', 'festival', 'session', 'marathon', 'show', 'concert', 'premiere', 'matinee',
  'party', 'weekend', 'tour', 'showcase', 'celebration', 'recital', 'jam', 'parade', 'market', 'conference',
];
// prettier-ignore
const CITIES = [
  'Cluj-Napoca', 'Iași', 'Timișoara', 'Brașov', 'București', 'Constanța', 'Sibiu', 'Oradea',
  'Craiova', 'Galați', 'Arad', 'Pitești', 'Bacău', 'Suceava', 'Târgu Mureș',
];
const VENUE_KINDS = ['Hall', 'Arena', 'Club', 'Theatre', 'Garden'];
const CATEGORIES = ['concert', 'theatre', 'comedy', 'festival', 'sport', 'conference', 'family', 'other'] as const;

const BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;

/** Every word a title, description or place can contain, folded: what the uncached searches ask for. */
export const SEARCH_WORDS: readonly string[] = [...GENRES, ...ADJECTIVES, ...NOUNS, ...CITIES.map(foldText)];

/** A query the benchmark repeats: one genre, matching a few hundred events of 10,000. */
export const CACHED_QUERY = 'jazz';

const capitalize = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

export async function seedCatalog(db: Kysely<Database>, count: number): Promise<void> {
  const now = new Date().toISOString();
  const organizer = await defaultOrganizerId(db);
  const venues = CITIES.flatMap((city, c) =>
    VENUE_KINDS.map((kind, k) => ({
      id: randomUUID(),
      name: `${kind} ${capitalize(pick(ADJECTIVES, c * 5 + k))}`,
      address: `Strada ${capitalize(pick(NOUNS, c + k))} ${k + 1}`,
      city,
      capacity: 500,
      layout_json: null,
      organizer_id: organizer,
      created_at: now,
      updated_at: now,
    })),
  );
  await db.insertInto('venues').values(venues).execute();

  const sqlite = dialectOf(db) === 'sqlite';
  for (let start = 0; start < count; start += BATCH) {
    const events = [];
    const ticketTypes = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      // Primes spread the word choices so that titles do not repeat in lockstep.
      const venue = pick(venues, i * 7);
      const title = `${capitalize(pick(ADJECTIVES, i * 3))} ${capitalize(pick(GENRES, i * 11))} ${capitalize(pick(NOUNS, i * 13))}`;
      const description =
        `An evening of ${pick(GENRES, i * 17 + 5)} and ${pick(GENRES, i * 19 + 9)}, with guests from ${pick(CITIES, i * 23)}. ` +
        `Doors open an hour early; the ${pick(NOUNS, i * 29)} ends with a ${pick(ADJECTIVES, i * 31)} ${pick(NOUNS, i * 37)}.`;
      const startsAt = Date.now() + (1 + (i % 365)) * DAY_MS + (i % 24) * 3600 * 1000;
      const price = 1000 + (i % 50) * 250;
      const id = randomUUID();
      const status = i % 50 === 0 ? ('draft' as const) : i % 97 === 0 ? ('cancelled' as const) : ('published' as const);
      events.push({
        id,
        title,
        description,
        category: pick(CATEGORIES, i),
        venue_id: venue.id,
        venue_name: venue.name,
        venue_city: venue.city,
        organizer_id: organizer,
        starts_at: new Date(startsAt).toISOString(),
        ends_at: new Date(startsAt + 3 * 3600 * 1000).toISOString(),
        sales_start_at: null,
        sales_end_at: null,
        status,
        seating: 'general' as const,
        currency: 'EUR',
        poster_key: null,
        max_tickets_per_order: 10,
        price_from_cents: price,
        capacity: 200,
        search_title: foldText(title),
        search_place: foldText(`${venue.name} ${venue.city}`),
        search_body: foldText(description),
        created_at: now,
        updated_at: now,
      });
      ticketTypes.push({
        id: randomUUID(),
        event_id: id,
        name: 'Standard',
        price_cents: price,
        capacity: 200,
        seat_category: null,
        sold: 0,
        held: 0,
        sort_order: 0,
      });
    }
    await db.insertInto('events').values(events).execute();
    await db.insertInto('ticket_types').values(ticketTypes).execute();
    if (sqlite) {
      await db
        .insertInto('events_fts')
        .values(events.map((e) => ({ event_id: e.id, title: e.search_title, venue: e.search_place, description: e.search_body })))
        .execute();
    }
  }
  // Statistics as autovacuum would gather them a little later: plans as a live database has them.
  await sql`analyze`.execute(db);
}
