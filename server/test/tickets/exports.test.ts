/** The admin's attendee exports: CSV safe for spreadsheets, XLSX that reads back, a PDF list with decodable codes. */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { parseCsv } from '../support/csv.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, decodeQrCodes, reserveAndPay, type PaidReservation } from './ticket-fixtures.js';

const NASTY = ['=HYPERLINK("http://evil.example","x")', '+40 722 000 000', '-2+3', '@SUM(A1:A9)', 'Ana, "the" Pop\nsecond line'];

describe.each(backends)('attendee exports on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let buyer: TestClient;
  let event: EventBody;
  let paid: PaidReservation;
  let cancelled: PaidReservation;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    admin = await adminClient(env, app);
    [buyer] = (await buyers(app, 1)) as [TestClient];
    event = await gaEvent(env, app, 50, { title: 'Gală, "Ediția" 2027' });
    const typeId = event.ticketTypes[0]?.id ?? '';
    paid = await reserveAndPay(
      buyer,
      event.id,
      typeId,
      NASTY.length,
      NASTY.map((name) => ({ name })),
    );
    const more = await reserveAndPay(buyer, event.id, typeId, 7);
    paid = { ...paid, tickets: [...paid.tickets, ...more.tickets] };
    cancelled = await reserveAndPay(buyer, event.id, typeId, 1);
    await buyer.post(`/api/reservations/${cancelled.id}/cancel`);
  });
  afterAll(() => env.close());

  it('writes CSV with a UTF-8 BOM, RFC 4180 quoting, and formula cells neutralised', async () => {
    const res = await admin.get(`/api/admin/events/${event.id}/attendees.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="attendees-gala-editia-2027\.csv"$/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(res.rawPayload.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual([
      'Reservation code',
      'QR',
      'Attendee',
      'Buyer email',
      'Ticket type',
      'Seat',
      'Status',
      'Checked in at',
      'Short code',
      'Name from',
      'Status (words)',
      'Checked in (local time)',
    ]);
    const body = rows.slice(1);
    expect(body).toHaveLength(paid.tickets.length + 1);
    const attendees = body.map((r) => r[2]);
    expect(attendees).toEqual(
      expect.arrayContaining([
        '\'=HYPERLINK("http://evil.example","x")',
        "'+40 722 000 000",
        "'-2+3",
        "'@SUM(A1:A9)",
        'Ana, "the" Pop\nsecond line',
      ]),
    );
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    const byQr = new Set(body.map((r) => r[1]));
    for (const t of paid.tickets) expect(byQr.has(t.qr ?? '')).toBe(true);
    const refundedRow = body.find((r) => r[0] === cancelled.code);
    expect(refundedRow?.[6]).toBe('refunded');
    expect(refundedRow?.[10]).toBe('Refunded');
    expect(refundedRow?.[1]).toBe('');
  });

  it('writes an XLSX that exceljs reads back with the same rows, names as plain text', async () => {
    const res = await admin.get(`/api/admin/events/${event.id}/attendees.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(paid.tickets.length + 2);
    const names: unknown[] = [];
    sheet?.eachRow((row, n) => {
      if (n > 1) names.push(row.getCell(3).value);
    });
    for (const name of NASTY) expect(names).toContain(name); // a string cell, never a formula
    expect(sheet?.getRow(1).getCell(2).value).toBe('QR');
  });

  it('prints a PDF check-in list with exactly one decodable QR code per paid ticket', async () => {
    const res = await admin.get(`/api/admin/events/${event.id}/attendees.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pages = await decodeQrCodes(res.rawPayload, 200);
    expect(pages.length).toBeGreaterThan(1);
    const decoded = pages.flat();
    expect(decoded.sort()).toEqual(paid.tickets.map((t) => t.qr).sort());
  });

  it('is for admins only, 404s an unknown event, and records each export in the audit log', async () => {
    const staff = await clientWithRole(env, app, 'staff');
    for (const format of ['csv', 'xlsx', 'pdf']) {
      expect((await staff.get(`/api/admin/events/${event.id}/attendees.${format}`)).statusCode).toBe(403);
      expect((await buyer.get(`/api/admin/events/${event.id}/attendees.${format}`)).statusCode).toBe(403);
      expect((await app.inject(`/api/admin/events/${event.id}/attendees.${format}`)).statusCode).toBe(401);
      expect((await admin.get(`/api/admin/events/nope/attendees.${format}`)).statusCode).toBe(404);
    }
    const audit = await admin.get(`/api/admin/audit?action=event.export&entityId=${event.id}`);
    const formats = audit.json<{ items: { after: { format: string } }[] }>().items.map((i) => i.after.format);
    expect(formats.sort()).toEqual(['csv', 'pdf', 'xlsx']);
  });

  it("starts no formula cell for a spreadsheet whose list separator is ';' (Romanian Excel)", async () => {
    // Opened by double-click where the list separator is ';', every ';' outside quotes starts a cell.
    const names = ["Ana;=cmd|' /C calc'!A0", 'Ion;+1+1', 'Maria;-1+1;@SUM(A1)'];
    await reserveAndPay(
      buyer,
      event.id,
      event.ticketTypes[0]?.id ?? '',
      names.length,
      names.map((name) => ({ name })),
    );
    const text = (await admin.get(`/api/admin/events/${event.id}/attendees.csv`)).rawPayload.toString('utf8');
    expect(text).not.toMatch(/;[=+\-@]/);
    const attendees = parseCsv(text.slice(1)).map((r) => r[2]);
    expect(attendees).toEqual(expect.arrayContaining(["Ana;'=cmd|' /C calc'!A0", "Ion;'+1+1", "Maria;'-1+1;'@SUM(A1)"]));
  });
});
