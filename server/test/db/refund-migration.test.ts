/**
 * 0008-refund-policy on a populated database: SQLite rebuilds the reservations table to change its
 * status CHECK, with foreign keys off around it. Nothing that hangs off a reservation (tickets,
 * items, payments, cascading from it) may be lost, every index comes back, foreign keys are on
 * again afterwards, and the new status is allowed while a made-up one is still refused.
 */
import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { backends } from '../support/backends.js';
import { indexNames } from '../support/db-indexes.js';
import type { TestClient } from '../support/client.js';
import { CARDS, buyers, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const BEFORE = '0006-reservation-expiry-index';

describe.each(backends)('the refund migration on a populated %s database', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());

  const db = () => env.database.db;
  const counts = async () => {
    const n = async (table: 'reservations' | 'tickets' | 'reservation_items' | 'payments' | 'notifications') => {
      const row = await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    };
    return {
      reservations: await n('reservations'),
      tickets: await n('tickets'),
      items: await n('reservation_items'),
      payments: await n('payments'),
      notifications: await n('notifications'),
    };
  };
  const reservationIndexes = () => indexNames(db(), 'reservations');

  it('keeps every reservation, ticket, item and payment through the migration, down and up', async () => {
    const app = await env.startApp({}, { backgroundJobs: false });
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const event = await gaEvent(env, app, 40);
    for (let i = 0; i < 6; i++) {
      const held = await buyer.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 + (i % 3) }],
      });
      expect(held.statusCode, held.body).toBe(201);
      if (i % 2 === 0)
        await buyer.post(`/api/reservations/${held.json<ReservationBody>().id}/pay`, { method: 'card', card: CARDS.ok });
    }
    await app.close();
    const before = await counts();
    const rows = await db().selectFrom('reservations').selectAll().orderBy('id').execute();
    const indexes = await reservationIndexes();
    expect(before.tickets).toBeGreaterThan(6);

    const migrator = new Migrator({ db: db(), provider: migrationProvider });
    const down = await migrator.migrateTo(BEFORE);
    expect(down.error).toBeUndefined();
    expect(await counts()).toEqual(before);
    expect(await migrateToLatest(db())).toContain('0008-refund-policy');

    expect(await counts()).toEqual(before);
    expect(await db().selectFrom('reservations').selectAll().orderBy('id').execute()).toEqual(rows);
    expect(await reservationIndexes()).toEqual(indexes);
    const events = await db().selectFrom('events').select('refund_policy').execute();
    expect(events.map((e) => e.refund_policy)).toEqual(events.map(() => 'default'));
    if (backend === 'sqlite') {
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db());
      expect(fk.rows[0]?.foreign_keys).toBe(1);
    }
  });

  it('allows refund_pending, still refuses a made-up status, and still cascades from reservations', async () => {
    const [first] = await db().selectFrom('reservations').selectAll().limit(1).execute();
    if (first === undefined) throw new Error('the first test populates the database');
    await db().updateTable('reservations').set({ status: 'refund_pending' }).where('id', '=', first.id).execute();
    await expect(
      db()
        .updateTable('reservations')
        .set({ status: 'lost' as 'paid' })
        .where('id', '=', first.id)
        .execute(),
    ).rejects.toThrow();
    await expect(
      db()
        .insertInto('tickets')
        .values({
          id: randomUUID(),
          reservation_id: 'no-such-reservation',
          event_id: first.event_id,
          ticket_type_id: 'x',
          seat_id: null,
          attendee_name: null,
          position: 0,
          checked_in_at: null,
        })
        .execute(),
    ).rejects.toThrow();
    await db().deleteFrom('reservations').where('id', '=', first.id).execute();
    const orphans = await db().selectFrom('tickets').select('id').where('reservation_id', '=', first.id).execute();
    expect(orphans).toEqual([]);
  });
});
