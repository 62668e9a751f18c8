/**
 * The admin editors in Romanian (issue 15): an organiser whose browser speaks ro-RO and sits in New
 * York edits a Cluj event and a venue. Every label is Romanian, the event's times are typed and shown
 * as the venue's wall clock (not New York's), and each page passes axe (openPage checks every goto).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/a11y';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { email: 'admin-ro@example.test', password: 'admin-Ro-pass-1' };

/** The wall clock of an instant in Cluj, as a datetime-local input holds it ("2027-01-15T19:00"). */
function clujWallClock(iso: string): string {
  // Swedish writes dates the ISO way: "2027-01-15 19:00".
  return new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Bucharest' }).slice(0, 16).replace(' ', 'T');
}

describe.skipIf(!browserAvailable)('the admin editors in Romanian', () => {
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

  it("edits a Cluj event from New York in Romanian, at Cluj's time, and saves it unchanged", async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const listed = (await (await fetch(`${server.url}/api/events?q=${encodeURIComponent('Jazz Club Night')}`)).json()) as {
      items: { id: string; title: string; startsAt: string; endsAt: string }[];
    };
    const jazz = listed.items.find((item) => item.title === 'Jazz Club Night');
    if (jazz === undefined) throw new Error('the demo catalogue has no Jazz Club Night');

    const { page, close } = await openPage(browser, { baseURL: server.url, locale: 'ro-RO', timezoneId: 'America/New_York' });
    await page.goto('/admin');
    await page.waitForURL(/\/sign-in\?returnTo=%2Fadmin$/);
    const main = page.getByRole('main');
    await main.getByLabel('Email').fill(ADMIN.email);
    await main.getByLabel(/^Parolă/).fill(ADMIN.password);
    await main.getByRole('button', { name: 'Autentificare' }).click();
    // The account's own language (English) wins at sign-in; the switch changes it to Romanian.
    await page.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
    await page.getByRole('button', { name: /^RO/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Administrare' }).waitFor();
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toContain('rezervă locuri');
    await main.getByRole('heading', { level: 2, name: 'Săli' }).waitFor();
    await expectAccessible(page);

    await page.goto(`/admin/events/${jazz.id}`);
    await page.getByRole('heading', { level: 1, name: 'Jazz Club Night' }).waitFor();
    const form = page.getByRole('form', { name: 'Detaliile evenimentului' });
    await form.getByRole('heading', { level: 2, name: 'Unde și când' }).waitFor();
    await form.getByText('Orele sunt ora locală a sălii (Europe/Bucharest)').waitFor();
    expect(await form.getByLabel(/^Începe/).inputValue()).toBe(clujWallClock(jazz.startsAt));
    expect(await form.getByLabel(/^Se termină/).inputValue()).toBe(clujWallClock(jazz.endsAt));
    await form.getByRole('button', { name: 'Adaugă un tip de bilet' }).waitFor();
    await page.getByRole('button', { name: 'Anulează evenimentul' }).waitFor();
    expect(await page.title()).toBe('Jazz Club Night · Administrare · iaTichet');

    // A field left empty is explained in Romanian, on the field.
    await form.getByRole('textbox', { name: 'Titlu' }).fill('');
    await form.getByRole('button', { name: 'Salvează modificările' }).click();
    await form.getByText('Dă un titlu evenimentului.').waitFor();
    await expectAccessible(page);

    // Saved again from New York, the start is still the same instant: the form did not shift it by the reader's zone.
    await form.getByRole('textbox', { name: 'Titlu' }).fill('Jazz Club Night');
    await form.getByRole('button', { name: 'Salvează modificările' }).click();
    await page.getByText('Modificările au fost salvate.').waitFor();
    const saved = (await (await fetch(`${server.url}/api/events/${jazz.id}`)).json()) as { startsAt: string; endsAt: string };
    expect(saved).toMatchObject({ startsAt: jazz.startsAt, endsAt: jazz.endsAt });

    await page.goto('/admin/venues/new');
    await page.getByRole('heading', { level: 1, name: 'Sală nouă' }).waitFor();
    const generator = page.getByRole('group', { name: 'Adaugă o secțiune' });
    await generator.getByRole('button', { name: 'Adaugă secțiunea' }).click();
    await page.getByRole('button', { name: 'Rândul A, locul 1, standard' }).waitFor();
    await page.getByRole('button', { name: 'Elimină Parter' }).waitFor();
    await expectAccessible(page);
    await close();
  });
});
