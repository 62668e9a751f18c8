/**
 * 0011-time-zones-short-codes on a populated database: every ticket sold before it gets its own
 * short code, venues and events get the default zone, nothing is lost down and up again, and the
 * database itself refuses a second ticket with the same short code.
 */
import { randomUUID } from 'node:crypto';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { SHORT_CODE_ALPHABET } from '../../src/tickets/short-code.js';
import { backends } from '../support/backends.js';
import type { TestClient } from '../support/client.js';
import { CARDS, buyers, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const BEFORE = '0010-payment-settlement';

describe.each(backends)('the short-code migration on a populated %s database', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());
  const db = () => env.database.db;

  it('backfills a distinct short code for every ticket and the default zone for venues and events', async () => {
    const app = await env.startApp({}, { backgroundJobs: false });
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const event = await gaEvent(env, app, 60, { maxTicketsPerOrder: 30 });
    for (let i = 0; i < 8; i++) {
      const held = await buyer.post('/api/reservations', {
        eventId: event.id,
        items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 + (i % 3) }],
      });
      expect(held.statusCode, held.body).toBe(201);
      if (i % 2 === 0)
        await buyer.post(`/api/reservations/${held.json<ReservationBody>().id}/pay`, { method: 'card', card: CARDS.ok });
    }
    await app.close();
    const tickets = await db()
      .selectFrom('tickets')
      .select(['id', 'reservation_id', 'qr', 'checked_in_at'])
      .orderBy('id')
      .execute();
    expect(tickets.length).toBeGreaterThan(8);

    const migrator = new Migrator({ db: db(), provider: migrationProvider });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(
      await db().selectFrom('tickets').select(['id', 'reservation_id', 'qr', 'checked_in_at']).orderBy('id').execute(),
    ).toEqual(tickets);
    expect(await migrateToLatest(db())).toContain('0011-time-zones-short-codes');

    const after = await db()
      .selectFrom('tickets')
      .select(['id', 'reservation_id', 'qr', 'checked_in_at', 'short_code'])
      .orderBy('id')
      .execute();
    expect(after.map(({ short_code: _, ...rest }) => rest)).toEqual(tickets);
    const codes = after.map((t) => t.short_code ?? '');
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${SHORT_CODE_ALPHABET}]{10}$`));
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set((await db().selectFrom('venues').select('time_zone').execute()).map((v) => v.time_zone))).toEqual(
      new Set(['Europe/Bucharest']),
    );
    expect(new Set((await db().selectFrom('events').select('time_zone').execute()).map((e) => e.time_zone))).toEqual(
      new Set(['Europe/Bucharest']),
    );

    // The unique index: a second ticket with a taken code is refused by the database.
    const first = after[0];
    if (first === undefined) throw new Error('no ticket');
    const row = await db().selectFrom('tickets').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    await expect(
      db()
        .insertInto('tickets')
        .values({ ...row, id: randomUUID(), position: 99, qr: null })
        .execute(),
    ).rejects.toThrow();
  });

  it('applies 0011 to a database that already ran the migrations numbered after it', async () => {
    const migrator = new Migrator({ db: db(), provider: migrationProvider });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    // As a database that ran main before this branch was merged: every migration but 0011.
    const all = await migrationProvider.getMigrations();
    const without = Object.fromEntries(Object.entries(all).filter(([name]) => name !== '0011-time-zones-short-codes'));
    const earlier = new Migrator({ db: db(), provider: { getMigrations: () => Promise.resolve(without) } });
    const later = await earlier.migrateToLatest();
    expect(later.error).toBeUndefined();
    expect(await migrateToLatest(db())).toEqual(['0011-time-zones-short-codes']);
    const tickets = await db().selectFrom('tickets').select('short_code').execute();
    expect(tickets.every((t) => t.short_code !== null)).toBe(true);
  });
});
