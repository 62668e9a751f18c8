/**
 * The door scanner reads times at the event's own clock, as the event list before it does: staff
 * whose phone is set to another zone (or a venue outside Romania) must not see the start, or when
 * a ticket was first let in, hours off.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, registerAccount, signInPage } from './support/accounts';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { createPaidReservation, promoteToStaff } from './support/tickets';

const ADMIN = { email: 'admin-door-time@example.test', password: 'admin-Door-time-1' };
const BUYER = { name: 'Elena Marin', email: 'elena.door@example.test', password: 'elena-Secret-4410' };
const STAFF = { name: 'Doru Vasile', email: 'doru.door@example.test', password: 'doru-Secret-8812' };
const EVENT = 'Summer Open-Air Festival';
const ZONE = 'America/New_York';

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** "19:00": the wall clock of an instant in `timeZone`, as the page writes it in English. */
function clockIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

describe.skipIf(!browserAvailable)("the door scanner at the event's own clock", () => {
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

  it('shows the start and "already checked in at" in the venue’s zone, not the phone’s', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const found = (await (await fetch(`${server.url}/api/events?q=${encodeURIComponent(EVENT)}`)).json()) as {
      items: { id: string; title: string; startsAt: string; venue: { id: string } }[];
    };
    const event = found.items.find((item) => item.title === EVENT);
    if (event === undefined) throw new Error(`the demo catalogue has no ${EVENT}`);
    const admin = await apiAs(server.url, ADMIN);
    await admin.call('patch', `/api/venues/${event.venue.id}`, { timeZone: ZONE });
    await admin.ctx.dispose();
    const reservation = await createPaidReservation(server.url, BUYER, EVENT, 1);
    const code = reservation.tickets[0]?.qr ?? '';

    const { page, close } = await openPage(browser, {
      baseURL: server.url,
      viewport: PHONE_VIEWPORT,
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Europe/Bucharest',
    });
    await signInPage(page, STAFF);
    await page.goto(`/check-in/${event.id}`);
    await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();
    const header = plain(await page.locator('main').innerText());
    expect(header).toContain(clockIn(event.startsAt, ZONE));
    expect(header).not.toContain(clockIn(event.startsAt, 'Europe/Bucharest'));

    const form = page.getByRole('form', { name: 'Enter a code by hand' });
    await form.getByLabel('Ticket code').fill(code);
    await form.getByRole('button', { name: 'Check in' }).click();
    const result = page.getByTestId('scan-result');
    await result.filter({ hasText: 'Checked in' }).waitFor();
    const firstAt = new Date().toISOString();
    await form.getByLabel('Ticket code').fill(code);
    await form.getByRole('button', { name: 'Check in' }).click();
    await result.filter({ hasText: 'Already checked in' }).waitFor();
    const explanation = plain(await result.textContent());
    expect(explanation).toMatch(/EST|EDT|GMT-[45]/);
    expect(explanation).toContain(clockIn(firstAt, ZONE).slice(0, 3));
    expect(explanation).not.toMatch(/EET|EEST/);
    await close();
  });

  it('counts the tickets on the phone in the words of each language: "1 ticket", "1 bilet", "20 de bilete"', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const found = (await (await fetch(`${server.url}/api/events?q=${encodeURIComponent(EVENT)}`)).json()) as {
      items: { id: string; title: string }[];
    };
    const event = found.items.find((item) => item.title === EVENT);
    if (event === undefined) throw new Error(`the demo catalogue has no ${EVENT}`);
    const words = {
      en: (n: number) => `${n} ${n === 1 ? 'ticket' : 'tickets'}`,
      ro: (n: number) => {
        const form = new Intl.PluralRules('ro').select(n);
        return form === 'one' ? `${n} bilet` : form === 'few' ? `${n} bilete` : `${n} de bilete`;
      },
    };
    for (const locale of ['en', 'ro'] as const) {
      const { page, close } = await openPage(browser, {
        baseURL: server.url,
        viewport: PHONE_VIEWPORT,
        isMobile: true,
        hasTouch: true,
      });
      await signInPage(page, STAFF, locale);
      await page.goto(`/check-in/${event.id}`);
      const age = page.getByTestId('snapshot-age');
      await age.filter({ hasText: /\d/ }).waitFor();
      const text = plain(await age.textContent());
      const count = Number(/· (\d+)/.exec(text)?.[1]);
      expect(Number.isInteger(count), text).toBe(true);
      expect(text).toMatch(new RegExp(`· ${words[locale](count)}$`));
      await close();
    }
  });
});
