/**
 * 0014-organizers and 0015-audit-organizers on a populated database: venues, events, reservations,
 * tickets and audit entries made through the app, the schema taken back to 0013 (before
 * organizers), then migrated to the latest. Every venue and event ends under the default
 * organizer, every audit entry of those records (and of their reservations) is filed under it, the
 * rows are all still there, and the migrated database serves the default organizer's team.
 */
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { reserveAndPay } from '../tickets/ticket-fixtures.js';

const BEFORE_ORGANIZERS = '0013-offline-checkin';

describe.each(backends)('the organizers migration on a populated %s database', (backend) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());

  const db = () => env.database.db;
  const counts = async () => {
    const n = async (table: 'venues' | 'events' | 'reservations' | 'tickets' | 'audit_log') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      venues: await n('venues'),
      events: await n('events'),
      reservations: await n('reservations'),
      tickets: await n('tickets'),
      audit: await n('audit_log'),
    };
  };

  it('puts every venue, event and their audit entries under the default organizer', async () => {
    let app = await env.startApp({}, { backgroundJobs: false });
    const admin = await adminClient(env, app);
    const [buyer] = (await buyers(app, 1)) as [TestClient];
    const hall = await createVenue(admin, { name: 'Old Hall' });
    const gone = await createVenue(admin, { name: 'Demolished' });
    expect((await admin.delete(`/api/venues/${gone.id}`)).statusCode).toBe(204);
    const show = await createEvent(admin, eventInput(hall.id, { title: 'Old Show' }));
    const draft = await createEvent(admin, eventInput(hall.id, { title: 'Old Draft' }), false);
    const paid = await reserveAndPay(buyer, show.id, show.ticketTypes[0]?.id ?? '', 2);
    expect((await admin.patch(`/api/admin/reservations/${paid.id}`, { note: 'VIP' })).statusCode).toBe(200);
    await app.close();

    // Back to before organizers: the columns go; the rows stay.
    const before = await counts();
    const down = await new Migrator({ db: db(), provider: migrationProvider }).migrateTo(BEFORE_ORGANIZERS);
    expect(down.error).toBeUndefined();
    expect(await counts()).toEqual(before);
    // Entries as the app wrote them before organizers: a reservation edit included.
    expect(before.audit).toBeGreaterThanOrEqual(6);

    expect(await migrateToLatest(db())).toEqual(expect.arrayContaining(['0014-organizers', '0015-audit-organizers']));
    expect(await counts()).toEqual(before);
    const organizer = await db().selectFrom('organizers').selectAll().where('is_default', '=', 1).executeTakeFirstOrThrow();
    const venues = await db().selectFrom('venues').select('organizer_id').execute();
    const events = await db().selectFrom('events').select('organizer_id').execute();
    expect(new Set([...venues, ...events].map((r) => r.organizer_id))).toEqual(new Set([organizer.id]));
    const audit = await db().selectFrom('audit_log').select(['entity_type', 'entity_id', 'organizer_id']).execute();
    const ofRecords = audit.filter((r) => ['venue', 'event', 'reservation', 'ticket'].includes(r.entity_type));
    expect(ofRecords.map((r) => r.entity_id)).toEqual(expect.arrayContaining([hall.id, gone.id, show.id, draft.id, paid.id]));
    expect(ofRecords.filter((r) => r.organizer_id !== organizer.id)).toEqual([]);

    // The migrated database works: the default organizer's manager sees its records, and its history.
    app = await env.startApp({}, { backgroundJobs: false });
    const siteAdmin = await adminClient(env, app);
    const [person] = (await buyers(app, 1)) as [TestClient];
    const me = (await person.get('/api/auth/me')).json<{ user: { email: string } }>().user;
    expect(
      (await siteAdmin.post(`/api/organizers/${organizer.id}/members`, { email: me.email, role: 'manager' })).statusCode,
    ).toBe(201);
    const listed = (await person.get('/api/events?status=draft')).json<{ items: { id: string; organizerId: string }[] }>();
    expect(listed.items).toEqual([expect.objectContaining({ id: draft.id, organizerId: organizer.id })]);
    const history = (await person.get('/api/admin/audit?limit=100')).json<{ items: { entityId: string }[] }>();
    expect(history.items.map((x) => x.entityId)).toEqual(expect.arrayContaining([hall.id, gone.id, show.id, paid.id]));
    expect((await person.get(`/api/admin/reservations/${paid.id}`)).json()).toMatchObject({ status: 'paid' });
    await app.close();
  });
});
