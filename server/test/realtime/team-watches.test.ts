/**
 * What a socket may go on watching once its user's place in a team changes. A manager watches an
 * event's dashboard (`dashboard:changed`, the waiting room's `queue:stats`) and a draft's
 * availability; removed from the team or demoted below manager, the HTTP routes answer them 404 or
 * 403 at once, and an open connection must not keep hearing those rooms either.
 */
import { REALTIME } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizer, member } from '../organizers/organizer-fixtures.js';
import { backends } from '../support/backends.js';
import { createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { listen, Watcher } from './socket-watcher.js';

/** How often the server checks open connections again: short, so the test need not wait a minute. */
const RECHECK_MS = 200;

/** A socket that also records the dashboard's nudges, by event. */
async function dashboardWatcher(url: string, client: TestClient): Promise<{ watcher: Watcher; nudges: string[] }> {
  const watcher = await Watcher.connect(url, client.cookieHeader());
  const nudges: string[] = [];
  watcher.socket.on(REALTIME.dashboardChanged, (message: { eventId: string }) => nudges.push(message.eventId));
  return { watcher, nudges };
}

/** Resolves once `condition` holds (the dashboard's nudges are not among what Watcher waits on). */
async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition();) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the dashboard nudge');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(backends)('team watches on a socket on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let url: string;
  const sockets: Watcher[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false, realtime: { coalesceMs: 50, sessionRecheckMs: RECHECK_MS } });
    url = await listen(app);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await env.close();
  });

  it('stops sending a removed or demoted manager the dashboard and the draft they watched; a manager still in the team and the admin hear both', async () => {
    const team = await createOrganizer(env, app, 'Watchers');
    const removed = await member(team, 'manager');
    const demoted = await member(team, 'manager');
    const kept = await member(team, 'manager');
    const venue = await createVenue(removed.client, { name: 'Watch Hall' });
    const published: EventBody = await createEvent(removed.client, eventInput(venue.id, { title: 'Watched Night' }));
    const draft: EventBody = await createEvent(removed.client, eventInput(venue.id, { title: 'Watched Draft' }), false);

    const watchers = await Promise.all(
      [removed.client, demoted.client, kept.client, team.admin].map((c) => dashboardWatcher(url, c)),
    );
    for (const { watcher } of watchers) {
      sockets.push(watcher);
      expect(await watcher.watch(draft.id)).toEqual({ ok: true });
      expect(await watcher.socket.timeout(5000).emitWithAck(REALTIME.dashboardWatch, { eventId: published.id })).toEqual({
        ok: true,
      });
    }
    type Watching = (typeof watchers)[0];
    const [gone, lowered, stays, admin] = watchers as [Watching, Watching, Watching, Watching];

    expect((await team.admin.delete(`/api/organizers/${team.id}/members/${removed.user.id}`)).statusCode).toBe(204);
    const role = await team.admin.patch(`/api/organizers/${team.id}/members/${demoted.user.id}`, { role: 'checkin' });
    expect(role.statusCode, role.body).toBe(200);
    // Over HTTP both lost the dashboard at once (403: in no team, or not a manager in it).
    expect((await removed.client.get(`/api/admin/events/${published.id}/dashboard`)).statusCode).toBe(403);
    expect((await demoted.client.get(`/api/admin/events/${published.id}/dashboard`)).statusCode).toBe(403);
    // Several rounds of the server's check of open connections.
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS * 5));
    const seen = (w: Watching) => ({ nudges: w.nudges.length, draft: w.watcher.availability.length });
    const before = { gone: seen(gone), lowered: seen(lowered) };

    // The draft changes (its availability is pushed) and the published event sells (a dashboard nudge).
    const patched = await team.admin.patch(`/api/events/${draft.id}`, {
      ticketTypes: [{ id: draft.ticketTypes[0]?.id, name: 'Standard', priceCents: 2500, capacity: 60 }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const hold = await buyer.post('/api/reservations', {
      eventId: published.id,
      items: [{ ticketTypeId: published.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(hold.statusCode, hold.body).toBe(201);
    await admin.watcher.waitFor('the draft’s new capacity', () =>
      admin.watcher.availability.some((m) => m.eventId === draft.id && m.remaining === 60),
    );
    await until(() => admin.nudges.includes(published.id));
    // Whatever was on its way to the others has arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect({ gone: seen(gone), lowered: seen(lowered) }).toEqual(before);
    // A manager still in the team keeps both.
    expect(stays.watcher.socket.connected).toBe(true);
    expect(stays.nudges).toContain(published.id);
    expect(stays.watcher.availability.some((m) => m.eventId === draft.id && m.remaining === 60)).toBe(true);
  });
});
