/**
 * Attendee names by the ticket's holder (issue 19): PATCH /api/reservations/:id/tickets/:ticketId
 * until the event starts; the scanner and the PDF follow; bad names are refused with nothing
 * changed; only the current holder may rename; the admin's bulk names stop at a closed reservation.
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { pdfText, reserveAndPay } from './ticket-fixtures.js';
import { person, transferStage } from './transfer-fixtures.js';

describe.each(backends)('attendee names on %s', (backend) => {
  const s = transferStage(backend);
  const rename = (client: TestClient, reservationId: string, ticketId: string, attendeeName: unknown) =>
    client.patch(`/api/reservations/${reservationId}/tickets/${ticketId}`, { attendeeName });
  const stored = async (ticketId: string) =>
    (await s.env.database.db.selectFrom('tickets').select('attendee_name').where('id', '=', ticketId).executeTakeFirstOrThrow())
      .attendee_name;

  it('renames one ticket; the answer, the scanner and the PDF show the new name, and it is audited', async () => {
    const r = await reserveAndPay(s.buyer.client, s.event.id, s.typeId, 2);
    const [first, second] = r.tickets;
    const res = await rename(s.buyer.client, r.id, first?.id ?? '', '  Maria   Ionescu ');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: first?.id,
      attendeeName: 'Maria Ionescu',
      holder: { name: 'Maria Ionescu', source: 'attendee' },
    });
    expect(await stored(second?.id ?? '')).toBeNull();

    const scanned = await s.staff.post('/api/checkin', { code: first?.qr, eventId: s.event.id });
    expect(scanned.json<{ ticket: { attendeeName: string } }>().ticket.attendeeName).toBe('Maria Ionescu');
    const pdf = await s.buyer.client.get(`/api/reservations/${r.id}/tickets.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain('Maria Ionescu');

    const audit = await s.env.database.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'attendee.rename')
      .where('entity_id', '=', first?.id ?? '')
      .execute();
    expect(audit.map((a): unknown[] => [JSON.parse(a.before_json ?? ''), JSON.parse(a.after_json ?? '')])).toEqual([
      [{ attendeeName: null }, { attendeeName: 'Maria Ionescu' }],
    ]);
  });

  it('refuses empty, too long and control-character names with 400, changing nothing', async () => {
    const r = await reserveAndPay(s.buyer.client, s.event.id, s.typeId, 1);
    const id = r.tickets[0]?.id ?? '';
    for (const bad of ['', '   ', 'x'.repeat(101), 'Ana\nPop', 'Ana\u0000', 'Ana\u202f\u2028', null]) {
      const res = await rename(s.buyer.client, r.id, id, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await rename(s.buyer.client, r.id, id, 'Ă'.repeat(100))).statusCode).toBe(200);
    expect(await stored(id)).toBe('Ă'.repeat(100));
  });

  it("answers 404 for someone else's ticket and for one the caller gave away; the new holder may rename", async () => {
    const r = await reserveAndPay(s.buyer.client, s.event.id, s.typeId, 1);
    const id = r.tickets[0]?.id ?? '';
    const stranger = await person(s.app);
    expect((await rename(stranger.client, r.id, id, 'Nope')).statusCode).toBe(404);
    expect((await rename(s.buyer.client, 'not-a-reservation', id, 'Nope')).statusCode).toBe(404);
    const moved = await s.buyer.client.post(`/api/reservations/${r.id}/tickets/${id}/transfer`, { email: stranger.user.email });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await rename(s.buyer.client, r.id, id, 'Not mine now')).statusCode).toBe(404);
    expect((await rename(stranger.client, r.id, id, 'Radu Pop')).statusCode).toBe(200);
    expect(await stored(id)).toBe('Radu Pop');
  });

  it('refuses names on a cancelled reservation, for the buyer and for the admin bulk form', async () => {
    const r = await reserveAndPay(s.buyer.client, s.event.id, s.typeId, 1);
    const id = r.tickets[0]?.id ?? '';
    expect((await s.buyer.client.post(`/api/reservations/${r.id}/cancel`)).statusCode).toBe(200);
    expect((await rename(s.buyer.client, r.id, id, 'Late Name')).statusCode).toBe(409);
    const admin = await adminClient(s.env, s.app);
    const bulk = await admin.patch(`/api/admin/reservations/${r.id}`, { attendees: [{ ticketId: id, name: 'Late Name' }] });
    expect(bulk.statusCode).toBe(409);
    expect(await stored(id)).toBeNull();
    // The bulk form still works on a paid one.
    const live = await reserveAndPay(s.buyer.client, s.event.id, s.typeId, 1);
    const ok = await admin.patch(`/api/admin/reservations/${live.id}`, {
      attendees: [{ ticketId: live.tickets[0]?.id, name: 'Ion' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await stored(live.tickets[0]?.id ?? '')).toBe('Ion');
  });
});
