/**
 * A layout keeps the editor's own fields as sent, but not at any depth: a field nested thousands
 * of levels deep parses (JSON.parse does not recurse) and then overflowed the stack where the
 * layout was written back as JSON, a 500 for a manager or an events:write API token. It is a 400
 * now, on creation and on change, and the shallow editor data of a real drawing is still kept.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, createVenue, gridLayout } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** A venue body (JSON text) whose first section carries `shape` nested `depth` objects deep. */
function venueText(depth: number): string {
  const layout = gridLayout(2, 3);
  const marker = '"__DEEP__"';
  const text = JSON.stringify({
    name: 'Deep',
    address: 'Street 1',
    city: 'Iasi',
    capacity: 6,
    layout: { ...layout, sections: [{ ...layout.sections[0], shape: '__DEEP__' }] },
  });
  return text.replace(marker, '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

describe.each(backends)('deeply nested layout fields on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
  });
  afterAll(() => env.close());

  const send = (method: 'POST' | 'PATCH', url: string, text: string) =>
    admin.request(method, url, text, { headers: { 'content-type': 'application/json' } });

  it('answers 400, not 500, for a field nested past the limit, on creation and on change', async () => {
    for (const depth of [100_000, 1_000]) {
      const created = await send('POST', '/api/venues', venueText(depth));
      expect([depth, created.statusCode, created.headers['content-type']]).toEqual([
        depth,
        400,
        'application/problem+json; charset=utf-8',
      ]);
    }
    const venue = await createVenue(admin);
    const patchText = venueText(100_000).replace(/^\{"name":"Deep","address":"Street 1","city":"Iasi","capacity":6,/, '{');
    const patched = await send('PATCH', `/api/venues/${venue.id}`, patchText);
    expect([patched.statusCode, patched.json<{ code: string }>().code]).toEqual([400, 'validation_failed']);
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });

  it('keeps editor data of ordinary depth', async () => {
    const created = await send('POST', '/api/venues', venueText(8));
    expect(created.statusCode, created.body).toBe(201);
    let shape: unknown = created.json<{ layout: { sections: { shape: unknown }[] } }>().layout.sections[0]?.shape;
    let depth = 0;
    while (typeof shape === 'object' && shape !== null) {
      shape = (shape as { a: unknown }).a;
      depth++;
    }
    expect([depth, shape]).toEqual([8, 1]);
  });
});
