/**
 * The cap on events one connection watches (REALTIME_LIMITS.watchesPerConnection) holds for a
 * burst of watch requests sent at once, not only for requests sent one after another: each one
 * is counted when it arrives, before its event is looked up.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REALTIME_LIMITS } from '@iatichet/contracts';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { listen, Watcher } from '../realtime/socket-watcher.js';

describe('watch requests sent all at once', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let url: string;
  const sockets: Watcher[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('sqlite');
    app = await env.startApp({}, { backgroundJobs: false });
    url = await listen(app);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await env.close();
  });

  it('accept no more events than the cap', async () => {
    const admin = await adminClient(env, app);
    const venue = await createVenue(admin);
    const ids: string[] = [];
    for (let i = 0; i < REALTIME_LIMITS.watchesPerConnection + 10; i++)
      ids.push((await createEvent(admin, eventInput(venue.id))).id);
    const w = await Watcher.connect(url);
    sockets.push(w);
    const answers = await Promise.all(ids.map((id) => w.watch(id)));
    expect(answers.filter((a) => a.ok)).toHaveLength(REALTIME_LIMITS.watchesPerConnection);
    expect(answers.filter((a) => a.error === 'limit_exceeded')).toHaveLength(10);
    // The same event asked for twice at once is one watch, and the slots freed by unwatching are usable.
    const fresh = await Watcher.connect(url);
    sockets.push(fresh);
    const twice = await Promise.all([fresh.watch(ids[0] ?? ''), fresh.watch(ids[0] ?? '')]);
    expect(twice).toEqual([{ ok: true }, { ok: true }]);
    const rest = await Promise.all(ids.slice(1).map((id) => fresh.watch(id)));
    expect(rest.filter((a) => a.ok)).toHaveLength(REALTIME_LIMITS.watchesPerConnection - 1);
  });
});
