/**
 * The reservation lists are written from JSON that the database builds for each reservation's
 * tickets (the CPU of a 1,000-ticket list went into one object per ticket). These tests hold that
 * text to the API's contract: every list answer validates against the schema the route declares,
 * each listed reservation equals its single read field by field (seats, names with quotes,
 * backslashes and non-ASCII letters, check-in times, positions), codes are shown only while a
 * reservation is paid, and a paid ticket without a stored code is signed once when listed.
 */
import { ReservationSchema, pageSchema } from '@iatichet/contracts';
import { Errors } from 'typebox/value';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, CARDS, gaEvent, seatedEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole } from '../tickets/ticket-fixtures.js';

interface ListedTicket {
  id: string;
  seat: { section: string; row: string; number: number } | null;
  attendeeName: string | null;
  qr: string | null;
  checkedInAt: string | null;
}
interface Listed extends Omit<ReservationBody, 'tickets'> {
  tickets: ListedTicket[];
}
interface ListPage {
  items: Listed[];
  nextCursor: string | null;
}

const PageOfReservations = pageSchema(ReservationSchema);
const ODD_NAME = 'Ană "Zâna" \\ O’Brien <b>&amp; 😀';

describe.each(backends)('reservation lists rendered by the database on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let admin: TestClient;
  let staff: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    [buyer] = (await buyers(app, 1)) as [TestClient];
    admin = await adminClient(env, app);
    staff = await clientWithRole(env, app, 'staff');
  });
  afterAll(() => env.close());

  async function list(client: TestClient, path: string): Promise<ListPage> {
    const res = await client.get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body: unknown = res.json();
    expect(Errors(PageOfReservations, body).map((e) => `${e.instancePath}: ${e.message}`)).toEqual([]);
    return body as ListPage;
  }

  it('lists what each single read answers: seats, odd names, check-in times, codes only while paid', async () => {
    const { event: seated, seatIds } = await seatedEvent(env, app, 2, 4);
    const paidSeats = (
      await buyer.post('/api/reservations', {
        eventId: seated.id,
        seats: [seatIds[5], seatIds[0], seatIds[1]],
        attendees: [{ name: ODD_NAME }, { name: 'Ion' }],
      })
    ).json<ReservationBody>();
    expect((await buyer.post(`/api/reservations/${paidSeats.id}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);

    const ga = await gaEvent(env, app, 20);
    const typeId = ga.ticketTypes[0]?.id ?? '';
    const pending = (
      await buyer.post('/api/reservations', { eventId: ga.id, items: [{ ticketTypeId: typeId, quantity: 2 }] })
    ).json<ReservationBody>();
    const refunded = (
      await buyer.post('/api/reservations', { eventId: ga.id, items: [{ ticketTypeId: typeId, quantity: 1 }] })
    ).json<ReservationBody>();
    expect((await buyer.post(`/api/reservations/${refunded.id}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);
    expect((await buyer.post(`/api/reservations/${refunded.id}/cancel`)).json()).toMatchObject({ status: 'refunded' });

    const seatedRead = (await buyer.get(`/api/reservations/${paidSeats.id}`)).json<Listed>();
    const firstTicket = seatedRead.tickets[0];
    if (firstTicket?.qr == null) throw new Error('a paid ticket has no code');
    const scan = await staff.post('/api/checkin', { code: firstTicket.qr, eventId: seated.id, device: 'door 1' });
    expect(scan.json()).toMatchObject({ result: 'ok' });

    const page = await list(buyer, '/api/reservations?limit=100');
    const byId = new Map(page.items.map((r) => [r.id, r]));
    for (const id of [paidSeats.id, pending.id, refunded.id]) {
      expect(byId.get(id)).toEqual((await buyer.get(`/api/reservations/${id}`)).json());
      const {
        buyer: who,
        note,
        ...asAdminReadsIt
      } = (await admin.get(`/api/admin/reservations/${id}`)).json<Listed & { buyer: unknown; note: unknown }>();
      expect(who).toMatchObject({ email: expect.any(String) });
      expect(note).toBeNull();
      expect(byId.get(id)).toEqual(asAdminReadsIt);
    }

    const listedSeats = byId.get(paidSeats.id);
    // Tickets come in their stored positions (seats in seat order), each with its seat's place.
    expect(listedSeats?.tickets.map((t) => t.seat)).toEqual([
      { section: 'Stalls', row: 'A', number: 1 },
      { section: 'Stalls', row: 'A', number: 2 },
      { section: 'Stalls', row: 'B', number: 2 },
    ]);
    expect(listedSeats?.tickets.map((t) => t.attendeeName)).toEqual([ODD_NAME, 'Ion', null]);
    expect(listedSeats?.tickets.every((t) => typeof t.qr === 'string' && t.qr.length > 50)).toBe(true);
    // The check-in time reads as the ISO text every other answer gives (milliseconds, Z).
    const checkedIn = listedSeats?.tickets[0]?.checkedInAt ?? '';
    expect(checkedIn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(checkedIn).toBe(scan.json<{ checkedInAt: string }>().checkedInAt);
    expect(listedSeats?.tickets.slice(1).map((t) => t.checkedInAt)).toEqual([null, null]);

    expect(byId.get(pending.id)?.tickets.map((t) => [t.seat, t.qr])).toEqual([
      [null, null],
      [null, null],
    ]);
    // Refunded: its tickets' stored codes stay stored but are no longer shown.
    expect(byId.get(refunded.id)?.status).toBe('refunded');
    expect(byId.get(refunded.id)?.tickets.map((t) => t.qr)).toEqual([null]);
    const stored = await env.database.db.selectFrom('tickets').select('qr').where('reservation_id', '=', refunded.id).execute();
    expect(stored.map((t) => t.qr === null)).toEqual([false]);

    // The admin list renders the same tickets, with the buyer beside them.
    const adminPage = await list(admin, `/api/admin/reservations?q=${paidSeats.code}`);
    expect(adminPage.items).toHaveLength(1);
    expect(adminPage.items[0]).toEqual((await admin.get(`/api/admin/reservations/${paidSeats.id}`)).json());
  });

  it('pages the list with a cursor, and an empty list is an empty page', async () => {
    const [fresh] = (await buyers(app, 1)) as [TestClient];
    expect(await list(fresh, '/api/reservations')).toEqual({ items: [], nextCursor: null });
    const ga = await gaEvent(env, app, 20);
    const typeId = ga.ticketTypes[0]?.id ?? '';
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      made.push(
        (
          await fresh.post('/api/reservations', { eventId: ga.id, items: [{ ticketTypeId: typeId, quantity: 1 }] })
        ).json<ReservationBody>().id,
      );
    }
    const first = await list(fresh, '/api/reservations?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(fresh, `/api/reservations?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second).toMatchObject({ nextCursor: null });
    expect([...first.items, ...second.items].map((r) => r.id).sort()).toEqual([...made].sort());
  });

  it('signs and stores a paid ticket that has no code when it is first listed, and only then', async () => {
    const [owner] = (await buyers(app, 1)) as [TestClient];
    const ga = await gaEvent(env, app, 5);
    const typeId = ga.ticketTypes[0]?.id ?? '';
    const r = (
      await owner.post('/api/reservations', { eventId: ga.id, items: [{ ticketTypeId: typeId, quantity: 2 }] })
    ).json<ReservationBody>();
    expect((await owner.post(`/api/reservations/${r.id}/pay`, { method: 'card', card: CARDS.ok })).statusCode).toBe(200);
    const db = env.database.db;
    const before = await db
      .selectFrom('tickets')
      .select(['id', 'qr'])
      .where('reservation_id', '=', r.id)
      .orderBy('position')
      .execute();
    // As a database from before codes were stored holds it.
    await db.updateTable('tickets').set({ qr: null }).where('reservation_id', '=', r.id).execute();

    const listed = (await list(owner, '/api/reservations')).items.find((x) => x.id === r.id);
    // Ed25519 signs deterministically: the code made again equals the one made at payment.
    expect(listed?.tickets.map((t) => t.qr)).toEqual(before.map((t) => t.qr));
    const after = await db.selectFrom('tickets').select('qr').where('reservation_id', '=', r.id).orderBy('position').execute();
    expect(after.map((t) => t.qr)).toEqual(before.map((t) => t.qr));
  });
});
