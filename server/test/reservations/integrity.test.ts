/** check:integrity finds what it exists to find: counter drift, oversell, seat drift, double sale. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { checkIntegrity } from '../../src/reservations/integrity.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent, seatedEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe('integrity check', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  beforeAll(async () => {
    env = await createTestEnvironment('sqlite');
    app = await env.startApp();
    [buyer] = (await buyers(app, 1)) as [TestClient];
  });
  afterAll(() => env.close());

  it('passes on consistent data and reports each kind of damage', async () => {
    const event = await gaEvent(env, app, 5);
    const typeId = event.ticketTypes[0]?.id ?? '';
    await buyer.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 2 }] });
    expect(await checkIntegrity(env.database.db)).toEqual([]);

    await env.database.db.updateTable('ticket_types').set({ held: 1 }).where('id', '=', typeId).execute();
    expect((await checkIntegrity(env.database.db)).map((p) => p.kind)).toEqual(['counter']);
    await env.database.db.updateTable('ticket_types').set({ held: 2 }).where('id', '=', typeId).execute();

    const { event: seated, seatIds } = await seatedEvent(env, app, 1, 2);
    await buyer.post('/api/reservations', { eventId: seated.id, seats: [seatIds[0]] });
    await env.database.db
      .updateTable('event_seats')
      .set({ status: 'free', reservation_id: null })
      .where('id', '=', seatIds[0] ?? '')
      .execute();
    const kinds = (await checkIntegrity(env.database.db, seated.id)).map((p) => p.kind);
    expect(kinds).toContain('seat_state');
  });
});
