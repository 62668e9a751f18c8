/**
 * The embed widget on another site (issue 17): a page on a second local port that the organizer
 * lists in its embed origins shows the event in the frame, and Buy completes a purchase in a new
 * tab (the frame carries no session: docs/embedding.md); the same page on an origin the organizer
 * does not list gets no frame content, because frame-ancestors refuses it.
 */
import type { Browser, Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/a11y';
import { registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startHostSite, type HostSite } from './support/host-site';
import { setEmbedOrigins } from './support/organizers';
import { startServer, type RunningServer } from './support/server';

const BUYER = { name: 'Elena Tudor', email: 'elena@example.test', password: 'elena-Secret-6612' };
const TITLE = 'Summer Open-Air Festival';

interface EventAnswer {
  id: string;
  title: string;
  ticketTypes: { id: string; name: string; remaining: number }[];
}

describe.skipIf(!browserAvailable)('the embed widget on another site', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let host: HostSite | undefined;
  let event: EventAnswer | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const listed = (await (await fetch(`${server.url}/api/events?q=${encodeURIComponent(TITLE)}`)).json()) as {
      items: EventAnswer[];
    };
    event = listed.items.find((item) => item.title === TITLE);
    if (event === undefined) throw new Error(`no event called ${TITLE}`);
    host = await startHostSite(server.url, event.id);
    // The organizer allows its own site on localhost; the same page on 127.0.0.1 is another origin.
    setEmbedOrigins(server.dataDir, [host.localhostOrigin]);
    await registerAccount(server.url, BUYER);
  });

  afterAll(async () => {
    await host?.stop();
    await browser?.close();
    await server?.stop();
  });

  it('shows the event in the frame on an allowed origin, and Buy completes a purchase in a new tab', async () => {
    if (browser === undefined || server === undefined || host === undefined || event === undefined) {
      throw new Error('beforeAll did not finish');
    }
    const url = server.url;
    const dayPass = event.ticketTypes.find((type) => type.name === 'Day pass');
    if (dayPass === undefined) throw new Error('no Day pass');
    const { page, errors, close } = await openPage(browser);
    await page.goto(host.localhostOrigin);
    await page.getByRole('heading', { level: 1, name: 'Open-air in the park' }).waitFor();

    const frameElement = page.locator('iatichet-event iframe');
    const frame = page.frameLocator('iatichet-event iframe');
    await frame.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await frame.getByText(`${dayPass.remaining} left`).isVisible()).toBe(true);
    expect(await frame.getByText('€49.00').isVisible()).toBe(true);
    // The start in the event's zone, with the zone's abbreviation.
    expect(await frame.locator('time').textContent()).toMatch(/\d{2}:\d{2} EES?T$/);
    // The frame names itself after the event and grows to its content (postMessage from the frame).
    await page.waitForFunction(
      (title) => document.querySelector('iatichet-event iframe')?.getAttribute('title') === title,
      TITLE,
    );
    const height = await frameElement.evaluate((element) => (element as HTMLIFrameElement).style.height);
    expect(height).not.toBe('420px');
    expect(Number.parseInt(height, 10)).toBeGreaterThan(200);

    await frame.getByLabel('Quantity, Day pass').selectOption('2');
    const buy = frame.getByRole('link', { name: 'Buy tickets (opens in a new tab)' });
    expect(await buy.getAttribute('target')).toBe('_blank');
    expect(await buy.getAttribute('rel')).toBe('noopener');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), buy.click()]);
    await tab.waitForURL(`${url}/events/${event.id}?tickets=${encodeURIComponent(`${dayPass.id}:2`)}`);
    await tab.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // The two day passes chosen in the frame are chosen here too.
    await tab.getByText('2 tickets · Total').waitFor();

    await tab.getByRole('button', { name: 'Reserve', exact: true }).click();
    await tab.waitForURL(/\/sign-in\?/);
    await submitSignIn(tab, BUYER.email, BUYER.password);
    // Back on the event with the same choice, now signed in.
    await tab.waitForURL(`${url}/events/${event.id}?tickets=${encodeURIComponent(`${dayPass.id}:2`)}`);
    await tab.getByText('2 tickets · Total').waitFor();
    await tab.getByRole('button', { name: 'Reserve', exact: true }).click();

    await tab.waitForURL(/\/reservations\/[^/]+$/);
    const form = tab.getByRole('form', { name: 'Pay by card' });
    await form.getByRole('button', { name: /^Success card/ }).click();
    await form.getByRole('button', { name: /^Pay / }).click();
    await tab.getByRole('heading', { level: 2, name: 'Payment received' }).waitFor();
    expect(await tab.getByRole('table', { name: 'Tickets' }).getByRole('row').count()).toBe(3);
    await expectAccessible(tab);
    await tab.close();

    // The frame's numbers are the live ones: two fewer day passes now.
    await page.reload();
    await page
      .frameLocator('iatichet-event iframe')
      .getByText(`${dayPass.remaining - 2} left`)
      .waitFor();

    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('shows nothing in the frame on an origin the organizer does not list: frame-ancestors refuses it', async () => {
    if (browser === undefined || server === undefined || host === undefined || event === undefined) {
      throw new Error('beforeAll did not finish');
    }
    const { page, errors, close } = await openPage(browser);
    const embedUrl = `${server.url}/embed/events/`;
    const embedAnswer = page.waitForResponse((response) => response.url().startsWith(embedUrl));
    await page.goto(host.ipOrigin);
    await page.getByRole('heading', { level: 1, name: 'Open-air in the park' }).waitFor();
    const answer = await embedAnswer;
    expect(answer.headers()['content-security-policy']).toContain(`frame-ancestors ${host.localhostOrigin}`);

    const handle = await page.locator('iatichet-event iframe').elementHandle();
    const frame: Frame | null = await handle.contentFrame();
    if (frame === null) throw new Error('no frame');
    await frame.waitForLoadState();
    // Chromium replaces a refused document with its own error page: no event, no Buy link.
    expect(frame.url()).not.toContain('/embed/events/');
    expect(await frame.locator('#event-title').count()).toBe(0);
    expect(await frame.getByRole('link', { name: /Buy tickets/ }).count()).toBe(0);
    await expect.poll(() => errors.some((line) => line.includes('frame-ancestors'))).toBe(true);
    // The frame never reported a height, so it was not resized.
    expect(await page.locator('iatichet-event iframe').evaluate((element) => (element as HTMLIFrameElement).style.height)).toBe(
      '420px',
    );
    await close();
  });
});
