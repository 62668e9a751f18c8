/**
 * What the door scanner leaves on a shared phone. The ticket list it keeps for offline use names
 * every attendee of the event; the sign-in the service worker keeps decides who may open the
 * scanner offline. After a sign-out neither may stay, and after the account loses its staff role
 * (seen by the site online) the phone must not open the scanner offline as staff; a scanner left
 * open while its account is demoted forgets the list the next time the server refuses it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, signOutViaHeader, submitSignIn } from './support/accounts';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { createPaidReservation, promoteToStaff } from './support/tickets';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Irina Stan', email: 'irina@example.test', password: 'irina-Secret-5531' };
const STAFF = { name: 'Mihai Toma', email: 'mihai@example.test', password: 'mihai-Secret-7720' };
const EVENT = 'Summer Open-Air Festival';

/** Signed in as staff on the scanner of `eventId`, its ticket list stored and the service worker in control. */
async function openDoor(page: Page, eventId: string): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, STAFF.email, STAFF.password);
  await accountMenuButton(page, STAFF.name).waitFor();
  await page.goto(`/check-in/${eventId}`);
  await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();
  await page.locator('[data-testid="snapshot-age"]:not([data-generated-at=""])').waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (await page.evaluate(() => navigator.serviceWorker.controller === null)) {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open('iat-session-v1')).match('/api/auth/me')) !== undefined), {
      timeout: 10_000,
    })
    .toBe(true);
}

/** The tickets (with their attendees' names, where given) in the ticket lists this browser keeps in IndexedDB. */
function storedTickets(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('iat-scanner');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const database = open.result;
          if (!database.objectStoreNames.contains('snapshots')) {
            database.close();
            resolve([]);
            return;
          }
          const all = database.transaction('snapshots').objectStore('snapshots').getAll();
          all.onerror = () => reject(all.error ?? new Error('read failed'));
          all.onsuccess = () => {
            database.close();
            const snapshots = all.result as { tickets: { ticketId: string }[] }[];
            resolve(snapshots.flatMap((s) => s.tickets.map((t) => t.ticketId)));
          };
        };
      }),
  );
}

describe.skipIf(!browserAvailable)('what the offline scanner leaves on a shared phone', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchBrowser();
    await registerAccount(server.url, BUYER);
    await registerAccount(server.url, STAFF);
    await promoteToStaff(server.url, ADMIN, STAFF.email);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A phone signed in as staff on the scanner of a new paid reservation's event, its ticket list stored. */
  const phoneAtDoor = async (tickets: number) => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const reservation = await createPaidReservation(server.url, BUYER, EVENT, tickets);
    const phone = await openPage(browser, { baseURL: server.url, viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true });
    try {
      await openDoor(phone.page, reservation.event.id);
    } catch (err) {
      await phone.close();
      throw err;
    }
    return { ...phone, reservation };
  };

  it('signing out removes the stored ticket list (every ticket of the event, with its attendee) from the phone', async () => {
    const { page, close, reservation } = await phoneAtDoor(2);
    try {
      expect(await storedTickets(page)).toEqual(expect.arrayContaining(reservation.tickets.map((t) => t.id)));

      await signOutViaHeader(page, STAFF.name);
      await expect.poll(() => storedTickets(page), { timeout: 5_000 }).toEqual([]);
    } finally {
      await close();
    }
  }, 90_000);

  it('an account that lost its staff role does not open the scanner offline on the sign-in the phone kept', async () => {
    if (server === undefined) throw new Error('beforeAll did not finish');
    const { page, close, reservation } = await phoneAtDoor(1);
    try {
      await promoteToStaff(server.url, ADMIN, STAFF.email, 'user');
      // Online, the site now knows Mihai is no longer staff.
      await page.goto('/check-in');
      await page.getByRole('heading', { name: 'This page is not for your account' }).waitFor();

      await page.context().setOffline(true);
      await page.goto(`/check-in/${reservation.event.id}`);
      await page.getByRole('heading', { name: 'This page is not for your account' }).waitFor({ timeout: 10_000 });
      expect(await page.getByRole('heading', { level: 1, name: EVENT }).count()).toBe(0);
      await page.context().setOffline(false);
    } finally {
      await close();
      await promoteToStaff(server.url, ADMIN, STAFF.email);
    }
  }, 90_000);

  it('a scanner left open while its account loses the staff role forgets the list once the server refuses it', async () => {
    if (server === undefined) throw new Error('beforeAll did not finish');
    const { page, close, reservation } = await phoneAtDoor(1);
    try {
      expect(await storedTickets(page)).toEqual(expect.arrayContaining(reservation.tickets.map((t) => t.id)));
      await promoteToStaff(server.url, ADMIN, STAFF.email, 'user');
      // The network comes and goes: coming back, the page asks for the list again and is refused.
      await page.context().setOffline(true);
      await page.context().setOffline(false);
      await expect.poll(() => storedTickets(page), { timeout: 10_000 }).toEqual([]);
      await page.locator('[data-testid="snapshot-age"][data-generated-at=""]').waitFor({ timeout: 5_000 });
    } finally {
      await close();
      await promoteToStaff(server.url, ADMIN, STAFF.email);
    }
  }, 90_000);
});
