/** GET /api/events on every backend: every filter and sort, combined filters, search and the pagination contract. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface Page {
  items: EventBody[];
  nextCursor: string | null;
}
const DAY = 24 * 3600 * 1000;
const day = (n: number) => new Date(Date.UTC(2030, 0, 1) + n * DAY).toISOString();

describe.each(backends)('event list on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  const titles = async (query: string) => {
    const res = await app.inject(`/api/events?${query}`);
    expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
    return res.json<Page>().items.map((e) => e.title);
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
    const cluj = await createVenue(admin, { name: 'Sala Mare', city: 'Cluj-Napoca' });
    const iasi = await createVenue(admin, { name: 'Teatrul Național', city: 'Iași' });
    const timisoara = await createVenue(admin, { name: 'Open Air Park', city: 'Timișoara' });
    const specs = [
      {
        title: 'Jazz Club Night',
        category: 'concert',
        venueId: cluj.id,
        startsAt: day(5),
        price: 4500,
        description: 'Standards and new tunes',
      },
      {
        title: 'Hamlet',
        category: 'theatre',
        venueId: iasi.id,
        startsAt: day(2),
        price: 8000,
        description: 'A tragedy by Shakespeare',
      },
      {
        title: 'Rock Festival',
        category: 'festival',
        venueId: timisoara.id,
        startsAt: day(10),
        price: 12000,
        description: 'Loud guitars all weekend',
      },
      {
        title: 'Puppet Show',
        category: 'family',
        venueId: cluj.id,
        startsAt: day(1),
        price: 1500,
        description: 'For children, with jazz songs',
      },
      {
        title: 'Comedy Gala',
        category: 'comedy',
        venueId: iasi.id,
        startsAt: day(7),
        price: 3000,
        description: 'Stand-up night',
      },
    ] as const;
    for (const s of specs) {
      await createEvent(
        admin,
        eventInput(s.venueId, {
          title: s.title,
          category: s.category,
          description: s.description,
          startsAt: s.startsAt,
          endsAt: new Date(Date.parse(s.startsAt) + 3600_000).toISOString(),
          ticketTypes: [
            { name: 'Standard', priceCents: s.price, capacity: 10 },
            { name: 'VIP', priceCents: s.price * 2, capacity: 5 },
          ],
        }),
      );
    }
    // A sold-out event and a draft.
    const soldOut = await createEvent(
      admin,
      eventInput(cluj.id, {
        title: 'Sold Out Recital',
        startsAt: day(3),
        endsAt: day(4),
        ticketTypes: [{ name: 'Only', priceCents: 2000, capacity: 2 }],
      }),
    );
    await env.database.db.updateTable('ticket_types').set({ sold: 2 }).where('event_id', '=', soldOut.id).execute();
    await createEvent(admin, eventInput(cluj.id, { title: 'Secret Draft', startsAt: day(6), endsAt: day(7) }), false);
  });
  afterAll(() => env.close());

  it('lists published events by start time by default, drafts excluded', async () => {
    expect(await titles('')).toEqual([
      'Puppet Show',
      'Hamlet',
      'Sold Out Recital',
      'Jazz Club Night',
      'Comedy Gala',
      'Rock Festival',
    ]);
  });

  it('sorts by -startsAt, price and -price (on the cheapest ticket type)', async () => {
    expect(await titles('sort=-startsAt')).toEqual([
      'Rock Festival',
      'Comedy Gala',
      'Jazz Club Night',
      'Sold Out Recital',
      'Hamlet',
      'Puppet Show',
    ]);
    expect(await titles('sort=price')).toEqual([
      'Puppet Show',
      'Sold Out Recital',
      'Comedy Gala',
      'Jazz Club Night',
      'Hamlet',
      'Rock Festival',
    ]);
    expect(await titles('sort=-price')).toEqual([
      'Rock Festival',
      'Hamlet',
      'Jazz Club Night',
      'Comedy Gala',
      'Sold Out Recital',
      'Puppet Show',
    ]);
  });

  it('filters by date range, price range, availability, category and venue', async () => {
    expect(await titles(`from=${day(2)}&to=${day(5)}`)).toEqual(['Hamlet', 'Sold Out Recital', 'Jazz Club Night']);
    expect(await titles('minPrice=3000&maxPrice=8000')).toEqual(['Hamlet', 'Jazz Club Night', 'Comedy Gala']);
    expect(await titles('available=true')).not.toContain('Sold Out Recital');
    expect(await titles('available=true')).toHaveLength(5);
    expect(await titles('category=theatre')).toEqual(['Hamlet']);
    const venue = (await app.inject('/api/events?category=family')).json<Page>().items[0]?.venue.id ?? '';
    expect(await titles(`venueId=${venue}`)).toEqual(['Puppet Show', 'Sold Out Recital', 'Jazz Club Night']);
  });

  it('combines filters', async () => {
    expect(
      await titles(
        `venueId=${(await app.inject('/api/events?category=family')).json<Page>().items[0]?.venue.id ?? ''}&available=true&maxPrice=5000&sort=-price`,
      ),
    ).toEqual(['Jazz Club Night', 'Puppet Show']);
    expect(await titles(`q=jazz&category=concert`)).toEqual(['Jazz Club Night']);
  });

  it('searches title, description, venue and city, ranks title matches first, and matches partial words', async () => {
    expect(await titles('q=jazz')).toEqual(['Jazz Club Night', 'Puppet Show']);
    expect(await titles('q=iasi')).toEqual(expect.arrayContaining(['Hamlet', 'Comedy Gala']));
    expect(await titles('q=Timișoara')).toEqual(['Rock Festival']);
    expect(await titles('q=shakesp')).toEqual(['Hamlet']);
    expect(await titles('q=jaz%20nig')).toEqual(['Jazz Club Night']);
    // 'clu' is a prefix of Cluj too: the Puppet Show plays in Cluj and mentions jazz.
    expect(await titles('q=jaz%20clu')).toEqual(['Jazz Club Night', 'Puppet Show']);
    expect(await titles('q=national')).toEqual(expect.arrayContaining(['Hamlet']));
    expect(await titles('q=nothing-like-this')).toEqual([]);
    expect(await titles('q=jazz&sort=startsAt')).toEqual(['Puppet Show', 'Jazz Club Night']);
  });

  it('pages a keyword search by relevance one event at a time, ties and fractional ranks included', async () => {
    // 'cluj' ranks three events equally (the city), 'night' two differently (title, description).
    for (const q of ['cluj', 'night', 'jazz', 'a', 'sala%20cluj']) {
      const whole = await titles(`q=${q}&limit=100`);
      expect(whole.length, q).toBeGreaterThan(0);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res: LightMyRequestResponse = await app.inject(
          `/api/events?q=${q}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
        const page: Page = res.json<Page>();
        paged.push(...page.items.map((e) => e.title));
        cursor = page.nextCursor;
      } while (cursor !== null && paged.length <= whole.length);
      expect(paged, q).toEqual(whole);
    }
    expect(await titles('q=cluj&limit=100')).toHaveLength(3);
  });

  it('treats SQL and search-syntax characters in q as plain text', async () => {
    for (const q of ["' or 1=1 --", '"; drop table events; --', 'jazz*', 'NEAR(a b)', '%', '\\', ':*', '!!', '()']) {
      const res = await app.inject(`/api/events?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
    expect(await titles('')).toHaveLength(6);
  });

  it('pages with a cursor without repeats or gaps, stable while events are added', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let added = false;
    do {
      const res: LightMyRequestResponse = await app.inject(
        `/api/events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      const page: Page = res.json<Page>();
      seen.push(...page.items.map((e) => e.title));
      cursor = page.nextCursor;
      if (!added) {
        // An event starting before everything already seen must not shift later pages.
        const venueId = page.items[0]?.venue.id ?? '';
        await createEvent(admin, eventInput(venueId, { title: 'Early Bird', startsAt: day(0), endsAt: day(1) }));
        added = true;
      }
    } while (cursor !== null);
    expect(seen).toEqual(['Puppet Show', 'Hamlet', 'Sold Out Recital', 'Jazz Club Night', 'Comedy Gala', 'Rock Festival']);
    expect(await titles('limit=1')).toEqual(['Early Bird']);
  });

  it.each([
    ['an unknown sort', 'sort=popularity'],
    ['an unknown filter', 'colour=blue'],
    ['an unknown category', 'category=opera-ish'],
    ['minPrice above maxPrice', 'minPrice=5000&maxPrice=100'],
    ['a negative price', 'minPrice=-1'],
    ['a bad date', 'from=yesterday'],
    ['from after to', `from=${day(9)}&to=${day(1)}`],
    ['a limit over 100', 'limit=101'],
    ['a malformed cursor', 'cursor=not-a-cursor'],
    ['relevance without q', 'sort=relevance'],
    ['a draft listing by a non-admin', 'status=draft'],
  ])('rejects %s with a clear 4xx', async (_label, query) => {
    const res = await app.inject(`/api/events?${query}`);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('rejects a tampered cursor and one from another sort', async () => {
    const first = (await app.inject('/api/events?limit=1')).json<Page>();
    const [payload, mac] = (first.nextCursor ?? '').split('.');
    const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as unknown[];
    decoded[1] = '1999-01-01T00:00:00.000Z';
    const tampered = `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${mac ?? ''}`;
    expect((await app.inject(`/api/events?cursor=${tampered}`)).statusCode).toBe(400);
    expect((await app.inject(`/api/events?sort=price&cursor=${encodeURIComponent(first.nextCursor ?? '')}`)).statusCode).toBe(
      400,
    );
  });

  it('lets admins list drafts', async () => {
    const res = await admin.get('/api/events?status=draft');
    expect(res.json<Page>().items.map((e) => e.title)).toEqual(['Secret Draft']);
  });

  it('filters prices in one currency when asked: 50 RON is not 50 EUR', async () => {
    const venue = await createVenue(admin, { name: 'Sala Polivalentă', city: 'Cluj-Napoca' });
    for (const [title, currency, startsAt] of [
      ['Gala in Euro', 'EUR', day(40)],
      ['Gala in Lei', 'RON', day(41)],
    ] as const)
      await createEvent(
        admin,
        eventInput(venue.id, {
          title,
          currency,
          startsAt,
          endsAt: new Date(Date.parse(startsAt) + 3600_000).toISOString(),
          ticketTypes: [{ name: 'Standard', priceCents: 5000, capacity: 10 }],
        }),
      );
    const window = `from=${day(39)}&to=${day(42)}&minPrice=4000&maxPrice=6000`;
    expect(await titles(window)).toEqual(['Gala in Euro', 'Gala in Lei']);
    expect(await titles(`${window}&currency=RON`)).toEqual(['Gala in Lei']);
    expect(await titles(`${window}&currency=EUR`)).toEqual(['Gala in Euro']);
    expect(await titles(`${window}&currency=GBP`)).toEqual([]);
    const bad = await app.inject(`/api/events?${window}&currency=lei`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});
