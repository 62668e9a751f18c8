/**
 * "The dashboard overflows on phones" (issue 15): at 320 (WCAG 1.4.10's reflow width), 360 and
 * 390 px wide, the staff pages (the admin dashboard, an event's live dashboard, the reservation
 * list, the audit log, the organizer's pages and the check-in scanner) scroll only up and down,
 * never sideways, and pass axe. Sales
 * exist first, so the tables and charts have rows to lay out. In Romanian, as an organiser in
 * Cluj reads them: no page shows an ISO time or an English "AM/PM" clock.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount, signInPage } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { createPaidReservation } from './support/tickets';

const ADMIN = { email: 'admin-phone@example.test', password: 'admin-Phone-pass-1' };
const BUYER = { name: 'Radu Munteanu', email: 'radu.phone@example.test', password: 'radu-Secret-5521' };
const WIDTHS = [320, 360, 390];

/** What sticks out past the right edge: the page's width and the outermost elements that do it. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits: string[] = [];
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5) continue;
      const parent = element.parentElement?.getBoundingClientRect();
      if (parent !== undefined && parent.right > width + 0.5) continue; // report the outermost only
      const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${[...element.classList].slice(0, 2).join('.')}`;
      culprits.push(`${name} (right ${Math.round(box.right)})`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 5) };
  });
}

describe.skipIf(!browserAvailable)('staff pages on a phone', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('scroll no page sideways at 320, 360 and 390 px, and pass axe', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    await registerAccount(server.url, BUYER);
    const paid = await createPaidReservation(server.url, BUYER, 'Tech Conference 2027', 2);
    const pages: [string, RegExp][] = [
      ['/admin', /^Administrare$/],
      [`/admin/events/${paid.event.id}/dashboard`, /Tech Conference 2027/],
      ['/admin/reservations', /^Rezervări$/],
      [`/admin/reservations/${paid.id}`, new RegExp(paid.code)],
      ['/admin/audit', /^Jurnal de audit$/],
      ['/admin/organizer', /./],
      ['/admin/organizer/members', /./],
      ['/admin/organizer/tokens', /./],
      ['/admin/organizer/webhooks', /./],
      ['/check-in', /./],
      [`/check-in/${paid.event.id}`, /./],
    ];
    const problems: string[] = [];
    for (const width of WIDTHS) {
      // openPage runs axe on every page it leaves and the last one; once, at the narrower width, is enough.
      const watched =
        width === WIDTHS[0]
          ? await openPage(browser, { baseURL: server.url, viewport: { width, height: 800 }, locale: 'ro-RO' })
          : undefined;
      const context =
        watched === undefined
          ? await browser.newContext({ baseURL: server.url, viewport: { width, height: 800 }, locale: 'ro-RO' })
          : undefined;
      const page = watched?.page ?? (await (context as NonNullable<typeof context>).newPage());
      await signInPage(page, ADMIN, 'ro');
      for (const [url, heading] of pages) {
        await page.goto(url);
        await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
        // Tables and charts fill in after the heading: wait for the page to settle.
        await page.waitForLoadState('networkidle');
        const text = await page.evaluate(() => document.body.innerText);
        for (const machine of [/\d{4}-\d\d-\d\dT\d\d:\d\d/, /\b\d\d? [AP]M\b/])
          if (machine.test(text)) problems.push(`${url}: shows ${machine.exec(text)?.[0] ?? ''}`);
        const found = await overflow(page);
        if (found.scrollWidth > found.width)
          problems.push(`${url} at ${width}px: ${found.scrollWidth} wide; ${found.culprits.join(', ')}`);
      }
      await context?.close();
      await watched?.close().catch((error: unknown) => problems.push(String(error)));
    }
    expect(problems).toEqual([]);
  });
});
