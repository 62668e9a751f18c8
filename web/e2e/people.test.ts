/**
 * For people (issue 15): a whole purchase of two seats by keyboard alone, checked with axe on every
 * page it passes; and the event's own time in Romanian and English for a reader in New York.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount } from './support/accounts';
import { expectAccessible } from './support/a11y';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const BUYER = { name: 'Elena Kiss', email: 'elena@example.test', password: 'elena-Secret-6602' };

interface Focused {
  tag: string;
  name: string | null;
  label: string | null;
  text: string;
  pressed: string | null;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement;
    return {
      tag: element ? element.tagName.toLowerCase() : '',
      name: element?.getAttribute('name') ?? null,
      label: element?.getAttribute('aria-label') ?? null,
      text: (element?.textContent ?? '').trim(),
      pressed: element?.getAttribute('aria-pressed') ?? null,
    };
  });
}

/** Presses Tab until the focused element is the one wanted; fails after `max` presses. */
async function tabTo(page: Page, wanted: (element: Focused) => boolean, what: string, max = 80): Promise<Focused> {
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    if (wanted(element)) return element;
  }
  throw new Error(`Tab never reached ${what}`);
}

/** "Row C seat 5, standard, free" -> ['C', 5]. */
function seatOf(element: Focused): [string, number] {
  const match = /^Row (\w+) seat (\d+)/.exec(element.label ?? '');
  if (match === null) throw new Error(`not a seat: ${JSON.stringify(element)}`);
  return [match[1] ?? '', Number(match[2])];
}

async function eventId(baseURL: string, title: string): Promise<{ id: string; startsAt: string }> {
  const answer = (await (await fetch(`${baseURL}/api/events?q=${encodeURIComponent(title)}`)).json()) as {
    items: { id: string; title: string; startsAt: string }[];
  };
  const event = answer.items.find((item) => item.title === title);
  if (event === undefined) throw new Error(`no event called ${title}`);
  return event;
}

describe.skipIf(!browserAvailable)('for people', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('buys two seats with the keyboard alone (Tab, arrows, Enter, Space), every page passing axe', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    await registerAccount(server.url, BUYER);
    const jazz = await eventId(server.url, 'Jazz Club Night');
    const { page, close } = await openPage(browser, { baseURL: server.url });

    await page.goto(`/sign-in?returnTo=${encodeURIComponent(`/events/${jazz.id}`)}`);
    await tabTo(page, (element) => element.name === 'email', 'the email field');
    await page.keyboard.type(BUYER.email);
    await tabTo(page, (element) => element.name === 'password', 'the password field');
    await page.keyboard.type(BUYER.password);
    await page.keyboard.press('Enter');

    await page.waitForURL(`**/events/${jazz.id}`);
    await page.getByRole('heading', { level: 1, name: 'Jazz Club Night' }).waitFor();
    await page.getByRole('group', { name: 'Seat map' }).waitFor();
    await expectAccessible(page);

    // Into the map (one seat is in the tab order), then along the rows to C 5.
    let seat = await tabTo(page, (element) => /^Row \w+ seat \d+/.test(element.label ?? ''), 'the seat map');
    while (seatOf(seat)[0] < 'C') {
      await page.keyboard.press('ArrowDown');
      seat = await focused(page);
    }
    while (seatOf(seat)[1] < 5) {
      await page.keyboard.press('ArrowRight');
      seat = await focused(page);
    }
    expect(seatOf(seat)).toEqual(['C', 5]);
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const map = page.getByRole('group', { name: 'Seat map' });
    expect(await map.getByRole('button', { name: /^Row C seat 5,/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await map.getByRole('button', { name: /^Row C seat 6,/ }).getAttribute('aria-pressed')).toBe('true');
    await page.getByText('2 tickets · Total').waitFor();

    await tabTo(page, (element) => element.tag === 'button' && element.text === 'Reserve', 'Reserve');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reservations\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    await expectAccessible(page);

    await tabTo(page, (element) => element.text.startsWith('Success card'), 'the success test card');
    await page.keyboard.press('Enter');
    await tabTo(page, (element) => element.tag === 'button' && element.text.startsWith('Pay '), 'Pay');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Payment received' }).waitFor();
    expect(await page.getByRole('row').count()).toBe(3); // header and two tickets
    await close();
  });

  it("shows a Cluj event at Cluj's time to a reader in New York, in Romanian and in English", async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const jazz = await eventId(server.url, 'Jazz Club Night');
    const clujTime = (locale: string) =>
      new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Bucharest' }).format(
        new Date(jazz.startsAt),
      );
    const newYorkTime = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'America/New_York',
    }).format(new Date(jazz.startsAt));

    const ro = await openPage(browser, { baseURL: server.url, locale: 'ro-RO', timezoneId: 'America/New_York' });
    await ro.page.goto(`/events/${jazz.id}`);
    await ro.page.getByRole('heading', { level: 1, name: 'Jazz Club Night' }).waitFor();
    expect(await ro.page.evaluate(() => document.documentElement.lang)).toBe('ro');
    await ro.page.getByRole('heading', { name: 'Alege-ți locurile' }).waitFor();
    const roWhen = await ro.page.locator(`time[datetime="${jazz.startsAt}"]`).first().textContent();
    expect(roWhen).toContain(clujTime('ro-RO'));
    expect(roWhen).toMatch(/EET|EEST/);
    expect(roWhen).not.toContain(newYorkTime);
    expect(roWhen).toMatch(/ian\.|feb\.|mar\.|apr\.|mai|iun\.|iul\.|aug\.|sept\.|oct\.|nov\.|dec\./);

    // The switch goes to English on the same page, and the choice is remembered on the next visit.
    await ro.page.getByRole('button', { name: /^EN/ }).click();
    await ro.page.getByRole('heading', { name: 'Choose your seats' }).waitFor();
    const enWhen = await ro.page.locator(`time[datetime="${jazz.startsAt}"]`).first().textContent();
    expect(enWhen).toContain(clujTime('en-GB'));
    expect(enWhen).toMatch(/EET|EEST/);
    await ro.page.reload();
    await ro.page.getByRole('heading', { name: 'Choose your seats' }).waitFor();
    expect(await ro.page.evaluate(() => document.documentElement.lang)).toBe('en');
    await ro.close();
  });
});
