/**
 * The seat map beyond the basic flows (issue 22): a 20,000-seat stadium on a phone-sized screen
 * (overview first, culled drawing, the draw time of every frame of a drag), and a drawn venue with
 * a wheelchair place and its companion seat and a standing area.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/a11y';
import { accountMenuButton, apiAs, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { LAYOUT_404, onScreen, seatsOf } from './support/seat-map';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const ACCESS = { name: 'Vlad Toma', email: 'toma@example.test', password: 'vlad-Secret-8854' };

describe.skipIf(!browserAvailable)('the seat map at stadium scale, drawn venues', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, ACCESS);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a 20,000-seat map opens on its sections and draws each frame of a pan and zoom quickly on a phone-sized screen', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const admin = await apiAs(url, ADMIN);
    // 40 sections × 25 rows × 20 seats.
    const layout = {
      sections: Array.from({ length: 40 }, (_, s) => ({
        name: `S${s + 1}`,
        rows: Array.from({ length: 25 }, (_, r) => ({
          label: String(r + 1),
          seats: Array.from({ length: 20 }, (_, n) => ({ number: n + 1, category: 'std' })),
        })),
      })),
    };
    const venue = await admin.call('post', '/api/venues', {
      name: 'Stadium',
      address: '2 Park Rd',
      city: 'Iași',
      capacity: 20_000,
      layout,
    });
    const start = Date.now() + 20 * 24 * 3600 * 1000;
    const big = await admin.call('post', '/api/events', {
      title: 'Cup Final',
      description: 'Twenty thousand seats.',
      category: 'concert',
      venueId: venue.id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3600_000).toISOString(),
      seating: 'reserved',
      currency: 'EUR',
      ticketTypes: [{ name: 'Seat', priceCents: 5000, seatCategory: 'std' }],
    });
    await admin.call('post', `/api/events/${String(big.id)}/publish`);
    await admin.ctx.dispose();

    const { page, errors, close } = await openPage(browser, {
      baseURL: url,
      viewport: PHONE_VIEWPORT,
      hasTouch: true,
      isMobile: true,
    });
    try {
      await page.goto(`/events/${String(big.id)}`);
      const canvas = page.getByRole('img', { name: /^Seat map of the venue, 20,000 seats, 20,000 free/ });
      await canvas.waitFor({ timeout: 30_000 });
      await canvas.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('canvas[data-drawn]')?.getAttribute('data-drawn') === '20000');
      expect(await canvas.getAttribute('data-mode')).toBe('overview');
      const frames: number[] = [Number(await canvas.getAttribute('data-draw-ms'))];

      // Tap the first section: zoomed to it, only the seats around it are drawn.
      const box = await canvas.boundingBox();
      if (box === null) throw new Error('no canvas');
      const s1 = await onScreen(page, 0 + 95, 0 + 120);
      await page.touchscreen.tap(s1.x, s1.y);
      await page.waitForFunction(() => document.querySelector('canvas[data-mode]')?.getAttribute('data-mode') === 'seats');
      const drawnZoomed = Number(await canvas.getAttribute('data-drawn'));
      expect(drawnZoomed).toBeLessThan(2_000);
      frames.push(Number(await canvas.getAttribute('data-draw-ms')));

      // Drag with one finger across the map: every frame is drawn from the culled seats.
      const cdp = await page.context().newCDPSession(page);
      const y = box.y + box.height / 2;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: box.x + 300, y, id: 1 }] });
      for (let x = 290; x >= 40; x -= 10) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: box.x + x, y, id: 1 }] });
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
        frames.push(Number(await canvas.getAttribute('data-draw-ms')));
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      frames.sort((a, b) => a - b);
      const p95 = frames[Math.floor(frames.length * 0.95)] ?? Infinity;
      console.log(
        `20,000-seat map on 390x844: overview draw + ${frames.length - 1} frames, median ${frames[Math.floor(frames.length / 2)]} ms, p95 ${p95} ms, ${drawnZoomed} seats drawn zoomed`,
      );
      // A 60 fps frame is 16 ms; this shared machine is slow and noisy, so the bound is loose.
      expect(p95).toBeLessThan(50);
      expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME, LAYOUT_404])).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  // Needs seats with x/y/accessible and GET /api/events/:id/layout (branch s-map) and standing
  // areas sold by quantity (branch s-hold): passes once those are merged.
  it('a drawn venue: a wheelchair place offers its companion seat, both are held together; a standing area sells by quantity', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const admin = await apiAs(url, ADMIN);
    const layout = {
      sections: [
        {
          name: 'Stalls',
          rows: ['1', '2'].map((label, r) => ({
            label,
            seats: Array.from({ length: 10 }, (_, n) => ({
              number: n + 1,
              category: 'std',
              x: 300 + n * 40,
              y: 400 + r * 40,
              accessible: r === 0 && n === 0 ? 'wheelchair' : r === 0 && n === 1 ? 'companion' : null,
            })),
          })),
        },
        { name: 'Pit', kind: 'standing', capacity: 100, category: 'pit' },
      ],
    };
    const venue = await admin.call('post', '/api/venues', {
      name: 'Hall',
      address: '3 Park Rd',
      city: 'Iași',
      capacity: 120,
      layout,
    });
    const start = Date.now() + 21 * 24 * 3600 * 1000;
    const drawn = await admin.call('post', '/api/events', {
      title: 'Drawn Hall',
      description: 'Seats and a pit.',
      category: 'concert',
      venueId: venue.id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3600_000).toISOString(),
      seating: 'reserved',
      currency: 'EUR',
      ticketTypes: [
        { name: 'Seat', priceCents: 5000, seatCategory: 'std' },
        { name: 'Pit', priceCents: 3000, seatCategory: 'pit' },
      ],
    });
    const drawnId = String(drawn.id);
    await admin.call('post', `/api/events/${drawnId}/publish`);
    await admin.ctx.dispose();

    const { page, errors, close } = await openPage(browser, { baseURL: url });
    try {
      await page.goto('/sign-in');
      await submitSignIn(page, ACCESS.email, ACCESS.password);
      await accountMenuButton(page, ACCESS.name).waitFor();
      await page.goto(`/events/${drawnId}`);
      await page.getByRole('img', { name: /^Seat map of the venue, 20 seats/ }).waitFor();
      await page.getByText('♿ marks a wheelchair place').waitFor();
      await page.getByRole('button', { name: /^Section Stalls: / }).click();
      // The companion seat alone is not chosen: it goes with a wheelchair place (the server refuses it alone).
      const needsPlace =
        'A companion seat is booked with a wheelchair place: choose the wheelchair place of this section first, then its companion seat.';
      await page.getByRole('button', { name: 'Section Stalls, row 1, seat 2, free, Seat, companion seat' }).click();
      await page.getByRole('alert').filter({ hasText: needsPlace }).waitFor();
      const wheelchair = page.getByRole('button', { name: /^Section Stalls, row 1, seat 1, .*wheelchair place$/ });
      expect(
        await page.getByRole('button', { name: 'Section Stalls, row 1, seat 2, chosen by you, Seat, companion seat' }).count(),
      ).toBe(0);
      const chooseBoth = async () => {
        await wheelchair.click();
        await page
          .getByText('This is a wheelchair place. Add its companion seat, Section Stalls, row 1, seat 2, to book them together?')
          .waitFor();
        await page.getByRole('button', { name: 'Add companion seat' }).click();
        await page.getByRole('button', { name: 'Section Stalls, row 1, seat 2, chosen by you, Seat, companion seat' }).waitFor();
      };
      await chooseBoth();
      // Taking the wheelchair place out takes its companion seat with it.
      await wheelchair.click();
      await page.getByText('Its companion seat Section Stalls, row 1, seat 2 was removed too.').first().waitFor();
      await page.getByRole('button', { name: 'Section Stalls, row 1, seat 2, free, Seat, companion seat' }).waitFor();
      await chooseBoth();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Reserve', exact: true }).click();
      await page.waitForURL(/\/reservations\/[^/]+$/);
      const seats = await seatsOf(url, drawnId);
      expect(seats.filter((s) => s.row === '1' && s.number <= 2).map((s) => s.status)).toEqual(['held', 'held']);

      // The standing area, by quantity.
      await page.goto(`/events/${drawnId}`);
      await page.getByRole('heading', { name: 'Standing areas' }).waitFor();
      await page.getByRole('combobox', { name: 'Tickets for Pit' }).click();
      await page.getByRole('option', { name: '2', exact: true }).click();
      await page.getByRole('button', { name: 'Reserve 2 standing tickets' }).click();
      await page.waitForURL(/\/reservations\/[^/]+$/);
      await page.getByText('Pit').first().waitFor();
      expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
