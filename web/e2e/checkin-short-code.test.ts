/**
 * Check-in by hand with the short code printed under the QR (issue 15, "Done when" 3): staff types
 * it as a person would (lower case, with its hyphen) in the scanner's manual entry and the ticket
 * is admitted; the QR text of the same ticket then answers "already checked in".
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { createPaidReservation, promoteToStaff } from './support/tickets';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Radu Stan', email: 'radu@example.test', password: 'radu-Secret-5521' };
const STAFF = { name: 'Ilinca Pop', email: 'ilinca@example.test', password: 'ilinca-Secret-7730' };
const EVENT = 'Summer Open-Air Festival';

describe.skipIf(!browserAvailable)('check-in by short code in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, BUYER);
    await registerAccount(server.url, STAFF);
    await promoteToStaff(server.url, ADMIN, STAFF.email);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('admits a typed short code once; the QR code of the same ticket is then already checked in', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const reservation = await createPaidReservation(url, BUYER, EVENT, 1);
    const ticket = reservation.tickets[0] as { qr: string; shortCode?: string } | undefined;
    const shortCode = ticket?.shortCode ?? '';
    expect(shortCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    const { page, errors, close } = await openPage(browser, { baseURL: url });
    await page.goto('/sign-in');
    await submitSignIn(page, STAFF.email, STAFF.password);
    await accountMenuButton(page, STAFF.name).waitFor();
    await page.goto('/check-in');
    await page
      .getByRole('list', { name: 'Events' })
      .getByRole('link', { name: new RegExp(EVENT) })
      .click();
    await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();

    const form = page.getByRole('form', { name: 'Enter a code by hand' });
    const result = page.getByTestId('scan-result');
    await form.getByLabel('Ticket code').fill(`${shortCode.slice(0, 5)}-${shortCode.slice(5)}`.toLowerCase());
    await form.getByRole('button', { name: 'Check in' }).click();
    await result.filter({ hasText: 'Checked in' }).waitFor();
    expect(await result.getAttribute('data-result')).toBe('ok');
    expect(await result.textContent()).toContain(`Reservation ${reservation.code}`);

    await form.getByLabel('Ticket code').fill(ticket?.qr ?? '');
    await form.getByRole('button', { name: 'Check in' }).click();
    await result.filter({ hasText: 'Already checked in' }).waitFor();
    expect(await result.getAttribute('data-result')).toBe('already_checked_in');

    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });
});
