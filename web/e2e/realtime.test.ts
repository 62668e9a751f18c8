/**
 * Real time in the browser: two people on the same seat map in two browser contexts. A seat one
 * of them reserves becomes unavailable for the other without a reload, a seat the other had only
 * selected is taken out of their selection with a message, and both see that 2 people are viewing.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const FIRST = { name: 'Elena Dima', email: 'elena@example.test', password: 'elena-Secret-6612' };
const SECOND = { name: 'Radu Mihai', email: 'radu@example.test', password: 'radu-Secret-7730' };
const EVENT = 'Improv Theatre Workshop';

describe.skipIf(!browserAvailable)('real time in the browser', () => {
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

  it('a seat reserved in one browser becomes unavailable in the other without a reload, and both see 2 viewers', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    await registerAccount(url, FIRST);
    await registerAccount(url, SECOND);
    const first = await openPage(browser, { baseURL: url });
    const second = await openPage(browser, { baseURL: url });
    try {
      for (const [{ page }, account] of [
        [first, FIRST],
        [second, SECOND],
      ] as const) {
        await page.goto('/sign-in');
        await submitSignIn(page, account.email, account.password);
        await accountMenuButton(page, account.name).waitFor();
        await page.goto('/events');
        await page.getByRole('main').getByRole('link', { name: EVENT }).first().click();
        await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();
      }
      for (const { page } of [first, second]) await page.getByText('2 people are viewing this event').waitFor();

      const mapOf = (p: typeof first) => p.page.getByRole('group', { name: 'Seat map' });
      // The second person has picked D 4 but not reserved it yet.
      await mapOf(second).getByRole('button', { name: 'Row D seat 4, standard, free' }).click();
      expect(
        await mapOf(second)
          .getByRole('button', { name: /^Row D seat 4,/ })
          .getAttribute('aria-pressed'),
      ).toBe('true');
      const reloads: string[] = [];
      second.page.on('framenavigated', (frame) => {
        if (frame === second.page.mainFrame()) reloads.push(frame.url());
      });

      // The first person takes D 4 and D 5.
      await mapOf(first).getByRole('button', { name: 'Row D seat 4, standard, free' }).click();
      await mapOf(first).getByRole('button', { name: 'Row D seat 5, standard, free' }).click();
      await first.page.getByRole('button', { name: 'Reserve', exact: true }).click();
      await first.page.waitForURL(/\/reservations\/[^/]+$/);

      // Without a reload the second map shows both seats held, and D 4 left the selection.
      await mapOf(second).getByRole('button', { name: 'Row D seat 5, standard, held' }).waitFor({ timeout: 5000 });
      const d4 = mapOf(second).getByRole('button', { name: 'Row D seat 4, standard, held' });
      await d4.waitFor({ timeout: 5000 });
      expect(await d4.getAttribute('aria-pressed')).toBe('false');
      await second.page
        .getByRole('alert')
        .getByText(/Someone else just took Row D seat 4/)
        .waitFor();
      expect(reloads).toEqual([]);

      // The first person left the event page for checkout: one viewer remains.
      await second.page.getByText('1 person is viewing this event').waitFor();
      expect(unexpectedErrors(first.errors, url, [SIGNED_OUT_ME])).toEqual([]);
      expect(unexpectedErrors(second.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  }, 60_000);
});
