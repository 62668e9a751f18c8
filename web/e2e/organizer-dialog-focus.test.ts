/**
 * Where the keyboard is after an organizer section's dialog closes: a removed member's or a revoked
 * token's button is gone with its row, and the focus must not fall back to the top of the page
 * (a keyboard or screen reader user would have to find the table again from the start).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/a11y';
import { registerAccount, signedIn, signInPage } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { email: 'site-admin-focus@example.test', password: 'site-Admin-pass-7731' };
const OWNER = { name: 'Ana Owner', email: 'ana.focus@example.test', password: 'ana-Owner-pass-4410' };
const MEMBER = { name: 'Radu Manager', email: 'radu.focus@example.test', password: 'radu-Manager-pass-5528' };

/** What has the keyboard focus: its role and name as a screen reader would say them, or "body". */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (element === null || element === document.body) return 'body';
    const name = element.getAttribute('aria-label') ?? element.textContent;
    return `${element.tagName.toLowerCase()}: ${name.trim().slice(0, 60)}`;
  });
}

describe.skipIf(!browserAvailable)('organizer dialogs give the focus back somewhere useful', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, OWNER);
    await registerAccount(server.url, MEMBER);
    const { api, headers } = await signedIn(server.url, ADMIN);
    try {
      const { items } = (await (await api.get('/api/organizers')).json()) as { items: { id: string }[] };
      const home = items[0];
      if (home === undefined) throw new Error('no default organizer');
      for (const [email, role] of [
        [OWNER.email, 'owner'],
        [MEMBER.email, 'manager'],
      ] as const) {
        const added = await api.post(`/api/organizers/${home.id}/members`, { data: { email, role }, headers });
        if (added.status() !== 201) throw new Error(`add ${email}: ${added.status()} ${await added.text()}`);
      }
    } finally {
      await api.dispose();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('after removing a member, the focus is on the team table, not lost to the page', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, close } = await openPage(browser, { baseURL: server.url });
    await signInPage(page, OWNER);
    await page.goto('/admin/organizer/members');
    const team = page.getByRole('table', { name: 'Team members' });
    await team.getByText(MEMBER.email).waitFor();
    await team.getByRole('button', { name: `Remove ${MEMBER.name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove from the team?' });
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.waitFor({ state: 'detached' });
    await team.getByText(MEMBER.email).waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('table: Team members');
    await close();
  });

  it('after revoking a token, the focus is on the tokens table; after the new secret’s dialog, on the list’s heading', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const { page, close } = await openPage(browser, { baseURL: server.url });
    await signInPage(page, OWNER);
    await page.goto('/admin/organizer/tokens');
    const form = page.getByRole('form', { name: 'Create an API token' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Box office sync');
    await form.getByRole('checkbox').first().check();
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByRole('dialog');
    await secret.waitFor();
    await expectAccessible(page);
    await secret.getByRole('button', { name: 'I have copied it' }).click();
    await secret.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('h2: Tokens');

    const tokens = page.getByRole('table', { name: 'API tokens' });
    await tokens.getByRole('button', { name: 'Revoke Box office sync' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await confirm.waitFor({ state: 'detached' });
    await tokens.getByText('Revoked').waitFor();
    await expect.poll(() => focused(page)).toBe('table: API tokens');
    await close();
  });
});
