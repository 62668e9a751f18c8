/**
 * SQL metacharacters in every search and filter are data, never SQL; path traversal in poster and
 * web-app asset URLs, and in uploaded file names, reaches nothing outside their folders.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradientPng } from '../../../web/e2e/support/png.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { changedTables, snapshotTables } from './table-snapshot.js';

const METACHARACTERS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  "'); DELETE FROM reservations; --",
  '%',
  '_',
  '\\',
  '%%',
  '*',
  '(',
  ')',
  '&',
  '|',
  '!',
  ':*',
  "'",
  '$1',
  '1; SELECT pg_sleep(5)',
  'UNION SELECT password_hash FROM users',
];

describe.each(backends)('SQL metacharacters in search and filters (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let plain: EventBody;
  let percent: EventBody;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    const venue = await createVenue(admin);
    plain = await createEvent(admin, eventInput(venue.id, { title: 'Quiet Evening', description: 'Strings and piano' }));
    percent = await createEvent(admin, eventInput(venue.id, { title: "100% O'Brien_Night", description: 'Comedy' }));
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    await buyer.post('/api/reservations', {
      eventId: plain.id,
      items: [{ ticketTypeId: plain.ticketTypes[0]?.id, quantity: 1 }],
    });
  });
  afterAll(() => env.close());

  const ids = (res: { json: () => unknown }) => (res.json() as { items: { id: string }[] }).items.map((i) => i.id);

  it('answers every public search with 200: words match only what contains them, punctuation alone is an empty search, nothing changes', async () => {
    const before = await snapshotTables(env.database.db);
    const everything = ids(await app.inject('/api/events')).sort();
    for (const q of METACHARACTERS) {
      const words = /[\p{L}\p{N}]/u.test(q);
      const urls = [`/api/events?q=${encodeURIComponent(q)}`];
      // Ranking needs a keyword: punctuation alone is refused with a 400 there, which is fine too.
      if (words) urls.push(`/api/events?q=${encodeURIComponent(q)}&sort=relevance`);
      for (const url of urls) {
        const res = await app.inject(url);
        expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
        // Words that appear in no event find nothing (never "everything"); punctuation alone is an empty search.
        if (words) expect(ids(res), url).not.toContain(plain.id);
        else expect(ids(res).sort(), url).toEqual(everything);
      }
    }
    expect(changedTables(before, await snapshotTables(env.database.db))).toEqual([]);
    // A quote inside a real word still finds it.
    expect(ids(await app.inject(`/api/events?q=${encodeURIComponent("O'Brien")}`))).toContain(percent.id);
  });

  it('answers 400 to metacharacters in enum and typed filters', async () => {
    for (const [name, value] of <[string, string][]>[
      ['category', "concert' OR '1'='1"],
      ['sort', 'startsAt; DROP TABLE events'],
      ['status', "draft' --"],
      ['minPrice', '0 OR 1=1'],
      ['from', "2026-01-01' OR '1'='1"],
      ['available', "true' --"],
    ]) {
      const res = await admin.get(`/api/events?${name}=${encodeURIComponent(value)}`);
      expect(res.statusCode, `${name}=${value}`).toBe(400);
    }
  });

  it('treats an id filter full of SQL as an id that matches nothing', async () => {
    for (const value of METACHARACTERS) {
      const res = await app.inject(`/api/events?venueId=${encodeURIComponent(value)}`);
      expect(res.statusCode, value).toBe(200);
      expect(ids(res)).toEqual([]);
      const byEvent = await admin.get(`/api/admin/reservations?eventId=${encodeURIComponent(value)}`);
      expect(byEvent.statusCode, value).toBe(200);
      expect(ids(byEvent)).toEqual([]);
    }
  });

  it('escapes LIKE wildcards in the admin searches: % and _ match only themselves', async () => {
    const total = ids(await admin.get('/api/admin/users?limit=100')).length;
    expect(total).toBeGreaterThan(1);
    for (const q of METACHARACTERS) {
      for (const url of [`/api/admin/users?q=${encodeURIComponent(q)}`, `/api/admin/reservations?q=${encodeURIComponent(q)}`]) {
        const res = await admin.get(url);
        expect(res.statusCode, url).toBe(200);
        expect(ids(res), url).toEqual([]);
      }
    }
    const underscore = await new TestClient(app, '10.98.0.1').register(
      uniqueEmail('under'),
      'a long enough passphrase',
      'Ana_Maria',
    );
    expect(ids(await admin.get(`/api/admin/users?q=${encodeURIComponent('_')}`))).toEqual([underscore.id]);
    const users = await env.database.db.selectFrom('users').select('id').execute();
    expect(users.length).toBe(total + 1);
  });
});

describe('path traversal in poster and asset URLs', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  const webRoot = mkdtempSync(path.join(tmpdir(), 'iat-webroot-'));
  const SECRET = 'TOP-SECRET-CONTENT-4711';

  beforeAll(async () => {
    // A built web app with one asset, and secrets next to it and in DATA_DIR.
    mkdirSync(path.join(webRoot, 'assets'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(path.dirname(webRoot), `${path.basename(webRoot)}-secret.txt`), SECRET);
    env = await createTestEnvironment('sqlite');
    writeFileSync(path.join(env.config.dataDir, 'secret.txt'), SECRET);
    app = await env.startApp({}, { backgroundJobs: false, webRoot });
    admin = await adminClient(env, app);
  });
  afterAll(async () => {
    await env.close();
    rmSync(webRoot, { recursive: true, force: true });
    rmSync(path.join(path.dirname(webRoot), `${path.basename(webRoot)}-secret.txt`), { force: true });
  });

  const secretName = () => `${path.basename(webRoot)}-secret.txt`;

  it.each([
    '/posters/../secret.txt',
    '/posters/..%2fsecret.txt',
    '/posters/%2e%2e/secret.txt',
    '/posters/%2e%2e%2fsecret.txt',
    '/posters/..%5csecret.txt',
    '/posters/....//secret.txt',
    '/posters/%252e%252e%252fsecret.txt',
    '/posters/..%c0%afsecret.txt',
    '/posters/secret.txt%00.webp',
    '/posters//etc/passwd',
    '/posters/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/assets/../../secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/etc/passwd',
    '/..%2fsecret.txt',
    '/%2e%2e/%2e%2e/etc/passwd',
  ])('%s reaches nothing outside its folder', async (url) => {
    for (const candidate of [url, url.replace('secret.txt', secretName())]) {
      const res = await app.inject(candidate);
      expect(res.statusCode, candidate).toBeLessThan(500);
      // Either refused, or (for a path without an extension) the web app's own page.
      if (res.statusCode < 400) expect(res.body, candidate).toBe('<!doctype html><title>app</title>');
      expect(res.body).not.toContain(SECRET);
      expect(res.body).not.toContain('root:');
    }
  });

  it('still serves what is meant to be served', async () => {
    expect((await app.inject('/assets/app.js')).body).toBe('console.log(1)');
    expect((await app.inject('/some/client/route')).body).toContain('<title>app</title>');
  });

  it('names an uploaded poster by its content hash, ignoring a traversing file name', async () => {
    const venue = await createVenue(admin);
    const event = await createEvent(admin, eventInput(venue.id), false);
    const boundary = '----iat-traversal';
    const png = gradientPng();
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../../../escape.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const token = await admin.token();
    const res = await app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/poster`,
      payload,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: admin.cookieHeader(),
        'x-csrf-token': token,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const posterUrl = res.json<{ posterUrl: string }>().posterUrl;
    expect(posterUrl).toMatch(/^\/posters\/[0-9a-f]{24}-1200\.webp$/);
    const stored = readdirSync(path.join(env.config.dataDir, 'posters'));
    expect(stored.every((name) => /^[0-9a-f]{24}-\d+\.webp$/.test(name))).toBe(true);
    for (const dir of [env.config.dataDir, path.dirname(env.config.dataDir), webRoot]) {
      expect(existsSync(path.join(dir, 'escape.png')), dir).toBe(false);
    }
    const served = await app.inject(posterUrl);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(readFileSync(path.join(env.config.dataDir, 'secret.txt'), 'utf8')).toBe(SECRET);
  });
});
