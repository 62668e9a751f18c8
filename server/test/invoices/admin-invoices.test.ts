/**
 * The invoice register: a site admin sees every organizer's invoices, a manager only their own
 * organizer's (list, filters, pages, CSV, PDFs); an organizer without a prefix numbers from its
 * slug; the CSV cannot smuggle a formula in and keeps a credit note's minus sign a number.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearIn } from '../../src/invoices/series.js';
import { backends } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { CARDS, buyers, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { createOrganizer, member } from '../organizers/organizer-fixtures.js';
import { legalDetails, taxedEvent, type InvoiceBody } from './invoice-fixtures.js';

interface AdminPage {
  items: (InvoiceBody & {
    reservationId: string;
    organizerId: string;
    reservationCode: string;
    buyerName: string;
    netCents: number;
    taxCents: number;
  })[];
  nextCursor: string | null;
}

describe.each(backends)('the invoice register on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;
  let manager: TestClient;
  let ours: EventBody;
  let theirs: EventBody;
  let defaultOrganizer: string;
  let teamId: string;
  const year = yearIn(new Date(), 'Europe/Bucharest');

  const buy = async (event: EventBody, company?: string) => {
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    const r = held.json<ReservationBody>();
    if (company !== undefined)
      await buyer.request('PUT', `/api/reservations/${r.id}/billing`, { name: 'Ion', company, address: 'Cluj', country: 'RO' });
    expect((await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);
    return r;
  };
  const page = async (client: TestClient, query = '') => {
    const res = await client.get(`/api/admin/invoices${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AdminPage>();
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
    defaultOrganizer = await legalDetails(env);
    ours = await taxedEvent(env, app, 20);
    const team = await createOrganizer(env, app, 'Teatrul Mic');
    teamId = team.id;
    manager = (await member(team, 'manager')).client;
    theirs = await createEvent(
      team.admin,
      eventInput((await createVenue(team.admin, { organizerId: team.id })).id, {
        organizerId: team.id,
        ticketTypes: [{ name: 'Loc', priceCents: 5000, capacity: 20 }],
      }),
    );
    await buy(ours, '=HYPERLINK("http://evil.example")');
    const refunded = await buy(ours);
    expect((await buyer.post(`/api/reservations/${refunded.id}/cancel`)).statusCode).toBe(200);
    await buy(theirs);
  });
  afterAll(() => env.close());

  it('numbers an organizer without a prefix from its slug, in its own series', async () => {
    const theirsOnly = await page(admin, `?organizerId=${teamId}`);
    expect(theirsOnly.items.map((i) => i.number)).toEqual([`TEATRUL-MIC-${year}-000001`]);
    const oursOnly = await page(admin, `?organizerId=${defaultOrganizer}`);
    expect(oursOnly.items.map((i) => i.number).sort()).toEqual([1, 2, 3].map((n) => `IAT-${year}-00000${n}`));
  });

  it('shows a manager their organizer only, and a buyer nothing', async () => {
    const mine = await page(manager);
    expect(mine.items.map((i) => i.organizerId)).toEqual([teamId]);
    expect((await page(manager, `?organizerId=${defaultOrganizer}`)).items).toEqual([]);
    expect((await buyer.get('/api/admin/invoices')).statusCode).toBe(403);
    expect((await buyer.get('/api/admin/invoices.csv')).statusCode).toBe(403);

    const [invoice] = mine.items;
    const pdf = await manager.get(`/api/reservations/${invoice?.reservationId ?? ''}/invoices/${invoice?.id ?? ''}.pdf`);
    expect(pdf.statusCode).toBe(200);
    const [other] = (await page(admin, `?organizerId=${defaultOrganizer}`)).items;
    expect((await manager.get(`/api/reservations/${other?.reservationId ?? ''}/invoices`)).statusCode).toBe(404);
  });

  it('pages newest first and filters by issue time', async () => {
    const first = await page(admin, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await page(admin, `?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((i) => i.id)).size).toBe(4);
    const times = all.map((i) => i.issuedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    expect((await page(admin, `?to=${encodeURIComponent(hourAgo)}`)).items).toEqual([]);
    expect((await page(admin, `?from=${encodeURIComponent(hourAgo)}`)).items).toHaveLength(4);
    expect((await admin.get('/api/admin/invoices?from=yesterday')).statusCode).toBe(400);
    expect((await admin.get('/api/admin/invoices?cursor=forged')).statusCode).toBe(400);
  });

  it('exports CSV with formulas neutralised and a credit note as a negative number', async () => {
    const res = await admin.get(`/api/admin/invoices.csv?organizerId=${defaultOrganizer}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Number,Kind,Credit note for,Issued at,Reservation code,Buyer,Currency,Net,Tax,Total');
    expect(lines).toHaveLength(4);
    const credit = lines.find((l) => l.includes('Credit note,'));
    expect(credit).toMatch(new RegExp(`^IAT-${year}-000003,Credit note,IAT-${year}-000002,.*,EUR,-100\\.00,-19\\.00,-119\\.00$`));
    expect(lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil.example"")"`))).toBe(true);
    expect(lines.every((l) => !/(^|,)=/.test(l))).toBe(true);
    // The register names buyers and their tax ids: the export is on record for its organizer.
    const audit = await env.database.db
      .selectFrom('audit_log')
      .select(['action', 'organizer_id', 'entity_type'])
      .where('action', '=', 'invoices.export')
      .execute();
    expect(audit).toEqual([{ action: 'invoices.export', organizer_id: defaultOrganizer, entity_type: 'invoice_register' }]);

    // In the reader's language: the header and the kind.
    await admin.patch('/api/auth/me', { locale: 'ro' });
    const ro = (await admin.get('/api/admin/invoices.csv')).body.split('\r\n');
    await admin.patch('/api/auth/me', { locale: 'en' });
    expect(ro[0]).toContain('Număr,Tip,Stornare pentru');
    expect(ro.some((l) => l.includes(',Factură de stornare,'))).toBe(true);
  });

  // Last: it adds invoices that the counts above do not expect.
  it('answers a page of 20 when no limit is given, as every list does (API.md: default 20)', async () => {
    for (let i = 0; i < 18; i++) await buy(theirs);
    const first = await page(admin);
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    const rest = await page(admin, `?cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
  });
});
