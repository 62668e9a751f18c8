/** The admin's event dashboard updates by itself when someone buys, and draws the sales chart. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { createPendingReservation } from './support/reservations';
import { createPaidReservation } from './support/tickets';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Ana Pop', email: 'ana@example.test', password: 'ana-Secret-99120' };
const EVENT = 'Rock Legends Tribute';

describe.skipIf(!browserAvailable)('the live admin dashboard', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows tickets held by a buyer without a reload', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    await registerAccount(url, BUYER);
    const { page, errors, close } = await openPage(browser, { baseURL: url });
    try {
      await page.goto('/sign-in');
      await submitSignIn(page, ADMIN.email, ADMIN.password);
      await accountMenuButton(page, ADMIN.name).waitFor();
      const events = (await (await page.request.get('/api/events', { params: { q: EVENT } })).json()) as {
        items: { id: string; title: string }[];
      };
      const event = events.items.find((e) => e.title === EVENT);
      if (event === undefined) throw new Error(`no ${EVENT}`);
      // Reached the way an organiser would: from the event's admin page.
      await page.goto(`/admin/events/${event.id}`);
      await page.getByRole('link', { name: 'Live sales dashboard' }).click();
      await page.waitForURL(`**/admin/events/${event.id}/dashboard`);
      await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();
      await page.getByLabel('Held: 0').waitFor();
      await page.getByText('No paid tickets yet.').waitFor();

      await createPendingReservation(url, BUYER, EVENT, 3);
      await page.getByLabel('Held: 3').waitFor({ timeout: 10_000 });
      expect(await page.getByLabel('Sold: 0').count()).toBe(1);
      expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it('fits a phone screen, with a sale of one data point drawn as a line', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const buyer = { name: 'Ion Dobre', email: 'ion@example.test', password: 'ion-Secret-55120' };
    await registerAccount(url, buyer);
    const festival = 'Summer Open-Air Festival';
    await createPaidReservation(url, buyer, festival, 2);
    const { page, close } = await openPage(browser, { baseURL: url, viewport: PHONE_VIEWPORT });
    try {
      await page.goto('/sign-in');
      await submitSignIn(page, ADMIN.email, ADMIN.password);
      await accountMenuButton(page, ADMIN.name).waitFor();
      const events = (await (await page.request.get('/api/events', { params: { q: festival } })).json()) as {
        items: { id: string; title: string }[];
      };
      const event = events.items.find((e) => e.title === festival);
      if (event === undefined) throw new Error(`no ${festival}`);
      await page.goto(`/admin/events/${event.id}/dashboard`);
      await page.getByLabel('Sold: 2').waitFor();
      await page.getByText('Tickets sold').first().waitFor();
      // The one point of this sale is drawn as a line from zero, not an empty chart.
      expect(await page.locator('path.MuiLineChart-line').count()).toBe(1);
      expect(await page.locator('path.MuiLineChart-line').getAttribute('d')).toMatch(/L/);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    } finally {
      await close();
    }
  }, 60_000);
});
