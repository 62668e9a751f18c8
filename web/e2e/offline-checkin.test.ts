/**
 * The door scanner with no network (issue #21, Done when 1 and 2): the page opens offline after one
 * visit (service worker), judges codes from the ticket list on the device, queues the scans and
 * sends them when the network returns; two offline devices admitting one ticket end with exactly
 * one admission on the server and the duplicate shown on both devices and on the dashboard.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMenuButton, registerAccount, signedIn, signOutViaHeader, submitSignIn } from './support/accounts';
import { browserAvailable, launchBrowser, openPage, PHONE_VIEWPORT } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { createPaidReservation, promoteToStaff } from './support/tickets';

const ADMIN = { name: 'Administrator', email: 'admin@iatichet.test', password: 'admin-Secret-for-tests-1' };
const BUYER = { name: 'Irina Stan', email: 'irina@example.test', password: 'irina-Secret-5531' };
const STAFF = { name: 'Mihai Toma', email: 'mihai@example.test', password: 'mihai-Secret-7720' };
const EVENT = 'Summer Open-Air Festival';

interface Door {
  page: Page;
  context: BrowserContext;
  deviceId: string;
  close: () => Promise<void>;
}

/** A phone signed in as staff on the scanner of `eventId`, with its ticket list stored and the service worker in control. */
async function openDoor(browser: Browser, url: string, eventId: string): Promise<Door> {
  const { page, close } = await openPage(browser, { baseURL: url, viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true });
  await page.goto('/sign-in');
  await submitSignIn(page, STAFF.email, STAFF.password);
  await accountMenuButton(page, STAFF.name).waitFor();
  await page.goto(`/check-in/${eventId}`);
  await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();
  await page.locator('[data-testid="snapshot-age"]:not([data-generated-at=""])').waitFor();
  // The first visit installs the service worker. A page whose load raced its activation is not
  // claimed (its request went out before); the next load is served by it, as a phone's would be.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (await page.evaluate(() => navigator.serviceWorker.controller === null)) {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  // Who is signed in is kept by the service worker once the page asks through it.
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open('iat-session-v1')).match('/api/auth/me')) !== undefined), {
      timeout: 10_000,
    })
    .toBe(true);
  const deviceId = (await page.evaluate(() => localStorage.getItem('iat-scanner-device'))) ?? '';
  expect(deviceId).not.toBe('');
  return { page, context: page.context(), deviceId, close };
}

async function scan(page: Page, code: string): Promise<{ result: string; offline: string; judgedMs: number }> {
  const result = page.getByTestId('scan-result');
  const before = (await result.count()) === 0 ? null : await result.getAttribute('data-seq');
  const form = page.getByRole('form', { name: 'Enter a code by hand' });
  await form.getByLabel('Ticket code').fill(code);
  await form.getByRole('button', { name: 'Check in' }).click();
  // Each answer shown has its own number: wait for the next one.
  await expect
    .poll(async () => (await result.count()) > 0 && (await result.getAttribute('data-seq')) !== before, { timeout: 10_000 })
    .toBe(true);
  return {
    result: (await result.getAttribute('data-result')) ?? '',
    offline: (await result.getAttribute('data-offline')) ?? '',
    judgedMs: Number(await result.getAttribute('data-judged-ms')),
  };
}

async function checkedInAt(url: string, reservationId: string): Promise<(string | null)[]> {
  const { api } = await signedIn(url, BUYER);
  try {
    const body = (await (await api.get(`/api/reservations/${reservationId}`)).json()) as {
      tickets: { checkedInAt: string | null }[];
    };
    return body.tickets.map((t) => t.checkedInAt);
  } finally {
    await api.dispose();
  }
}

describe.skipIf(!browserAvailable)('offline check-in in the browser', () => {
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

  it('opens offline after one visit, judges six scans on the device, and the server admits exactly the three valid ones', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const valid = await createPaidReservation(url, BUYER, EVENT, 3);
    const toCancel = await createPaidReservation(url, BUYER, EVENT, 1);
    const door = await openDoor(browser, url, valid.event.id);
    const { page, context } = door;
    try {
      // Cancelled (and refunded) by the admin while the scanner is online: the next ticket list says so.
      const generatedBefore = await page.getByTestId('snapshot-age').getAttribute('data-generated-at');
      const { api, headers } = await signedIn(url, ADMIN);
      const cancelled = await api.post(`/api/admin/reservations/${toCancel.id}/cancel`, { data: { refund: true }, headers });
      expect(cancelled.status(), await cancelled.text()).toBe(200);
      await api.dispose();
      await page.getByRole('button', { name: 'Update the ticket list' }).click();
      await expect.poll(() => page.getByTestId('snapshot-age').getAttribute('data-generated-at')).not.toBe(generatedBefore);

      await context.setOffline(true);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: EVENT }).waitFor();
      await page.locator('[data-testid="connection-state"][data-online="false"]').waitFor();
      expect(await page.getByTestId('connection-state').textContent()).toContain('Offline');
      // The service worker keeps no API answer but who is signed in: the rest fails as the network does.
      const apiOffline = await page.evaluate(async (id) => {
        const reached = async (path: string) =>
          fetch(path).then(
            () => 'answered',
            () => 'failed',
          );
        return [
          await reached(`/api/events/${id}/checkin-stats`),
          await reached(`/api/events/${id}/checkin-snapshot`),
          await reached('/api/auth/me'),
        ];
      }, valid.event.id);
      expect(apiOffline).toEqual(['failed', 'failed', 'answered']);

      const codes = valid.tickets.map((t) => t.qr);
      const first = codes[0] ?? '';
      const forged = `${first.slice(0, 50)}${first[50] === 'A' ? 'B' : 'A'}${first.slice(51)}`;
      const answers = [];
      for (const code of [...codes, toCancel.tickets[0]?.qr ?? '', forged, first]) answers.push(await scan(page, code));
      expect(answers.map((a) => a.result)).toEqual(['ok', 'ok', 'ok', 'not_valid', 'invalid', 'already_checked_in']);
      expect(answers.every((a) => a.offline === 'true')).toBe(true);
      // Judged on the device well within the 100 ms a door needs (signature, lookup and queueing).
      for (const a of answers) expect(a.judgedMs).toBeLessThan(100);
      await page.locator('[data-testid="pending-scans"][data-pending="6"]').waitFor();
      expect(await checkedInAt(url, valid.id)).toEqual([null, null, null]);

      await context.setOffline(false);
      await page.locator('[data-testid="connection-state"][data-online="true"]').waitFor();
      await page.locator('[data-testid="pending-scans"][data-pending="0"]').waitFor({ timeout: 20_000 });
      const admitted = await checkedInAt(url, valid.id);
      expect(admitted.every((at) => at !== null)).toBe(true);
      expect(await checkedInAt(url, toCancel.id)).toEqual([null]);
      const { api: staff } = await signedIn(url, STAFF);
      const stats = (await (await staff.get(`/api/events/${valid.event.id}/checkin-stats`)).json()) as { checkedIn: number };
      await staff.dispose();
      expect(stats.checkedIn).toBe(3);
      // No duplicates: the second scan of the first ticket was refused on the device itself.
      expect(await page.getByTestId('scanner-conflicts').count()).toBe(0);

      // Signing out drops the stored sign-in at once: this phone no longer opens as Mihai offline.
      await signOutViaHeader(page, STAFF.name);
      expect(
        await page.evaluate(async () => (await (await caches.open('iat-session-v1')).match('/api/auth/me')) === undefined),
      ).toBe(true);
    } finally {
      await door.close();
    }
  }, 120_000);

  it('two offline phones admit one ticket: one admission on the server, the duplicate shown on both and on the dashboard', async () => {
    if (browser === undefined || server === undefined) throw new Error('beforeAll did not finish');
    const url = server.url;
    const reservation = await createPaidReservation(url, BUYER, EVENT, 1);
    const code = reservation.tickets[0]?.qr ?? '';
    const a = await openDoor(browser, url, reservation.event.id);
    const b = await openDoor(browser, url, reservation.event.id);
    try {
      expect(a.deviceId).not.toBe(b.deviceId);
      await a.context.setOffline(true);
      await b.context.setOffline(true);
      await a.page.locator('[data-testid="connection-state"][data-online="false"]').waitFor();
      await b.page.locator('[data-testid="connection-state"][data-online="false"]').waitFor();
      expect((await scan(a.page, code)).result).toBe('ok');
      expect((await scan(b.page, code)).result).toBe('ok');

      await a.context.setOffline(false);
      await a.page.locator('[data-testid="pending-scans"][data-pending="0"]').waitFor({ timeout: 20_000 });
      await b.context.setOffline(false);
      await b.page.locator('[data-testid="pending-scans"][data-pending="0"]').waitFor({ timeout: 20_000 });

      // Both phones name both devices (this one as "this scanner").
      const onB = b.page.getByTestId('scanner-conflicts');
      await onB.waitFor({ timeout: 20_000 });
      expect(await onB.textContent()).toContain(`let in by ${a.deviceId}`);
      expect(await onB.textContent()).toContain('again by this scanner');
      const onA = a.page.getByTestId('scanner-conflicts');
      await onA.waitFor({ timeout: 20_000 });
      expect(await onA.textContent()).toContain(`again by ${b.deviceId}`);

      expect((await checkedInAt(url, reservation.id))[0]).not.toBeNull();
      const { api } = await signedIn(url, ADMIN);
      const conflicts = (await (await api.get(`/api/events/${reservation.event.id}/checkin-conflicts`)).json()) as {
        items: { ticket: { id: string }; admitted: { deviceId: string }; duplicate: { deviceId: string } }[];
      };
      await api.dispose();
      const ours = conflicts.items.filter((c) => c.ticket.id === reservation.tickets[0]?.id);
      expect(ours.map((c) => [c.admitted.deviceId, c.duplicate.deviceId])).toEqual([[a.deviceId, b.deviceId]]);

      const { page: admin, close } = await openPage(browser, { baseURL: url });
      try {
        await admin.goto('/sign-in');
        await submitSignIn(admin, ADMIN.email, ADMIN.password);
        await accountMenuButton(admin, ADMIN.name).waitFor();
        await admin.goto(`/admin/events/${reservation.event.id}/dashboard`);
        const row = admin.locator(`[data-testid="dashboard-conflicts"] tr[data-ticket-id="${reservation.tickets[0]?.id}"]`);
        await row.waitFor();
        expect(await row.textContent()).toContain(a.deviceId);
        expect(await row.textContent()).toContain(b.deviceId);
      } finally {
        await close();
      }
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);
});
