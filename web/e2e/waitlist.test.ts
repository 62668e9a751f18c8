/**
 * The waiting list in the browser: A joins the list of a sold-out ticket type in place of buying,
 * B cancels their hold, and A is told live (no reload), follows the notification to the offer's
 * checkout and pays. The event page with the list and the checkout pass axe.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/a11y';
import { accountMenuButton, apiAs, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, DESKTOP_VIEWPORT, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { soldOutOneTicketEvent } from './support/reservations';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const WAITER = { name: 'Ana Pop', email: 'ana-waitlist@example.test', password: 'ana-Secret-5521' };
const HOLDER = { name: 'Bogdan Ene', email: 'bogdan-waitlist@example.test', password: 'bogdan-Secret-8834' };
const TITLE = 'Small Room Concert';

describe.skipIf(!browserAvailable)('waiting list in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let eventId = '';
  let holdId = '';

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    ({ eventId, holdId } = await soldOutOneTicketEvent(server.url, ADMIN, HOLDER, WAITER, TITLE));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('A joins the list of a sold-out type, B cancels, A is told live, follows the notification and pays', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const { page, errors, close } = await openPage(browser, { baseURL: url });
    try {
      await page.goto('/sign-in');
      await submitSignIn(page, WAITER.email, WAITER.password);
      await accountMenuButton(page, WAITER.name).waitFor();
      await page.goto(`/events/${eventId}`);
      const list = page.getByRole('region', { name: 'Waiting list' });
      await list.waitFor();
      await list
        .getByRole('form', { name: 'Join the waiting list for Standard' })
        .getByRole('button', { name: 'Join the waiting list' })
        .click();
      await list.getByText('You are number 1 in line for 1 ticket.').waitFor();
      await expectAccessible(page);
      // On a phone the list fits the screen (nothing scrolls sideways) and still passes axe.
      await page.setViewportSize(PHONE_VIEWPORT);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      await expectAccessible(page);
      await page.setViewportSize(DESKTOP_VIEWPORT);

      // B lets the ticket go: it is offered to A, who is told without a reload.
      const holder = await apiAs(url, HOLDER);
      await holder.call('post', `/api/reservations/${holdId}/cancel`);
      await holder.ctx.dispose();
      const toast = page.getByRole('alert').filter({ hasText: 'Tickets from the waiting list' });
      await toast.waitFor({ timeout: 15_000 });
      await list.getByText('1 Standard ticket is held for you from the waiting list.').waitFor();
      await toast.getByRole('button', { name: 'View' }).click();

      await page.waitForURL(/\/reservations\/[^/]+$/);
      await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
      await expectAccessible(page);
      const form = page.getByRole('form', { name: 'Pay by card' });
      await form.getByRole('button', { name: /^Success card/ }).click();
      await form.getByRole('button', { name: /^Pay / }).click();
      await page.getByRole('heading', { level: 2, name: 'Payment received' }).waitFor();

      // My reservations lists the entry as bought.
      await page.goto('/reservations');
      const mine = page.getByRole('region', { name: 'Waiting lists' });
      await mine.getByText('Bought').waitFor();
      await expectAccessible(page);
      expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);
});
