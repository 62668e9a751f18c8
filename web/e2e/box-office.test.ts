/**
 * The box office in one purchase (issue 18, Done-when 4): a buyer applies a discount code, answers
 * two per-attendee questions, pays, and downloads the invoice, whose lines carry the discount and
 * whose net and tax add up to what was paid. Every page is checked with axe.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount, signedIn, signInPage, SIGNED_OUT_ME, unexpectedErrors } from './support/accounts';
import { expectAccessible } from './support/a11y';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const run = promisify(execFile);
const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Ioana Stan', email: 'ioana@example.test', password: 'ioana-Secret-5531' };
const TITLE = 'Summer Open-Air Festival';

/** The seller's legal details and a 19 % rate on the event's types, as the organizer and event forms set them. */
function sellWithTax(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'test.db'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(
      "update organizers set legal_name = 'Festival Vară SRL', address = 'Str. Mare 3, Cluj', vat_id = 'RO555666', invoice_prefix = 'BX' where is_default = 1",
    ).run();
    db.prepare('update ticket_types set tax_rate = 1900 where event_id in (select id from events where title = ?)').run(TITLE);
  } finally {
    db.close();
  }
}

describe.skipIf(!browserAvailable)('the box office in one purchase', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let eventId = '';

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    sellWithTax(server.dataDir);
    await registerAccount(server.url, BUYER);
    const { api, headers } = await signedIn(server.url, ADMIN);
    try {
      const list = (await (await api.get('/api/events', { params: { q: TITLE } })).json()) as {
        items: { id: string; title: string }[];
      };
      eventId = list.items.find((e) => e.title === TITLE)?.id ?? '';
      for (const data of [
        { label: 'T-shirt size', kind: 'text', required: true, perTicket: true },
        { label: 'Diet', kind: 'choice', options: ['Vegetarian', 'Omnivore'], required: true, perTicket: true },
      ])
        expect((await api.post(`/api/events/${eventId}/questions`, { data, headers })).status()).toBe(201);
      const code = await api.post(`/api/events/${eventId}/codes`, {
        data: { code: 'FRIENDS20', kind: 'discount', percentOff: 20 },
        headers,
      });
      expect(code.status()).toBe(201);
    } finally {
      await api.dispose();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a buyer applies a discount code, answers two per-attendee questions, pays and downloads the invoice', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const buyer = await openPage(browser, { baseURL: url, acceptDownloads: true });
    const { page } = buyer;
    await signInPage(page, BUYER);
    await page.goto(`/events/${eventId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();

    const code = page.getByRole('group', { name: 'Discount or access code' });
    await code.getByLabel('Have a code?').fill('friends20');
    await code.getByRole('button', { name: 'Apply code' }).click();
    await page.getByText('Code friends20 is applied').waitFor();
    // Day pass: 49.00, 20 % off: 39.20.
    await page.getByText('€39.20').first().waitFor();
    await page.getByRole('combobox', { name: 'Day pass quantity' }).selectOption('2');
    await page.getByRole('heading', { level: 2, name: 'A few questions' }).waitFor();
    const first = page.getByRole('region', { name: 'Ticket 1: Day pass' });
    const second = page.getByRole('region', { name: 'Ticket 2: Day pass' });
    await first.getByLabel(/^T-shirt size/).fill('M');
    await first.getByRole('radio', { name: 'Vegetarian' }).check();
    await second.getByLabel(/^T-shirt size/).fill('XL');
    await second.getByRole('radio', { name: 'Omnivore' }).check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Reserve', exact: true }).click();

    await page.waitForURL(/\/reservations\/[^/]+$/);
    const summary = page.getByRole('region', { name: 'Order summary' });
    await summary.getByText('Discount (code FRIENDS20)').waitFor();
    // 2 × 49.00 = 98.00, less 2 × 9.80 = 19.60: 78.40 to pay.
    expect(await summary.textContent()).toContain('€19.60');
    expect(await summary.textContent()).toContain('€78.40');
    const answers = page.getByRole('region', { name: 'Your answers' });
    await answers.getByText('Omnivore').waitFor();
    expect(await answers.textContent()).toMatch(/M.*Vegetarian.*XL.*Omnivore/s);
    await expectAccessible(page);

    const pay = page.getByRole('form', { name: 'Pay by card' });
    await pay.getByRole('button', { name: /^Success card/ }).click();
    await pay.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('heading', { name: 'Payment received' }).waitFor();
    const number = `BX-${new Date().getFullYear()}-000001`;
    const link = page.getByRole('link', { name: `Download Invoice ${number} (PDF)` });
    await link.waitFor();
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const { stdout: text } = await run('pdftotext', ['-layout', await download.path(), '-']);
    expect(text).toContain(`Invoice ${number}`);
    expect(text).toContain('VAT ID: RO555666');
    const amount = (label: string) => {
      const found = new RegExp(`${label}: [^\\d\\n]*([\\d,]+\\.\\d{2})`).exec(text)?.[1];
      if (found === undefined) throw new Error(`no ${label} in\n${text}`);
      return Math.round(Number(found.replace(/,/g, '')) * 100);
    };
    // What was paid, with the discount; 19 % contained: 78.40 × 19 / 119 = 12.52.
    expect(amount('Total')).toBe(7840);
    expect(amount('Total tax')).toBe(1252);
    expect(amount('Total net') + amount('Total tax')).toBe(amount('Total'));
    expect(unexpectedErrors(buyer.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await buyer.close();
  });
});
