/**
 * A ticket's QR text never changes, so it is signed once and stored: reading reservations (the
 * list of 100 above all) signs nothing, which is what kept four clients inside the rate limit
 * from pushing /healthz from 2 ms to 210 ms. Tickets paid before QR texts were stored are signed
 * once by their first read, and every code ever printed keeps checking in.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { TicketSigner } from '../../src/tickets/ticket-signer.js';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay, type PaidReservation } from './ticket-fixtures.js';

const RESERVATIONS = 6;

/** The same person, cookies and all, talking to another instance. */
function sameBrowser(client: TestClient, app: FastifyInstance): TestClient {
  const copy = new TestClient(app, client.ip);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  return copy;
}
const PER_RESERVATION = 10;

describe.each(backends)('stored QR codes on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let staff: TestClient;
  let event: EventBody;
  const paid: PaidReservation[] = [];
  // Spied per backend in beforeAll: a spy made at collection time would be undone by the first block's restore.
  let signs: MockInstance<TicketSigner['sign']>;

  const list = async (client = buyer) => {
    const res = await client.get('/api/reservations?limit=100');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: PaidReservation[] }>().items;
  };
  const storedQrs = async (reservationId: string) =>
    (
      await sql<{ qr: string | null }>`select qr from tickets where reservation_id = ${reservationId} order by position`.execute(
        env.database.db,
      )
    ).rows.map((t) => t.qr);
  const checkIn = async (code: string, client = staff) => {
    const res = await client.post('/api/checkin', { code, eventId: event.id, device: 'door' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ result: string }>().result;
  };

  beforeAll(async () => {
    signs = vi.spyOn(TicketSigner.prototype, 'sign');
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [buyer] = (await buyers(app, 1)) as [TestClient];
    staff = await clientWithRole(env, app, 'staff');
    event = await gaEvent(env, app, 200);
    const typeId = event.ticketTypes[0]?.id ?? '';
    for (let i = 0; i < RESERVATIONS; i++) paid.push(await reserveAndPay(buyer, event.id, typeId, PER_RESERVATION));
  });
  afterEach(() => signs.mockClear());
  afterAll(async () => {
    signs.mockRestore();
    await env.close();
  });

  it('lists 60 paid tickets, each with its QR code, without signing anything', async () => {
    signs.mockClear();
    const items = await list();
    expect(signs).not.toHaveBeenCalled();
    expect(items).toHaveLength(RESERVATIONS);
    const qrs = items.flatMap((r) => r.tickets.map((t) => t.qr));
    expect(qrs).toHaveLength(RESERVATIONS * PER_RESERVATION);
    for (const qr of qrs) expect(qr).toMatch(/^IT1[0-9A-Z]{130,}$/);
    expect(new Set(qrs).size).toBe(qrs.length);
  });

  it('answers one reservation without signing, with the codes the pay answer showed', async () => {
    const first = paid[0] as PaidReservation;
    signs.mockClear();
    const res = await buyer.get(`/api/reservations/${first.id}`);
    expect(signs).not.toHaveBeenCalled();
    expect(res.json<PaidReservation>().tickets.map((t) => t.qr)).toEqual(first.tickets.map((t) => t.qr));
  });

  it('shows exactly the stored code, and that code checks in once', async () => {
    const target = paid[1] as PaidReservation;
    const shown = (await list()).find((r) => r.id === target.id)?.tickets.map((t) => t.qr);
    expect(shown).toEqual(await storedQrs(target.id));
    const code = shown?.[0] ?? '';
    expect(await checkIn(code)).toBe('ok');
    expect(await checkIn(code)).toBe('already_checked_in');
  });

  it('signs a ticket paid before codes were stored once, on its first read, even under 20 concurrent reads', async () => {
    const legacy = paid[2] as PaidReservation;
    const printedBefore = legacy.tickets.map((t) => t.qr);
    await sql`update tickets set qr = null where reservation_id = ${legacy.id}`.execute(env.database.db);

    const answers = await Promise.all(Array.from({ length: 20 }, () => list()));
    const seen = answers.map((items) => items.find((r) => r.id === legacy.id)?.tickets.map((t) => t.qr));
    const stored = await storedQrs(legacy.id);
    expect(stored.every((qr) => typeof qr === 'string')).toBe(true);
    for (const qrs of seen) expect(qrs).toEqual(stored);
    // The same key signs the same bytes: the code printed before is the code stored now.
    expect(stored).toEqual(printedBefore);

    signs.mockClear();
    await list();
    await buyer.get(`/api/reservations/${legacy.id}`);
    expect(signs).not.toHaveBeenCalled();
    expect(await checkIn(printedBefore[3] ?? '')).toBe('ok');
  });

  it('keeps every printed code valid after the signing key changes, and shows the stored one', async () => {
    const rotated = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const other = await env.startApp({ TICKET_SIGNING_KEY: rotated }, { backgroundJobs: false });
    const target = paid[3] as PaidReservation;
    const otherBuyer = sameBrowser(buyer, other);
    const otherStaff = sameBrowser(staff, other);
    signs.mockClear();
    const shown = (await list(otherBuyer)).find((r) => r.id === target.id)?.tickets.map((t) => t.qr);
    expect(signs).not.toHaveBeenCalled();
    expect(shown).toEqual(target.tickets.map((t) => t.qr));
    expect(await checkIn(target.tickets[0]?.qr ?? '', otherStaff)).toBe('ok');
  });

  it('shows no code for a reservation that is not paid', async () => {
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 2 }],
    });
    expect(held.statusCode, held.body).toBe(201);
    const pending = (await list()).find((r) => r.id === held.json<{ id: string }>().id);
    expect(pending?.tickets.map((t) => t.qr)).toEqual([null, null]);
    expect(await storedQrs(pending?.id ?? '')).toEqual([null, null]);
  });
});
