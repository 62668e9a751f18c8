/**
 * The waiting list panel with the keyboard: joining replaces the join form with the place in line,
 * and leaving brings the form back; the focus must follow to the button that took the pressed
 * one's place, not fall to the top of the page. Checked in English and Romanian.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInPage } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { soldOutOneTicketEvent } from './support/reservations';
import { startServer, type RunningServer } from './support/server';

/** The focused element's tag and text, or "body". */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (element === null || element === document.body) return 'body';
    return `${element.tagName.toLowerCase()}: ${element.textContent.trim()}`;
  });
}

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const WAITER = { name: 'Ana Pop', email: 'ana-wl-focus@example.test', password: 'ana-Secret-5521' };
const HOLDER = { name: 'Bogdan Ene', email: 'bogdan-wl-focus@example.test', password: 'bogdan-Secret-8834' };
const TITLE = 'Small Room Concert';

describe.skipIf(!browserAvailable)('the waiting list panel keeps the keyboard focus', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let eventId = '';

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    ({ eventId } = await soldOutOneTicketEvent(server.url, ADMIN, HOLDER, WAITER, TITLE));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const words = {
    en: { join: 'Join the waiting list', leave: 'Leave the waiting list' },
    ro: { join: 'Înscrie-te pe lista de așteptare', leave: 'Ieși de pe lista de așteptare' },
  };

  for (const locale of ['en', 'ro'] as const) {
    it(`${locale}: joining moves the focus to "leave", leaving moves it back to "join"`, async () => {
      if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
      const { page, close } = await openPage(browser, { baseURL: server.url });
      await signInPage(page, WAITER, locale);
      // The join button is disabled (loading) until the person's own entries are read, and a
      // disabled button takes no focus: wait for that read before focusing, or Enter goes nowhere.
      const entriesRead = page.waitForResponse(
        (response) => new URL(response.url()).pathname === '/api/waitlist' && response.request().method() === 'GET',
      );
      await page.goto(`/events/${eventId}`);
      await entriesRead;
      const join = page.getByRole('button', { name: words[locale].join, exact: true });
      await expect.poll(() => join.isEnabled()).toBe(true);
      await join.focus();
      await expect.poll(() => focused(page)).toBe(`button: ${words[locale].join}`);
      await page.keyboard.press('Enter');
      const leave = page.getByRole('button', { name: words[locale].leave, exact: true });
      await leave.waitFor();
      await expect.poll(() => focused(page)).toBe(`button: ${words[locale].leave}`);
      await page.keyboard.press('Enter');
      await join.waitFor();
      await expect.poll(() => focused(page)).toBe(`button: ${words[locale].join}`);
      await close();
    });
  }
});
