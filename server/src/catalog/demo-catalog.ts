/**
 * The demo catalogue: the original product's two halls, a general-admission venue, and a dozen
 * published events across categories and dates. Loaded by `npm run seed:demo`, and on the first
 * start of an empty database outside production.
 *
 * Several instances starting at once on one empty database must load it once, not once each: the
 * whole catalogue is written in one transaction that first takes the migration lock row (a write,
 * so it serializes on PostgreSQL, through PgBouncer, and between SQLite processes), and only then
 * looks whether the database is still empty. A crash halfway leaves nothing behind.
 */
import type { EventInput, Layout } from '@iatichet/contracts';
import { DEFAULT_MIGRATION_LOCK_TABLE, MIGRATION_LOCK_ID, sql, type Kysely, type Transaction } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { createEvent, setEventStatus } from './events.js';
import { createVenue } from './venues.js';

function hall(rows: number, seatsPerRow: number, premiumRows: number): Layout {
  const labels = Array.from({ length: rows }, (_, i) => String.fromCharCode(65 + i));
  return {
    sections: [
      {
        name: 'Stalls',
        rows: labels.map((label, r) => ({
          label,
          seats: Array.from({ length: seatsPerRow }, (_, n) => ({
            number: n + 1,
            // Front rows are premium; the aisle seats of the last row are accessible.
            category:
              r < premiumRows ? 'premium' : r === rows - 1 && (n === 0 || n === seatsPerRow - 1) ? 'accessible' : 'standard',
          })),
        })),
      },
    ],
  };
}

const DAY = 24 * 3600 * 1000;

function at(daysAhead: number, hour: number): string {
  const d = new Date(Date.now() + daysAhead * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

const SQLITE_BUSY_RETRY_MS = 60_000;

/**
 * Loads the demo catalogue; `onlyIfEmpty` leaves a database that has any event alone. Answers
 * whether it loaded it.
 */
export async function seedDemoCatalog(db: Kysely<Database>, options: { onlyIfEmpty: boolean }): Promise<boolean> {
  const deadline = Date.now() + SQLITE_BUSY_RETRY_MS;
  for (;;) {
    try {
      return await db.transaction().execute(async (trx) => {
        await takeSeedLock(trx);
        if (options.onlyIfEmpty) {
          const any = await trx.selectFrom('events').select('id').limit(1).executeTakeFirst();
          if (any !== undefined) return false;
        }
        await writeDemoCatalog(trx);
        return true;
      });
    } catch (err) {
      // Another SQLite process held the write lock for longer than busy_timeout (loading the same
      // catalogue, most likely): wait for it, then find the database no longer empty.
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Writes the row Kysely's migrator keeps for its lock (it exists once migrations have run): a
 * PostgreSQL row lock until commit, SQLite's one write lock. Either way a second seeder waits here,
 * and reads the first one's events once it has committed.
 */
async function takeSeedLock(trx: Transaction<Database>): Promise<void> {
  await sql`update ${sql.table(DEFAULT_MIGRATION_LOCK_TABLE)} set is_locked = is_locked where id = ${MIGRATION_LOCK_ID}`.execute(
    trx,
  );
}

async function writeDemoCatalog(db: Transaction<Database>): Promise<void> {
  const system = null;
  const small = await createVenue(db, system, {
    name: 'Small Hall',
    address: 'Strada Memorandumului 28',
    city: 'Cluj-Napoca',
    capacity: 50,
    layout: hall(5, 10, 1),
  });
  const large = await createVenue(db, system, {
    name: 'Large Hall',
    address: 'Piața Unirii 1',
    city: 'Cluj-Napoca',
    capacity: 200,
    layout: hall(20, 10, 3),
  });
  const park = await createVenue(db, system, {
    name: 'Central Park Stage',
    address: 'Aleea Parcului',
    city: 'Bucharest',
    capacity: 2000,
    layout: null,
  });

  const reserved = (priceStandard: number): EventInput['ticketTypes'] => [
    { name: 'Standard', priceCents: priceStandard, seatCategory: 'standard' },
    { name: 'Premium', priceCents: Math.round(priceStandard * 1.8), seatCategory: 'premium' },
    { name: 'Accessible', priceCents: Math.round(priceStandard * 0.5), seatCategory: 'accessible' },
  ];
  const events: EventInput[] = [
    {
      title: 'Chamber Music Evening',
      category: 'concert',
      venueId: small.id,
      seating: 'reserved',
      ticketTypes: reserved(6000),
      description: 'Haydn and Brahms string quartets in an intimate hall.',
      startsAt: at(7, 18),
      endsAt: at(7, 20),
      currency: 'RON',
    },
    {
      title: 'Jazz Club Night',
      category: 'concert',
      venueId: small.id,
      seating: 'reserved',
      ticketTypes: reserved(4500),
      description: 'A late set of standards and new tunes from the city quartet.',
      startsAt: at(12, 19),
      endsAt: at(12, 22),
      currency: 'RON',
    },
    {
      title: 'Hamlet',
      category: 'theatre',
      venueId: large.id,
      seating: 'reserved',
      ticketTypes: reserved(8000),
      description: "Shakespeare's tragedy in a new production.",
      startsAt: at(20, 18),
      endsAt: at(20, 21),
      currency: 'RON',
    },
    {
      title: 'Stand-up Comedy Gala',
      category: 'comedy',
      venueId: large.id,
      seating: 'reserved',
      ticketTypes: reserved(5500),
      description: 'Five comedians, one night, no mercy.',
      startsAt: at(9, 19),
      endsAt: at(9, 21),
      currency: 'RON',
    },
    {
      title: 'Symphony No. 9',
      category: 'concert',
      venueId: large.id,
      seating: 'reserved',
      ticketTypes: reserved(12000),
      description: "Beethoven's ninth with the philharmonic choir.",
      startsAt: at(35, 18),
      endsAt: at(35, 20),
      currency: 'EUR',
    },
    {
      title: 'Summer Open-Air Festival',
      category: 'festival',
      venueId: park.id,
      seating: 'general',
      description: 'Two stages, twelve bands, food trucks.',
      startsAt: at(60, 12),
      endsAt: at(61, 23),
      currency: 'EUR',
      ticketTypes: [
        { name: 'Day pass', priceCents: 4900, capacity: 1500 },
        { name: 'VIP', priceCents: 14900, capacity: 200 },
      ],
    },
    {
      title: 'Tech Conference 2027',
      category: 'conference',
      venueId: park.id,
      seating: 'general',
      description: 'Talks on distributed systems, databases and the web.',
      startsAt: at(45, 8),
      endsAt: at(46, 17),
      currency: 'EUR',
      ticketTypes: [
        { name: 'Regular', priceCents: 19900, capacity: 800 },
        { name: 'Student', priceCents: 4900, capacity: 200 },
      ],
    },
    {
      title: 'Family Puppet Show',
      category: 'family',
      venueId: small.id,
      seating: 'reserved',
      ticketTypes: reserved(2500),
      description: 'A fairy tale with puppets for children from 3 years.',
      startsAt: at(4, 10),
      endsAt: at(4, 11),
      currency: 'RON',
    },
    {
      title: 'City Marathon Expo',
      category: 'sport',
      venueId: park.id,
      seating: 'general',
      description: 'Runners meet, gear and talks before the race.',
      startsAt: at(25, 9),
      endsAt: at(25, 18),
      currency: 'RON',
      ticketTypes: [{ name: 'Entry', priceCents: 0, capacity: 2000 }],
    },
    {
      title: 'Rock Legends Tribute',
      category: 'concert',
      venueId: park.id,
      seating: 'general',
      description: 'The greatest rock anthems, played loud.',
      startsAt: at(16, 19),
      endsAt: at(16, 23),
      currency: 'RON',
      ticketTypes: [{ name: 'Standing', priceCents: 9900, capacity: 1800 }],
    },
    {
      title: 'Improv Theatre Workshop',
      category: 'theatre',
      venueId: small.id,
      seating: 'reserved',
      ticketTypes: reserved(3000),
      description: 'Watch, then join: an evening of improvisation.',
      startsAt: at(30, 18),
      endsAt: at(30, 20),
      currency: 'RON',
    },
    {
      title: 'Winter Gala Ball',
      category: 'other',
      venueId: large.id,
      seating: 'reserved',
      ticketTypes: reserved(15000),
      description: 'Waltz, dinner and an orchestra under chandeliers.',
      startsAt: at(90, 19),
      endsAt: at(90, 23),
      currency: 'EUR',
    },
  ];
  for (const input of events) {
    const id = await createEvent(db, system, input);
    await setEventStatus(db, system, id, 'published');
  }
  await recordAudit(db, {
    actorId: null,
    action: 'catalog.seed_demo',
    entityType: 'catalog',
    entityId: null,
    after: { venues: 3, events: events.length },
  });
}
