/**
 * Admin changes and their audit rows commit together or not at all, and concurrent role changes
 * never end in a deadlock answered as a 500.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { CARDS, buyers, expectCountersMatchRows, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe.each(backends)('admin writes and their audit rows on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;
  let event: EventBody;

  const reserve = async () => {
    const res = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 2 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ReservationBody>();
  };
  const row = (id: string) =>
    env.database.db
      .selectFrom('reservations')
      .select(['status', 'payment_method'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const auditRows = async (id: string) =>
    (await env.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()).length;
  /** The audit table refuses every insert, as a full disk or a broken constraint would. */
  const breakAuditWrites = async () => {
    if (backend === 'postgres') {
      await sql`create or replace function audit_refuses() returns trigger language plpgsql as $$
        begin raise exception 'audit log unavailable'; end $$`.execute(env.database.db);
      await sql`create trigger audit_refuses before insert on audit_log for each row execute function audit_refuses()`.execute(
        env.database.db,
      );
    } else {
      await sql`create trigger audit_refuses before insert on audit_log begin select raise(abort, 'audit log unavailable'); end`.execute(
        env.database.db,
      );
    }
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
    event = await gaEvent(env, app, 50);
  });
  afterEach(async () => {
    await sql`drop trigger if exists audit_refuses ${sql.raw(backend === 'postgres' ? 'on audit_log' : '')}`.execute(
      env.database.db,
    );
  });
  afterAll(() => env.close());

  it('rolls an admin cancel back when its audit row cannot be written', async () => {
    const r = await reserve();
    await breakAuditWrites();
    const res = await admin.post(`/api/admin/reservations/${r.id}/cancel`, { refund: false });
    expect(res.statusCode).toBe(500);
    expect((await row(r.id)).status).toBe('pending_payment');
    await expectCountersMatchRows(env, event.id);
  });

  it('rolls an admin refund back when its audit row cannot be written: no money moves', async () => {
    const r = await reserve();
    expect((await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);
    await breakAuditWrites();
    expect((await admin.post(`/api/admin/reservations/${r.id}/cancel`, { refund: true })).statusCode).toBe(500);
    expect((await row(r.id)).status).toBe('paid');
    const refunds = await env.database.db
      .selectFrom('payments')
      .select('id')
      .where('reservation_id', '=', r.id)
      .where('kind', '=', 'refund')
      .execute();
    expect(refunds).toEqual([]);
    await expectCountersMatchRows(env, event.id);
  });

  it('rolls a mark-paid back when its audit row cannot be written', async () => {
    const r = await reserve();
    await breakAuditWrites();
    expect((await admin.post(`/api/admin/reservations/${r.id}/mark-paid`, { method: 'cash' })).statusCode).toBe(500);
    expect(await row(r.id)).toEqual({ status: 'pending_payment', payment_method: null });
    await expectCountersMatchRows(env, event.id);
  });

  it('writes exactly one audit row with each cancel and mark-paid that commits', async () => {
    const a = await reserve();
    const b = await reserve();
    expect((await admin.post(`/api/admin/reservations/${a.id}/mark-paid`, { method: 'cash' })).statusCode).toBe(200);
    expect((await admin.post(`/api/admin/reservations/${b.id}/cancel`, { refund: false })).statusCode).toBe(200);
    expect(await auditRows(a.id)).toBe(1);
    expect(await auditRows(b.id)).toBe(1);
  });
});

describe.each(backends)('concurrent role changes on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  it('answers every change (200 or 409), never a 500, and always leaves an active admin', async () => {
    const admins = await Promise.all(Array.from({ length: 3 }, () => adminClient(env, app)));
    const others: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = new TestClient(app, `10.77.0.${i + 1}`);
      others.push((await c.register(uniqueEmail('role'))).id);
    }
    const adminIds = (
      await env.database.db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').execute()
    ).map((u) => u.id);
    const targets = [...adminIds, ...others];
    // 15 changes at once: enough to deadlock, within the pool of 10 connections the app opens.
    for (let round = 0; round < 8; round++) {
      // A 503 (no pool connection within its wait on a loaded machine) is an honest "try again":
      // sent again, as a client would; what may never come back is a 500.
      const change = async (a: TestClient, id: string, role: string) => {
        for (let tries = 1; ; tries++) {
          const res = await a.patch(`/api/admin/users/${id}`, { role });
          if (res.statusCode !== 503 || tries >= 5) return res;
        }
      };
      const answers = await Promise.all(
        targets.flatMap((id, i) => admins.map((a, j) => change(a, id, (i + j + round) % 2 === 0 ? 'admin' : 'staff'))),
      );
      for (const res of answers) expect([200, 403, 409], res.body).toContain(res.statusCode);
      const active = await env.database.db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .execute();
      expect(active.length).toBeGreaterThan(0);
    }
  });
});
