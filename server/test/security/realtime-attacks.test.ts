/**
 * Attacks on the Socket.IO endpoint: a foreign page riding the visitor's session cookie
 * (cross-site WebSocket hijacking), watching a draft event to learn about it, a buyer asking for
 * the admin dashboard, and junk, oversized and endless watch requests. Notification isolation
 * between users is tested in server/test/realtime/cross-instance.test.ts.
 */
import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REALTIME_LIMITS } from '@iatichet/contracts';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { listen, Watcher } from '../realtime/socket-watcher.js';

describe('real-time endpoint under attack', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let url: string;
  let admin: TestClient;
  let buyer: TestClient;
  let published: EventBody;
  let draft: EventBody;
  const sockets: Watcher[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('sqlite', {
      env: { PUBLIC_URL: 'http://tickets.example', CORS_ORIGINS: 'http://tickets.example' },
    });
    app = await env.startApp({}, { backgroundJobs: false });
    url = await listen(app);
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
    const venue = await createVenue(admin);
    published = await createEvent(admin, eventInput(venue.id, { title: 'Public Night' }));
    draft = await createEvent(admin, eventInput(venue.id, { title: 'Secret Draft' }), false);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await env.close();
  });

  const connect = async (cookie?: string) => {
    const w = await Watcher.connect(url, cookie);
    sockets.push(w);
    return w;
  };

  it('refuses a connection from a foreign page that carries the visitor\u2019s session cookie', async () => {
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(url, {
          path: '/socket.io',
          transports: ['polling'],
          reconnection: false,
          forceNew: true,
          extraHeaders: { origin, cookie: buyer.cookieHeader() },
        });
        socket.once('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.once('connect_error', (err) => {
          socket.close();
          resolve(`refused: ${err.message}`);
        });
      });
    expect(await attempt('https://evil.example')).toMatch(/^refused/);
    expect(await attempt('http://tickets.example.evil.example')).toMatch(/^refused/);
    expect(await attempt('http://tickets.example')).toBe('connected');
  });

  it('does not let anyone but an admin watch a draft event or an unknown one', async () => {
    const visitor = await connect();
    expect(await visitor.watch(draft.id)).toEqual({ ok: false, error: 'not_found' });
    expect(await visitor.watch('no-such-event')).toEqual({ ok: false, error: 'not_found' });
    const signedIn = await connect(buyer.cookieHeader());
    expect(await signedIn.watch(draft.id)).toEqual({ ok: false, error: 'not_found' });
    expect(await signedIn.watch(published.id)).toEqual({ ok: true });
    const asAdmin = await connect(admin.cookieHeader());
    expect(await asAdmin.watch(draft.id)).toEqual({ ok: true });
  });

  it('refuses the admin dashboard feed to a buyer and to a visitor', async () => {
    for (const w of [await connect(), await connect(buyer.cookieHeader())]) {
      const answer = (await w.socket.timeout(5000).emitWithAck('dashboard:watch', { eventId: published.id })) as { ok: boolean };
      expect(answer).toEqual({ ok: false, error: 'forbidden' });
    }
  });

  it('answers junk watch requests with an error, caps watches per connection, and survives an oversized frame', async () => {
    const w = await connect();
    for (const payload of [
      null,
      42,
      'text',
      [],
      { eventId: '' },
      { eventId: 7 },
      { eventId: 'x'.repeat(101) },
      { eventId: { $ne: 1 } },
    ]) {
      const answer = (await w.socket.timeout(5000).emitWithAck('event:watch', payload)) as { ok: boolean; error?: string };
      expect(answer, JSON.stringify(payload)).toEqual({ ok: false, error: 'validation_failed' });
    }
    const venue = await createVenue(admin);
    const events = [];
    for (let i = 0; i <= REALTIME_LIMITS.watchesPerConnection; i++) events.push(await createEvent(admin, eventInput(venue.id)));
    const answers = [];
    for (const e of events) answers.push(await w.watch(e.id));
    expect(answers.slice(0, -1).every((a) => a.ok)).toBe(true);
    expect(answers.at(-1)).toEqual({ ok: false, error: 'limit_exceeded' });

    // A frame past the 16 KB limit ends that connection only; the server and others carry on.
    const bystander = await connect();
    const closed = new Promise<string>((resolve) => w.socket.once('disconnect', (reason) => resolve(reason)));
    w.socket.emit('event:watch', { eventId: 'y'.repeat(64 * 1024) });
    expect(await closed).toBeTruthy();
    expect(await bystander.watch(published.id)).toEqual({ ok: true });
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});
