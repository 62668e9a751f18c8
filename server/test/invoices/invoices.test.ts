/**
 * Invoices end to end on each database: billing details before paying, the invoice issued with the
 * payment (numbered in the organizer's series, amounts from the stored lines), the credit note on
 * refund with the next number, the PDF as a reader sees it, and who may read them.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceAttachments } from '../../src/invoices/invoice-attachments.js';
import { yearIn } from '../../src/invoices/series.js';
import type { PaymentProvider } from '../../src/payments/provider.js';
import { retryDueRefunds } from '../../src/reservations/refund-queue.js';
import { backends } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { CARDS, buyers, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { invoicing, legalDetails, readPdf, taxedEvent, type InvoiceBody } from './invoice-fixtures.js';

const BILLING = {
  name: 'Ana Pop',
  company: 'Pop Consulting SRL',
  vatId: 'ro987654',
  address: 'Bd. Unirii 2\nBucurești',
  country: 'RO',
};

describe.each(backends)('invoices on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;
  let stranger: TestClient;
  let event: EventBody;
  const year = yearIn(new Date(), 'Europe/Bucharest');

  const hold = async (client: TestClient, quantity = 2) => {
    const res = await client.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ReservationBody>();
  };
  const pay = async (client: TestClient, id: string) => {
    const res = await client.post(`/api/reservations/${id}/pay`, { method: 'card', card: CARDS.ok });
    expect(res.statusCode, res.body).toBe(200);
  };
  const invoicesOf = async (client: TestClient, id: string) =>
    (await client.get(`/api/reservations/${id}/invoices`)).json<InvoiceBody[]>();

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [buyer, stranger] = (await buyers(app, 2)) as [TestClient, TestClient];
    await legalDetails(env);
    event = await taxedEvent(env, app, 100);
  });
  afterAll(() => env.close());

  it('takes billing details before paying, refuses bad ones with the field, and shows them on the reservation', async () => {
    const r = await hold(buyer, 1);
    const bad = await buyer.request('PUT', `/api/reservations/${r.id}/billing`, {
      ...BILLING,
      name: 'Ana\u202EPop',
      country: 'R1',
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(
      bad
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['/country', '/name']);
    const tooLong = await buyer.request('PUT', `/api/reservations/${r.id}/billing`, { ...BILLING, address: 'x'.repeat(301) });
    expect(tooLong.statusCode).toBe(400);
    const extra = await buyer.request('PUT', `/api/reservations/${r.id}/billing`, { ...BILLING, iban: 'RO49AAAA' });
    expect(extra.statusCode).toBe(400);
    expect((await buyer.get(`/api/reservations/${r.id}`)).json<{ billing: unknown }>().billing).toBeNull();

    expect((await stranger.request('PUT', `/api/reservations/${r.id}/billing`, BILLING)).statusCode).toBe(404);
    const saved = await buyer.request('PUT', `/api/reservations/${r.id}/billing`, BILLING);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<{ billing: unknown }>().billing).toEqual({ ...BILLING, vatId: 'RO987654' });

    await pay(buyer, r.id);
    const late = await buyer.request('PUT', `/api/reservations/${r.id}/billing`, { ...BILLING, name: 'Someone Else' });
    expect(late.statusCode).toBe(409);
    expect((await buyer.get(`/api/reservations/${r.id}`)).json<{ billing: { name: string } }>().billing.name).toBe('Ana Pop');
  });

  it('issues the invoice with the payment and a credit note with the next number on refund', async () => {
    const before = await env.database.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await hold(buyer, 2);
    expect(await invoicesOf(buyer, r.id)).toEqual([]);
    await pay(buyer, r.id);
    const [invoice, ...none] = await invoicesOf(buyer, r.id);
    expect(none).toEqual([]);
    const n = Number(before.n) + 1; // PostgreSQL counts as a string
    expect(invoice).toMatchObject({ kind: 'invoice', totalCents: 23800, currency: 'EUR', refersTo: null });
    expect(invoice?.number).toBe(`IAT-${year}-${String(n).padStart(6, '0')}`);

    const cancelled = await buyer.post(`/api/reservations/${r.id}/cancel`);
    expect(cancelled.json<{ status: string }>().status).toBe('refunded');
    const docs = await invoicesOf(buyer, r.id);
    expect(docs.map((d) => [d.kind, d.number, d.totalCents, d.refersTo])).toEqual([
      ['invoice', invoice?.number, 23800, null],
      ['credit_note', `IAT-${year}-${String(n + 1).padStart(6, '0')}`, -23800, invoice?.number],
    ]);
    const creditPdf = await buyer.get(`/api/reservations/${r.id}/invoices/${docs[1]?.id ?? ''}.pdf`);
    const { text } = await readPdf(creditPdf.rawPayload);
    expect(text).toContain(`Credit note IAT-${year}-${String(n + 1).padStart(6, '0')}`);
    expect(text).toContain(`Credit note for invoice ${invoice?.number ?? ''}`);
    expect(text).toMatch(/Total: -€238\.00|Total: €-238\.00/);
    // The lines printed are the stored ones, with net + tax = gross per line and in total.
    const stored = await env.database.db.selectFrom('invoices').selectAll().where('reservation_id', '=', r.id).execute();
    for (const d of stored) expect(d.net_cents + d.tax_cents).toBe(d.total_cents);
    expect(stored.find((d) => d.kind === 'invoice')).toMatchObject({ tax_cents: 3800, net_cents: 20000 });

    // Numbers restart each year: an invoice of December and its credit note of January (seq 1)
    // still come in the order issued.
    const db = env.database.db;
    await db
      .updateTable('invoices')
      .set({ seq: 900_000 })
      .where('reservation_id', '=', r.id)
      .where('kind', '=', 'invoice')
      .execute();
    await db
      .updateTable('invoices')
      .set({ year: year + 1, seq: 1, issued_at: `${year + 1}-01-02T09:00:00.000Z` })
      .where('reservation_id', '=', r.id)
      .where('kind', '=', 'credit_note')
      .execute();
    expect((await invoicesOf(buyer, r.id)).map((d) => d.kind)).toEqual(['invoice', 'credit_note']);
  });

  it('issues the credit note only once a refund the provider failed at first succeeds', async () => {
    const r = await hold(buyer, 1);
    const card = { ...CARDS.ok, number: '4000000000005126' }; // pays; its first refund fails
    expect((await buyer.post(`/api/reservations/${r.id}/pay`, { method: 'card', card })).statusCode).toBe(200);
    const cancelled = await admin.post(`/api/admin/reservations/${r.id}/cancel`, { refund: true });
    expect(cancelled.json<{ status: string }>().status).toBe('refund_pending');
    expect((await invoicesOf(buyer, r.id)).map((d) => d.kind)).toEqual(['invoice']);
    await env.database.db
      .updateTable('refund_queue')
      .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
      .where('reservation_id', '=', r.id)
      .execute();
    // The provider's servers, this time accepting the refund.
    const provider: PaymentProvider = {
      name: 'simulated',
      kind: 'card',
      charge: () => Promise.resolve({ status: 'declined', reason: 'not in this test' }),
      refund: () => Promise.resolve({ status: 'succeeded', providerRef: 'sim_re_test' }),
    };
    expect(await retryDueRefunds({ db: env.database.db, provider, ...invoicing })).toEqual({ refunded: 1, failed: 0 });
    const docs = await invoicesOf(buyer, r.id);
    expect(docs.map((d) => [d.kind, d.totalCents])).toEqual([
      ['invoice', 11900],
      ['credit_note', -11900],
    ]);
    // Retried again (another instance's sweep): still one credit note.
    await retryDueRefunds({ db: env.database.db, provider, ...invoicing });
    expect(await invoicesOf(buyer, r.id)).toHaveLength(2);
  });

  it('an admin mark-paid issues one too, and a free order none', async () => {
    const r = await hold(buyer, 1);
    const paid = await admin.post(`/api/admin/reservations/${r.id}/mark-paid`, { method: 'cash' });
    expect(paid.statusCode, paid.body).toBe(200);
    expect((await invoicesOf(admin, r.id)).map((d) => d.kind)).toEqual(['invoice']);

    const free = await hold(buyer, 1);
    await env.database.db.updateTable('reservations').set({ total_cents: 0 }).where('id', '=', free.id).execute();
    await env.database.db
      .updateTable('reservation_items')
      .set({ discount_cents: 11900 })
      .where('reservation_id', '=', free.id)
      .execute();
    expect((await admin.post(`/api/admin/reservations/${free.id}/mark-paid`, { method: 'other' })).statusCode).toBe(200);
    expect(await invoicesOf(buyer, free.id)).toEqual([]);
  });

  it('a billing change racing a payment either lands on the invoice or is refused (409), never lost', async () => {
    for (let i = 0; i < 8; i++) {
      const r = await hold(buyer, 1);
      const [put, paid] = await Promise.all([
        buyer.request('PUT', `/api/reservations/${r.id}/billing`, { ...BILLING, name: `Racer ${i}` }),
        admin.post(`/api/admin/reservations/${r.id}/mark-paid`, { method: 'cash' }),
      ]);
      expect(paid.statusCode).toBe(200);
      expect([200, 409]).toContain(put.statusCode);
      const stored = await env.database.db
        .selectFrom('invoices as i')
        .innerJoin('reservations as r', 'r.id', 'i.reservation_id')
        .select(['i.buyer_json', 'r.billing_json'])
        .where('i.reservation_id', '=', r.id)
        .executeTakeFirstOrThrow();
      const printed = JSON.parse(stored.buyer_json) as { name: string };
      expect(printed.name).toBe(put.statusCode === 200 ? `Racer ${i}` : 'Test Person');
      expect(stored.billing_json === null ? null : (JSON.parse(stored.billing_json) as { name: string }).name).toBe(
        put.statusCode === 200 ? `Racer ${i}` : null,
      );
    }
  });

  it('prints the PDF in the buyer language with number, seller VAT id, and net + tax = gross', async () => {
    await buyer.patch('/api/auth/me', { locale: 'ro' });
    const r = await hold(buyer, 3);
    await buyer.request('PUT', `/api/reservations/${r.id}/billing`, BILLING);
    await pay(buyer, r.id);
    const [invoice] = await invoicesOf(buyer, r.id);
    const res = await buyer.get(`/api/reservations/${r.id}/invoices/${invoice?.id ?? ''}.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text, pages } = await readPdf(res.rawPayload);
    expect(pages).toBe(1);
    expect(text).toContain(invoice?.number);
    expect(text).toContain('RO12345678');
    expect(text).toContain('Sala Mare SRL');
    expect(text).toContain('Pop Consulting SRL');
    expect(text).toContain('RO987654');
    expect(text).toContain('Factură');
    expect(text).toContain(r.code);
    // 3 × 119,00 = 357,00 gross, of which 57,00 tax (19 %) and 300,00 net.
    expect(text).toMatch(/Total net: 300,00\sEUR/);
    expect(text).toMatch(/Total TVA: 57,00\sEUR/);
    expect(text).toMatch(/Total de plată: 357,00\sEUR/);
    await buyer.patch('/api/auth/me', { locale: 'en' });
  });

  it('sends a receipt with net, tax and gross per rate, and the invoice PDF attached', async () => {
    const r = await hold(buyer, 2);
    await pay(buyer, r.id);
    const mail = await env.database.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('reservation_id', '=', r.id)
      .where('kind', '=', 'payment_confirmed')
      .executeTakeFirstOrThrow();
    expect(mail.body).toContain('19%: net €200.00, tax €38.00, gross €238.00');
    expect(mail.body).toContain('Your invoice is attached as a PDF');
    const [invoice] = await invoicesOf(buyer, r.id);
    const attached = await invoiceAttachments(env.database.db)(r.id);
    expect(attached.map((a) => [a.filename, a.contentType])).toEqual([[`${invoice?.number ?? ''}.pdf`, 'application/pdf']]);
    expect((await readPdf(attached[0]?.content ?? Buffer.alloc(0))).text).toContain(invoice?.number);
  });

  it('shows invoices to the owner, a site admin and the organizer managers only (others 404)', async () => {
    const r = await hold(buyer, 1);
    await pay(buyer, r.id);
    const [invoice] = await invoicesOf(buyer, r.id);
    const pdf = `/api/reservations/${r.id}/invoices/${invoice?.id ?? ''}.pdf`;
    expect((await stranger.get(`/api/reservations/${r.id}/invoices`)).statusCode).toBe(404);
    expect((await stranger.get(pdf)).statusCode).toBe(404);
    expect((await admin.get(pdf)).statusCode).toBe(200);
    // Another reservation's invoice id under this reservation is not found either.
    const mine = await hold(stranger, 1);
    expect((await stranger.get(`/api/reservations/${mine.id}/invoices/${invoice?.id ?? ''}.pdf`)).statusCode).toBe(404);
  });
});
