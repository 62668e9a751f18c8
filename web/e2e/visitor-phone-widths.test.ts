/**
 * The buyer's pages at 320 px (WCAG 1.4.10's reflow width), signed out and signed in, in English
 * and Romanian: the catalogue, a general-admission event, a seated event's map and the waiting
 * room scroll only up and down, and pass axe (openPage checks each page it leaves).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount, signInPage } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const BUYER = { name: 'Irina Dumitrescu', email: 'irina.narrow@example.test', password: 'irina-Secret-3318' };

/** The page's width and the outermost elements that stick out past the right edge. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits: string[] = [];
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5) continue;
      const parent = element.parentElement?.getBoundingClientRect();
      if (parent !== undefined && parent.right > width + 0.5) continue;
      culprits.push(
        `${element.tagName.toLowerCase()}.${[...element.classList].slice(0, 2).join('.')} (right ${Math.round(box.right)})`,
      );
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 5) };
  });
}

async function eventId(baseURL: string, title: string): Promise<string> {
  const answer = (await (await fetch(`${baseURL}/api/events?q=${encodeURIComponent(title)}`)).json()) as {
    items: { id: string; title: string }[];
  };
  const found = answer.items.find((item) => item.title === title);
  if (found === undefined) throw new Error(`the demo catalogue has no ${title}`);
  return found.id;
}

describe.skipIf(!browserAvailable)("buyer's pages at 320 px", () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await registerAccount(server.url, BUYER);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('scroll no buyer page sideways at 320 px, signed out and in, in English and Romanian', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const general = await eventId(server.url, 'Summer Open-Air Festival');
    const seated = await eventId(server.url, 'Jazz Club Night');
    const urls = ['/', `/events/${general}`, `/events/${seated}`, `/events/${general}/queue`];
    const problems: string[] = [];
    for (const locale of ['en', 'ro'] as const) {
      for (const signed of [false, true]) {
        const { page, close } = await openPage(browser, {
          baseURL: server.url,
          viewport: { width: 320, height: 720 },
          locale: locale === 'ro' ? 'ro-RO' : 'en-GB',
          isMobile: true,
          hasTouch: true,
        });
        if (signed) await signInPage(page, BUYER, locale);
        for (const url of urls) {
          await page.goto(url);
          await page.getByRole('heading', { level: 1 }).first().waitFor();
          await page.waitForLoadState('networkidle');
          const found = await overflow(page);
          if (found.scrollWidth > found.width)
            problems.push(
              `${url} (${locale}, ${signed ? 'signed in' : 'signed out'}): ${found.scrollWidth} wide; ${found.culprits.join(', ')}`,
            );
        }
        await close().catch((error: unknown) => problems.push(String(error)));
      }
    }
    expect(problems).toEqual([]);
  });
});
