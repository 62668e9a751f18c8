/**
 * The event's own time end to end (issue 15, done-when 1): a buyer whose browser speaks ro-RO and
 * sits in New York buys a Cluj ticket, and the reservation page, the ticket PDF (read back with
 * pdftotext), the confirmation email and calendar.ics (parsed with ical.js) all give the same Cluj
 * time with its zone. Then an admin moves the venue to another zone in the venue editor, and the
 * event page shows its times at the new zone's clock.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ICAL from 'ical.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount, signInPage } from './support/accounts';
import { expectAccessible } from './support/a11y';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { mailWithSubject, textPartOf } from './support/mail';
import { holdSeats } from './support/reservations';
import { startServer, type RunningServer } from './support/server';

const run = promisify(execFile);
const ADMIN = { email: 'admin-time@example.test', password: 'admin-Time-pass-1' };
const BUYER = { name: 'Ioana Pop', email: 'ioana.time@example.test', password: 'ioana-Secret-4417', locale: 'ro' };

interface JazzEvent {
  id: string;
  title: string;
  startsAt: string;
  venue: { id: string };
}

/** "19:00 EET": the clock and zone abbreviation of an instant somewhere, with plain spaces. */
function clockIn(iso: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat('ro-RO', { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
  return plain(text.format(new Date(iso)));
}

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

async function jazzNight(baseURL: string): Promise<JazzEvent> {
  const answer = (await (await fetch(`${baseURL}/api/events?q=${encodeURIComponent('Jazz Club Night')}`)).json()) as {
    items: JazzEvent[];
  };
  const event = answer.items.find((item) => item.title === 'Jazz Club Night');
  if (event === undefined) throw new Error('the demo catalogue has no Jazz Club Night');
  return event;
}

describe.skipIf(!browserAvailable)("the event's own time, everywhere a buyer reads it", () => {
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

  it('gives a Cluj ticket bought from New York in Romanian the same Cluj time on the page, PDF, email and calendar', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const jazz = await jazzNight(server.url);
    const cluj = clockIn(jazz.startsAt, 'Europe/Bucharest');
    const newYork = clockIn(jazz.startsAt, 'America/New_York');
    expect(cluj).toMatch(/^\d\d:\d\d EES?T$/);
    await registerAccount(server.url, BUYER);
    const held = await holdSeats(server.url, BUYER, 'Jazz Club Night', 'D', [4]);

    const { page, close } = await openPage(browser, { baseURL: server.url, locale: 'ro-RO', timezoneId: 'America/New_York' });
    const headers = await signInPage(page, BUYER);
    const card = { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' };
    const paid = await page.request.post(`/api/reservations/${held.id}/pay`, { data: { method: 'card', card }, headers });
    expect(paid.status(), await paid.text()).toBe(200);

    await page.goto(`/reservations/${held.id}`);
    await page.getByRole('heading', { level: 2, name: 'Plata a fost primită' }).waitFor();
    const onPage = plain(await page.locator(`time[datetime="${jazz.startsAt}"]`).first().textContent());
    expect(onPage).toContain(cluj);
    expect(onPage).not.toContain(newYork);
    await expectAccessible(page);

    const pdf = await page.request.get(`/api/reservations/${held.id}/tickets.pdf`);
    expect(pdf.status()).toBe(200);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'people-time-')), 'tickets.pdf');
    writeFileSync(file, await pdf.body());
    const pdfText = plain((await run('pdftotext', ['-layout', file, '-'])).stdout);
    expect(pdfText).toContain(cluj);
    expect(pdfText).not.toContain(newYork);

    // The text the buyer reads, not the base64 of its PDFs (where "UTC" turns up by chance).
    const mail = plain(textPartOf(await mailWithSubject(server.url, BUYER.email, held.code)));
    expect(mail).toContain(cluj);
    expect(mail).toContain('Jazz Club Night');
    expect(mail).not.toMatch(/UTC/);

    const ics = await page.request.get(`/api/events/${jazz.id}/calendar.ics`);
    const calendar = new ICAL.Component(ICAL.parse(await ics.text()) as unknown[]);
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
    const vevent = calendar.getFirstSubcomponent('vevent');
    if (vevent === null) throw new Error('calendar.ics has no VEVENT');
    const start = new ICAL.Event(vevent).startDate;
    expect(start.toJSDate().toISOString()).toBe(jazz.startsAt);
    expect(start.zone.tzid).toBe('Europe/Bucharest');
    expect(`${String(start.hour).padStart(2, '0')}:${String(start.minute).padStart(2, '0')}`).toBe(cluj.slice(0, 5));
    await close();
  });

  it("moves a venue to another zone in the editor, and its events show that zone's clock", async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const jazz = await jazzNight(server.url);
    const { page, close } = await openPage(browser, { baseURL: server.url, locale: 'ro-RO', timezoneId: 'Europe/Bucharest' });
    await signInPage(page, ADMIN);
    await page.goto(`/admin/venues/${jazz.venue.id}`);
    const zone = page.getByRole('combobox', { name: 'Time zone' });
    expect(await zone.inputValue()).toMatch(/^Europe\/Bucharest \(GMT\+0[23]:00\)$/);
    await zone.fill('new york');
    await page.getByRole('option', { name: /^America\/New York/ }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await expectAccessible(page);

    await page.goto(`/events/${jazz.id}`);
    await page.getByRole('heading', { level: 1, name: 'Jazz Club Night' }).waitFor();
    const shown = plain(await page.locator(`time[datetime="${jazz.startsAt}"]`).first().textContent());
    expect(shown).toContain(clockIn(jazz.startsAt, 'America/New_York').slice(0, 5));
    expect(shown).not.toContain(clockIn(jazz.startsAt, 'Europe/Bucharest').slice(0, 5));
    const answer = (await (await fetch(`${server.url}/api/events/${jazz.id}`)).json()) as { timeZone: string; startsAt: string };
    expect(answer).toMatchObject({ timeZone: 'America/New_York', startsAt: jazz.startsAt });
    await close();
  });
});
