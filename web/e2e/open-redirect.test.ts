/**
 * The sign-in and registration pages take a `returnTo` from the address bar. A crafted link must
 * never send someone who signs in to another site: off-site values fall back to the home page,
 * while a path on this site is honoured. (The helper's cases: web/src/lib/auth/return-to.test.ts.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, submitSignIn } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const ACCOUNT = { name: 'Ioana Redirect', email: 'ioana@example.test', password: 'ioana-Secret-2024!' };
const HOSTILE = [
  '//evil.example/phish',
  'https://evil.example/',
  '/\\evil.example',
  '/%5Cevil.example',
  '\t//evil.example',
  'javascript:alert(document.domain)',
  '//%65vil.example',
];

describe.skipIf(!browserAvailable)('open redirect through the sign-in return path', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await registerAccount(server.url, ACCOUNT);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(HOSTILE)('signing in with returnTo=%s lands on this site', async (returnTo) => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, close } = await openPage(browser, { baseURL: server.url });
    const leftSite: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server?.url ?? '') && !r.url().startsWith('data:')) leftSite.push(r.url());
    });
    await page.goto(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    await submitSignIn(page, ACCOUNT.email, ACCOUNT.password);
    await accountMenuButton(page, ACCOUNT.name).waitFor();
    const landed = new URL(page.url());
    expect(landed.origin).toBe(server.url);
    expect(leftSite).toEqual([]);
    await close();
  });

  it('honours a path on this site, and sends an already signed-in visitor there from /register too', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, close } = await openPage(browser, { baseURL: server.url });
    await page.goto(`/sign-in?returnTo=${encodeURIComponent('/account')}`);
    await submitSignIn(page, ACCOUNT.email, ACCOUNT.password);
    await page.waitForURL(`${server.url}/account`);
    await page.goto(`/register?returnTo=${encodeURIComponent('//evil.example')}`);
    await page.waitForURL(`${server.url}/`);
    expect(new URL(page.url()).origin).toBe(server.url);
    await close();
  });
});
