/**
 * Attendee names by the ticket's holder (issue 19): PATCH /api/reservations/:id/tickets/:ticketId
 * until the event starts; the scanner and the PDF follow; bad names are refused with nothing
 * changed; only the current holder may rename; the admin's bulk names stop at a closed reservation.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail, type TestUser } from '../support/client.js';
import { gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, pdfText, reserveAndPay } from './ticket-fixtures.js';

let ip = 0;
async function person(app: FastifyInstance): Promise<{ client: TestClient; user: TestUser }> {
  ip++;
  const client = new TestClient(app, `10.72.${Math.floor(ip / 250)}.${ip % 250}`);
  return { client, user: await client.register(uniqueEmail('namer')) };
}

describe.each(backends)('attendee names on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: { client: TestClient; user: TestUser };
  let staff: TestClient;
  let event: EventBody;
  let typeId: string;

  const rename = (client: TestClient, reservationId: string, ticketId: string, attendeeName: unknown) =>
    client.patch(`/api/reservations/${reservationId}/tickets/${ticketId}`, { attendeeName });
  const stored = async (ticketId: string) =>
    (await env.database.db.selectFrom('tickets').select('attendee_name').where('id', '=', ticketId).executeTakeFirstOrThrow())
      .attendee_name;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    buyer = await person(app);
    staff = await clientWithRole(env, app, 'staff');
    event = await gaEvent(env, app, 50, { maxTicketsPerOrder: 10 });
    typeId = event.ticketTypes[0]?.id ?? '';
  });
  afterAll(() => env.close());

  it('renames one ticket; the answer, the scanner and the PDF show the new name, and it is audited', async () => {
    const r = await reserveAndPay(buyer.client, event.id, typeId, 2);
    const [first, second] = r.tickets;
    const res = await rename(buyer.client, r.id, first?.id ?? '', '  Maria   Ionescu ');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: first?.id,
      attendeeName: 'Maria Ionescu',
      holder: { name: 'Maria Ionescu', source: 'attendee' },
    });
    expect(await stored(second?.id ?? '')).toBeNull();

    const scanned = await staff.post('/api/checkin', { code: first?.qr, eventId: event.id });
    expect(scanned.json<{ ticket: { attendeeName: string } }>().ticket.attendeeName).toBe('Maria Ionescu');
    const pdf = await buyer.client.get(`/api/reservations/${r.id}/tickets.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain('Maria Ionescu');

    const audit = await env.database.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'ticket.rename')
      .where('entity_id', '=', first?.id ?? '')
      .execute();
    expect(audit.map((a): unknown[] => [JSON.parse(a.before_json ?? ''), JSON.parse(a.after_json ?? '')])).toEqual([
      [{ attendeeName: null }, { attendeeName: 'Maria Ionescu' }],
    ]);
  });

  it('refuses empty, too long and control-character names with 400, changing nothing', async () => {
    const r = await reserveAndPay(buyer.client, event.id, typeId, 1);
    const id = r.tickets[0]?.id ?? '';
    for (const bad of ['', '   ', 'x'.repeat(101), 'Ana\nPop', 'Ana\u0000', 'Ana\u202f\u2028', null]) {
      const res = await rename(buyer.client, r.id, id, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await rename(buyer.client, r.id, id, 'Ă'.repeat(100))).statusCode).toBe(200);
    expect(await stored(id)).toBe('Ă'.repeat(100));
  });

  it("answers 404 for someone else's ticket and for one the caller gave away; the new holder may rename", async () => {
    const r = await reserveAndPay(buyer.client, event.id, typeId, 1);
    const id = r.tickets[0]?.id ?? '';
    const stranger = await person(app);
    expect((await rename(stranger.client, r.id, id, 'Nope')).statusCode).toBe(404);
    expect((await rename(buyer.client, 'not-a-reservation', id, 'Nope')).statusCode).toBe(404);
    const moved = await buyer.client.post(`/api/reservations/${r.id}/tickets/${id}/transfer`, { email: stranger.user.email });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await rename(buyer.client, r.id, id, 'Not mine now')).statusCode).toBe(404);
    expect((await rename(stranger.client, r.id, id, 'Radu Pop')).statusCode).toBe(200);
    expect(await stored(id)).toBe('Radu Pop');
  });

  it('refuses names on a cancelled reservation, for the buyer and for the admin bulk form', async () => {
    const r = await reserveAndPay(buyer.client, event.id, typeId, 1);
    const id = r.tickets[0]?.id ?? '';
    expect((await buyer.client.post(`/api/reservations/${r.id}/cancel`)).statusCode).toBe(200);
    expect((await rename(buyer.client, r.id, id, 'Late Name')).statusCode).toBe(409);
    const admin = await adminClient(env, app);
    const bulk = await admin.patch(`/api/admin/reservations/${r.id}`, { attendees: [{ ticketId: id, name: 'Late Name' }] });
    expect(bulk.statusCode).toBe(409);
    expect(await stored(id)).toBeNull();
    // The bulk form still works on a paid one.
    const live = await reserveAndPay(buyer.client, event.id, typeId, 1);
    const ok = await admin.patch(`/api/admin/reservations/${live.id}`, {
      attendees: [{ ticketId: live.tickets[0]?.id, name: 'Ion' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await stored(live.tickets[0]?.id ?? '')).toBe('Ion');
  });
});
