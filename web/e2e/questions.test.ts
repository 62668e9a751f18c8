/**
 * Questions for buyers (issue 18) in the browser: an admin adds a per-attendee question on the
 * event's questions page (with its preview); a buyer of two tickets is stopped by a missing answer
 * on the second ticket, answers both attendees' two questions, reserves and sees the answers; the
 * admin sees them on the reservation. Every page is axe-clean.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/a11y';
import { accountMenuButton, registerAccount, signedIn, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Elena Marin', email: 'elena@example.test', password: 'elena-Secret-6610' };
const TITLE = 'Summer Open-Air Festival';

describe.skipIf(!browserAvailable)('questions for buyers in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let eventId = '';

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, BUYER);
    const { api, headers } = await signedIn(server.url, ADMIN);
    try {
      const events = (await (await api.get('/api/events', { params: { q: 'festival' } })).json()) as {
        items: { id: string; title: string }[];
      };
      eventId = events.items.find((e) => e.title === TITLE)?.id ?? '';
      const diet = await api.post(`/api/events/${eventId}/questions`, {
        data: { label: 'Diet', kind: 'choice', options: ['Vegetarian', 'Omnivore'], required: true, perTicket: true },
        headers,
      });
      expect(diet.status()).toBe(201);
    } finally {
      await api.dispose();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin adds a per-attendee question; a buyer answers both attendees and reserves; the admin sees the answers', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const admin = await openPage(browser, { baseURL: url });
    await admin.page.goto('/sign-in');
    await submitSignIn(admin.page, ADMIN.email, ADMIN.password);
    await accountMenuButton(admin.page, ADMIN.name).waitFor();
    await admin.page.goto(`/admin/events/${eventId}/questions`);
    await admin.page.getByRole('heading', { level: 1, name: 'Questions for buyers' }).waitFor();
    await admin.page.getByRole('button', { name: 'Add question' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'Add a question' });
    await dialog.getByLabel(/^Question/).fill('T-shirt size');
    await dialog.getByLabel('An answer is required').check();
    await dialog.getByLabel(/^Ask each attendee/).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Asked first: moved above Diet with its button.
    await admin.page.getByRole('button', { name: 'Move “T-shirt size” up' }).click();
    await admin.page.getByText('1. T-shirt size').waitFor();
    await admin.page
      .getByRole('region', { name: 'Preview' })
      .getByLabel(/^T-shirt size/)
      .first()
      .waitFor();
    await expectAccessible(admin.page);

    const buyer = await openPage(browser, { baseURL: url, viewport: PHONE_VIEWPORT });
    const page = buyer.page;
    await page.goto('/sign-in');
    await submitSignIn(page, BUYER.email, BUYER.password);
    await accountMenuButton(page, BUYER.name).waitFor();
    await page.goto(`/events/${eventId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('combobox', { name: 'Day pass quantity' }).selectOption('2');
    await page.getByRole('heading', { level: 2, name: 'A few questions' }).waitFor();
    const first = page.getByRole('region', { name: 'Ticket 1: Day pass' });
    const second = page.getByRole('region', { name: 'Ticket 2: Day pass' });
    await first.getByLabel(/^T-shirt size/).fill('M');
    await first.getByRole('radio', { name: 'Vegetarian' }).check();
    await second.getByRole('radio', { name: 'Omnivore' }).check();
    await page.getByRole('button', { name: 'Reserve', exact: true }).click();
    // The second attendee's size is missing: said on its field, which takes focus; nothing is sent.
    const size2 = second.getByLabel(/^T-shirt size/);
    await second.getByText('Please answer this.').waitFor();
    expect(await size2.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page);
    await size2.fill('L');
    await page.getByRole('button', { name: 'Reserve', exact: true }).click();

    await page.waitForURL(/\/reservations\/[^/]+$/);
    const answers = page.getByRole('region', { name: 'Your answers' });
    await answers.getByText('Omnivore').waitFor();
    expect(await answers.textContent()).toContain('Vegetarian');
    expect(await answers.textContent()).toContain('L');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await expectAccessible(page);
    const reservationId = new URL(page.url()).pathname.split('/').pop() ?? '';

    await admin.page.goto(`/admin/reservations/${reservationId}`);
    const adminAnswers = admin.page.getByRole('region', { name: 'Answers to the questions' });
    await adminAnswers.getByText('Omnivore').waitFor();
    expect(await adminAnswers.textContent()).toMatch(/T-shirt size.*M.*Diet.*Vegetarian.*T-shirt size.*L.*Diet.*Omnivore/s);
    await expectAccessible(admin.page);

    expect(unexpectedErrors(buyer.errors, url, [])).toEqual([]);
    expect(unexpectedErrors(admin.errors, url, [])).toEqual([]);
    await buyer.close();
    await admin.close();
  });
});
