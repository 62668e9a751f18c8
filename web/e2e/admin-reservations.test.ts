import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, signedIn, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { createPendingReservation } from './support/reservations';
import { startServer, type RunningServer } from './support/server';
import { createPaidReservation } from './support/tickets';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Radu Stan', email: 'radu@example.test', password: 'radu-Secret-2024!' };

describe.skipIf(!browserAvailable)('admin: reservations', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let code = '';

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, BUYER);
    ({ code } = await createPendingReservation(server.url, BUYER, 'Summer Open-Air Festival'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin finds a pending reservation by its code, marks it paid in cash, and it shows as paid', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const { page, errors, close } = await openPage(browser, { baseURL: url });
    await page.goto('/sign-in');
    await submitSignIn(page, ADMIN.email, ADMIN.password);
    await accountMenuButton(page, ADMIN.name).waitFor();

    await page.getByRole('banner').getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page
      .getByRole('main')
      .getByRole('link', { name: /^Reservations/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Reservations' }).waitFor();
    expect(await page.title()).toBe('Reservations · iaTichet');

    await page.getByLabel('Search by code, email or name').fill(code.toLowerCase());
    await page.waitForURL(`${url}/admin/reservations?q=${code.toLowerCase()}`);
    await page.getByRole('status').filter({ hasText: '1 reservation' }).waitFor({ state: 'attached' });
    const table = page.getByRole('table', { name: 'Reservations' });
    const row = table.getByRole('row', { name: new RegExp(code) });
    expect(await row.textContent()).toContain(BUYER.email);
    expect(await row.textContent()).toContain('Awaiting payment');

    await row.getByRole('link', { name: code }).click();
    await page.getByRole('heading', { level: 1, name: `Reservation ${code}` }).waitFor();
    await page.getByRole('button', { name: 'Mark as paid' }).click();
    const dialog = page.getByRole('dialog', { name: `Mark ${code} as paid?` });
    expect(await dialog.getByRole('radio', { name: 'Cash' }).isChecked()).toBe(true);
    await dialog.getByLabel('Note (optional)').fill('Paid at the box office');
    await dialog.getByRole('button', { name: 'Mark as paid' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const main = page.getByRole('main');
    // The facts gain a "Paid" entry with the method, and the status chip says so too.
    await main
      .getByRole('term')
      .filter({ hasText: /^Paid$/ })
      .waitFor();
    expect(
      await main
        .getByRole('definition')
        .filter({ hasText: /· Cash$/ })
        .isVisible(),
    ).toBe(true);
    expect(await main.getByText('Awaiting payment').count()).toBe(0);
    expect(await main.getByText('Paid', { exact: true }).first().isVisible()).toBe(true);
    expect(await page.getByLabel('Note for organisers').inputValue()).toBe('Paid at the box office');
    expect(await page.getByRole('button', { name: 'Mark as paid' }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Reservations' }).click();
    await page.getByLabel('Status').click();
    await page.getByRole('option', { name: 'Paid' }).click();
    await page.waitForURL(`${url}/admin/reservations?status=paid`);
    await table
      .getByRole('row', { name: new RegExp(code) })
      .getByText('Paid', { exact: true })
      .waitFor();

    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('a refunded reservation shows its names without offering to save them', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const paid = await createPaidReservation(url, BUYER, 'Summer Open-Air Festival', 1);
    const { api, headers } = await signedIn(url, BUYER);
    try {
      const cancelled = await api.post(`/api/reservations/${paid.id}/cancel`, { headers });
      expect(((await cancelled.json()) as { status: string }).status).toBe('refunded');
    } finally {
      await api.dispose();
    }
    const { page, close } = await openPage(browser, { baseURL: url });
    await page.goto('/sign-in');
    await submitSignIn(page, ADMIN.email, ADMIN.password);
    await accountMenuButton(page, ADMIN.name).waitFor();
    await page.goto(`/admin/reservations/${paid.id}`);
    await page.getByRole('heading', { name: 'Tickets and names' }).waitFor();
    await page.getByRole('main').getByText('Refunded', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Save names' }).count()).toBe(0);
    expect(await page.getByRole('main').getByRole('textbox', { name: /name/i }).count()).toBe(0);
    await close();
  });
});
