/**
 * The catalog as a visitor uses it, against the demo catalogue the server loads on first start:
 * search, filters kept in the URL (reload and Back), the server's word on filters that do not fit,
 * and the event page with its seat map or quantity pickers.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_OUT_ME, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { startServer, type RunningServer } from './support/server';

describe.skipIf(!browserAvailable)('the catalog for visitors', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(options: Parameters<typeof openPage>[1] = {}) {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    return { ...(await openPage(browser, { baseURL: server.url, ...options })), url: server.url };
  }

  const results = (page: Awaited<ReturnType<typeof open>>['page']) => page.getByRole('main').getByRole('article');

  it('searches, filters by category with the filters in the URL (reload and Back keep them), and opens the seat map', async () => {
    const { page, errors, close, url } = await open();
    await page.goto('/events');
    await results(page).first().waitFor();
    expect(await results(page).count()).toBe(12);

    const main = page.getByRole('main');
    await main.getByRole('searchbox', { name: 'Search events' }).fill('jazz');
    await main.getByRole('searchbox', { name: 'Search events' }).press('Enter');
    await page.waitForURL(`${url}/events?q=jazz`);
    await expect.poll(() => results(page).count()).toBe(1);
    expect(await results(page).first().getByRole('heading').textContent()).toBe('Jazz Club Night');
    // Relevance is offered (and chosen) only with a keyword.
    expect(await main.getByRole('combobox', { name: 'Sort by' }).textContent()).toBe('Best match');

    await main.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Theatre' }).click();
    await page.waitForURL(`${url}/events?q=jazz&category=theatre`);
    await main.getByRole('heading', { name: 'No events match' }).waitFor();

    await page.goBack();
    await page.waitForURL(`${url}/events?q=jazz`);
    await main.getByRole('link', { name: 'Jazz Club Night' }).waitFor();
    await main.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Concert' }).click();
    await page.waitForURL(`${url}/events?q=jazz&category=concert`);
    await main.getByRole('link', { name: 'Jazz Club Night' }).waitFor();

    await page.reload();
    await main.getByRole('link', { name: 'Jazz Club Night' }).waitFor();
    expect(await main.getByRole('searchbox', { name: 'Search events' }).inputValue()).toBe('jazz');
    expect(await main.getByRole('combobox', { name: 'Category' }).textContent()).toBe('Concert');
    expect(await results(page).count()).toBe(1);

    await main.getByRole('link', { name: 'Jazz Club Night' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jazz Club Night' }).waitFor();
    expect(await page.title()).toBe('Jazz Club Night · iaTichet');
    expect(await main.getByText('Small Hall', { exact: true }).isVisible()).toBe(true);

    const map = main.getByRole('group', { name: 'Seat map' });
    const a5 = map.getByRole('button', { name: 'Row A seat 5, premium, free' });
    await a5.waitFor();
    expect(await map.getByRole('button').count()).toBe(50);
    expect(await a5.getAttribute('aria-pressed')).toBe('false');
    await a5.click();
    expect(await a5.getAttribute('aria-pressed')).toBe('true');
    // The keyboard moves along the row and chooses with Space.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    expect(await map.getByRole('button', { name: 'Row A seat 6, premium, free' }).getAttribute('aria-pressed')).toBe('true');
    await main.getByText(/^2 tickets · Total/).waitFor();
    expect(await main.getByRole('list', { name: 'Seat colours' }).textContent()).toContain('Premium');

    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('the tickets stay where they are when the live viewer count arrives (a click aimed at them lands on them)', async () => {
    const { page, errors, close, url } = await open();
    // Every position the tickets heading takes, noted at each change of the page from the first load on.
    await page.addInitScript(() => {
      const tops: number[] = [];
      (window as unknown as { ticketTops: number[] }).ticketTops = tops;
      new MutationObserver(() => {
        const heading = document.getElementById('tickets-heading');
        if (heading === null) return;
        const top = Math.round(heading.getBoundingClientRect().top + window.scrollY);
        if (tops.at(-1) !== top) tops.push(top);
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.goto('/events?q=jazz');
    await page.getByRole('link', { name: 'Jazz Club Night' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jazz Club Night' }).waitFor();
    // The count comes over the socket after the page has drawn its tickets.
    await page
      .getByTestId('live-viewers')
      .getByText(/viewing/)
      .waitFor();
    const tops = await page.evaluate(() => (window as unknown as { ticketTops: number[] }).ticketTops);
    expect(tops.length).toBeGreaterThan(0);
    expect(new Set(tops).size).toBe(1);
    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('says in words that the price range is upside down, not in the API’s field names', async () => {
    const { page, errors, close, url } = await open();
    await page.goto('/events?minPrice=100&maxPrice=10');
    const alert = page.getByRole('main').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The lowest price is above the highest price.');
    expect(await alert.textContent()).not.toContain('minPrice');
    await alert.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL(`${url}/events`);
    await results(page).first().waitFor();
    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME, { status: 400, pathPrefix: '/api/events?' }])).toEqual([]);
    await close();
  });

  it('general admission offers a quantity per ticket type, up to the order limit, with a running total', async () => {
    const { page, errors, close, url } = await open({ viewport: PHONE_VIEWPORT });
    await page.goto('/events?q=festival');
    await page.getByRole('link', { name: 'Summer Open-Air Festival' }).click();
    await page.getByRole('heading', { level: 1, name: 'Summer Open-Air Festival' }).waitFor();
    const dayPass = page.getByRole('combobox', { name: 'Day pass quantity' });
    expect(await dayPass.locator('option').count()).toBe(11); // 0 to maxTicketsPerOrder (10)
    await dayPass.selectOption('8');
    // Two more fit in the order, so VIP offers 0 to 2.
    expect(await page.getByRole('combobox', { name: 'VIP quantity' }).locator('option').count()).toBe(3);
    await page.getByText(/^8 tickets · Total/).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('an unknown event shows a friendly not-found page', async () => {
    const { page, errors, close, url } = await open();
    await page.goto('/events/no-such-event');
    await page.getByRole('heading', { level: 1, name: 'We could not find this event' }).waitFor();
    await page.getByRole('link', { name: 'Browse events' }).click();
    await page.waitForURL(`${url}/events`);
    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME, { status: 404, pathPrefix: '/api/events/no-such-event' }])).toEqual([]);
    await close();
  });
});
