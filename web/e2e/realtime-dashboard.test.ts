/** The admin's event dashboard updates by itself when someone buys, and draws the sales chart. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { createPendingReservation } from './support/reservations';
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
});
