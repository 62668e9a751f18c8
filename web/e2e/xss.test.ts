/**
 * Stored XSS: markup in event titles, descriptions, venue names and cities, ticket type names,
 * attendee names and a buyer's name is shown as text on every page that renders it, to visitors,
 * buyers and admins. A payload that ran would set `window.__xss`; one the CSP stopped would fire a
 * `securitypolicyviolation` event; either fails the test.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, apiAs, registerAccount, submitSignIn, unexpectedErrors, SIGNED_OUT_ME } from './support/accounts';
import { browserAvailable, DESKTOP_VIEWPORT, launchBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };

const PAYLOADS = {
  title: `<img src=x onerror="window.__xss='title'">Gala`,
  description: `<script>window.__xss='description'</script><a href="javascript:window.__xss='link'">more</a>`,
  venue: `"><svg onload="window.__xss='venue'">Hall`,
  city: `<iframe srcdoc="<script>parent.__xss='city'</script>"></iframe>`,
  ticketType: `<b onmouseover="window.__xss='type'">VIP</b>`,
  attendee: `<img src=x onerror="window.__xss='attendee'">Ana`,
  buyer: `<script>window.__xss='buyer'</script>Radu`,
};
const BUYER = { name: PAYLOADS.buyer, email: 'xss-buyer@example.test', password: 'buyer-Secret-2024!' };

// Runs before any page script: records what ran and what the CSP had to stop.
const WATCH = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
  });
`;

describe.skipIf(!browserAvailable)('stored XSS payloads render as text', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let eventId = '';
  let reservationId = '';

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    const admin = await apiAs(server.url, ADMIN);
    const venue = await admin.call('post', '/api/venues', {
      name: PAYLOADS.venue,
      address: '1 Main St',
      city: PAYLOADS.city,
      capacity: 100,
      layout: null,
    });
    const start = Date.now() + 14 * 24 * 3600 * 1000;
    const event = await admin.call('post', '/api/events', {
      title: PAYLOADS.title,
      description: PAYLOADS.description,
      category: 'concert',
      venueId: venue.id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3600_000).toISOString(),
      seating: 'general',
      currency: 'EUR',
      ticketTypes: [{ name: PAYLOADS.ticketType, priceCents: 1500, capacity: 50 }],
    });
    eventId = String(event.id);
    await admin.call('post', `/api/events/${eventId}/publish`);
    await admin.ctx.dispose();

    await registerAccount(server.url, BUYER);
    const buyer = await apiAs(server.url, BUYER);
    const ticketTypes = event.ticketTypes as { id: string }[];
    const reservation = await buyer.call('post', '/api/reservations', {
      eventId,
      items: [{ ticketTypeId: ticketTypes[0]?.id, quantity: 1 }],
      attendees: [{ name: PAYLOADS.attendee }],
    });
    reservationId = String(reservation.id);
    await buyer.call('post', `/api/reservations/${reservationId}/pay`, {
      method: 'card',
      card: { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' },
    });
    await buyer.ctx.dispose();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function watchedContext(): Promise<{ context: BrowserContext; page: Page; errors: string[]; dialogs: string[] }> {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const context = await browser.newContext({ baseURL: server.url, viewport: DESKTOP_VIEWPORT });
    await context.addInitScript(WATCH);
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return { context, page, errors, dialogs };
  }

  /** Opens `url`, waits until `text` is on screen as text, then checks nothing ran and nothing was blocked. */
  async function expectInert(page: Page, url: string, texts: string[]) {
    await page.goto(url);
    for (const text of texts) await page.getByText(text, { exact: false }).first().waitFor();
    // Hovering over everything gives mouse-event payloads their chance too.
    await page.mouse.move(300, 300);
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      violations: (window as unknown as { __cspViolations: string[] }).__cspViolations,
      injected: document.querySelectorAll('main script, main iframe, main svg[onload], main img[onerror], [onmouseover]').length,
    }));
    expect(state, url).toEqual({ xss: undefined, violations: [], injected: 0 });
  }

  it('to a visitor: home, the event list, a search and the event page', async () => {
    const { context, page, errors, dialogs } = await watchedContext();
    await expectInert(page, '/', [PAYLOADS.title]);
    await expectInert(page, '/events', [PAYLOADS.title]);
    await expectInert(page, `/events?q=${encodeURIComponent('Gala')}`, [PAYLOADS.title]);
    await expectInert(page, `/events/${eventId}`, [PAYLOADS.title, PAYLOADS.description, PAYLOADS.ticketType]);
    // The search box takes markup as a keyword, not as HTML.
    await expectInert(page, `/events?q=${encodeURIComponent('<img src=x onerror="window.__xss=1">')}`, []);
    expect(dialogs).toEqual([]);
    expect(unexpectedErrors(errors, server?.url ?? '', [SIGNED_OUT_ME])).toEqual([]);
    await context.close();
  });

  it('to the buyer: their name in the header, their reservations and tickets', async () => {
    const { context, page, errors, dialogs } = await watchedContext();
    await page.goto('/sign-in');
    await submitSignIn(page, BUYER.email, BUYER.password);
    await accountMenuButton(page, BUYER.name).waitFor();
    await expectInert(page, '/reservations', [PAYLOADS.title]);
    await expectInert(page, `/reservations/${reservationId}`, [PAYLOADS.title, PAYLOADS.attendee]);
    expect(dialogs).toEqual([]);
    expect(unexpectedErrors(errors, server?.url ?? '', [SIGNED_OUT_ME])).toEqual([]);
    await context.close();
  });

  it('to an admin: reservations, one reservation, events, venues and users', async () => {
    const { context, page, errors, dialogs } = await watchedContext();
    await page.goto('/sign-in');
    await submitSignIn(page, ADMIN.email, ADMIN.password);
    await accountMenuButton(page, ADMIN.name).waitFor();
    await expectInert(page, '/admin/reservations', [PAYLOADS.title]);
    await expectInert(page, `/admin/reservations/${reservationId}`, [PAYLOADS.title, PAYLOADS.buyer]);
    await expectInert(page, '/admin/events', [PAYLOADS.title]);
    await expectInert(page, '/admin/users', [PAYLOADS.buyer]);
    expect(dialogs).toEqual([]);
    expect(unexpectedErrors(errors, server?.url ?? '', [SIGNED_OUT_ME])).toEqual([]);
    await context.close();
  });
});
