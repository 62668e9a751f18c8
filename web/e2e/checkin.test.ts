import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { createPaidReservation, promoteToStaff } from './support/tickets';

const run = promisify(execFile);
const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Elena Marin', email: 'elena@example.test', password: 'elena-Secret-4410' };
const STAFF = { name: 'Doru Vasile', email: 'doru@example.test', password: 'doru-Secret-8812' };
const EVENT = 'Summer Open-Air Festival';

/** The QR codes on each page of a PDF file, read by poppler and zbar (independent of our code). */
async function qrCodesIn(pdfFile: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iat-e2e-qr-'));
  try {
    await run('pdftoppm', ['-r', '150', '-png', pdfFile, path.join(dir, 'page')]);
    const codes: string[] = [];
    for (const page of readdirSync(dir).sort()) {
      const { stdout } = await run('zbarimg', ['--quiet', '--raw', path.join(dir, page)]);
      codes.push(...stdout.split('\n').filter(Boolean));
    }
    return codes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!browserAvailable)('tickets and check-in in the browser', () => {
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

  it('a buyer downloads the tickets PDF from the reservation page, and its QR codes are the tickets', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const reservation = await createPaidReservation(url, BUYER, EVENT, 2);
    const { page, errors, close } = await openPage(browser, { baseURL: url, acceptDownloads: true });
    await page.goto('/sign-in');
    await submitSignIn(page, BUYER.email, BUYER.password);
    await accountMenuButton(page, BUYER.name).waitFor();

    await page.goto(`/reservations/${reservation.id}`);
    await page.getByRole('heading', { level: 1, name: 'Your tickets' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download 2 tickets (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`tickets-${reservation.code}.pdf`);
    const file = await download.path();
    expect(await qrCodesIn(file)).toEqual(reservation.tickets.map((t) => t.qr));

    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('staff signs in on a phone, opens the scanner, types a code: green, then "already checked in" in red', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const reservation = await createPaidReservation(url, BUYER, EVENT, 1);
    const code = reservation.tickets[0]?.qr ?? '';
    const { page, errors, close } = await openPage(browser, {
      baseURL: url,
      viewport: PHONE_VIEWPORT,
      isMobile: true,
      hasTouch: true,
    });
    await page.goto('/sign-in');
    await submitSignIn(page, STAFF.email, STAFF.password);
    await accountMenuButton(page, STAFF.name).waitFor();

    await page.goto('/check-in');
    await page.getByRole('heading', { level: 1, name: 'Check-in' }).waitFor();
    await page
      .getByRole('list', { name: 'Events' })
      .getByRole('link', { name: new RegExp(EVENT) })
      .click();
    await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();
    const count = page.getByTestId('checkin-count');
    await count.filter({ hasText: / checked in$/ }).waitFor();
    const before = /^(\d+) \/ (\d+)/.exec((await count.textContent()) ?? '');
    const [checkedBefore, total] = [Number(before?.[1]), Number(before?.[2])];
    expect(total).toBeGreaterThanOrEqual(1);

    const form = page.getByRole('form', { name: 'Enter a code by hand' });
    await form.getByLabel('Ticket code').fill(code);
    await form.getByRole('button', { name: 'Check in' }).click();
    const result = page.getByTestId('scan-result');
    await result.filter({ hasText: 'Checked in' }).waitFor();
    expect(await result.getAttribute('data-result')).toBe('ok');
    expect(await result.textContent()).toContain(`Reservation ${reservation.code}`);
    expect(await result.evaluate((el) => getComputedStyle(el).backgroundColor)).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    const green = await result.evaluate((el) => getComputedStyle(el).backgroundColor);
    await count.filter({ hasText: `${checkedBefore + 1} / ${total} checked in` }).waitFor();

    await form.getByLabel('Ticket code').fill(code);
    await form.getByRole('button', { name: 'Check in' }).click();
    await result.filter({ hasText: 'Already checked in' }).waitFor();
    expect(await result.getAttribute('data-result')).toBe('already_checked_in');
    const red = await result.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(red).not.toBe(green);
    expect(await page.getByRole('status').filter({ hasText: 'Already checked in' }).count()).toBe(1);

    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('a buyer has no Check-in entry and the scanner page says it is not for them', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, close } = await openPage(browser, { baseURL: server.url });
    await page.goto('/sign-in');
    await submitSignIn(page, BUYER.email, BUYER.password);
    await accountMenuButton(page, BUYER.name).waitFor();
    expect(await page.getByRole('banner').getByRole('link', { name: 'Check-in' }).count()).toBe(0);
    await page.goto('/check-in');
    await page.getByRole('heading', { name: 'This page is not for your account' }).waitFor();
    expect(await page.getByRole('form', { name: 'Enter a code by hand' }).count()).toBe(0);
    await close();
  });
});
