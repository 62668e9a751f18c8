/**
 * The waiting room over HTTP on every backend: who may join and when (queue_not_open before the
 * solution, verified email), the proof of work (wrong, reused, tampered → challenge_failed), one
 * place per account even when one account joins twenty times at once, and the pass on the hold
 * path (none, another event's, another account's → 403 queue_required; one's own → the hold).
 */
import type { QueuePlace } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveChallenge, solves } from '../../src/queue/challenge.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe.each(backends)('the waiting room on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let venueId: string;

  const queuedEvent = async (opensAt: string, salesStartAt: string, capacity = 100): Promise<EventBody> =>
    createEvent(
      admin,
      eventInput(venueId, {
        salesStartAt,
        ticketTypes: [{ name: 'Standard', priceCents: 2500, capacity }],
        maxTicketsPerOrder: 4,
        queue: { enabled: true, opensAt, admitPerMinute: null, passMinutes: 10 },
      }),
    );
  const buyer = async () => {
    const [client] = await buyers(app, 1);
    if (client === undefined) throw new Error('no buyer');
    return client;
  };
  const solved = async (client: TestClient) => {
    const res = await client.get('/api/queue/challenge');
    expect(res.statusCode).toBe(200);
    const { challenge, difficulty } = res.json<{ challenge: string; difficulty: number }>();
    expect(difficulty).toBe(4);
    return { challenge, solution: solveChallenge(challenge, difficulty) };
  };
  const join = async (client: TestClient, event: EventBody) => client.post(`/api/events/${event.id}/queue`, await solved(client));
  const hold = (client: TestClient, event: EventBody, pass?: string) =>
    client.post(
      '/api/reservations',
      { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }] },
      { headers: pass === undefined ? {} : { 'x-queue-pass': pass } },
    );
  /** Joins, lets the admission loop run, and answers the caller's place with its pass. */
  const admitted = async (client: TestClient, event: EventBody): Promise<QueuePlace> => {
    expect((await join(client, event)).statusCode).toBe(201);
    await app.services.queueAdmission.tick();
    const place = (await client.get(`/api/events/${event.id}/queue`)).json<QueuePlace>();
    expect(place.status).toBe('admitted');
    return place;
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend, { env: { QUEUE_POW_DIFFICULTY: '4' } });
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    venueId = (await createVenue(admin)).id;
  });
  afterAll(() => env.close());

  it('keeps the settings on the event, off by default, and refuses a room without a sales start or opening after it', async () => {
    const plain = await createEvent(admin, eventInput(venueId), false);
    expect((await admin.get(`/api/events/${plain.id}`)).json<{ queue: unknown }>().queue).toEqual({
      enabled: false,
      opensAt: null,
      admitPerMinute: null,
      passMinutes: 15,
    });
    const noSalesStart = await admin.post(
      '/api/events',
      eventInput(venueId, { queue: { enabled: true, opensAt: null, admitPerMinute: 60, passMinutes: 5 } }),
    );
    expect(noSalesStart.statusCode).toBe(400);
    expect(noSalesStart.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/salesStartAt');
    const opensLate = await admin.post(
      '/api/events',
      eventInput(venueId, {
        salesStartAt: at(HOUR),
        queue: { enabled: true, opensAt: at(2 * HOUR), admitPerMinute: null, passMinutes: 5 },
      }),
    );
    expect(opensLate.statusCode).toBe(400);
    expect(opensLate.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/queue/opensAt');
    const patched = await admin.patch(`/api/events/${plain.id}`, {
      salesStartAt: at(HOUR),
      queue: { enabled: true, opensAt: at(-HOUR), admitPerMinute: 120, passMinutes: 20 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await admin.get(`/api/events/${plain.id}`)).json<{ queue: unknown }>().queue).toMatchObject({
      enabled: true,
      admitPerMinute: 120,
      passMinutes: 20,
    });
    const moveSalesBeforeOpening = await admin.patch(`/api/events/${plain.id}`, { salesStartAt: at(-2 * HOUR) });
    expect(moveSalesBeforeOpening.statusCode).toBe(400);
  });

  it('hands out the puzzle without looking up who asks (a signed-in crowd costs no session reads)', async () => {
    const person = await buyer();
    const { id } = (await person.get('/api/auth/me')).json<{ user: { id: string } }>().user;
    const idle = new Date(Date.now() - 3600_000).toISOString();
    const lastSeen = async () =>
      (await env.database.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', id).executeTakeFirstOrThrow())
        .last_seen_at;
    // A session idle for an hour is touched by the next request that looks it up.
    await env.database.db.updateTable('sessions').set({ last_seen_at: idle }).where('user_id', '=', id).execute();
    await solved(person);
    expect(await lastSeen()).toBe(idle);
    expect((await person.get('/api/auth/me')).statusCode).toBe(200);
    expect(await lastSeen()).not.toBe(idle);
  });

  it('answers queue_not_open before opensAt, before looking at the solution, in the full problem shape', async () => {
    const event = await queuedEvent(at(HOUR), at(2 * HOUR));
    const person = await buyer();
    const res = await person.post(`/api/events/${event.id}/queue`, { challenge: 'not.a.real.challenge', solution: '1' });
    expect(res.statusCode).toBe(422);
    const problem = res.json<{ code: string; detail?: string }>();
    expect(problem.code).toBe('queue_not_open');
    // API.md: errors are "always this shape", `detail` included, as every other problem has it.
    expect(problem.detail).toEqual(expect.stringMatching(/\S/));
  });

  it('refuses an unverified account and an anonymous caller', async () => {
    const event = await queuedEvent(at(-HOUR), at(HOUR));
    const unverified = new TestClient(app, '10.99.0.1');
    await unverified.registerUnverified(uniqueEmail('unverified'));
    const res = await join(unverified, event);
    expect(res.statusCode).toBe(403);
    expect(res.json<{ code: string }>().code).toBe('email_unverified');
    const anonymous = new TestClient(app, '10.99.0.2');
    expect((await join(anonymous, event)).statusCode).toBe(401);
  });

  it('answers challenge_failed for a wrong, a reused and a tampered solution, and changes nothing', async () => {
    const event = await queuedEvent(at(-HOUR), at(HOUR));
    const first = await buyer();
    const second = await buyer();
    const third = await buyer();
    const { challenge, solution } = await solved(first);
    // A wrong answer: the first n that does not solve it (one n in sixteen does, not only the first).
    let wrong = 0;
    while (solves(challenge, String(wrong), 4)) wrong++;
    const bad = await first.post(`/api/events/${event.id}/queue`, { challenge, solution: String(wrong) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ code: string }>().code).toBe('challenge_failed');
    expect((await first.get(`/api/events/${event.id}/queue`)).statusCode).toBe(404);

    expect((await first.post(`/api/events/${event.id}/queue`, { challenge, solution })).statusCode).toBe(201);
    // The same solved challenge again, by another account: spent.
    const reused = await second.post(`/api/events/${event.id}/queue`, { challenge, solution });
    expect(reused.statusCode).toBe(400);
    expect(reused.json<{ code: string }>().code).toBe('challenge_failed');
    expect((await second.get(`/api/events/${event.id}/queue`)).statusCode).toBe(404);

    // An easier difficulty written into a challenge breaks its signature.
    const fresh = (await third.get('/api/queue/challenge')).json<{ challenge: string }>().challenge;
    const parts = fresh.split('.');
    parts[2] = '0';
    const tampered = await third.post(`/api/events/${event.id}/queue`, { challenge: parts.join('.'), solution: '0' });
    expect(tampered.json<{ code: string }>().code).toBe('challenge_failed');
  });

  it('gives one account one place when it joins twenty times at once', async () => {
    const event = await queuedEvent(at(-HOUR), at(HOUR));
    const person = await buyer();
    const bodies = await Promise.all(Array.from({ length: 20 }, () => solved(person)));
    const answers = await Promise.all(bodies.map((body) => person.post(`/api/events/${event.id}/queue`, body)));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 200)).toHaveLength(19);
    for (const r of answers) expect(r.json<QueuePlace>()).toMatchObject({ status: 'waiting', position: null });
    const rows = await env.database.db.selectFrom('queue_entries').select('user_id').where('event_id', '=', event.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses holds without a pass, with another event’s pass or another account’s, and takes one’s own', async () => {
    const eventA = await queuedEvent(at(-2 * HOUR), at(-HOUR));
    const eventB = await queuedEvent(at(-2 * HOUR), at(-HOUR));
    const alice = await buyer();
    const bob = await buyer();
    const none = await hold(alice, eventA);
    expect(none.statusCode).toBe(403);
    expect(none.json<{ code: string }>().code).toBe('queue_required');
    const aliceOnA = await admitted(alice, eventA);
    expect(aliceOnA.pass).toEqual(expect.any(String));
    expect(Date.parse(aliceOnA.passExpiresAt ?? '')).toBeGreaterThan(Date.now() + 9 * 60_000);

    const otherEvent = await hold(alice, eventB, aliceOnA.pass);
    expect(otherEvent.statusCode).toBe(403);
    expect(otherEvent.json<{ code: string }>().code).toBe('queue_required');
    const otherAccount = await hold(bob, eventA, aliceOnA.pass);
    expect(otherAccount.statusCode).toBe(403);
    expect(otherAccount.json<{ code: string }>().code).toBe('queue_required');
    const forged = await hold(alice, eventA, `${Date.now() + HOUR}.${'A'.repeat(43)}`);
    expect(forged.statusCode).toBe(403);

    const own = await hold(alice, eventA, aliceOnA.pass);
    expect(own.statusCode, own.body).toBe(201);
    // An event without a room needs no pass.
    const plain = await createEvent(admin, eventInput(venueId));
    expect((await hold(bob, plain)).statusCode).toBe(201);
    const types = await env.database.db.selectFrom('ticket_types').select('held').where('event_id', '=', eventA.id).execute();
    expect(types.reduce((s, t) => s + t.held, 0)).toBe(1);
  });

  it('answers the same place on rejoining and on reading it, and a later arrival goes to the end', async () => {
    const event = await queuedEvent(at(-2 * HOUR), at(-HOUR), 1);
    const early = await buyer();
    const late = await buyer();
    expect((await join(early, event)).json<QueuePlace>().position).toBeNull();
    await app.services.queueAdmission.tick(); // draws (one place) and admits it: one ticket, nobody else may take it
    const lateJoin = await join(late, event);
    expect(lateJoin.statusCode).toBe(201);
    expect(lateJoin.json<QueuePlace>()).toMatchObject({ status: 'waiting', position: 2, ahead: 0 });
    await app.services.queueAdmission.tick();
    // The only ticket may still be taken by the admitted one: the second waits.
    const again = await join(late, event);
    expect(again.statusCode).toBe(200);
    expect(again.json<QueuePlace>()).toMatchObject({ status: 'waiting', position: 2 });
    expect((await late.get(`/api/events/${event.id}/queue`)).json<QueuePlace>()).toEqual(again.json());
  });
});
