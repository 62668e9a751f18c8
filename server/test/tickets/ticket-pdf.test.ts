/** Paid reservations get signed QR codes and a tickets PDF; the code in the PDF checks in once. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, decodeQrCodes, pdfText, reserveAndPay } from './ticket-fixtures.js';

describe.each(backends)('ticket PDFs on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let stranger: TestClient;
  let staff: TestClient;
  let event: EventBody;
  let typeId: string;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [buyer, stranger] = (await buyers(app, 2)) as [TestClient, TestClient];
    staff = await clientWithRole(env, app, 'staff');
    event = await gaEvent(env, app, 20);
    typeId = event.ticketTypes[0]?.id ?? '';
  });
  afterAll(() => env.close());

  it("downloads a paid reservation as a PDF whose QR codes, read by zbarimg, are the tickets' qr and check in once", async () => {
    const r = await reserveAndPay(buyer, event.id, typeId, 2);
    const qrs = r.tickets.map((t) => t.qr);
    expect(qrs.every((q) => typeof q === 'string' && /^[0-9A-Z]+$/.test(q))).toBe(true);

    const res = await buyer.get(`/api/reservations/${r.id}/tickets.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tickets-${r.code}.pdf"`);
    const pages = await decodeQrCodes(res.rawPayload);
    expect(pages).toEqual(qrs.map((q) => [q]));

    const first = pages[0]?.[0] ?? '';
    const ok = await staff.post('/api/checkin', { code: first, eventId: event.id });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      result: 'ok',
      ticket: { id: r.tickets[0]?.id, reservationCode: r.code },
      checkedInAt: expect.any(String),
    });
    const again = await staff.post('/api/checkin', { code: first, eventId: event.id });
    expect(again.json()).toMatchObject({
      result: 'already_checked_in',
      checkedInAt: ok.json<{ checkedInAt: string }>().checkedInAt,
    });
    expect(
      (await buyer.get(`/api/reservations/${r.id}`)).json<{ tickets: { checkedInAt: string | null }[] }>().tickets[0]
        ?.checkedInAt,
    ).toBe(ok.json<{ checkedInAt: string }>().checkedInAt);
  });

  it('prints user text as text: markup and accents in names come out verbatim', async () => {
    const names = ['Ștefan <b>Ionescu</b> %PDF-1.4', '(Zoë) \\ ) ( Łukasz'];
    const r = await reserveAndPay(
      buyer,
      event.id,
      typeId,
      2,
      names.map((name) => ({ name })),
    );
    const res = await buyer.get(`/api/reservations/${r.id}/tickets.pdf?size=phone`);
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload);
    for (const name of names) expect(text).toContain(name);
    expect(text).toContain(r.code);
    expect(text).toContain(event.title);
    expect(await decodeQrCodes(res.rawPayload)).toEqual(r.tickets.map((t) => [t.qr]));
  });

  it('has no qr and no PDF before payment (409), none for strangers (404) or anonymous callers (401)', async () => {
    const held = await buyer.post('/api/reservations', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] });
    const pending = held.json<{ id: string; tickets: { qr: string | null }[] }>();
    expect(pending.tickets[0]?.qr).toBeNull();
    const early = await buyer.get(`/api/reservations/${pending.id}/tickets.pdf`);
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');

    const paid = await reserveAndPay(buyer, event.id, typeId, 1);
    expect((await stranger.get(`/api/reservations/${paid.id}/tickets.pdf`)).statusCode).toBe(404);
    expect((await app.inject(`/api/reservations/${paid.id}/tickets.pdf`)).statusCode).toBe(401);
    expect((await buyer.get(`/api/reservations/${paid.id}/tickets.pdf?size=poster`)).statusCode).toBe(400);

    await buyer.post(`/api/reservations/${paid.id}/cancel`);
    const refunded = await buyer.get(`/api/reservations/${paid.id}`);
    expect(refunded.json<{ status: string; tickets: { qr: string | null }[] }>()).toMatchObject({
      status: 'refunded',
      tickets: [{ qr: null }],
    });
    expect((await buyer.get(`/api/reservations/${paid.id}/tickets.pdf`)).statusCode).toBe(409);
  });
});
