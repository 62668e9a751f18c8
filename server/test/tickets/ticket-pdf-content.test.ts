/**
 * What the ticket PDF says (issue 15), read back with pdftotext and zbarimg: the event at the
 * venue's time with its zone, the venue address, the short code under each QR code, the holder's
 * name by the one rule, the type and price, the organizer and a terms line, in the buyer's
 * language; the phone page has its own file name. And one name everywhere: the API, the PDF, the
 * CSV export and the scanner give each ticket the same name.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShortCode } from '../../src/tickets/short-code.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, decodeQrCodes, pdfText, reserveAndPay } from './ticket-fixtures.js';
import { parseCsv } from '../support/csv.js';
import { CARDS } from '../support/reservation-fixtures.js';

type Holder = { name: string; source: 'attendee' | 'buyer' };
type Reservation = { id: string; code: string; tickets: { id: string; qr: string; shortCode: string; holder: Holder }[] };

describe.each(backends)('the ticket PDF and one attendee name on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let event: EventBody;
  let buyer: TestClient;
  let paid: Reservation;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({ ORGANIZER_NAME: 'Filarmonica de Stat' }, { backgroundJobs: false });
    admin = await adminClient(env, app);
    const venue = await createVenue(admin, {
      name: 'Sala Mică',
      address: 'Strada Memorandumului 28',
      city: 'Cluj-Napoca',
      timeZone: 'Europe/Bucharest',
    });
    event = await createEvent(
      admin,
      eventInput(venue.id, {
        title: 'Jazz Club Night',
        startsAt: '2027-01-15T17:00:00.000Z',
        endsAt: '2027-01-15T20:00:00.000Z',
        currency: 'RON',
        ticketTypes: [{ name: 'Standard', priceCents: 4500, capacity: 50 }],
      }),
    );
    buyer = new TestClient(app, '10.93.0.1');
    await buyer.register(uniqueEmail('ro-pdf'), 'a long enough passphrase', 'Ioana Pop');
    await buyer.patch('/api/auth/me', { locale: 'ro' });
    const r = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 2, [{ name: 'Ștefan Ionescu' }]);
    paid = (await buyer.get(`/api/reservations/${r.id}`)).json<Reservation>();
  });
  afterAll(() => env.close());

  it('prints the Cluj time with its zone, the address, short codes, names, type, price and organizer, in Romanian', async () => {
    const res = await buyer.get(`/api/reservations/${paid.id}/tickets.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tickets-${paid.code}.pdf"`);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Începe: vineri, 15 ianuarie 2027 la 19:00 EET');
    expect(text).toContain('Se termină: 22:00 EET');
    expect(text).toContain('Sala Mică, Strada Memorandumului 28, Cluj-Napoca');
    for (const t of paid.tickets) expect(text).toContain(formatShortCode(t.shortCode));
    expect(text).toContain('PARTICIPANT Ștefan Ionescu');
    expect(text).toContain('REZERVAT DE Ioana Pop');
    expect(text).toContain('45,00 RON');
    expect(text).toContain('Standard');
    expect(text).toContain('Filarmonica de Stat');
    expect(text).toContain('Fiecare bilet permite intrarea unei singure persoane');
    expect(text).not.toContain('UTC');
    // Still one decodable QR code a page, each the ticket's own.
    expect(await decodeQrCodes(res.rawPayload)).toEqual(paid.tickets.map((t) => [t.qr]));
  });

  it('prints on each ticket the price paid for it, after the discount code, as the invoice has it', async () => {
    const code = await admin.post(`/api/events/${event.id}/codes`, { code: 'HALF-PRICE', kind: 'discount', percentOff: 50 });
    expect(code.statusCode, code.body).toBe(201);
    const saver = new TestClient(app, '10.93.0.2');
    await saver.register(uniqueEmail('ro-pdf-code'), 'a long enough passphrase', 'Dan Pop');
    await saver.patch('/api/auth/me', { locale: 'ro' });
    const held = await saver.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity: 2 }],
      code: 'half-price',
    });
    expect(held.json()).toMatchObject({ totalCents: 4500, discountCents: 4500 });
    const id = held.json<{ id: string }>().id;
    expect((await saver.post(`/api/reservations/${id}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);
    const text = (await pdfText((await saver.get(`/api/reservations/${id}/tickets.pdf`)).rawPayload)).replace(/\s+/g, ' ');
    expect(text.match(/22,50 RON/g)).toHaveLength(2);
    expect(text).not.toContain('45,00 RON');
  });

  it('gives the phone page its own file name and keeps it one scannable page a ticket', async () => {
    const res = await buyer.get(`/api/reservations/${paid.id}/tickets.pdf?size=phone`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tickets-${paid.code}-phone.pdf"`);
    expect(await decodeQrCodes(res.rawPayload)).toEqual(paid.tickets.map((t) => [t.qr]));
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    for (const t of paid.tickets) expect(text).toContain(formatShortCode(t.shortCode));
  });

  it('gives each ticket the same name in the API, the PDF, the CSV export and the scanner', async () => {
    const [named, unnamed] = paid.tickets;
    if (named === undefined || unnamed === undefined) throw new Error('two tickets expected');
    expect(named.holder).toEqual({ name: 'Ștefan Ionescu', source: 'attendee' });
    expect(unnamed.holder).toEqual({ name: 'Ioana Pop', source: 'buyer' });

    const csv = await admin.get(`/api/admin/events/${event.id}/attendees.csv`);
    const rows = parseCsv(csv.rawPayload.subarray(3).toString('utf8'));
    const byShortCode = new Map(rows.slice(1).map((r) => [r[8], { name: r[2], from: r[9] }]));
    expect(byShortCode.get(formatShortCode(named.shortCode))).toEqual({ name: 'Ștefan Ionescu', from: 'attendee' });
    expect(byShortCode.get(formatShortCode(unnamed.shortCode))).toEqual({ name: 'Ioana Pop', from: 'buyer' });

    // The hold's own answer says the same before anything is read back.
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 2 }],
      attendees: [{ name: 'Ștefan Ionescu' }],
    });
    expect(held.json<Reservation>().tickets.map((t) => t.holder)).toEqual([named.holder, unnamed.holder]);

    const staff = await clientWithRole(env, app, 'staff');
    for (const t of [named, unnamed]) {
      const scan = await staff.post('/api/checkin', { code: t.shortCode, eventId: event.id });
      expect(scan.json<{ ticket: { holder: Holder } }>().ticket.holder).toEqual(t.holder);
    }
  });

  it('writes the export in the admin language with status words and local check-in times', async () => {
    // The signed-in admin's own language decides (their browser's only when they have none).
    expect((await admin.patch('/api/auth/me', { locale: 'ro' })).statusCode).toBe(200);
    const res = await admin.get(`/api/admin/events/${event.id}/attendees.csv`, { headers: { 'accept-language': 'en' } });
    await admin.patch('/api/auth/me', { locale: 'en' });
    const rows = parseCsv(res.rawPayload.subarray(3).toString('utf8'));
    expect(rows[0]?.slice(0, 3)).toEqual(['Cod rezervare', 'QR', 'Participant']);
    const row = rows.find((r) => r[8] === formatShortCode(paid.tickets[0]?.shortCode ?? ''));
    expect(row?.[6]).toBe('paid');
    expect(row?.[10]).toBe('Plătită');
    // Checked in by the test above: the instant stays UTC for tools, the local time has its zone.
    expect(row?.[7]).toMatch(/Z$/);
    expect(row?.[11]).toMatch(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d EET$/);
  });
});
