import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_OUT_ME, unexpectedErrors } from './support/accounts';
import { expectAccessible } from './support/a11y';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { startServer, type RunningServer } from './support/server';

describe.skipIf(!browserAvailable)('web shell', () => {
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

  async function open(options: Parameters<typeof openPage>[1] = {}) {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    return openPage(browser, { baseURL: server.url, ...options });
  }

  it('the accessibility check fails a contrast that stays too low, after looking twice', async () => {
    const { page, close } = await open();
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate(() => {
      const faint = document.createElement('p');
      faint.id = 'faint';
      faint.textContent = 'Too faint to read';
      faint.style.color = '#c8c8c8';
      faint.style.background = '#ffffff';
      document.querySelector('main')?.append(faint);
    });
    await expect(expectAccessible(page)).rejects.toThrow(/color-contrast \(serious\).*#faint/);
    await page.evaluate(() => document.getElementById('faint')?.remove());
    await expectAccessible(page);
    await close();
  });

  it('home page renders header, hero and the events on sale without console errors', async () => {
    const { page, errors, close } = await open();
    await page.goto('/');

    const hero = page.getByRole('heading', { level: 1 });
    await hero.waitFor();
    expect(await hero.textContent()).toBe('Great nights out, without the queue.');
    expect(await page.title()).toBe('iaTichet');

    const header = page.getByRole('banner');
    expect(await header.getByRole('link', { name: 'iaTichet home' }).getAttribute('href')).toBe('/');
    expect(await header.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).isVisible()).toBe(true);
    expect(await page.getByRole('contentinfo').isVisible()).toBe(true);
    // The demo catalogue the server loads into an empty database: twelve events, as cards.
    const onSale = page.getByRole('region', { name: 'On sale now' });
    await onSale.getByRole('article').first().waitFor();
    expect(await onSale.getByRole('article').count()).toBe(12);

    expect(unexpectedErrors(errors, server?.url ?? '', [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('has exactly one main landmark holding the page heading, reachable through the skip link', async () => {
    const { page, errors, close } = await open();
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();

    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('main').getByRole('heading', { level: 1 }).count()).toBe(1);

    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skipLink.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');

    expect(unexpectedErrors(errors, server?.url ?? '', [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('an unknown client route shows the 404 page, and its link goes back home', async () => {
    const { page, errors, close } = await open();
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(200);

    const heading = page.getByRole('heading', { level: 1, name: 'Page not found' });
    await heading.waitFor();
    expect(await page.title()).toBe('Page not found · iaTichet');
    expect(await page.getByRole('main').getByRole('heading', { level: 1 }).count()).toBe(1);

    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await page.waitForURL(`${server?.url ?? ''}/`);
    await page.getByRole('heading', { level: 1, name: 'Great nights out, without the queue.' }).waitFor();
    expect(await page.title()).toBe('iaTichet');

    expect(unexpectedErrors(errors, server?.url ?? '', [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('at phone width the navigation moves into a menu that reaches the events page', async () => {
    const { page, errors, close } = await open({ viewport: PHONE_VIEWPORT });
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();

    expect(await page.getByRole('banner').getByRole('link', { name: 'Events' }).isVisible()).toBe(false);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(PHONE_VIEWPORT.width);

    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('dialog').getByRole('link', { name: 'Events' }).click();
    await page.waitForURL(`${server?.url ?? ''}/events`);
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    expect(await page.title()).toBe('Events · iaTichet');
    expect(await page.getByRole('dialog').count()).toBe(0);

    expect(unexpectedErrors(errors, server?.url ?? '', [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });
});
