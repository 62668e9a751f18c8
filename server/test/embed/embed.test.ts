/**
 * Embedding (issue 17): /embed/events/:id may be framed by exactly the organizer's embedOrigins and
 * nobody else, shows one published event compactly with live numbers, hides drafts like unknown
 * ids, and escapes what people typed; /widget.js and /embed/embed.js load from other sites.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameAncestors, frameOrigin, frameOrigins } from '../../src/embed/frame-origins.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const WINTER_START = '2027-01-15T17:00:00.000Z';

function directive(csp: string | undefined, name: string): string | undefined {
  return csp
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1);
}

describe('frame origins typed by people', () => {
  it('keeps exact http(s) origins and drops paths, wildcards, other schemes and CSP injection', () => {
    expect(frameOrigin('https://shop.example')).toBe('https://shop.example');
    expect(frameOrigin('https://Shop.Example:8443/')).toBe('https://shop.example:8443');
    expect(frameOrigin('http://127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    for (const bad of [
      'https://shop.example/tickets',
      '*',
      'https://*.example',
      "https://a.example; script-src 'unsafe-inline'",
      'javascript:alert(1)',
      'data:text/html,x',
      'shop.example',
      'https://a.example?x=1',
      42,
      null,
    ]) {
      expect(frameOrigin(bad), String(bad)).toBeUndefined();
    }
    expect(frameOrigins('["https://a.example","*","https://a.example","https://b.example"]')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(frameOrigins('not json')).toEqual([]);
    expect(frameOrigins('{"a":1}')).toEqual([]);
    expect(frameAncestors([])).toBe("'none'");
    expect(frameAncestors(['https://a.example', 'https://b.example'])).toBe('https://a.example https://b.example');
  });
});

describe.each(backends)('embedding on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let visitor: TestClient;
  let event: EventBody;

  const setOrigins = (origins: unknown[]) =>
    env.database.db
      .updateTable('organizers')
      .set({ embed_origins_json: JSON.stringify(origins) })
      .where('is_default', '=', 1)
      .execute();

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    visitor = new TestClient(app, '10.88.0.1');
    const venue = (await createVenue(admin, { name: 'Sala <Mare>', city: 'Cluj-Napoca' })) as { id: string };
    event = await createEvent(
      admin,
      eventInput(venue.id, {
        title: 'Jazz <script>alert(1)</script> & "Blues"',
        startsAt: WINTER_START,
        endsAt: '2027-01-15T20:00:00.000Z',
        ticketTypes: [
          { name: 'Early bird', priceCents: 4500, capacity: 1 },
          { name: 'Standard', priceCents: 6000, capacity: 40 },
        ],
      }),
    );
  });
  afterAll(() => env.close());

  it('shows the event compactly, escaped, and lets nobody frame it while the organizer lists no origin', async () => {
    await setOrigins([]);
    const res = await visitor.get(`/embed/events/${event.id}?lang=en`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = res.headers['content-security-policy'] as string;
    expect(directive(csp, 'frame-ancestors')).toBe("'none'");
    expect(directive(csp, 'script-src')).toBe("'self'");
    expect(csp).not.toContain('unsafe-inline');
    const body = res.body;
    expect(body).toContain('Jazz &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Blues&quot;');
    expect(body).not.toContain('<script>alert(1)');
    expect(body).toContain('Sala &lt;Mare&gt;, Cluj-Napoca');
    // 17:00 UTC is 19:00 in Bucharest in winter, written with the zone's abbreviation.
    expect(body).toMatch(/Friday, 15 January 2027,? (at )?19:00 EET/);
    expect(body).toContain('€45.00');
    expect(body).toContain('1 left');
    expect(body).toContain('40 left');
    expect(body).toContain('target="_blank" rel="noopener"');
    expect(body).toContain('<script src="/embed/embed.js" defer></script>');
    expect(body).not.toContain('data-parent-origin');
  });

  it("names exactly the organizer's valid origins in frame-ancestors and replaces the global anti-framing header", async () => {
    await setOrigins(['https://shop.example', "https://x.example; script-src 'unsafe-inline'", '*', 'http://127.0.0.1:5555']);
    const res = await visitor.get(`/embed/events/${event.id}?parent=${encodeURIComponent('https://shop.example')}`);
    expect(res.statusCode).toBe(200);
    const csps = res.headers['content-security-policy'];
    expect(typeof csps).toBe('string');
    expect(directive(csps as string, 'frame-ancestors')).toBe('https://shop.example http://127.0.0.1:5555');
    expect(directive(csps as string, 'script-src')).toBe("'self'");
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.body).toContain('data-parent-origin="https://shop.example"');

    // A parent that is not one of the organizer's origins is told nothing (no height messages).
    const stranger = await visitor.get(`/embed/events/${event.id}?parent=${encodeURIComponent('https://evil.example')}`);
    expect(stranger.body).not.toContain('data-parent-origin');

    // Every other document keeps the global policy: nobody frames the site itself.
    const other = await visitor.get('/api/events');
    expect(directive(other.headers['content-security-policy'] as string, 'frame-ancestors')).toBe("'none'");
    const page = await visitor.get('/events');
    expect(directive(page.headers['content-security-policy'] as string, 'frame-ancestors')).toBe("'none'");
  });

  it('answers a draft exactly as an unknown id: 404, framed by nobody', async () => {
    await setOrigins(['https://shop.example']);
    const venue = (await createVenue(admin)) as { id: string };
    const draft = await createEvent(admin, eventInput(venue.id, { title: 'Secret draft' }), false);
    const hidden = await visitor.get(`/embed/events/${draft.id}?lang=en`);
    const unknown = await visitor.get('/embed/events/no-such-event?lang=en');
    for (const res of [hidden, unknown]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(directive(res.headers['content-security-policy'] as string, 'frame-ancestors')).toBe("'none'");
    }
    expect(hidden.body).toBe(unknown.body);
    expect(hidden.body).not.toContain('Secret draft');
    expect(hidden.body).toContain('Event not found');
  });

  it('speaks Romanian when asked, with Romanian plural forms, and shows sold-out types without a picker', async () => {
    const buyer = new TestClient(app, '10.88.0.2');
    await buyer.register('embed-buyer@example.test');
    const early = event.ticketTypes[0];
    if (early === undefined) throw new Error('no ticket type');
    const held = await buyer.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: early.id, quantity: 1 }] });
    expect(held.statusCode).toBe(201);

    const res = await visitor.get(`/embed/events/${event.id}?lang=ro`);
    expect(res.body).toContain('<html lang="ro">');
    expect(res.body).toContain('Cumpără bilete');
    expect(res.body).toContain('Au mai rămas 40 de bilete');
    expect(res.body).toContain('Epuizat');
    expect(res.body).not.toContain(`id="qty-${early.id}"`);
    expect(res.body).toContain(`id="qty-${event.ticketTypes[1]?.id ?? ''}"`);
    const words = /<script type="application\/json" id="embed-words">(.*?)<\/script>/.exec(res.body)?.[1];
    expect(JSON.parse(words ?? '{}')).toMatchObject({
      one: 'A mai rămas {{count}} bilet',
      few: 'Au mai rămas {{count}} bilete',
      other: 'Au mai rămas {{count}} de bilete',
    });
  });

  it('serves widget.js and the frame script so that other sites may load them', async () => {
    for (const url of ['/widget.js', '/embed/embed.js']) {
      const res = await visitor.get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    }
    const widget = (await visitor.get('/widget.js')).body;
    expect(widget).toContain("customElements.define('iatichet-event'");
    expect(widget).toContain('event.origin !== base');
  });
});
