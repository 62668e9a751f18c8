/**
 * Small defects a person meets (issue 15), each shown by the browser: written to fail before its fix.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { startServer, type RunningServer } from './support/server';

async function eventByTitle(baseURL: string, title: string): Promise<{ id: string }> {
  const answer = (await (await fetch(`${baseURL}/api/events?q=${encodeURIComponent(title)}`)).json()) as {
    items: { id: string; title: string }[];
  };
  const event = answer.items.find((item) => item.title === title);
  if (event === undefined) throw new Error(`no event called ${title}`);
  return event;
}

describe.skipIf(!browserAvailable)('small defects people meet', () => {
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

  it('the public footer does not send visitors to the API documentation', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, close } = await openPage(browser, { baseURL: server.url });
    await page.goto('/');
    await page.getByRole('contentinfo').waitFor();
    expect(await page.getByRole('contentinfo').locator('a[href^="/api/docs"]').count()).toBe(0);
    await close();
  });

  it('a signed-out page logs no console error (no 401 from /api/auth/me)', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, errors, close } = await openPage(browser, { baseURL: server.url });
    await page.goto('/events');
    await page.getByRole('link', { name: 'Jazz Club Night' }).first().waitFor();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it('the unknown-event page asks for the event once', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, close } = await openPage(browser, { baseURL: server.url });
    const asked: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/events/no-such-event') asked.push(request.url());
    });
    await page.goto('/events/no-such-event');
    await page.getByRole('heading', { level: 1, name: 'We could not find this event' }).waitFor();
    await page.waitForTimeout(1500);
    expect(asked).toHaveLength(1);
    await close();
  });

  it('on a phone the event page shows the price and a way to reserve on the first screen', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const jazz = await eventByTitle(server.url, 'Jazz Club Night');
    const { page, close } = await openPage(browser, { baseURL: server.url, viewport: PHONE_VIEWPORT });
    await page.goto(`/events/${jazz.id}`);
    await page.getByRole('heading', { level: 1, name: 'Jazz Club Night' }).waitFor();
    const onFirstScreen = async (box: { y: number; height: number } | null) =>
      box !== null && box.y >= 0 && box.y + box.height <= PHONE_VIEWPORT.height;
    const price = page
      .getByRole('main')
      .getByText(/^From /)
      .first();
    expect(await onFirstScreen(await price.boundingBox())).toBe(true);
    const reserve = page.getByRole('main').getByRole('link', { name: /^Choose your seats/ });
    expect(await onFirstScreen(await reserve.boundingBox())).toBe(true);
    await reserve.click();
    await page.getByRole('group', { name: 'Seat map' }).waitFor();
    await close();
  });

  it('the Reserve bar does not cover the top rows of the seat map on first view', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const jazz = await eventByTitle(server.url, 'Jazz Club Night');
    const { page, close } = await openPage(browser, { baseURL: server.url, viewport: { width: 1280, height: 1400 } });
    await page.goto(`/events/${jazz.id}`);
    const map = page.getByRole('group', { name: 'Seat map' });
    await map.waitFor();
    // A screen whose bottom edge falls just under the map's first row: the row is in view on arrival.
    const measured = await map.getByRole('button').first().boundingBox();
    if (measured === null) throw new Error('seat not laid out');
    await page.setViewportSize({ width: 1280, height: Math.ceil(measured.y + measured.height + 40) });
    const firstSeat = await map.getByRole('button').first().boundingBox();
    const bar = await page.getByRole('button', { name: 'Reserve', exact: true }).boundingBox();
    if (firstSeat === null || bar === null) throw new Error('seat or Reserve bar not laid out');
    const overlaps = bar.y < firstSeat.y + firstSeat.height && firstSeat.y < bar.y + bar.height;
    expect(overlaps).toBe(false);
    await close();
  });

  it('a typed price filter applies while typing, without leaving the field', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, close } = await openPage(browser, { baseURL: server.url });
    await page.goto('/events');
    await page.getByLabel('Min price').fill('60');
    await page.waitForURL(/minPrice=60/, { timeout: 5000 });
    expect(await page.getByLabel('Min price').evaluate((input) => input === document.activeElement)).toBe(true);
    await close();
  });
});
