/**
 * Codes in the browser (issue 18): an admin makes an access code for a hidden ticket type on the
 * event's codes page, and a buyer who opens the event's `?code=` link sees and reserves that type;
 * a buyer types a discount code on the event page, sees the discounted price, and the checkout
 * shows the discount. An event with many codes lists them a page at a time and finds one by part
 * of it (in Romanian). Every page is checked with axe as it is left (openPage).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount, signedIn, signInPage, SIGNED_OUT_ME, unexpectedErrors } from './support/accounts';
import { expectAccessible } from './support/a11y';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Elena Marin', email: 'elena@example.test', password: 'elena-Secret-8812' };
const TITLE = 'Summer Open-Air Festival';

interface ManagedEvent {
  id: string;
  ticketTypes: { id: string; name: string; priceCents: number; capacity: number }[];
}

describe.skipIf(!browserAvailable)('discount and access codes in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let eventId = '';

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, BUYER);
    // The event gets a hidden "Crew pass" through the API; the code for it is made in the browser.
    const { api, headers } = await signedIn(server.url, ADMIN);
    const list = (await (await api.get('/api/events', { params: { q: TITLE } })).json()) as {
      items: { id: string; title: string }[];
    };
    eventId = list.items.find((e) => e.title === TITLE)?.id ?? '';
    const event = (await (await api.get(`/api/events/${eventId}?manage=true`)).json()) as ManagedEvent;
    const patched = await api.patch(`/api/events/${eventId}`, {
      headers,
      data: {
        ticketTypes: [
          ...event.ticketTypes.map((t) => ({ id: t.id, name: t.name, priceCents: t.priceCents, capacity: t.capacity })),
          { name: 'Crew pass', priceCents: 1000, capacity: 20, hidden: true },
        ],
      },
    });
    expect(patched.status()).toBe(200);
    const code = await api.post(`/api/events/${eventId}/codes`, {
      headers,
      data: { code: 'SAVE10', kind: 'discount', percentOff: 10 },
    });
    expect(code.status()).toBe(201);
    await api.dispose();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin makes an access code for a hidden type, and a buyer opens its link and reserves that type', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const admin = await openPage(browser, { baseURL: url });
    await signInPage(admin.page, ADMIN);
    await admin.page.goto(`/admin/events/${eventId}/codes`);
    await admin.page.getByRole('heading', { level: 1, name: 'Discount and access codes' }).waitFor();
    const main = admin.page.getByRole('main');
    await main.getByLabel('Code', { exact: true }).fill('crew-2026');
    await main.getByLabel('Kind').selectOption('access');
    await main.getByRole('checkbox', { name: 'Crew pass (hidden)' }).check();
    await main.getByLabel('Most uses').fill('5');
    await main.getByRole('button', { name: 'Create code' }).click();
    await main.getByRole('status').filter({ hasText: '1 code made.' }).waitFor();
    const row = main.getByRole('table', { name: 'Codes with their uses' }).getByRole('row', { name: /crew-2026/ });
    await row.getByText('0 of 5').waitFor();
    await expectAccessible(admin.page);
    expect(unexpectedErrors(admin.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await admin.close();

    const buyer = await openPage(browser, { baseURL: url, viewport: PHONE_VIEWPORT });
    await signInPage(buyer.page, BUYER);
    // Without the code the hidden type is not there at all.
    await buyer.page.goto(`/events/${eventId}`);
    await buyer.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await buyer.page.getByLabel('Day pass quantity').waitFor();
    expect(await buyer.page.getByLabel('Crew pass quantity').count()).toBe(0);

    await buyer.page.goto(`/events/${eventId}?code=CREW-2026`);
    await buyer.page.getByText('Code CREW-2026 is applied').waitFor();
    await buyer.page.getByLabel('Crew pass quantity').selectOption('2');
    await expectAccessible(buyer.page);
    await buyer.page.getByRole('button', { name: 'Reserve', exact: true }).click();
    await buyer.page.waitForURL(/\/reservations\/[^/]+$/);
    const summary = buyer.page.getByRole('region', { name: 'Order summary' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('2 × Crew pass');
    expect(unexpectedErrors(buyer.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await buyer.close();
  });

  it('a buyer applies a discount code on the event page and sees the discount through to the checkout', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const buyer = await openPage(browser, { baseURL: url });
    await signInPage(buyer.page, BUYER);
    await buyer.page.goto(`/events/${eventId}`);
    await buyer.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();

    const code = buyer.page.getByRole('group', { name: 'Discount or access code' });
    await code.getByLabel('Have a code?').fill('nope');
    await code.getByRole('button', { name: 'Apply code' }).click();
    await code.getByText(/This code is not valid/).waitFor();
    await expectAccessible(buyer.page);

    await code.getByLabel('Have a code?').fill('save10');
    await code.getByRole('button', { name: 'Apply code' }).click();
    await buyer.page.getByText('Code save10 is applied').waitFor();
    // Day pass: 49.00, 10 % off: 44.10.
    await buyer.page.getByText('€44.10').first().waitFor();
    await buyer.page.getByLabel('Day pass quantity').selectOption('1');
    await expectAccessible(buyer.page);
    await buyer.page.getByRole('button', { name: 'Reserve', exact: true }).click();
    await buyer.page.waitForURL(/\/reservations\/[^/]+$/);
    const summary = buyer.page.getByRole('region', { name: 'Order summary' });
    await summary.getByText('Discount (code SAVE10)').waitFor();
    expect(await summary.textContent()).toContain('€4.90');
    expect(await summary.textContent()).toContain('€44.10');
    expect(unexpectedErrors(buyer.errors, url, [SIGNED_OUT_ME, { status: 422, pathPrefix: `/api/events/${eventId}` }])).toEqual(
      [],
    );
    await buyer.close();
  });

  it('ro: many codes come a page at a time, newest first, and one is found by part of it', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const { api, headers } = await signedIn(url, ADMIN);
    const made = await api.post(`/api/events/${eventId}/codes/generate`, {
      headers,
      data: { count: 60, prefix: 'LOT-', kind: 'discount', percentOff: 5 },
    });
    expect(made.status()).toBe(201);
    const generated = ((await made.json()) as { items: { code: string }[] }).items.map((c) => c.code);
    await api.dispose();

    const admin = await openPage(browser, { baseURL: url });
    await signInPage(admin.page, ADMIN, 'ro');
    await admin.page.goto(`/admin/events/${eventId}/codes`);
    const main = admin.page.getByRole('main');
    const table = main.getByRole('table', { name: 'Coduri și utilizările lor' });
    const codeCells = () => table.getByRole('row').filter({ hasNot: admin.page.getByRole('columnheader') });
    await main.getByRole('status').filter({ hasText: '50 de coduri afișate, mai sunt și altele' }).waitFor();
    expect(await codeCells().count()).toBe(50);
    // Newest first: the first page is the 60 just generated, and the earlier codes come after.
    expect(await codeCells().first().textContent()).toMatch(/^LOT-/);
    await main.getByRole('button', { name: 'Încarcă mai multe' }).click();
    await main
      .getByRole('status')
      .filter({ hasText: /^\d+ de coduri$/ })
      .waitFor();
    const all = await codeCells().count();
    expect(all).toBeGreaterThanOrEqual(61);
    await table.getByRole('row', { name: /SAVE10/ }).waitFor();
    await expectAccessible(admin.page);

    const wanted = generated[7] ?? '';
    const search = main.getByRole('searchbox', { name: 'Caută un cod' });
    await search.fill(wanted.slice(-6).toLowerCase());
    await main
      .getByRole('status')
      .filter({ hasText: /^1 cod$/ })
      .waitFor();
    expect(await codeCells().count()).toBe(1);
    expect(await codeCells().first().textContent()).toContain(wanted);

    await search.fill('qqqqqq');
    await main.getByText('Niciun cod nu conține „qqqqqq”').waitFor();
    await expectAccessible(admin.page);
    await main.getByRole('button', { name: 'Șterge căutarea' }).click();
    // Back to every code, with the pages already loaded.
    await main
      .getByRole('status')
      .filter({ hasText: `${String(all)} de coduri` })
      .waitFor();
    expect(await codeCells().count()).toBe(all);
    expect(await search.inputValue()).toBe('');
    expect(unexpectedErrors(admin.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await admin.close();
  });
});
