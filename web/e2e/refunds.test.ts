import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount, signedIn, SIGNED_OUT_ME, submitSignIn, unexpectedErrors, accountMenuButton } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { createPendingReservation } from './support/reservations';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Ioana Dinu', email: 'ioana@example.test', password: 'ioana-Secret-2024!' };
/** The simulated provider's card whose first refund fails (API.md). */
const REFUND_FAILS_ONCE = { number: '4000000000005126', expMonth: 12, expYear: 2040, cvc: '123' };

describe.skipIf(!browserAvailable)('refunds the provider fails', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let reservation = { id: '', code: '' };

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, BUYER);
    reservation = await createPendingReservation(server.url, BUYER, 'Summer Open-Air Festival', 1);
    const { api, headers } = await signedIn(server.url, BUYER);
    const paid = await api.post(`/api/reservations/${reservation.id}/pay`, {
      data: { method: 'card', card: REFUND_FAILS_ONCE },
      headers,
    });
    expect(paid.status()).toBe(200);
    await api.dispose();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin refund that fails shows as refund pending to the admin, in the status filter, and to the buyer', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const { code } = reservation;
    const admin = await openPage(browser, { baseURL: url });
    await admin.page.goto('/sign-in');
    await submitSignIn(admin.page, ADMIN.email, ADMIN.password);
    await accountMenuButton(admin.page, ADMIN.name).waitFor();
    await admin.page.goto(`/admin/reservations/${reservation.id}`);
    await admin.page.getByRole('heading', { level: 1, name: `Reservation ${code}` }).waitFor();
    await admin.page.getByRole('button', { name: 'Cancel or refund' }).click();
    const dialog = admin.page.getByRole('dialog', { name: `Cancel ${code}?` });
    expect(await dialog.getByRole('checkbox', { name: /^Refund/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel and refund' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const main = admin.page.getByRole('main');
    await main.getByText('Refund pending', { exact: true }).first().waitFor();
    expect(await main.getByText(/has not confirmed this refund yet/).isVisible()).toBe(true);

    await admin.page.goto('/admin/reservations');
    await admin.page.getByLabel('Status').click();
    await admin.page.getByRole('option', { name: 'Refund pending' }).click();
    await admin.page.waitForURL(`${url}/admin/reservations?status=refund_pending`);
    const row = admin.page.getByRole('table', { name: 'Reservations' }).getByRole('row', { name: new RegExp(code) });
    await row.getByText('Refund pending', { exact: true }).waitFor();
    expect(unexpectedErrors(admin.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await admin.close();

    const buyer = await openPage(browser, { baseURL: url, viewport: { width: 390, height: 844 } });
    await buyer.page.goto('/sign-in');
    await submitSignIn(buyer.page, BUYER.email, BUYER.password);
    await buyer.page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await buyer.page.goto(`/reservations/${reservation.id}`);
    const alert = buyer.page.getByRole('alert').filter({ hasText: 'Your refund of' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/on its way.*nothing you need to do/);
    expect(await buyer.page.getByRole('button', { name: /refund/i }).count()).toBe(0);
    expect(unexpectedErrors(buyer.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await buyer.close();
  });
});
