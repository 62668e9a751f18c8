/**
 * Emails and notifications in the reader's language and the event's zone (issue 15): a Romanian
 * buyer's confirmation says the Cluj time in Romanian, an English buyer's the same time in English;
 * the declined-payment notification words its deadline as a local time (no raw ISO text) and keeps
 * the data (key, code, instant) for clients; account emails follow the account's language.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { accountEmailsTo } from '../support/account-emails.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { CARDS } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { reserveAndPay } from './ticket-fixtures.js';

/** 19:00 in Cluj (EET, +02:00). */
const STARTS = '2027-01-15T17:00:00.000Z';
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

describe.each(backends)('mail and notifications in the reader language on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let event: EventBody;
  let ip = 0;
  const buyer = async (locale: 'en' | 'ro') => {
    const client = new TestClient(app, `10.91.0.${++ip}`);
    const email = uniqueEmail(locale);
    await client.register(email, 'a long enough passphrase', locale === 'ro' ? 'Ioana Pop' : 'Jane Roe');
    expect((await client.patch('/api/auth/me', { locale })).statusCode).toBe(200);
    return { client, email };
  };
  const mailFor = (reservationId: string) =>
    env.database.db.selectFrom('email_outbox').selectAll().where('reservation_id', '=', reservationId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    const admin = await adminClient(env, app);
    const venue = await createVenue(admin, {
      name: 'Sala Mică',
      address: 'Strada Memorandumului 28',
      city: 'Cluj-Napoca',
      timeZone: 'Europe/Bucharest',
    });
    event = await createEvent(
      admin,
      eventInput(venue.id, { title: 'Jazz Club Night', startsAt: STARTS, endsAt: '2027-01-15T20:00:00.000Z', currency: 'RON' }),
    );
  });
  afterAll(() => env.close());

  it('writes the payment confirmation in Romanian or English, both at 19:00 EET in Cluj', async () => {
    const ro = await buyer('ro');
    const en = await buyer('en');
    const roPaid = await reserveAndPay(ro.client, event.id, event.ticketTypes[0]?.id ?? '', 1);
    const enPaid = await reserveAndPay(en.client, event.id, event.ticketTypes[0]?.id ?? '', 1);
    const roMail = await mailFor(roPaid.id);
    const enMail = await mailFor(enPaid.id);
    expect(roMail.subject).toBe(`Biletele dumneavoastră pentru Jazz Club Night (${roPaid.code})`);
    expect(roMail.body).toContain('Bună ziua, Ioana Pop,');
    expect(roMail.body).toContain('Când: vineri, 15 ianuarie 2027 la 19:00 EET');
    expect(roMail.body).toContain('Unde: Sala Mică, Strada Memorandumului 28, Cluj-Napoca');
    expect(enMail.subject).toBe(`Your tickets for Jazz Club Night (${enPaid.code})`);
    expect(enMail.body).toContain('When: Friday, 15 January 2027 at 19:00 EET');
    // No UTC anywhere and no ISO instant ("…T17:00:00.000Z"); a reservation code may well end in Z.
    for (const body of [roMail.body, enMail.body]) expect(body).not.toMatch(/UTC|\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/);
  });

  it('words a declined payment deadline as a local time and keeps the instant as data', async () => {
    const ro = await buyer('ro');
    const held = await ro.client.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    const { id, code, expiresAt } = held.json<{ id: string; code: string; expiresAt: string }>();
    const declined = await ro.client.post(`/api/reservations/${id}/pay`, { method: 'card', card: CARDS.declined });
    expect(declined.statusCode).toBe(402);
    const list = await ro.client.get('/api/notifications');
    const failed = list
      .json<{
        items: { type: string; title: string; body: string; message?: { key: string; params: Record<string, unknown> } }[];
      }>()
      .items.find((n) => n.type === 'payment_failed');
    expect(failed).toBeDefined();
    expect(failed?.title).toBe('Plata nu a reușit');
    expect(failed?.body).toContain(`Plata pentru rezervarea ${code} a fost refuzată. Puteți încerca din nou până la `);
    expect(failed?.body).toMatch(/\d\d:\d\d EET\.$/);
    expect(failed?.body).not.toMatch(ISO);
    expect(failed?.message).toMatchObject({
      key: 'notification.payment_failed.body', // The zone travels with the instant, so a client words "until" at the event's clock too.
      params: { code, until: expiresAt, timeZone: 'Europe/Bucharest' },
    });
  });

  it('words cancellation and refund notices in the reader language, from data, never in English', async () => {
    type Listed = { type: string; title: string; body: string; message?: { key: string; params: Record<string, unknown> } };
    const notices = async (client: TestClient) => (await client.get('/api/notifications')).json<{ items: Listed[] }>().items;
    const admin = await adminClient(env, app);

    // The buyer cancels a paid reservation: refunded through the provider, told in Romanian with the amount.
    const ro = await buyer('ro');
    const paid = await reserveAndPay(ro.client, event.id, event.ticketTypes[0]?.id ?? '', 1);
    expect((await ro.client.post(`/api/reservations/${paid.id}/cancel`)).statusCode).toBe(200);
    const refund = (await notices(ro.client)).find((n) => n.type === 'refund_issued');
    expect(refund?.title).toBe('Rambursare efectuată');
    expect(refund?.body).toMatch(
      new RegExp(
        `^Rezervarea ${paid.code} a fost anulată la cererea dumneavoastră, iar suma de [\\d.,]+\\sRON a fost rambursată\\.$`,
      ),
    );
    expect(refund?.message).toMatchObject({
      key: 'notification.refund_issued.byBuyer',
      // The event's zone travels with every message: a client words even its arrival at the event's clock.
      params: { code: paid.code, currency: 'RON', timeZone: 'Europe/Bucharest' },
    });

    // The organiser cancels an unpaid hold: told so, in Romanian.
    const held = await ro.client.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    const hold = held.json<{ id: string; code: string }>();
    expect((await admin.post(`/api/admin/reservations/${hold.id}/cancel`, { refund: false })).statusCode).toBe(200);
    const cancelled = (await notices(ro.client)).find((n) => n.type === 'reservation_cancelled');
    expect(cancelled?.title).toBe('Rezervare anulată');
    expect(cancelled?.body).toBe(`Rezervarea ${hold.code} a fost anulată de organizator.`);

    // An organiser's edit of the reservation: Romanian too.
    const again = await reserveAndPay(ro.client, event.id, event.ticketTypes[0]?.id ?? '', 1);
    expect((await admin.patch(`/api/admin/reservations/${again.id}`, { note: 'VIP' })).statusCode).toBe(200);
    const changed = (await notices(ro.client)).find((n) => n.type === 'reservation_changed');
    expect(changed?.body).toBe(`Un organizator a actualizat rezervarea ${again.code}.`);

    for (const notice of await notices(ro.client)) {
      expect(notice.message?.key, notice.body).toMatch(/^notification\./);
      expect(notice.body).not.toMatch(/Reservation|cancelled|refunded|organiser/);
    }
  });

  it('writes account emails in the account language', async () => {
    const client = new TestClient(app, '10.91.1.1');
    const email = uniqueEmail('ro-reset');
    await client.register(email);
    await client.patch('/api/auth/me', { locale: 'ro' });
    const other = new TestClient(app, '10.91.1.2');
    expect((await other.post('/api/auth/password-reset', { email })).statusCode).toBe(204);
    const mails = await accountEmailsTo(env.database.db, email);
    const reset = mails.find((m) => m.kind === 'password_reset');
    expect(reset).toMatchObject({ subject: 'Resetați parola iaTichet' });
    expect(reset?.body).toContain('pentru a alege o parolă nouă');

    const roEmail = uniqueEmail('ro-new');
    const registered = await new TestClient(app, '10.91.1.3').post('/api/auth/register', {
      email: roEmail,
      password: 'a long enough passphrase',
      name: 'Ana',
      locale: 'ro',
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const verify = (await accountEmailsTo(env.database.db, roEmail)).find((m) => m.kind === 'verify_email');
    expect(verify).toMatchObject({ subject: 'Confirmați adresa de email pentru iaTichet' });
    expect(verify?.body).toMatch(/^Bună ziua,\n\npentru a confirma/);
  });
});
