/**
 * An admin builds the catalog through the UI: a venue with a generated seat map (one seat moved to
 * another category, one removed), a reserved-seating event priced per category, a poster, and
 * publication; then a visitor finds it in the public search with that exact seat map.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { gradientPng } from './support/png';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { email: 'catalog-admin@example.test', password: 'catalog-Admin-pass-1' };

describe.skipIf(!browserAvailable)('the catalog for admins', () => {
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

  async function open() {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    return { ...(await openPage(browser, { baseURL: server.url })), url: server.url };
  }

  it('builds a venue seat map, creates and publishes a reserved-seating event with a poster, and the public finds it', async () => {
    const { page, errors, close, url } = await open();
    await page.goto('/admin');
    await page.waitForURL(/\/sign-in\?returnTo=%2Fadmin$/);
    await submitSignIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
    const main = page.getByRole('main');

    // The venue: a generated section of 3 rows x 4 seats, A1 made premium, C4 taken out.
    await main.getByRole('link', { name: /^Venues/ }).click();
    await main.getByRole('link', { name: 'New venue' }).click();
    await page.getByRole('heading', { level: 1, name: 'New venue' }).waitFor();
    await main.getByRole('textbox', { name: 'Name', exact: true }).fill('Studio Zanzibar');
    await main.getByRole('textbox', { name: 'City', exact: true }).fill('Iași');
    await main.getByRole('textbox', { name: 'Address', exact: true }).fill('Strada Lăpușneanu 10');
    const generator = main.getByRole('group', { name: 'Add a section' });
    await generator.getByLabel('Section name').fill('Main floor');
    await generator.getByLabel('Rows').fill('3');
    await generator.getByLabel('Seats per row').fill('4');
    await generator.getByRole('button', { name: 'Add section' }).click();
    const preview = main.getByRole('group', { name: 'Seat map preview' });
    await preview.getByRole('button').first().waitFor();
    expect(await preview.getByRole('button').count()).toBe(12);
    await preview.getByRole('button', { name: 'Row A seat 1, standard' }).click();
    await preview.getByRole('button', { name: 'Row A seat 1, premium' }).waitFor();
    await main.getByRole('button', { name: 'Remove seat' }).click();
    await preview.getByRole('button', { name: 'Row C seat 4, standard' }).click();
    await expect.poll(() => preview.getByRole('button').count()).toBe(11);
    expect(await main.getByRole('textbox', { name: 'Capacity', exact: true }).inputValue()).toBe('11');
    await main.getByRole('button', { name: 'Create venue' }).click();
    await page.waitForURL(/\/admin\/venues\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: 'Studio Zanzibar' }).waitFor();

    // The event: reserved seating offers a ticket type per seat category of the venue.
    await page.goto('/admin/events/new');
    await page.getByRole('heading', { level: 1, name: 'New event' }).waitFor();
    await main.getByRole('textbox', { name: 'Title', exact: true }).fill('Zanzibar Premiere');
    await main.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Theatre' }).click();
    await main.getByRole('textbox', { name: 'Description', exact: true }).fill('Opening night.\nTwo acts, one interval.');
    await main.getByRole('combobox', { name: 'Venue' }).click();
    await page.getByRole('option', { name: /^Studio Zanzibar, Iași · 11 seats/ }).click();
    await main.getByLabel('Starts').fill('2027-05-01T19:00');
    await main.getByLabel('Ends').fill('2027-05-01T21:30');
    await main.getByRole('combobox', { name: 'Currency' }).click();
    await page.getByRole('option', { name: 'RON' }).click();
    await main.getByRole('radio', { name: 'Reserved seating' }).check();
    await main.getByRole('group', { name: 'Ticket type 1 (Standard)' }).getByLabel('Price').fill('40');
    await main.getByRole('group', { name: 'Ticket type 2 (Premium)' }).getByLabel('Price').fill('75.50');
    await main.getByRole('group', { name: 'Ticket type 2 (Premium)' }).getByText('1 seat', { exact: true }).waitFor();
    await main.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/admin\/events\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: 'Zanzibar Premiere' }).waitFor();
    expect(await main.getByText('Draft', { exact: true }).isVisible()).toBe(true);

    // The poster, made in memory and uploaded through the file input.
    await main
      .getByLabel('Poster image file')
      .setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: gradientPng() });
    await main.getByText('Poster updated.').waitFor();
    const poster = main.getByRole('img', { name: 'Poster for Zanzibar Premiere' });
    expect(await poster.getAttribute('src')).toMatch(/^\/posters\/[0-9a-f]+-1200\.webp$/);

    await main.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish this event?' });
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await main.getByText('Published', { exact: true }).waitFor();
    await main.getByRole('link', { name: 'View public page' }).waitFor();
    // Prices left without a minimum are fixed prices, not pay what you want from 0.
    const eventId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const minimums = await page.evaluate(async (id) => {
      const event = (await (await fetch(`/api/events/${id}`)).json()) as { ticketTypes: { minPriceCents: number | null }[] };
      return event.ticketTypes.map((t) => t.minPriceCents);
    }, eventId);
    expect(minimums).toEqual([null, null]);
    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();

    // A visitor (no session) finds it by keyword and sees the seat map as the admin left it.
    const visitor = await open();
    await visitor.page.goto('/events?q=zanzibar');
    const card = visitor.page.getByRole('main').getByRole('article');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByRole('heading').textContent()).toBe('Zanzibar Premiere');
    expect(await card.textContent()).toContain('Studio Zanzibar, Iași');
    expect(await card.locator('img').getAttribute('src')).toMatch(/-1200\.webp$/);
    await card.getByRole('link', { name: 'Zanzibar Premiere' }).click();
    const map = visitor.page.getByRole('group', { name: 'Seat map' });
    await map.getByRole('button', { name: 'Row A seat 1, premium, free' }).waitFor();
    expect(await map.getByRole('button').count()).toBe(11);
    expect(await map.getByRole('button', { name: /^Row C seat 4,/ }).count()).toBe(0);
    await visitor.page.getByText('Two acts, one interval.', { exact: false }).waitFor();
    expect(unexpectedErrors(visitor.errors, visitor.url, [SIGNED_OUT_ME])).toEqual([]);
    await visitor.close();
  });

  it('shows the server’s field errors on the right field, deletes a draft and cancels a published event after confirming', async () => {
    const { page, errors, close, url } = await open();
    await page.goto('/sign-in?returnTo=%2Fadmin%2Fevents%2Fnew');
    await submitSignIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'New event' }).waitFor();
    const main = page.getByRole('main');
    await main.getByRole('textbox', { name: 'Title', exact: true }).fill('Twice Named Gig');
    await main.getByRole('combobox', { name: 'Venue' }).click();
    await page.getByRole('option', { name: /^Central Park Stage/ }).click();
    await main.getByLabel('Starts').fill('2027-06-01T18:00');
    await main.getByLabel('Ends').fill('2027-06-01T23:00');
    await main.getByRole('button', { name: 'Add ticket type' }).click();
    for (const index of [1, 2]) {
      const row = main.getByRole('group', { name: /^Ticket type / }).nth(index - 1);
      await row.getByRole('textbox', { name: 'Name' }).fill('Standing');
      await row.getByRole('textbox', { name: 'Price' }).fill('30');
      await row.getByRole('textbox', { name: 'Capacity' }).fill('100');
    }
    await main.getByRole('button', { name: 'Create draft' }).click();
    // Only the server knows names must differ: its error sits on the second name, which gets focus.
    const secondName = main.getByRole('group', { name: 'Ticket type 2 (Standing)' }).getByRole('textbox', { name: 'Name' });
    await main.getByText('Two ticket types are named "Standing".').waitFor();
    expect(await secondName.getAttribute('aria-invalid')).toBe('true');
    expect(await secondName.evaluate((element) => element === document.activeElement)).toBe(true);
    await secondName.fill('Standing, late entry');
    await main.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Twice Named Gig' }).waitFor();

    await main.getByRole('button', { name: 'Delete draft' }).click();
    await page.getByRole('dialog', { name: 'Delete this draft?' }).getByRole('button', { name: 'Delete draft' }).click();
    await page.waitForURL(`${url}/admin/events?status=draft`);
    await page.getByText('“Twice Named Gig” was deleted.').waitFor();
    await main.getByRole('tab', { name: 'Published', exact: true }).click();
    await main.getByRole('link', { name: 'Hamlet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hamlet' }).waitFor();
    await main.getByRole('button', { name: 'Cancel event' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this event?' });
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await main.getByRole('button', { name: 'Cancel event' }).click();
    await page.getByRole('dialog', { name: 'Cancel this event?' }).getByRole('button', { name: 'Cancel event' }).click();
    await main.getByText('This event was cancelled, so it can no longer be changed.').waitFor();
    expect(await main.getByText('Cancelled', { exact: true }).isVisible()).toBe(true);
    const expected = [SIGNED_OUT_ME, { status: 400, pathPrefix: '/api/events' }];
    expect(unexpectedErrors(errors, url, expected)).toEqual([]);
    await close();
  });

  it('removing a ticket type leaves no stale "Name this ticket type." on the named row that takes its place', async () => {
    const { page, close } = await open();
    await page.goto('/sign-in?returnTo=%2Fadmin%2Fevents%2Fnew');
    await submitSignIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'New event' }).waitFor();
    const main = page.getByRole('main');
    await main.getByRole('button', { name: 'Add ticket type' }).click();
    const second = main.getByRole('group', { name: /^Ticket type 2/ });
    await second.getByRole('textbox', { name: 'Name' }).fill('VIP');
    await main.getByRole('button', { name: 'Create draft' }).click();
    await main.getByText('Name this ticket type.').first().waitFor();
    await main.getByRole('button', { name: /^Remove Ticket type 1/ }).click();
    const vipName = main.getByRole('group', { name: 'Ticket type 1 (VIP)' }).getByRole('textbox', { name: 'Name' });
    expect(await vipName.inputValue()).toBe('VIP');
    expect(await vipName.getAttribute('aria-invalid')).toBe('false');
    expect(await main.getByText('Name this ticket type.').count()).toBe(0);
    await close();
  });
});
