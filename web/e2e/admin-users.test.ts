import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

// The server names the account it creates from ADMIN_EMAIL "Administrator".
const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const DANA = { name: 'Dana Marin', email: 'dana@example.test', password: 'dana-Secret-2024!' };

describe.skipIf(!browserAvailable)('admin: users and the audit log', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, DANA);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open() {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    return { ...(await openPage(browser, { baseURL: server.url })), url: server.url };
  }

  it('a signed-out visitor to /admin goes to sign in; a signed-in user sees "not allowed" and no Admin link', async () => {
    const { page, errors, close, url } = await open();
    await page.goto('/admin/users');
    await page.waitForURL(`${url}/sign-in?returnTo=%2Fadmin%2Fusers`);

    await submitSignIn(page, DANA.email, DANA.password);
    await page.waitForURL(`${url}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'This page is not for your account' }).waitFor();
    expect(await page.title()).toBe('Not allowed · iaTichet');
    expect(await page.getByRole('banner').getByRole('link', { name: 'Admin' }).count()).toBe(0);

    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('an admin finds a user, makes them staff, disables them, and the audit log lists both changes', async () => {
    const { page, errors, close, url } = await open();
    await page.goto('/sign-in');
    await submitSignIn(page, ADMIN.email, ADMIN.password);
    await accountMenuButton(page, ADMIN.name).waitFor();

    await page.getByRole('banner').getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
    await page
      .getByRole('main')
      .getByRole('link', { name: /^Users/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(await page.title()).toBe('Users · iaTichet');

    const table = page.getByRole('table', { name: 'Users' });
    await page.getByLabel('Search by name or email').fill('dana');
    await table.getByRole('row').nth(1).getByText(DANA.email).waitFor();
    await page.getByRole('status').filter({ hasText: '1 user' }).waitFor({ state: 'attached' });
    const row = table.getByRole('row', { name: new RegExp(DANA.name) });

    await row.getByRole('button', { name: `Actions for ${DANA.name}` }).click();
    await page.getByRole('menuitem', { name: 'Make staff' }).click();
    const dialog = page.getByRole('dialog', { name: `Make ${DANA.name} staff?` });
    await dialog.getByRole('button', { name: 'Make staff' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('Staff', { exact: true }).waitFor();

    await row.getByRole('button', { name: `Actions for ${DANA.name}` }).click();
    await page.getByRole('menuitem', { name: 'Disable account' }).click();
    const disableDialog = page.getByRole('dialog', { name: `Disable ${DANA.name}'s account?` });
    await disableDialog.getByRole('button', { name: 'Disable account' }).click();
    await disableDialog.waitFor({ state: 'hidden' });
    await row.getByText('Disabled', { exact: true }).waitFor();

    // Fresh from the server: with disabled accounts included, Dana is staff and disabled.
    await page.getByLabel('Show disabled accounts').check();
    await page.getByRole('status').filter({ hasText: '1 user' }).waitFor({ state: 'attached' });
    expect(await row.getByText('Staff', { exact: true }).isVisible()).toBe(true);
    expect(await row.getByText('Disabled', { exact: true }).isVisible()).toBe(true);

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Admin' }).click();
    await page
      .getByRole('main')
      .getByRole('link', { name: /^Audit log/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const log = page.getByRole('table', { name: 'Audit log' });
    // Words, not machine text: the action, the record by its name, and each changed field.
    const roleChange = log.getByRole('row').filter({ hasText: 'Changed a role' });
    const disable = log.getByRole('row').filter({ hasText: 'Disabled an account' });
    await roleChange.waitFor();
    // The role in words, as the users page names it, not its code.
    expect(await roleChange.textContent()).toContain('Role:User→Staff');
    expect(await roleChange.textContent()).toContain(ADMIN.email);
    expect(await roleChange.textContent()).not.toContain('{');
    expect(await disable.textContent()).toContain('Disabled:no→yes');

    await page.getByRole('combobox', { name: 'Action' }).fill('user.disable');
    await page.waitForURL(`${url}/admin/audit?action=user.disable`);
    await roleChange.waitFor({ state: 'detached' });
    expect(await log.getByRole('row').count()).toBe(2);

    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await close();
  });

  it('refuses to demote the last active admin, and says why', async () => {
    const { page, errors, close, url } = await open();
    await page.goto('/sign-in?returnTo=%2Fadmin%2Fusers');
    await submitSignIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();

    const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /\(you\)/ });
    await row.getByRole('button', { name: `Actions for ${ADMIN.name}` }).click();
    await page.getByRole('menuitem', { name: 'Make regular user' }).click();
    const dialog = page.getByRole('dialog', { name: `Make ${ADMIN.name} a regular user?` });
    await dialog.getByRole('button', { name: 'Make regular user' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This is the last active admin');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await row.getByText('Admin', { exact: true }).isVisible()).toBe(true);

    // The admin's id is in the path: any 409 on PATCH /api/admin/users/<id> is the one provoked here.
    const lastAdminConflict = { status: 409, pathPrefix: '/api/admin/users/' };
    expect(unexpectedErrors(errors, url, [SIGNED_OUT_ME, lastAdminConflict])).toEqual([]);
    await close();
  });
});
