import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { mailedLink, mailedLinkCount, mailWithSubject } from './support/mail';
import { startServer, type RunningServer } from './support/server';

// Chromium prints these by itself for answers the tests provoke on purpose.
const UNVERIFIED = { status: 403, pathPrefix: '/api/reservations' };
const WRONG_PASSWORD = { status: 401, pathPrefix: '/api/auth/login' };

const NEWCOMER = { name: 'Elena Marin', email: 'elena@example.test', password: 'elena-Secret-6612' };
const FORGETFUL = { name: 'Radu Toma', email: 'radu@example.test', password: 'radu-Secret-1180' };
const OWNER = { name: 'Irina Gal', email: 'irina@example.test', password: 'irina-Secret-2291' };

async function pickTwoSeatsAndReserve(page: Page) {
  await page.goto('/events');
  await page.getByRole('main').getByRole('link', { name: 'Jazz Club Night' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Jazz Club Night' }).waitFor();
  const map = page.getByRole('group', { name: 'Seat map' });
  await map.getByRole('button', { name: 'Row D seat 1, standard, free' }).click();
  await map.getByRole('button', { name: 'Row D seat 2, standard, free' }).click();
  await page.getByRole('button', { name: 'Reserve', exact: true }).click();
}

async function fillRegistration(page: Page, account: typeof NEWCOMER) {
  await page.goto('/register');
  const main = page.getByRole('main');
  await main.getByLabel('Name').fill(account.name);
  await main.getByLabel('Email').fill(account.email);
  await main.getByLabel(/^Password/).fill(account.password);
  await main.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
  return (await main.getByRole('status').textContent()) ?? '';
}

describe.skipIf(!browserAvailable)('email verification and password reset in the browser', () => {
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

  async function open(options = {}) {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    return { ...(await openPage(browser, { baseURL: server.url, ...options })), url: server.url };
  }

  it('registers, is told to confirm, cannot reserve, opens the mailed link, and then reserves', async () => {
    const { page, errors, close, url } = await open();
    const notice = await fillRegistration(page, NEWCOMER);
    expect(notice).toContain(`We sent a message to ${NEWCOMER.email}`);
    await page.getByRole('main').getByRole('link', { name: 'Continue' }).click();
    await accountMenuButton(page, NEWCOMER.name).waitFor();

    const banner = page.getByRole('region', { name: 'Email confirmation' });
    expect(await banner.textContent()).toContain(
      `Confirm your email address to book tickets: we sent a link to ${NEWCOMER.email}`,
    );
    await banner.getByRole('button', { name: 'Send the link again' }).click();
    await banner.getByText('Sent. Check your inbox.').waitFor();
    await mailedLink(url, NEWCOMER.email, '/verify-email', 1);

    await pickTwoSeatsAndReserve(page);
    await page.getByText(/Please confirm your email address first/).waitFor();
    expect(page.url()).toMatch(/\/events\//);

    // Opened in the same browser, as from the mail program: the account is confirmed and the banner goes.
    await page.goto(await mailedLink(url, NEWCOMER.email, '/verify-email'));
    await page.getByRole('heading', { level: 1, name: 'Email confirmed' }).waitFor();
    expect(await banner.count()).toBe(0);

    await pickTwoSeatsAndReserve(page);
    await page.waitForURL(/\/reservations\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME, UNVERIFIED])).toEqual([]);
    await close();
  });

  it('resets a forgotten password through the emailed link, on a phone-sized screen', async () => {
    const { page, errors, close, url } = await open({ viewport: PHONE_VIEWPORT });
    await registerAccount(url, FORGETFUL);
    await page.goto('/sign-in');
    await page.getByRole('main').getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forgot your password?' }).waitFor();
    const main = page.getByRole('main');
    await main.getByLabel('Email').fill(FORGETFUL.email);
    await main.getByRole('button', { name: 'Send reset link' }).click();
    expect(await main.getByRole('status').textContent()).toContain(`If an account uses ${FORGETFUL.email}`);

    await page.goto(await mailedLink(url, FORGETFUL.email, '/reset-password'));
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await main.getByLabel(/^New password/).fill('radu-Brand-New-4471');
    await main.getByRole('button', { name: 'Set new password' }).click();
    await main.getByText('Your password is changed. Sign in with the new one.').waitFor();
    await main.getByRole('link', { name: 'Sign in' }).click();

    await submitSignIn(page, FORGETFUL.email, FORGETFUL.password);
    await main.getByRole('alert').waitFor();
    await submitSignIn(page, FORGETFUL.email, 'radu-Brand-New-4471');
    await accountMenuButton(page, FORGETFUL.name).waitFor();
    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME, WRONG_PASSWORD])).toEqual([]);
    await close();
  });

  it('answers a taken address with the same "check your email" and mails its owner instead', async () => {
    const { page, errors, close, url } = await open();
    await registerAccount(url, OWNER);
    const before = mailedLinkCount(url, OWNER.email, '/verify-email');
    const notice = await fillRegistration(page, { ...OWNER, name: 'Someone Else', password: 'another-Secret-5190' });
    expect(notice).toBe(
      `We sent a message to ${OWNER.email}. Open the link in it within 24 hours to confirm your address; until then you can browse, but not book tickets.`,
    );
    // Not signed in as anyone, and no new verification link went out.
    expect(await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    const owners = await mailWithSubject(url, OWNER.email, 'Someone tried to register your email address');
    expect(owners).toContain('/forgot-password');
    expect(owners).not.toContain('Someone Else');
    expect(mailedLinkCount(url, OWNER.email, '/verify-email')).toBe(before);
    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });
});
