/**
 * Attendee names and ticket transfer in the browser (issue 19): the buyer renames an attendee and
 * gives a ticket to a new address; the recipient chooses a password from the mailed link, signs
 * in, finds the ticket under Received tickets and downloads its PDF, on a phone-sized screen.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { expectAccessible } from './support/a11y';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { mailedLink } from './support/mail';
import { startServer, type RunningServer } from './support/server';
import { createPaidReservation } from './support/tickets';

const BUYER = { name: 'Elena Marin', email: 'elena@example.test', password: 'elena-Secret-2024!' };
const FRIEND = { email: 'andrei.friend@example.test', password: 'andrei-Chosen-7781' };
const EVENT = 'Summer Open-Air Festival';

describe.skipIf(!browserAvailable)('attendee names and ticket transfer', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let reservation = { id: '', code: '' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await registerAccount(server.url, BUYER);
    reservation = await createPaidReservation(server.url, BUYER, EVENT, 2);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the buyer renames an attendee and transfers a ticket; the recipient signs in and downloads it', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const buyer = await openPage(browser, { baseURL: url });
    await buyer.page.goto('/sign-in');
    await submitSignIn(buyer.page, BUYER.email, BUYER.password);
    await accountMenuButton(buyer.page, BUYER.name).waitFor();
    await buyer.page.goto(`/reservations/${reservation.id}`);
    const tickets = buyer.page.getByRole('table', { name: 'Tickets' });
    await tickets.waitFor();

    await tickets.getByRole('button', { name: /^Edit name of ticket 1,/ }).click();
    const nameDialog = buyer.page.getByRole('dialog', { name: 'Attendee name' });
    await nameDialog.getByLabel(/^Name on the ticket/).fill('Maria Ionescu');
    await expectAccessible(buyer.page);
    await nameDialog.getByRole('button', { name: 'Save name' }).click();
    await nameDialog.waitFor({ state: 'hidden' });
    await tickets.getByRole('cell', { name: 'Maria Ionescu' }).waitFor();

    await tickets.getByRole('button', { name: /^Transfer ticket 2,/ }).click();
    const transfer = buyer.page.getByRole('dialog', { name: 'Transfer this ticket' });
    await transfer.getByLabel(/^Their email address/).fill(FRIEND.email);
    await transfer.getByRole('button', { name: 'Continue' }).click();
    const confirm = buyer.page.getByRole('dialog', { name: `Transfer to ${FRIEND.email}?` });
    expect(await confirm.textContent()).toContain('stop working at once');
    await expectAccessible(buyer.page);
    await confirm.getByRole('button', { name: 'Transfer ticket' }).click();
    const done = buyer.page.getByRole('dialog', { name: 'Ticket transferred' });
    expect(await done.getByRole('status').textContent()).toContain(`now belongs to ${FRIEND.email}`);
    await done.getByRole('button', { name: 'Close' }).click();
    await done.waitFor({ state: 'hidden' });
    // The given ticket is marked and has no actions left; the renamed one keeps its own.
    await tickets.getByText('Transferred', { exact: true }).waitFor();
    expect(await tickets.getByRole('button', { name: /^Transfer ticket 2,/ }).count()).toBe(0);
    expect(await tickets.getByRole('button', { name: /^Transfer ticket 1,/ }).isVisible()).toBe(true);
    expect(await buyer.page.getByRole('link', { name: 'Download ticket (PDF)' }).isVisible()).toBe(true);
    // The giver is told live too. The toast slides in whenever its notification arrives: checked
    // once it is on screen, not while it fades in under axe (a half-transparent alert fails contrast).
    await buyer.page
      .getByRole('alert')
      .filter({ hasText: `You gave your ticket for ${EVENT} to ${FRIEND.email}` })
      .waitFor({ timeout: 15_000 });
    await expectAccessible(buyer.page);
    expect(unexpectedErrors(buyer.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await buyer.close();

    // The recipient had no account: one was made, and the mail's link chooses its password.
    const friend = await openPage(browser, { baseURL: url, viewport: PHONE_VIEWPORT, acceptDownloads: true });
    const main = friend.page.getByRole('main');
    await friend.page.goto(await mailedLink(url, FRIEND.email, '/reset-password'));
    await friend.page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await main.getByLabel(/^New password/).fill(FRIEND.password);
    await main.getByRole('button', { name: 'Set new password' }).click();
    await main.getByText('Your password is changed. Sign in with the new one.').waitFor();
    await main.getByRole('link', { name: 'Sign in' }).click();
    await submitSignIn(friend.page, FRIEND.email, FRIEND.password);
    await friend.page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));

    await friend.page.goto('/reservations');
    const received = main.getByRole('region', { name: 'Received tickets' });
    const item = received.getByRole('article', { name: `Ticket for ${EVENT}` });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Short code[0-9A-Z]{5}-[0-9A-Z]{5}/);
    const [download] = await Promise.all([
      friend.page.waitForEvent('download'),
      item.getByRole('link', { name: `Download the ticket for ${EVENT} (PDF)` }).click(),
    ]);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await expectAccessible(friend.page);
    expect(unexpectedErrors(friend.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await friend.close();
  });
});
