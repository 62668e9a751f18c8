/**
 * PostgreSQL becomes unreachable in the middle of a burst of reservations (the app reaches it
 * through a proxy the test cuts): every request answers, none with 500; while it is down, requests
 * fail fast with 503; afterwards they succeed again, and no reservation is half written.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../support/backends.js';
import type { TestClient } from '../support/client.js';
import { buyers, CARDS, expectCountersMatchRows, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { CuttableProxy, eventually } from '../support/tcp-proxy.js';

describe.runIf(postgresUrl)('PostgreSQL outage in the middle of a sale', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let proxy: CuttableProxy;
  let event: EventBody;
  let people: TestClient[];

  beforeAll(async () => {
    proxy = CuttableProxy.for(postgresUrl ?? '', 5432);
    await proxy.open();
    env = await createTestEnvironment('postgres', { databaseUrl: proxy.rewrite(postgresUrl ?? '') });
    app = await env.startApp();
    event = await gaEvent(env, app, 40);
    people = await buyers(app, 12);
    for (const p of people) await p.token();
  });
  afterAll(async () => {
    await proxy.cut();
    await env.close();
  });

  const reserve = (buyer: TestClient, quantity = 2) =>
    buyer.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity }] });

  it('answers 201 or 503 (never 500) across the cut, fails fast while down, recovers, and leaves no half-written reservation', async () => {
    // A burst of holds, with the database cut while they are in flight.
    // The cut comes as soon as the first hold has answered, so the others are mid-transaction.
    const requests = people.slice(0, 8).map((p) => reserve(p));
    const burst = Promise.all(requests);
    await Promise.race(requests);
    await proxy.cut();
    const during = await burst;
    for (const res of during) expect([201, 503], res.body).toContain(res.statusCode);

    // While it is down: a problem+json 503 within a few seconds (the pool's connect timeout), not a hang.
    const started = Date.now();
    const down = await reserve(people[8] as TestClient);
    expect(down.statusCode, down.body).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
    expect(down.json()).toMatchObject({ code: 'service_unavailable' });
    expect(Date.now() - started).toBeLessThan(8000);
    const publicRead = await app.inject(`/api/events/${event.id}/seats`);
    expect([200, 503]).toContain(publicRead.statusCode);

    await proxy.open();
    expect(await eventually(async () => (await app.inject('/readyz')).statusCode === 200)).toBe(true);

    // Afterwards: a hold and a payment go through.
    const after = await reserve(people[9] as TestClient, 1);
    expect(after.statusCode, after.body).toBe(201);
    const paid = await (people[9] as TestClient).post(`/api/reservations/${after.json<ReservationBody>().id}/pay`, {
      method: 'card',
      card: CARDS.ok,
    });
    expect(paid.json<ReservationBody>().status).toBe('paid');

    // Nothing half written: every answered hold exists with its tickets, no reservation lacks
    // tickets, and every counter equals the rows behind it.
    const db = env.database.db;
    for (const res of during.filter((r) => r.statusCode === 201)) {
      const r = res.json<ReservationBody>();
      const tickets = await db.selectFrom('tickets').select('id').where('reservation_id', '=', r.id).execute();
      expect(tickets).toHaveLength(2);
    }
    const empty = await db
      .selectFrom('reservations')
      .leftJoin('tickets', 'tickets.reservation_id', 'reservations.id')
      .select('reservations.id')
      .where('reservations.event_id', '=', event.id)
      .where('tickets.id', 'is', null)
      .execute();
    expect(empty).toEqual([]);
    await expectCountersMatchRows(env, event.id);
  });
});
