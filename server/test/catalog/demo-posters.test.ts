/**
 * The demo catalogue's posters (issue 15): drawn at seed time for each of the twelve events, each
 * its own picture (no two alike), stored in every width and served, with nothing downloaded.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog.js';
import { demoPosterSvg } from '../../src/catalog/demo-posters.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe('demo posters', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment('sqlite');
  });
  afterAll(() => env.close());

  it('gives each of the twelve demo events a poster of its own, stored in every width and served', async () => {
    const app = await env.startApp({}, { backgroundJobs: false });
    expect(await seedDemoCatalog(env.database.db, { onlyIfEmpty: true, uploads: app.services.uploads })).toBe(true);
    const events = await env.database.db.selectFrom('events').select(['id', 'title', 'poster_key']).execute();
    expect(events).toHaveLength(12);
    const keys = events.map((e) => e.poster_key);
    expect(keys.every((k) => typeof k === 'string')).toBe(true);
    expect(new Set(keys).size).toBe(12);
    const pixels = new Set<string>();
    for (const key of keys) {
      expect((await app.inject({ method: 'GET', url: `/posters/${key}-1200.webp` })).statusCode).toBe(200);
      const served = await app.inject({ method: 'GET', url: `/posters/${key}-480.webp` });
      expect(served.statusCode).toBe(200);
      const meta = await sharp(served.rawPayload).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 480, 720]);
      // A coarse fingerprint of each picture: twelve different images, not one gradient twelve times.
      pixels.add((await sharp(served.rawPayload).resize(4, 6).raw().toBuffer()).toString('hex'));
    }
    expect(pixels.size).toBe(12);
    const listed = await app.inject({ method: 'GET', url: '/api/events?limit=100' });
    expect(listed.json<{ items: { posterUrl: string | null }[] }>().items.every((e) => e.posterUrl !== null)).toBe(true);
  });

  it('writes the title, local date and venue as text, escaped', () => {
    const svg = demoPosterSvg(
      {
        title: 'Rock & <Roll>',
        category: 'concert',
        startsAt: '2027-01-15T17:00:00.000Z',
        timeZone: 'Europe/Bucharest',
        venueName: 'Sala Mică',
        city: 'Cluj-Napoca',
      },
      0,
    );
    expect(svg).toContain('Rock &amp; &lt;Roll&gt;');
    expect(svg).toContain('Friday, 15 January 2027 at 19:00 EET');
    expect(svg).toContain('Sala Mică · Cluj-Napoca');
  });
});
