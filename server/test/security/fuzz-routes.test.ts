/**
 * Property-based tests over every public route, generated from the app's OpenAPI document: random
 * and boundary path ids, query strings and JSON bodies, as a visitor, a buyer and an admin. Never a
 * 5xx, always problem+json for a 4xx, and a rejected request changes no row in any table.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createVenue, gridLayout } from '../support/catalog-fixtures.js';
import { TestClient } from '../support/client.js';
import { buyers, CARDS, gaEvent, seatedEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { operationsOf, requestFor, type GeneratedRequest, type Operation } from './openapi-arbitraries.js';
import { changedTables, snapshotTables } from './table-snapshot.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
/** Routes outside the JSON API, or exercised elsewhere (webhooks need a provider's signature). */
const SKIP = new Set(['/healthz', '/readyz', '/api/docs/json', '/api/docs/yaml']);
/** Destructive operations go last, so the fixtures live for the others. */
const order = (op: Operation) => (op.method === 'GET' ? 0 : op.method === 'DELETE' || op.path.endsWith('/cancel') ? 2 : 1);

describe.each(backends)('every route under random input (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let operations: Operation[];
  let ids: string[];
  let callers: { name: string; client: TestClient }[];
  let ip = 0;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    const admin = await adminClient(env, app);
    const [buyer, other] = await buyers(app, 2);
    if (buyer === undefined || other === undefined) throw new Error('no buyers');
    const ga = await gaEvent(env, app, 50);
    const seated = await seatedEvent(env, app, 2, 5);
    const venue = await createVenue(admin, { layout: gridLayout(1, 3) });
    const mine = (
      await buyer.post('/api/reservations', { eventId: ga.id, items: [{ ticketTypeId: ga.ticketTypes[0]?.id, quantity: 1 }] })
    ).json<ReservationBody>();
    const theirs = (
      await other.post('/api/reservations', { eventId: ga.id, items: [{ ticketTypeId: ga.ticketTypes[0]?.id, quantity: 1 }] })
    ).json<ReservationBody>();
    await other.post(`/api/reservations/${theirs.id}/pay`, { method: 'card', card: CARDS.ok });
    const users = (await admin.get('/api/admin/users')).json<{ items: { id: string }[] }>().items.map((u) => u.id);
    ids = [ga.id, seated.event.id, venue.id, mine.id, theirs.id, ...users, ...ga.ticketTypes.map((t) => t.id)];
    operations = operationsOf((await app.inject('/api/docs/json')).json())
      .filter((op) => !SKIP.has(op.path))
      .sort((a, b) => order(a) - order(b));
    callers = [
      { name: 'visitor', client: new TestClient(app, '10.90.0.1') },
      { name: 'buyer', client: buyer },
      { name: 'admin', client: admin },
    ];
  });
  afterAll(() => env.close());

  async function send(client: TestClient, method: Operation['method'], req: GeneratedRequest) {
    const headers: Record<string, string> = {};
    if (client.cookies.size > 0) headers.cookie = client.cookieHeader();
    if (method !== 'GET') {
      headers['x-csrf-token'] = await client.token();
      headers.cookie = client.cookieHeader();
    }
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    // A fresh address per request: the per-address sign-in and sign-up limits are tested elsewhere.
    ip++;
    return app.inject({
      method,
      url: req.url,
      headers,
      remoteAddress: `10.91.${Math.floor(ip / 250) % 250}.${ip % 250}`,
      ...(req.body === undefined ? {} : { payload: req.rawBody ? (req.body as string) : JSON.stringify(req.body) }),
    });
  }

  it('covers the whole API as published in OpenAPI', () => {
    const paths = new Set(operations.map((op) => `${op.method} ${op.path}`));
    for (const expected of [
      'POST /api/auth/register',
      'GET /api/events/',
      'POST /api/reservations/',
      'POST /api/reservations/{id}/pay',
      'PATCH /api/admin/users/{id}',
      'PATCH /api/admin/reservations/{id}',
    ])
      expect(paths).toContain(expected);
  });

  it('never answers 5xx, answers problem+json for 4xx, and changes nothing when it rejects', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      for (const { name, client } of callers) {
        await fc
          .assert(
            fc.asyncProperty(requestFor(op, ids), async (req) => {
              // A 402 (declined card) records the attempt by design; only non-GET requests can write.
              const watch = op.method !== 'GET';
              const before = watch ? await snapshotTables(env.database.db) : undefined;
              const res = await send(client, op.method, req);
              const label = `${name} ${op.method} ${req.url} ${req.rawBody ? String(req.body) : JSON.stringify(req.body ?? null).slice(0, 300)}`;
              if (res.statusCode >= 500) {
                failures.push(`${label} -> ${res.statusCode} ${res.body.slice(0, 300)}`);
                return false;
              }
              // A page (the embed page) answers a missing event with a page, for the frame to show.
              const page = !op.path.startsWith('/api') && String(res.headers['content-type']).startsWith('text/html');
              if (res.statusCode >= 400 && !(page && res.statusCode === 404)) {
                expect(res.headers['content-type'], label).toContain('application/problem+json');
                const problem = res.json<{ status: number; code: string }>();
                expect(problem.status, label).toBe(res.statusCode);
                expect(typeof problem.code, label).toBe('string');
                if (before !== undefined && res.statusCode !== 402) {
                  const changed = changedTables(before, await snapshotTables(env.database.db));
                  if (changed.length > 0) failures.push(`${label} -> ${res.statusCode} but changed ${changed.join(', ')}`);
                  expect(changed, `${label} -> ${res.statusCode}`).toEqual([]);
                }
              }
              return true;
            }),
            { numRuns: RUNS, endOnFailure: true },
          )
          .catch((err: unknown) => {
            failures.push(String(err).split('\n').slice(0, 12).join('\n'));
          });
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
