/**
 * Organizers and teams in the browser (issue 17): the owner of one organizer invites a manager from
 * the team page; the manager sets a password from the mailed link, signs in and creates an event,
 * which the manager of another organizer cannot see, neither in the admin list nor by its id.
 *
 * Needs the server's organizer and member routes (branch `orgs`); on a branch without them this
 * test fails at its first API call, by design.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/a11y';
import { accountMenuButton, registerAccount, signedIn, SIGNED_OUT_ME, submitSignIn, unexpectedErrors } from './support/accounts';
import { browserAvailable, launchBrowser, openPage } from './support/browser';
import { mailedLink, mailsTo } from './support/mail';
import { startServer, type RunningServer } from './support/server';

const ADMIN = { email: 'site-admin@example.test', password: 'site-Admin-pass-7731' };
const OWNER = { name: 'Ana Owner', email: 'ana.owner@example.test', password: 'ana-Owner-pass-4410' };
const OTHER_MANAGER = { name: 'Bogdan Other', email: 'bogdan.other@example.test', password: 'bogdan-Other-pass-9902' };
const NEW_MANAGER = { email: 'mihai.manager@example.test', password: 'mihai-Manager-pass-5528' };
const EVENT_TITLE = 'Manager Draft Night';

interface Organizer {
  id: string;
  name: string;
}

/** A JSON answer of the API, or an error naming what failed. */
async function expectJson<T>(
  what: string,
  response: { status(): number; text(): Promise<string>; json(): Promise<unknown> },
  status: number,
) {
  if (response.status() !== status) throw new Error(`${what} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

describe.skipIf(!browserAvailable)('organizers and teams in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, OWNER);
    await registerAccount(server.url, OTHER_MANAGER);
    // The site admin sets the scene: Ana owns the default organizer; Bogdan manages another one.
    const { api, headers } = await signedIn(server.url, ADMIN);
    try {
      const { items } = await expectJson<{ items: Organizer[] }>('GET /api/organizers', await api.get('/api/organizers'), 200);
      const home = items[0];
      if (home === undefined) throw new Error('no default organizer');
      await expectJson(
        'add owner',
        await api.post(`/api/organizers/${home.id}/members`, { data: { email: OWNER.email, role: 'owner' }, headers }),
        201,
      );
      const other = await expectJson<Organizer>(
        'create organizer',
        await api.post('/api/organizers', { data: { name: 'Teatrul Mic' }, headers }),
        201,
      );
      await expectJson(
        'add other manager',
        await api.post(`/api/organizers/${other.id}/members`, { data: { email: OTHER_MANAGER.email, role: 'manager' }, headers }),
        201,
      );
    } finally {
      await api.dispose();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an owner invites a manager, who creates an event that another organizer’s manager cannot see', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;

    // The owner invites a new address as a manager from the team page.
    const owner = await openPage(browser, { baseURL: url });
    await owner.page.goto('/admin/organizer/members');
    await owner.page.waitForURL(/\/sign-in\?/);
    await submitSignIn(owner.page, OWNER.email, OWNER.password);
    await owner.page.getByRole('heading', { level: 1, name: 'iaTichet' }).waitFor();
    const invite = owner.page.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Email').fill(NEW_MANAGER.email);
    await invite.getByLabel('Role').selectOption('manager');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.getByText(`Invitation sent to ${NEW_MANAGER.email}.`).waitFor();
    const team = owner.page.getByRole('table', { name: 'Team members' });
    await team.getByText(NEW_MANAGER.email).waitFor();
    expect(await team.getByRole('row').count()).toBe(3);
    await expectAccessible(owner.page);

    // The last owner cannot leave: the 409 is said as what to do.
    await team
      .getByRole('row')
      .filter({ hasText: OWNER.email })
      .getByRole('button', { name: `Remove ${OWNER.name}` })
      .click();
    const dialog = owner.page.getByRole('dialog', { name: 'Remove from the team?' });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByText('An organizer always needs at least one owner.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(unexpectedErrors(owner.errors, url, [SIGNED_OUT_ME, { status: 409, pathPrefix: '/api/organizers/' }])).toEqual([]);
    await owner.close();

    // The invitation went out by mail; the manager sets a password through the reset link.
    await expect.poll(() => mailsTo(url, NEW_MANAGER.email).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const manager = await openPage(browser, { baseURL: url });
    await manager.page.goto('/forgot-password');
    const main = manager.page.getByRole('main');
    await main.getByLabel('Email').fill(NEW_MANAGER.email);
    await main.getByRole('button', { name: 'Send reset link' }).click();
    await main.getByRole('status').waitFor();
    await manager.page.goto(await mailedLink(url, NEW_MANAGER.email, '/reset-password'));
    await manager.page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await main.getByLabel(/^New password/).fill(NEW_MANAGER.password);
    await main.getByRole('button', { name: 'Set new password' }).click();
    await main.getByText('Your password is changed. Sign in with the new one.').waitFor();

    // Signed in, the manager creates a draft at the organizer's venue.
    await manager.page.goto('/sign-in?returnTo=%2Fadmin%2Fevents%2Fnew');
    await submitSignIn(manager.page, NEW_MANAGER.email, NEW_MANAGER.password);
    await manager.page.getByRole('heading', { level: 1, name: 'New event' }).waitFor();
    await main.getByRole('textbox', { name: 'Title', exact: true }).fill(EVENT_TITLE);
    await main.getByRole('combobox', { name: 'Venue' }).click();
    await manager.page.getByRole('option', { name: /^Central Park Stage/ }).click();
    await main.getByLabel('Starts').fill('2027-06-01T18:00');
    await main.getByLabel('Ends').fill('2027-06-01T23:00');
    const ticketType = main.getByRole('group', { name: /^Ticket type 1/ });
    await ticketType.getByRole('textbox', { name: 'Name' }).fill('Standing');
    await ticketType.getByRole('textbox', { name: 'Price' }).fill('30');
    await ticketType.getByRole('textbox', { name: 'Capacity' }).fill('100');
    await main.getByRole('button', { name: 'Create draft' }).click();
    await manager.page.waitForURL(/\/admin\/events\/[^/]+$/);
    await manager.page.getByRole('heading', { level: 1, name: EVENT_TITLE }).waitFor();
    const eventId = new URL(manager.page.url()).pathname.split('/').pop() ?? '';
    expect(unexpectedErrors(manager.errors, url, [SIGNED_OUT_ME])).toEqual([]);
    await manager.close();

    // The other organizer's manager sees none of it: not in the admin list, and 404 by its id.
    const other = await openPage(browser, { baseURL: url });
    await other.page.goto('/sign-in?returnTo=%2Fadmin%2Fevents%3Fstatus%3Ddraft');
    await submitSignIn(other.page, OTHER_MANAGER.email, OTHER_MANAGER.password);
    await accountMenuButton(other.page, OTHER_MANAGER.name).waitFor();
    await other.page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    // The drafts tab has loaded, and the other organizer has none: the new draft is not among them.
    await other.page.getByRole('main').getByText('No draft events').waitFor();
    expect(await other.page.getByRole('main').getByText(EVENT_TITLE).count()).toBe(0);
    await other.page.goto(`/admin/events/${eventId}`);
    await other.page
      .getByText(/could not find what you were looking for/i)
      .first()
      .waitFor();
    expect(await other.page.getByRole('heading', { level: 1, name: EVENT_TITLE }).count()).toBe(0);
    const { api } = await signedIn(url, OTHER_MANAGER);
    try {
      expect((await api.get(`/api/events/${eventId}`)).status()).toBe(404);
      const drafts = await expectJson<{ items: { id: string }[] }>('drafts', await api.get('/api/events?status=draft'), 200);
      expect(drafts.items.map((item) => item.id)).not.toContain(eventId);
    } finally {
      await api.dispose();
    }
    await other.close();
  });
});
