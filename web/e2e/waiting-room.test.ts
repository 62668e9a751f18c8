/**
 * The waiting room in the browser (issue #20, Done-when 3): Ana and Bogdan open the waiting room
 * before it opens (a countdown), join by themselves when it opens (the proof of work runs in a Web
 * Worker), wait for the draw at the sales start, see their place fall live, are admitted, reserve
 * with the pass and pay. Six more accounts join through the API so the line is longer than two.
 * Carla arrives once the two tickets are sold and is told at once that it is sold out. The pages
 * pass axe (openPage checks every page it leaves) and fit a phone.
 */
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/a11y';
import { apiAs, registerAccount, signInPage, unexpectedErrors, type TestAccount } from './support/accounts';
import { browserAvailable, DESKTOP_VIEWPORT, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const ANA = { name: 'Ana Pop', email: 'ana-queue@example.test', password: 'ana-Secret-5521' };
const BOGDAN = { name: 'Bogdan Ene', email: 'bogdan-queue@example.test', password: 'bogdan-Secret-8834' };
const CARLA = { name: 'Carla Dinu', email: 'carla-queue@example.test', password: 'carla-Secret-7710' };
const OTHERS: TestAccount[] = [1, 2, 3, 4, 5, 6].map((n) => ({
  name: `Waiter ${n}`,
  email: `waiter${n}-queue@example.test`,
  password: `waiter-Secret-${n}00${n}`,
}));
const TITLE = 'Big On-sale Night';
/** A low proof-of-work difficulty for the test server: the browser solves it at once. */
const DIFFICULTY = '4';
const OPENS_IN_MS = 8_000;
/** The narrowest phone the waiting room is made for. */
const NARROW_PHONE = { width: 360, height: 740 };
const SALE_IN_MS = 30_000;

/** Solves a challenge as the browser does, for the accounts that join through the API. */
function solve(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    const hash = createHash('sha256').update(`${challenge}:${n}`, 'utf8').digest();
    let bits = 0;
    for (const byte of hash) {
      bits += byte === 0 ? 8 : Math.clz32(byte) - 24;
      if (byte !== 0) break;
    }
    if (bits >= difficulty) return String(n);
  }
}

/** Keeps every text the place's live region shows, so the test can tell the place fell without a reload. */
async function recordPlaces(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { placesSeen: string[] }).placesSeen = seen;
    const note = () => {
      const text = document.querySelector('[data-testid="queue-place"]')?.textContent ?? '';
      if (text !== '' && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    note();
  });
}

const placesSeen = (page: Page) => page.evaluate(() => (window as unknown as { placesSeen: string[] }).placesSeen);

/** "You are number 4 in line…3 people ahead of you" → 3; "Nobody is ahead" → 0. */
function aheadIn(text: string): number {
  if (text.includes('Nobody is ahead')) return 0;
  const match = /(\d+) (?:person|people) ahead/.exec(text);
  if (match === null) throw new Error(`no "ahead" in ${text}`);
  return Number(match[1]);
}

describe.skipIf(!browserAvailable)('waiting room in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let eventId = '';
  /** On sale now through a waiting room that is already open. */
  let openEventId = '';
  let opensAt = 0;
  let salesStartAt = 0;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, QUEUE_POW_DIFFICULTY: DIFFICULTY });
    browser = await launchBrowser();
    for (const account of [ANA, BOGDAN, CARLA, ...OTHERS]) await registerAccount(server.url, account);
    const admin = await apiAs(server.url, ADMIN);
    const venue = await admin.call('post', '/api/venues', {
      name: 'Arena',
      address: '1 Main St',
      city: 'Cluj',
      capacity: 10,
      layout: null,
    });
    const start = Date.now() + 14 * 24 * 3600 * 1000;
    opensAt = Date.now() + OPENS_IN_MS;
    salesStartAt = Date.now() + SALE_IN_MS;
    const event = await admin.call('post', '/api/events', {
      title: TITLE,
      description: 'Two tickets, many buyers.',
      category: 'concert',
      venueId: venue.id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3600_000).toISOString(),
      salesStartAt: new Date(salesStartAt).toISOString(),
      seating: 'general',
      currency: 'EUR',
      maxTicketsPerOrder: 1,
      ticketTypes: [{ name: 'Standard', priceCents: 2000, capacity: 2 }],
      // A fixed pace, so the places visibly fall one admission at a time.
      queue: { enabled: true, opensAt: new Date(opensAt).toISOString(), admitPerMinute: 30, passMinutes: 10 },
    });
    eventId = String(event.id);
    await admin.call('post', `/api/events/${eventId}/publish`);
    const open = await admin.call('post', '/api/events', {
      title: 'Already on Sale',
      description: 'Through the waiting room only.',
      category: 'concert',
      venueId: venue.id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3600_000).toISOString(),
      salesStartAt: new Date(Date.now() - 60_000).toISOString(),
      seating: 'general',
      currency: 'EUR',
      ticketTypes: [{ name: 'Standard', priceCents: 1000, capacity: 5 }],
      queue: { enabled: true, opensAt: null, admitPerMinute: null, passMinutes: 10 },
    });
    openEventId = String(open.id);
    await admin.call('post', `/api/events/${openEventId}/publish`);
    await admin.ctx.dispose();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a buyer without a pass who presses Reserve is sent to the waiting room and takes a place there', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const { page, errors, close } = await openPage(browser, { baseURL: url });
    try {
      await signInPage(page, CARLA);
      await page.goto(`/events/${openEventId}`);
      await page.getByLabel('Standard quantity').selectOption('1');
      await page.getByRole('button', { name: 'Reserve', exact: true }).click();
      await page.waitForURL(`${url}/events/${openEventId}/queue`);
      await page.getByRole('heading', { level: 1, name: 'Waiting room' }).waitFor();
      // Joined by itself: whichever place the server gives (drawn already or not), never an error.
      await page
        .getByText(/^(You are in the waiting room|You are number \d+ in line|It is your turn)$/)
        .first()
        .waitFor({ timeout: 30_000 });
      expect(await page.getByText('Your place could not be taken.').count()).toBe(0);
      const refused = [
        { status: 403, pathPrefix: '/api/reservations' },
        { status: 404, pathPrefix: `/api/events/${openEventId}/queue` },
      ];
      expect(unexpectedErrors(errors, url, refused)).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);

  it('two people wait, see their place fall live, are admitted, reserve and pay; a third is told it is sold out', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    // Before joining, "my place" is a 404 by design; Chromium logs that fetch by itself.
    const expected = [{ status: 404, pathPrefix: `/api/events/${eventId}/queue` }];
    const ana = await openPage(browser, { baseURL: url });
    const bogdan = await openPage(browser, { baseURL: url });
    try {
      // Ana finds the waiting room from the event page; Bogdan has the link.
      await signInPage(ana.page, ANA);
      await ana.page.goto(`/events/${eventId}`);
      await ana.page.getByText('This sale runs through a waiting room').waitFor();
      await ana.page.getByRole('link', { name: 'Go to the waiting room' }).click();
      await ana.page.getByRole('heading', { level: 1, name: 'Waiting room' }).waitFor();
      await signInPage(bogdan.page, BOGDAN);
      await bogdan.page.goto(`/events/${eventId}/queue`);
      if (Date.now() < opensAt - 2_000) await ana.page.getByText('Opens in', { exact: true }).waitFor();

      // At opensAt both join by themselves, and wait for the draw.
      for (const { page } of [ana, bogdan])
        await page.getByText('You are in the waiting room', { exact: true }).waitFor({ timeout: 30_000 });
      expect(Date.now()).toBeLessThan(salesStartAt);
      await expectAccessible(ana.page);
      await ana.page.setViewportSize(NARROW_PHONE);
      expect(await ana.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);
      await expectAccessible(ana.page);
      await ana.page.setViewportSize(DESKTOP_VIEWPORT);

      // Three more join through the API before the sale starts.
      for (const account of OTHERS) {
        const other = await apiAs(url, account);
        const challengeAnswer = await other.ctx.get('/api/queue/challenge');
        const challenge = (await challengeAnswer.json()) as { challenge: string; difficulty: number };
        await other.call('post', `/api/events/${eventId}/queue`, {
          challenge: challenge.challenge,
          solution: solve(challenge.challenge, challenge.difficulty),
        });
        await other.ctx.dispose();
      }
      for (const { page } of [ana, bogdan]) await recordPlaces(page);
      expect(Date.now()).toBeLessThan(salesStartAt);

      // The draw at the sales start, then admissions one by one: each page follows live.
      for (const { page } of [ana, bogdan]) await page.getByText('It is your turn', { exact: true }).waitFor({ timeout: 90_000 });
      // Still the same documents (no reload): what each page showed came pushed over the socket.
      const seen = await Promise.all([ana, bogdan].map(({ page }) => placesSeen(page)));
      for (const texts of seen) {
        expect(Array.isArray(texts)).toBe(true);
        // The first drawn is admitted at the draw itself and may never show a number.
        if (texts.length === 0) continue;
        const position = Number(/number (\d+) in line/.exec(texts[0] ?? '')?.[1]);
        const aheads = texts.map(aheadIn);
        expect(aheads[0]).toBeLessThan(position);
        for (let i = 1; i < aheads.length; i++) expect(aheads[i]).toBeLessThan(aheads[i - 1] ?? Infinity);
        // One admission every two seconds: from third place on, the page saw its place fall.
        if (position >= 3) expect(aheads.length).toBeGreaterThan(1);
      }
      expect(seen.some((texts) => texts.length > 0)).toBe(true);
      await expectAccessible(bogdan.page);

      // Each reserves with the pass and pays.
      for (const { page } of [ana, bogdan]) {
        await page.getByRole('link', { name: 'Choose tickets' }).click();
        await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
        expect(await page.getByText('This sale runs through a waiting room').count()).toBe(0);
        await page.getByLabel('Standard quantity').selectOption('1');
        await page.getByRole('button', { name: 'Reserve', exact: true }).click();
        await page.waitForURL(/\/reservations\/[^/]+$/);
        const form = page.getByRole('form', { name: 'Pay by card' });
        await form.getByRole('button', { name: /^Success card/ }).click();
        await form.getByRole('button', { name: /^Pay / }).click();
        await page.getByRole('heading', { level: 2, name: 'Payment received' }).waitFor();
      }
      for (const { errors } of [ana, bogdan]) expect(unexpectedErrors(errors, url, expected)).toEqual([]);
    } finally {
      await ana.close();
      await bogdan.close();
    }

    // Carla arrives after the sell-out and is told so at once, with no place to wait for.
    const carla = await openPage(browser, { baseURL: url });
    try {
      await signInPage(carla.page, CARLA);
      await carla.page.goto(`/events/${eventId}/queue`);
      await carla.page.getByText('All tickets for this event have been sold').waitFor({ timeout: 30_000 });
      expect(await carla.page.getByText('Estimated wait').count()).toBe(0);
      await expectAccessible(carla.page);
      expect(unexpectedErrors(carla.errors, url, expected)).toEqual([]);
    } finally {
      await carla.close();
    }
  }, 240_000);

  it('the organizer sees the waiting room on the event form and its numbers on the dashboard', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, errors, close } = await openPage(browser, { baseURL: server.url });
    try {
      await signInPage(page, ADMIN);
      await page.goto(`/admin/events/${eventId}`);
      const settings = page.getByRole('region', { name: 'Waiting room' });
      expect(await settings.getByRole('switch', { name: 'Sell through a waiting room' }).isChecked()).toBe(true);
      expect(await settings.getByLabel('Buyers let in per minute').inputValue()).toBe('30');
      expect(await settings.getByLabel('Minutes to buy once let in').inputValue()).toBe('10');
      // Turning the rate field empty is refused on the field, before anything is sent.
      await settings.getByLabel('Buyers let in per minute').fill('');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await settings.getByText('Enter a whole number from 1 to 100000.').waitFor();

      await page.goto(`/admin/events/${eventId}/dashboard`);
      const panel = page.getByRole('region', { name: 'Waiting room' });
      await panel.getByText('Sold out', { exact: true }).waitFor();
      await panel.getByLabel('Tickets sold: 2').waitFor();
      await panel.getByText(/^Order drawn on .+; seed for audit: \S+$/).waitFor();
      await expectAccessible(page);
      expect(unexpectedErrors(errors, server.url, [])).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);
});
