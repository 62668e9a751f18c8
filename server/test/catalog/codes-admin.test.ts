/**
 * Managing an event's codes (issue 18), on SQLite and PostgreSQL: the terms are checked, a code is
 * unique per event whatever its case, bulk generation makes exactly `count` unique codes, the CSV
 * carries the uses, a limit cannot drop below the uses made and a used code cannot be deleted,
 * every change is audited, and a buyer may do none of it. The list pages newest first and finds
 * codes by part of their spelling.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface Code {
  id: string;
  code: string;
  uses: number;
  maxUses: number | null;
  active: boolean;
}

describe.each(backends)('managing codes on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
  });
  afterAll(() => env.close());

  it('refuses terms that do not fit together, with the field, and changes nothing', async () => {
    const event = await gaEvent(env, app, 10);
    const bad = [
      [{ code: 'BOTH', kind: 'discount', percentOff: 10, amountOffCents: 100 }, '/amountOffCents'],
      [{ code: 'NONE', kind: 'discount' }, '/percentOff'],
      [{ code: 'TYPE', kind: 'access', ticketTypeIds: ['not-this-event'] }, '/ticketTypeIds'],
      [{ code: 'WHEN', kind: 'access', validFrom: '2030-01-02T00:00:00Z', validUntil: '2030-01-01T00:00:00Z' }, '/validUntil'],
    ] as const;
    for (const [body, path] of bad) {
      const res = await admin.post(`/api/events/${event.id}/codes`, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
    }
    expect((await admin.post(`/api/events/${event.id}/codes`, { code: 'a b', kind: 'access' })).statusCode).toBe(400);
    expect((await admin.get(`/api/events/${event.id}/codes`)).json()).toEqual({ items: [], nextCursor: null });
  });

  it('keeps one code per spelling in any case, lets no buyer in, and audits each change', async () => {
    const event = await gaEvent(env, app, 10);
    const made = await admin.post(`/api/events/${event.id}/codes`, { code: 'Spring', kind: 'discount', percentOff: 20 });
    expect(made.statusCode).toBe(201);
    const code = made.json<Code>();
    expect(code).toMatchObject({ code: 'Spring', uses: 0, maxUses: null, active: true });
    expect((await admin.post(`/api/events/${event.id}/codes`, { code: 'SPRING', kind: 'access' })).statusCode).toBe(409);
    expect((await buyer.get(`/api/events/${event.id}/codes`)).statusCode).toBe(403);
    expect((await buyer.post(`/api/events/${event.id}/codes`, { code: 'MINE', kind: 'access' })).statusCode).toBe(403);
    const off = await admin.patch(`/api/events/${event.id}/codes/${code.id}`, { active: false });
    expect(off.json<Code>().active).toBe(false);
    expect((await admin.delete(`/api/events/${event.id}/codes/${code.id}`)).statusCode).toBe(204);
    expect((await admin.patch(`/api/events/${event.id}/codes/${code.id}`, { active: true })).statusCode).toBe(404);
    const audit = await env.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', code.id)
      .orderBy('created_at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['code.create', 'code.update', 'code.delete']);
  });

  it('generates exactly the codes asked for, unique, with the prefix, and exports them with their uses', async () => {
    const event = await gaEvent(env, app, 10);
    const res = await admin.post(`/api/events/${event.id}/codes/generate`, {
      count: 300,
      prefix: 'vip-',
      kind: 'discount',
      amountOffCents: 500,
      maxUses: 1,
    });
    expect(res.statusCode).toBe(201);
    const items = res.json<{ items: Code[] }>().items;
    expect(items).toHaveLength(300);
    expect(new Set(items.map((c) => c.code.toLowerCase())).size).toBe(300);
    for (const c of items) expect(c.code).toMatch(/^VIP-[A-HJKMNP-Z2-9]{10}$/);
    const first = items[0]?.code ?? '';
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity: 1 }],
      code: first.toLowerCase(),
    });
    expect(held.statusCode).toBe(201);
    const csv = await admin.get(`/api/events/${event.id}/codes.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('code,kind,percentOff,amountOffCents,ticketTypeIds,maxUses,uses,validFrom,validUntil,active');
    expect(lines).toHaveLength(301);
    expect(lines.find((l) => l.startsWith(`${first},`))).toBe(`${first},discount,,500,,1,1,,,true`);
  });

  it('refuses a limit below the uses made and the deletion of a used code', async () => {
    const event = await gaEvent(env, app, 10);
    const code = (
      await admin.post(`/api/events/${event.id}/codes`, { code: 'TWICE', kind: 'discount', percentOff: 5, maxUses: 5 })
    ).json<Code>();
    for (let i = 0; i < 2; i++)
      expect(
        (
          await buyer.post('/api/reservations', {
            eventId: event.id,
            items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity: 1 }],
            code: 'twice',
          })
        ).statusCode,
      ).toBe(201);
    expect((await admin.patch(`/api/events/${event.id}/codes/${code.id}`, { maxUses: 1 })).statusCode).toBe(409);
    expect((await admin.patch(`/api/events/${event.id}/codes/${code.id}`, { maxUses: 2 })).json<Code>()).toMatchObject({
      maxUses: 2,
      uses: 2,
    });
    expect((await admin.delete(`/api/events/${event.id}/codes/${code.id}`)).statusCode).toBe(409);
    expect((await admin.get(`/api/events/${event.id}/codes`)).json<{ items: Code[] }>().items).toHaveLength(1);
  });

  it('pages the codes newest first, each once, finds them by part of the code, and refuses a bad page', async () => {
    const event = await gaEvent(env, app, 10);
    const base = `/api/events/${event.id}/codes`;
    const batch = await admin.post(`${base}/generate`, { count: 45, prefix: 'P-', kind: 'access' });
    expect(batch.statusCode).toBe(201);
    const spring = (await admin.post(base, { code: 'Spring_50', kind: 'discount', percentOff: 50, maxUses: 3 })).json<Code>();
    expect(
      (
        await buyer.post('/api/reservations', {
          eventId: event.id,
          items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity: 1 }],
          code: 'SPRING_50',
        })
      ).statusCode,
    ).toBe(201);

    const everyPage = async (query: string) => {
      const pages: Code[][] = [];
      let cursor: string | null = null;
      do {
        const res = await admin.get(`${base}?${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
        expect(res.statusCode).toBe(200);
        const page = res.json<{ items: Code[]; nextCursor: string | null }>();
        pages.push(page.items);
        expect(page.nextCursor, 'every page names the next or null').not.toBeUndefined();
        cursor = page.nextCursor;
      } while (cursor !== null);
      return pages;
    };
    const pages = await everyPage('limit=20');
    expect(pages.map((p) => p.length)).toEqual([20, 20, 6]);
    const all = pages.flat();
    expect(new Set(all.map((c) => c.id)).size).toBe(46);
    // The code made last heads the list, with its use counted on the page.
    expect(all[0]).toMatchObject({ id: spring.id, uses: 1, maxUses: 3 });
    const generated = batch.json<{ items: Code[] }>().items.map((c) => c.id);
    expect(new Set(all.slice(1).map((c) => c.id))).toEqual(new Set(generated));

    // Found by any part, in any case; LIKE's wildcards are the characters themselves.
    expect((await everyPage('q=RING_5')).flat().map((c) => c.id)).toEqual([spring.id]);
    expect((await everyPage('q=_')).flat().map((c) => c.id)).toEqual([spring.id]);
    expect((await everyPage('q=p-&limit=100')).flat()).toHaveLength(45);
    expect((await everyPage('q=%25')).flat()).toEqual([]);
    // Without a limit, the first 20.
    expect((await admin.get(base)).json<{ items: Code[] }>().items).toHaveLength(20);

    for (const query of ['limit=0', 'limit=101', 'cursor=forged', `q=${'x'.repeat(41)}`, 'sort=code']) {
      const res = await admin.get(`${base}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
  });
});
