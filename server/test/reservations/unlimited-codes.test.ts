/**
 * Unlimited codes (issue 18): their holds share-lock the code instead of counting into its row, so
 * their uses are the live reservations that name them. Protects: the uses an admin sees stay
 * exact under a crowd and after expiry, and giving such a code a limit while buyers are using it
 * counts every use made, so the limit is never passed, on SQLite and PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDue } from '../../src/reservations/expiry.js';
import { backends } from '../support/backends.js';
import type { TestClient } from '../support/client.js';
import { adminClient } from '../support/catalog-fixtures.js';
import { buyers, expectCountersMatchRows, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface ListedCode {
  id: string;
  code: string;
  uses: number;
  maxUses: number | null;
}

describe.each(backends)('unlimited codes on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let clients: TestClient[];

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
    clients = await buyers(app, 25);
    await Promise.all(clients.map((c) => c.token()));
  });
  afterAll(() => env.close());

  const buyer = (i: number) => clients[i % clients.length] as TestClient;
  const listed = async (eventId: string, codeId: string) => {
    const res = await admin.get(`/api/events/${eventId}/codes`);
    expect(res.statusCode).toBe(200);
    const found = res.json<{ items: ListedCode[] }>().items.find((c) => c.id === codeId);
    if (found === undefined) throw new Error('code not listed');
    return found;
  };
  const liveWithCode = async (codeId: string) =>
    Number(
      (
        await env.database.db
          .selectFrom('reservations')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('discount_code_id', '=', codeId)
          .where('status', 'in', ['pending_payment', 'paid'])
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('300 concurrent holds with one unlimited code all hold with it; the listed uses follow holds and expiry exactly', async () => {
    const event = await gaEvent(env, app, 1000, { maxTicketsPerOrder: 100 });
    const typeId = event.ticketTypes[0]?.id ?? '';
    const made = await admin.post(`/api/events/${event.id}/codes`, { code: 'EVERYONE', kind: 'discount', percentOff: 10 });
    expect(made.statusCode).toBe(201);
    const code = made.json<ListedCode>();
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        buyer(i).post('/api/reservations', {
          eventId: event.id,
          items: [{ ticketTypeId: typeId, quantity: 1 }],
          code: 'everyone',
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    for (const r of results) expect(r.json()).toMatchObject({ discountCode: 'EVERYONE', discountCents: 250 });
    expect(await listed(event.id, code.id)).toMatchObject({ uses: 300, maxUses: null });

    const ids = results.slice(0, 40).map((r) => r.json<{ id: string }>().id);
    await env.database.db
      .updateTable('reservations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', 'in', ids)
      .execute();
    // The app's own sweeper may expire some of them first: what matters is that all 40 are.
    await expireDue(env.database.db, { eventId: event.id });
    const statuses = await env.database.db.selectFrom('reservations').select('status').where('id', 'in', ids).execute();
    expect(statuses.map((r) => r.status)).toEqual(ids.map(() => 'expired'));
    expect((await listed(event.id, code.id)).uses).toBe(260);
    expect(await liveWithCode(code.id)).toBe(260);
    await expectCountersMatchRows(env, event.id);
  });

  it('a limit given while buyers use the code counts every use made, and the limit is never passed', async () => {
    const event = await gaEvent(env, app, 1000, { maxTicketsPerOrder: 100 });
    const typeId = event.ticketTypes[0]?.id ?? '';
    const code = (
      await admin.post(`/api/events/${event.id}/codes`, { code: 'RACE', kind: 'discount', amountOffCents: 100 })
    ).json<ListedCode>();
    const limit = 150;
    const holdWithCode = (i: number) =>
      buyer(i).post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }], code: 'RACE' });
    // 100 uses made while the code is unlimited, then 100 more buyers while the limit lands.
    const before = await Promise.all(Array.from({ length: 100 }, (_, i) => holdWithCode(i)));
    expect(before.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    const during = Array.from({ length: 100 }, (_, i) => holdWithCode(i + 100));
    const patched = await admin.patch(`/api/events/${event.id}/codes/${code.id}`, { maxUses: limit });
    const results = await Promise.all(during);
    expect(patched.statusCode).toBe(200);
    for (const r of results) {
      if (r.statusCode === 201) continue;
      // Refused only for the code: used up (422) or changed under the hold (409); never a 5xx.
      expect([409, 422]).toContain(r.statusCode);
      expect(['code_invalid', 'conflict']).toContain(r.json<{ code: string }>().code);
    }
    const live = await liveWithCode(code.id);
    const row = await env.database.db
      .selectFrom('discount_codes')
      .select(['uses', 'max_uses'])
      .where('id', '=', code.id)
      .executeTakeFirstOrThrow();
    // The row counts every live use, the 100 from before the limit too, and none went past it.
    expect(row).toEqual({ uses: live, max_uses: limit });
    expect(live).toBe(limit);
    expect(results.filter((r) => r.statusCode === 422).length).toBe(
      200 - limit - results.filter((r) => r.statusCode === 409).length,
    );
    expect((await listed(event.id, code.id)).uses).toBe(live);
    await expectCountersMatchRows(env, event.id);
  });

  it('refuses a limit below the uses already made, and takes one at or above them', async () => {
    const event = await gaEvent(env, app, 100, { maxTicketsPerOrder: 100 });
    const typeId = event.ticketTypes[0]?.id ?? '';
    const code = (
      await admin.post(`/api/events/${event.id}/codes`, { code: 'FEW', kind: 'discount', percentOff: 50 })
    ).json<ListedCode>();
    for (let i = 0; i < 5; i++)
      expect(
        (
          await buyer(i).post('/api/reservations', {
            eventId: event.id,
            items: [{ ticketTypeId: typeId, quantity: 1 }],
            code: 'FEW',
          })
        ).statusCode,
      ).toBe(201);
    const low = await admin.patch(`/api/events/${event.id}/codes/${code.id}`, { maxUses: 4 });
    expect(low.statusCode).toBe(409);
    expect((await listed(event.id, code.id)).maxUses).toBeNull();
    const ok = await admin.patch(`/api/events/${event.id}/codes/${code.id}`, { maxUses: 6 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ uses: 5, maxUses: 6 });
    const sixth = await buyer(6).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: typeId, quantity: 1 }],
      code: 'FEW',
    });
    const seventh = await buyer(7).post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: typeId, quantity: 1 }],
      code: 'FEW',
    });
    expect([sixth.statusCode, seventh.statusCode]).toEqual([201, 422]);
    expect((await listed(event.id, code.id)).uses).toBe(6);
  });
});
