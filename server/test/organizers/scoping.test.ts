/**
 * Issue 17, done-when 1: a manager of organizer A gets 404 on every route for organizer B's venue,
 * event, reservation, export, dashboard and door, and changes nothing there; lists show A's records
 * only; a `checkin` member of A scans A's events and nothing else.
 *
 * Routes covered for B's records: GET/PATCH/DELETE /api/venues/:id; POST /api/events (B's venue);
 * GET/PATCH/DELETE /api/events/:id, POST /api/events/:id/publish|cancel, GET /api/events/:id/seats
 * (a draft); GET /api/admin/events/:id/dashboard and attendees.csv|xlsx|pdf;
 * GET/PATCH /api/admin/reservations/:id, POST .../cancel|mark-paid; POST /api/checkin,
 * GET /api/checkin/lookup, GET /api/events/:id/checkin-stats|checkin-snapshot|checkin-conflicts,
 * POST /api/checkin/sync; GET|PATCH /api/organizers/:id and GET|POST /api/organizers/:id/members.
 * (Discount codes and webhooks do not exist on this branch.)
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { reserveAndPay, type PaidReservation } from '../tickets/ticket-fixtures.js';
import { createOrganizer, member, type Team } from './organizer-fixtures.js';

interface Side {
  team: Team;
  manager: TestClient;
  door: TestClient;
  venueId: string;
  event: EventBody;
  draft: EventBody;
  paid: PaidReservation;
}

async function ok<T>(res: { statusCode: number; body: string; json: () => unknown }, status = 200): Promise<T> {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

describe.each(backends)('organizer scoping on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let a: Side;
  let b: Side;

  async function side(name: string, buyer: TestClient): Promise<Side> {
    const team = await createOrganizer(env, app, name);
    const { client: manager } = await member(team, 'manager');
    const { client: door } = await member(team, 'checkin');
    // No organizerId: the manager's only organizer.
    const venue = await ok<{ id: string; organizerId: string }>(
      await manager.post('/api/venues', { name: `${name} Hall`, address: 'Street 1', city: 'Cluj', capacity: 50, layout: null }),
      201,
    );
    expect(venue.organizerId).toBe(team.id);
    const event = await ok<EventBody & { organizer: { id: string } }>(
      await manager.post('/api/events', eventInput(venue.id, { title: `${name} Night` })),
      201,
    );
    expect(event.organizer.id).toBe(team.id);
    await ok(await manager.post(`/api/events/${event.id}/publish`));
    const draft = await ok<EventBody>(await manager.post('/api/events', eventInput(venue.id, { title: `${name} Draft` })), 201);
    const paid = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 2);
    return { team, manager, door, venueId: venue.id, event, draft, paid };
  }

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    a = await side('Alpha', buyer);
    b = await side('Beta', buyer);
  });
  afterAll(() => env.close());

  it("answers a manager of A 404 on every route for B's records, and changes nothing of B's", async () => {
    const m = a.manager;
    const e = b.event.id;
    const r = b.paid.id;
    const attempts: [string, () => Promise<{ statusCode: number; body: string }>][] = [
      ['GET venue', () => m.get(`/api/venues/${b.venueId}`)],
      ['PATCH venue', () => m.patch(`/api/venues/${b.venueId}`, { name: 'Taken' })],
      ['DELETE venue', () => m.delete(`/api/venues/${b.venueId}`)],
      ['POST event at B venue', () => m.post('/api/events', eventInput(b.venueId))],
      ['POST event naming B', () => m.post('/api/events', { ...eventInput(a.venueId), organizerId: b.team.id })],
      [
        'POST venue naming B',
        () => m.post('/api/venues', { name: 'X', address: '', city: 'X', capacity: 1, layout: null, organizerId: b.team.id }),
      ],
      ['GET draft', () => m.get(`/api/events/${b.draft.id}`)],
      ['GET draft seats', () => m.get(`/api/events/${b.draft.id}/seats`)],
      ['PATCH event', () => m.patch(`/api/events/${e}`, { title: 'Taken' })],
      ['PATCH event to B venue', () => m.patch(`/api/events/${a.draft.id}`, { venueId: b.venueId })],
      ['publish draft', () => m.post(`/api/events/${b.draft.id}/publish`)],
      ['cancel event', () => m.post(`/api/events/${e}/cancel`)],
      ['DELETE draft', () => m.delete(`/api/events/${b.draft.id}`)],
      ['dashboard', () => m.get(`/api/admin/events/${e}/dashboard`)],
      ['attendees.csv', () => m.get(`/api/admin/events/${e}/attendees.csv`)],
      ['attendees.xlsx', () => m.get(`/api/admin/events/${e}/attendees.xlsx`)],
      ['attendees.pdf', () => m.get(`/api/admin/events/${e}/attendees.pdf`)],
      ['GET reservation', () => m.get(`/api/admin/reservations/${r}`)],
      ['PATCH reservation', () => m.patch(`/api/admin/reservations/${r}`, { note: 'mine now' })],
      ['cancel reservation', () => m.post(`/api/admin/reservations/${r}/cancel`, { refund: true })],
      ['mark paid', () => m.post(`/api/admin/reservations/${r}/mark-paid`, { method: 'cash', note: '' })],
      ['check in', () => m.post('/api/checkin', { code: b.paid.tickets[0]?.qr, eventId: e })],
      ['lookup', () => m.get(`/api/checkin/lookup?code=${b.paid.code}`)],
      ['stats', () => m.get(`/api/events/${e}/checkin-stats`)],
      ['snapshot', () => m.get(`/api/events/${e}/checkin-snapshot`)],
      ['conflicts', () => m.get(`/api/events/${e}/checkin-conflicts`)],
      [
        'sync',
        () =>
          m.post('/api/checkin/sync', {
            eventId: e,
            deviceId: 'x',
            scans: [{ scanId: randomUUID(), code: b.paid.tickets[0]?.qr, scannedAt: new Date().toISOString() }],
          }),
      ],
      ['GET organizer', () => m.get(`/api/organizers/${b.team.id}`)],
      ['PATCH organizer', () => m.patch(`/api/organizers/${b.team.id}`, { name: 'Taken' })],
      ['GET members', () => m.get(`/api/organizers/${b.team.id}/members`)],
      ['POST member', () => m.post(`/api/organizers/${b.team.id}/members`, { email: 'x@example.com', role: 'owner' })],
    ];
    const answers: Record<string, number> = {};
    for (const [name, attempt] of attempts) answers[name] = (await attempt()).statusCode;
    expect(answers).toEqual(Object.fromEntries(attempts.map(([name]) => [name, 404])));

    // B's records are as they were.
    const event = await ok<{ status: string; title: string }>(await b.manager.get(`/api/events/${e}`));
    expect(event).toMatchObject({ status: 'published', title: 'Beta Night' });
    expect(await ok(await b.manager.get(`/api/events/${b.draft.id}`))).toMatchObject({ status: 'draft' });
    expect(await ok(await b.manager.get(`/api/admin/reservations/${r}`))).toMatchObject({ status: 'paid' });
    expect(await ok(await b.manager.get(`/api/venues/${b.venueId}`))).toMatchObject({ name: 'Beta Hall' });
    const scanned = await env.database.db.selectFrom('checkin_scans').select('id').where('event_id', '=', e).execute();
    expect(scanned).toEqual([]);
  });

  it("lists only A's venues, drafts, reservations and audit entries to A's manager", async () => {
    const venues = await ok<{ items: { id: string }[] }>(await a.manager.get('/api/venues'));
    expect(venues.items.map((v) => v.id)).toEqual([a.venueId]);
    const drafts = await ok<{ items: { id: string }[] }>(await a.manager.get('/api/events?status=draft'));
    expect(drafts.items.map((x) => x.id)).toEqual([a.draft.id]);
    // The admin pages' list (mine=true): A's published events only, though the public list has both.
    const mine = await ok<{ items: { id: string }[] }>(await a.manager.get('/api/events?mine=true'));
    expect(mine.items.map((x) => x.id)).toEqual([a.event.id]);
    const everyone = await ok<{ items: { id: string }[] }>(await a.manager.get('/api/events'));
    expect(everyone.items.map((x) => x.id)).toEqual(expect.arrayContaining([a.event.id, b.event.id]));
    const byOrganizer = await ok<{ items: { id: string }[] }>(await a.manager.get(`/api/events?organizerId=${b.team.id}`));
    expect(byOrganizer.items.map((x) => x.id)).toEqual([b.event.id]);
    // A buyer in no team asking for "mine" gets an empty list, not the public one.
    const [outsider] = (await buyers(app, 1)) as [TestClient];
    const none = await ok<{ items: unknown[] }>(await outsider.get('/api/events?mine=true'));
    expect(none.items).toEqual([]);
    const reservations = await ok<{ items: { id: string }[] }>(await a.manager.get('/api/admin/reservations'));
    expect(reservations.items.map((x) => x.id)).toEqual([a.paid.id]);
    const audit = await ok<{ items: { entityId: string | null }[] }>(await a.manager.get('/api/admin/audit?limit=100'));
    const bIds = [b.venueId, b.event.id, b.draft.id, b.paid.id];
    expect(audit.items.length).toBeGreaterThan(2);
    expect(audit.items.filter((x) => bIds.includes(x.entityId ?? ''))).toEqual([]);
    expect(audit.items.map((x) => x.entityId)).toEqual(expect.arrayContaining([a.venueId, a.event.id]));
    // The site admin still sees both.
    const all = await ok<{ items: { id: string }[] }>(await a.team.admin.get('/api/admin/reservations'));
    expect(all.items.map((x) => x.id)).toEqual(expect.arrayContaining([a.paid.id, b.paid.id]));
  });

  it("lets a checkin member of A scan A's tickets, and nothing else", async () => {
    const door = a.door;
    const first = await ok<{ result: string }>(
      await door.post('/api/checkin', { code: a.paid.tickets[0]?.qr, eventId: a.event.id }),
    );
    expect(first.result).toBe('ok');
    expect(await ok(await door.get(`/api/events/${a.event.id}/checkin-stats`))).toMatchObject({ checkedIn: 1 });
    expect((await door.get(`/api/events/${a.event.id}/checkin-snapshot`)).statusCode).toBe(200);
    // B's ticket at A's door: like a code we do not know, with nothing of B's buyer.
    const foreign = await ok<{ result: string; ticket: unknown }>(
      await door.post('/api/checkin', { code: b.paid.tickets[0]?.qr, eventId: a.event.id }),
    );
    expect(foreign).toEqual({ result: 'invalid', ticket: null, checkedInAt: null });
    const synced = await ok<{ results: { result: string; ticket: unknown }[] }>(
      await door.post('/api/checkin/sync', {
        eventId: a.event.id,
        deviceId: 'door-1',
        scans: [{ scanId: randomUUID(), code: b.paid.tickets[1]?.qr, scannedAt: new Date().toISOString() }],
      }),
    );
    expect(synced.results.map((x) => [x.result, x.ticket])).toEqual([['invalid', null]]);
    expect((await door.get(`/api/checkin/lookup?code=${b.paid.code}`)).statusCode).toBe(404);
    expect((await door.get(`/api/checkin/lookup?code=${a.paid.code}`)).statusCode).toBe(200);
    // B's door, and every manager's page: closed.
    expect((await door.post('/api/checkin', { code: b.paid.tickets[0]?.qr, eventId: b.event.id })).statusCode).toBe(404);
    for (const url of [
      '/api/venues',
      '/api/admin/reservations',
      `/api/admin/events/${a.event.id}/attendees.csv`,
      '/api/admin/audit',
    ]) {
      expect((await door.get(url)).statusCode, url).toBe(403);
    }
    expect((await door.post(`/api/events/${a.event.id}/cancel`)).statusCode).toBe(403);
    // B's tickets were never admitted.
    const b0 = await env.database.db
      .selectFrom('tickets')
      .select('checked_in_at')
      .where('id', '=', b.paid.tickets[0]?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(b0.checked_in_at).toBeNull();
  });

  it("counts B's short code typed at A's door as a miss of the guess limit, as an unknown code counts", async () => {
    const { client: guesser } = await member(a.team, 'checkin');
    const foreign = (b.paid.tickets[1] as { shortCode?: string } | undefined)?.shortCode ?? '';
    expect(foreign).not.toBe('');
    // A's own ticket is a hit and is given back; B's answers as unknown, so it must cost as unknown
    // (else a spent budget that still takes it tells the door the code is a real ticket elsewhere).
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const own = await reserveAndPay(buyer, a.event.id, a.event.ticketTypes[0]?.id ?? '', 1);
    const ownCode = (own.tickets[0] as { shortCode?: string } | undefined)?.shortCode ?? '';
    expect(
      (await ok<{ result: string }>(await guesser.post('/api/checkin', { code: ownCode, eventId: a.event.id }))).result,
    ).toBe('ok');
    for (let i = 0; i < 120; i++) {
      const answer = await ok<{ result: string; ticket: unknown }>(
        await guesser.post('/api/checkin', { code: foreign, eventId: a.event.id }),
      );
      expect(answer).toEqual({ result: 'invalid', ticket: null, checkedInAt: null });
    }
    const over = await guesser.post('/api/checkin', { code: foreign, eventId: a.event.id });
    expect(over.statusCode, over.body).toBe(429);
    expect(over.json<{ code: string }>().code).toBe('rate_limited');
  });

  it('keeps site staff working every door and buyers out of the team routes', async () => {
    const [stranger] = (await buyers(app, 1)) as [TestClient];
    expect((await stranger.get('/api/venues')).statusCode).toBe(403);
    expect((await stranger.get(`/api/events/${b.draft.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/events/${b.event.id}/checkin-stats`)).statusCode).toBe(403);
    const organizers = await ok<{ items: unknown[] }>(await stranger.get('/api/organizers'));
    expect(organizers.items).toEqual([]);
    await env.database.db
      .updateTable('users')
      .set({ role: 'staff' })
      .where('email', '=', (await stranger.get('/api/auth/me')).json<{ user: { email: string } }>().user.email)
      .execute();
    expect(await ok(await stranger.get(`/api/events/${b.event.id}/checkin-stats`))).toMatchObject({ total: 2 });
    const wrong = await ok<{ result: string }>(
      await stranger.post('/api/checkin', { code: b.paid.tickets[1]?.qr, eventId: a.event.id }),
    );
    expect(wrong.result).toBe('wrong_event');
  });

  it("never answers A's door with a scan B's device synced under the same scan id; A is told to use its own ids", async () => {
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const bought = await reserveAndPay(buyer, b.event.id, b.event.ticketTypes[0]?.id ?? '', 1);
    // A scanner app's ids need not be random ("scan-1", "scan-2"): here one both doors would use.
    const scanId = `scan-${randomUUID().slice(0, 8)}`;
    const scannedAt = new Date().toISOString();
    const sync = (door: TestClient, eventId: string, code: string | null | undefined, deviceId: string) =>
      door.post('/api/checkin/sync', { eventId, deviceId, scans: [{ scanId, code, scannedAt }] });
    const atB = await ok<{ results: { result: string }[] }>(await sync(b.door, b.event.id, bought.tickets[0]?.qr, 'b-phone'));
    expect(atB.results.map((x) => x.result)).toEqual(['ok']);

    const atA = await sync(a.door, a.event.id, 'not a ticket', 'a-phone');
    expect(atA.statusCode, atA.body).toBe(400);
    expect(atA.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/scans/0/scanId' }] });
    // Nothing of B's buyer or ticket, and nothing stored for A.
    for (const secret of [bought.code, bought.tickets[0]?.id ?? '', 'b-phone']) expect(atA.body).not.toContain(secret);
    const rows = await env.database.db
      .selectFrom('checkin_sync_scans')
      .select('event_id')
      .where('scan_id', '=', scanId)
      .execute();
    expect(rows).toEqual([{ event_id: b.event.id }]);
    // B's own replay still answers what B's device was told.
    const again = await ok<{ results: { result: string }[] }>(await sync(b.door, b.event.id, bought.tickets[0]?.qr, 'b-phone'));
    expect(again.results.map((x) => x.result)).toEqual(['ok']);
  });
});
