/**
 * The waiting-list offer email counts its tickets the language's way: Romanian has three forms
 * (1 bilet, 2 bilete, 20 de bilete), each with its own agreement, and English says "1 ticket",
 * never "ticket(s)" / "bilet(e)". In Romanian it speaks to the buyer as every other email does
 * ("dumneavoastră"), not with "tu".
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfferScheduler } from '../../src/waitlist/offer-scheduler.js';
import { offerEmailBody } from '../../src/waitlist/offer-messages.js';
import { backends } from '../support/backends.js';
import { TestClient } from '../support/client.js';
import { buyers, gaEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const offer = {
  title: 'Jazz',
  startsAt: '2026-12-18T17:00:00.000Z',
  expiresAt: '2026-12-05T22:49:00.000Z',
  timeZone: 'Europe/Bucharest',
  link: 'https://tickets.example/reservations/x',
};

describe('the waiting-list offer email words', () => {
  it('uses the Romanian one / few / other forms and the English singular', () => {
    const ro = (quantity: number) => offerEmailBody('ro', { ...offer, quantity });
    expect(ro(1)).toContain('1 bilet pentru Jazz');
    expect(ro(1)).toContain('a redevenit disponibil');
    expect(ro(2)).toContain('2 bilete pentru Jazz');
    expect(ro(20)).toContain('20 de bilete pentru Jazz');
    expect(ro(101)).toContain('101 bilete pentru Jazz');
    for (const quantity of [1, 2, 20]) {
      expect(ro(quantity)).toContain('pentru dumneavoastră');
      expect(ro(quantity)).not.toMatch(/\b(tine|Plătește)\b/u);
    }
    expect(offerEmailBody('en', { ...offer, quantity: 1 })).toContain('1 ticket for Jazz (');
    expect(offerEmailBody('en', { ...offer, quantity: 3 })).toContain('3 tickets for Jazz (');
    for (const text of [ro(1), ro(2), ro(20), offerEmailBody('en', { ...offer, quantity: 1 })]) {
      expect(text).not.toMatch(/\((s|e)\)/);
      expect(text).toContain('EET'); // the event's zone, not the server's
    }
  });
});

describe.each(backends)('waiting-list offer emails on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  it('tells a Romanian buyer offered one ticket "1 bilet", and one offered two "2 bilete"', async () => {
    const event = await gaEvent(env, app, 3, { maxTicketsPerOrder: 3 });
    const [holder, one, two] = (await buyers(app, 3)) as [TestClient, TestClient, TestClient];
    for (const c of [one, two]) expect((await c.patch('/api/auth/me', { locale: 'ro' })).statusCode).toBe(200);
    const held = await holder.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 3 }],
    });
    expect(held.statusCode, held.body).toBe(201);
    for (const [c, quantity] of [
      [one, 1],
      [two, 2],
    ] as const)
      expect(
        (await c.post(`/api/events/${event.id}/waitlist`, { ticketTypeId: event.ticketTypes[0]?.id, quantity })).statusCode,
      ).toBe(201);
    expect((await holder.post(`/api/reservations/${held.json<ReservationBody>().id}/cancel`)).statusCode).toBe(200);
    const scheduler = new OfferScheduler(
      app.services.database.db,
      { offerMinutes: 120, publicUrl: env.config.publicUrl },
      app.services.announce,
      pino({ level: 'silent' }),
    );
    await scheduler.sweep();
    const mails = await env.database.db
      .selectFrom('email_outbox as m')
      .innerJoin('reservations as r', 'r.id', 'm.reservation_id')
      .select(['m.body', 'r.total_cents'])
      .where('m.kind', '=', 'waitlist_offered')
      .where('r.event_id', '=', event.id)
      .orderBy('r.total_cents')
      .execute();
    expect(mails.map((m) => m.total_cents)).toEqual([2500, 5000]);
    expect(mails[0]?.body).toContain('1 bilet pentru');
    expect(mails[1]?.body).toContain('2 bilete pentru');
    for (const m of mails) expect(m.body).not.toContain('bilet(e)');
  });
});
