/**
 * Invoices in the browser: a buyer on a phone enters billing details in the checkout, pays, and
 * downloads the invoice PDF, which names the company and the seller's VAT id and adds up; an admin
 * finds it in the invoice register. Every page is checked with axe.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { expectAccessible } from './support/a11y';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { createPendingReservation } from './support/reservations';
import { startServer, type RunningServer } from './support/server';

const run = promisify(execFile);
const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Radu Ene', email: 'radu@example.test', password: 'radu-Secret-2024!' };
const EVENT = 'Summer Open-Air Festival';

/** The seller's legal details and a 19 % rate on the event, as the organizer and event forms would set them. */
function sellWithTax(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'test.db'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(
      "update organizers set legal_name = 'Festival Vară SRL', address = 'Str. Mare 3, Cluj', vat_id = 'RO555666', invoice_prefix = 'FV' where is_default = 1",
    ).run();
    db.prepare('update ticket_types set tax_rate = 1900 where event_id in (select id from events where title = ?)').run(EVENT);
  } finally {
    db.close();
  }
}

describe.skipIf(!browserAvailable)('invoices', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    sellWithTax(server.dataDir);
    await registerAccount(server.url, BUYER);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a buyer enters billing details, pays, and downloads the invoice PDF; the admin finds it', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const reservation = await createPendingReservation(url, BUYER, EVENT, 2);
    const buyer = await openPage(browser, {
      baseURL: url,
      viewport: PHONE_VIEWPORT,
      isMobile: true,
      hasTouch: true,
      acceptDownloads: true,
    });
    const { page } = buyer;
    await page.goto('/sign-in');
    await submitSignIn(page, BUYER.email, BUYER.password);
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await page.goto(`/reservations/${reservation.id}`);
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();

    await page.getByRole('button', { name: 'Billing details for the invoice (optional)' }).click();
    const billing = page.getByRole('form', { name: 'Billing details for the invoice (optional)' });
    await billing.getByLabel('Country code').fill('R');
    await billing.getByRole('button', { name: 'Save billing details' }).click();
    // Checked before sending: the missing name and the bad country are shown on their fields.
    await billing.getByText('Enter the name to put on the invoice, without control characters.').waitFor();
    await billing.getByText('Enter a two-letter country code, e.g. RO.').waitFor();
    await billing.getByLabel(/^Name/).fill('Radu Ene');
    await billing.getByLabel('Company').fill('Ene Design SRL');
    await billing.getByLabel('VAT ID').fill('ro1234567');
    await billing.getByLabel('Address').fill('Str. Mică 5\nIași');
    await billing.getByLabel('Country code').fill('ro');
    await billing.getByRole('button', { name: 'Save billing details' }).click();
    await billing.getByRole('status').filter({ hasText: 'Saved. Your invoice will use these details.' }).waitFor();
    await expectAccessible(page);

    const pay = page.getByRole('form', { name: 'Pay by card' });
    await pay.getByRole('button', { name: /^Success card/ }).click();
    await pay.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('heading', { name: 'Payment received' }).waitFor();
    const year = new Date().getFullYear();
    const number = `FV-${year}-000001`;
    const link = page.getByRole('link', { name: `Download Invoice ${number} (PDF)` });
    await link.waitFor();
    await expectAccessible(page);
    const box = await link.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`${number}.pdf`);
    const { stdout: text } = await run('pdftotext', ['-layout', await download.path(), '-']);
    expect(text).toContain(`Invoice ${number}`);
    expect(text).toContain('VAT ID: RO555666');
    expect(text).toContain('Ene Design SRL');
    expect(text).toContain('VAT ID: RO1234567');
    expect(text).toContain(reservation.code);
    // net + tax = gross, as printed.
    const amount = (label: string) => {
      const found = new RegExp(`${label}: [^\\d\\n]*([\\d,]+\\.\\d{2})`).exec(text)?.[1];
      if (found === undefined) throw new Error(`no ${label} in\n${text}`);
      return Math.round(Number(found.replace(/,/g, '')) * 100);
    };
    expect(amount('Total net') + amount('Total tax')).toBe(amount('Total'));
    expect(unexpectedErrors(buyer.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await buyer.close();

    const admin = await openPage(browser, { baseURL: url });
    await admin.page.goto('/sign-in');
    await submitSignIn(admin.page, ADMIN.email, ADMIN.password);
    await accountMenuButton(admin.page, ADMIN.name).waitFor();
    await admin.page.goto('/admin/invoices');
    const row = admin.page.getByRole('table', { name: 'Invoices' }).getByRole('row', { name: new RegExp(number) });
    await row.getByText('Ene Design SRL').waitFor();
    await expectAccessible(admin.page);
    expect(await admin.page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe('/api/admin/invoices.csv');
    expect(unexpectedErrors(admin.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await admin.close();
  });
});
